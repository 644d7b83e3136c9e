/**
 * useSignatureVerifier: another build of crypto_sign_verify_detached (sodium-native on the
 * server) may check signatures only after it agreed with libsodium.js on the self-test, and
 * then checks every signature the library checks.
 */
import {
  type SignatureVerifier,
  type RequesterKeys,
  deriveRequesterKeys,
  generateCaseKey,
  sealCaseKeyToAll,
  ready,
  requesterPublicKeys,
  useSignatureVerifier,
  usesNativeVerifier,
  verifyCaseKeyEnvelope,
} from '../src/index';
import { lib } from '../src/sodium';
import { errorOf, expectCode } from './helpers';

const CASE_ID = '0d0f7a3c-6a59-4d47-9a59-64b9a3c0a001';

let requester: RequesterKeys;
beforeAll(async () => {
  await ready();
  requester = deriveRequesterKeys('0000-0000-0000-0000-0001', 'ashar.test');
});
afterEach(() => useSignatureVerifier(null));

/** libsodium.js itself, counting its calls. */
function countingVerifier(): { verify: SignatureVerifier; calls: () => number } {
  let calls = 0;
  return {
    verify: (signature, message, publicKey) => {
      calls += 1;
      return lib().crypto_sign_verify_detached(signature, message, publicKey);
    },
    calls: () => calls,
  };
}

function aEnvelope() {
  const [envelope] = sealCaseKeyToAll(generateCaseKey(), CASE_ID, [requesterPublicKeys(requester)], requester);
  return { envelope: envelope!, signPk: requester.signPk };
}

describe('useSignatureVerifier', () => {
  it('takes a verifier that agrees with libsodium and then checks every envelope with it', () => {
    const { envelope, signPk } = aEnvelope();
    const counting = countingVerifier();
    useSignatureVerifier(counting.verify);
    expect(usesNativeVerifier()).toBe(true);
    const before = counting.calls();
    verifyCaseKeyEnvelope(envelope, CASE_ID, signPk);
    expect(counting.calls()).toBe(before + 1);
    const forged = { ...envelope, signature: envelope.signature.slice(0, 10) + (envelope.signature[10] === 'A' ? 'B' : 'A') + envelope.signature.slice(11) };
    expectCode(() => verifyCaseKeyEnvelope(forged, CASE_ID, signPk), 'bad_signature');
  });

  it.each<[string, string, SignatureVerifier]>([
    ['one that accepts everything', 'a changed message', () => true],
    ['one that refuses everything', 'a good signature', () => false],
    ['one that throws', 'a good signature', () => {
      throw new Error('broken build');
    }],
    // Plain curve arithmetic without libsodium's extra checks: accepts S + L and the all-zero signature on the identity key.
    ['one that skips the canonical-S check', 'a non-canonical S', (signature, message, publicKey) => {
      const s = lib();
      if (s.crypto_sign_verify_detached(signature, message, publicKey)) return true;
      const order = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14];
      const reduced = signature.slice();
      let borrow = 0;
      for (let i = 0; i < 32; i++) {
        const d = (signature[32 + i] as number) - (i < 16 ? (order[i] as number) : i === 31 ? 0x10 : 0) - borrow;
        reduced[32 + i] = d & 0xff;
        borrow = d < 0 ? 1 : 0;
      }
      return borrow === 0 && s.crypto_sign_verify_detached(reduced, message, publicKey);
    }],
  ])('refuses %s (it disagrees on %s) and keeps libsodium.js', (_name, disagreement, verifier) => {
    const error = errorOf(() => useSignatureVerifier(verifier));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`the signature verifier disagrees with libsodium on ${disagreement}`);
    expect(usesNativeVerifier()).toBe(false);
    const { envelope, signPk } = aEnvelope();
    expect(() => verifyCaseKeyEnvelope(envelope, CASE_ID, signPk)).not.toThrow();
  });

  it('never hands a verifier a signature or key of the wrong length', () => {
    const lengths: number[] = [];
    useSignatureVerifier((signature, message, publicKey) => {
      lengths.push(signature.length, publicKey.length);
      return lib().crypto_sign_verify_detached(signature, message, publicKey);
    });
    expect(new Set(lengths)).toEqual(new Set([64, 32]));
  });

  it('null goes back to libsodium.js', () => {
    const counting = countingVerifier();
    useSignatureVerifier(counting.verify);
    useSignatureVerifier(null);
    expect(usesNativeVerifier()).toBe(false);
    const calls = counting.calls();
    const { envelope, signPk } = aEnvelope();
    verifyCaseKeyEnvelope(envelope, CASE_ID, signPk);
    expect(counting.calls()).toBe(calls);
  });
});
