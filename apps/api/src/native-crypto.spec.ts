import { createRequire } from 'node:module';
import { ready, useSignatureVerifier, usesNativeVerifier } from '@ashar/crypto';
import sodium from 'libsodium-wrappers-sumo';
import { useNativeSignatureChecks } from './native-crypto';

const native = createRequire(__filename)('sodium-native') as {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
};

beforeAll(() => ready());
afterEach(() => useSignatureVerifier(null));

describe('native signature checks', () => {
  it('loads sodium-native, which passes the self-test, and uses it', () => {
    expect(useNativeSignatureChecks()).toBe('sodium-native');
    expect(usesNativeVerifier()).toBe(true);
  });

  it('keeps libsodium.js when sodium-native cannot load', () => {
    expect(
      useNativeSignatureChecks(() => {
        throw new Error('no build for this platform');
      }),
    ).toBe('libsodium.js');
    expect(usesNativeVerifier()).toBe(false);
  });

  it('decides as libsodium.js does on good signatures and on every one-bit change of message, signature and key', () => {
    let compared = 0;
    for (let n = 0; n < 20; n++) {
      const { publicKey, privateKey } = sodium.crypto_sign_keypair();
      const message = sodium.randombytes_buf(1 + n * 13);
      const signature = sodium.crypto_sign_detached(message, privateKey);
      const variants: [Uint8Array, Uint8Array, Uint8Array][] = [[signature, message, publicKey]];
      for (const [which, bytes] of [
        [0, signature],
        [1, message],
        [2, publicKey],
      ] as const) {
        for (let bit = 0; bit < bytes.length * 8; bit += 7) {
          const changed = bytes.slice();
          changed[bit >> 3] = (changed[bit >> 3] as number) ^ (1 << (bit & 7));
          const v: [Uint8Array, Uint8Array, Uint8Array] = [signature, message, publicKey];
          v[which] = changed;
          variants.push(v);
        }
      }
      for (const [s, m, k] of variants) {
        expect(native.crypto_sign_verify_detached(s, m, k)).toBe(sodium.crypto_sign_verify_detached(s, m, k));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
