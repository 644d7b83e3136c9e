/**
 * The error contract: one base class with stable codes, NotReadyError before ready(), and
 * messages that never carry key material, passphrases or plaintext.
 */
import {
  CRYPTO_ERROR_CODES,
  CryptoError,
  createVault,
  decryptRecord,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  isCryptoError,
  ready,
  toBase64Url,
  unwrapVaultKey,
  wrapVaultKey,
  openVault,
} from '../src/index';
import { lib } from '../src/sodium';
import { FAST_ARGON2, errorOf } from './helpers';

describe('before ready()', () => {
  it('every function throws NotReadyError', () => {
    jest.isolateModules(() => {
      // A fresh module registry: libsodium is loaded but this copy of the library was never made ready.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../src/index') as typeof import('../src/index');
      expect(fresh.isReady()).toBe(false);
      expect(() => fresh.generateCaseKey()).toThrow(fresh.NotReadyError);
      expect(() => fresh.toBase64Url(new Uint8Array(1))).toThrow(fresh.NotReadyError);
      expect(() => fresh.createFileEncryptor(new Uint8Array(32) as never, { caseId: 'c', fileId: 'f' })).toThrow(fresh.NotReadyError);
    });
  });
});

describe('errors', () => {
  beforeAll(() => ready());

  it('share one base class, a stable code and a name', () => {
    const caseKey = generateCaseKey();
    const author = generateIdentityKeys();
    const record = { caseId: 'c-1', recordId: 'r-1', recordKind: 'note' };
    const error = errorOf(() => decryptRecord(caseKey, { ...record, recordId: 'r-2' }, encryptRecord(caseKey, record, {}, author), author.signPk));
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WrongAdError');
    expect(isCryptoError(error, 'wrong_ad')).toBe(true);
    expect(isCryptoError(new Error('x'))).toBe(false);
    expect(new Set(CRYPTO_ERROR_CODES).size).toBe(CRYPTO_ERROR_CODES.length);
  });

  it('never put secrets or plaintext in messages', () => {
    const s = lib();
    const passphrase = 'hunter2-very-secret-passphrase';
    const plaintext = 'TOP-SECRET-NOTE-CONTENT';
    const caseKey = generateCaseKey();
    const otherKey = generateCaseKey();
    const identity = generateIdentityKeys();
    const record = { caseId: 'c-1', recordId: 'r-1', recordKind: 'note' };
    const stored = encryptRecord(caseKey, record, { plaintext }, identity);
    const { vaultKey, vault } = createVault(identity, 'u-1');
    const ref = { userId: 'u-1', unlockMethodId: 'm-1' };
    const wrap = wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase }, FAST_ARGON2);
    const errors = [
      errorOf(() => decryptRecord(otherKey, record, stored, identity.signPk)),
      errorOf(() => decryptRecord(caseKey, { ...record, caseId: 'c-2' }, stored, identity.signPk)),
      // A character inside the body, not the last one: the last may carry unused bits that must be zero (bad_encoding).
      errorOf(() => decryptRecord(caseKey, record, { ...stored, ciphertext: flipCharAt(stored.ciphertext, stored.ciphertext.length - 5) }, identity.signPk)),
      errorOf(() => decryptRecord(caseKey, record, stored, generateIdentityKeys().signPk)),
      errorOf(() => unwrapVaultKey(wrap, ref, { method: 'passphrase', passphrase: `${passphrase}x` })),
      errorOf(() => openVault(vaultKey, 'u-1', vault, generateIdentityKeys())),
      errorOf(() => wrapVaultKey(vaultKey, ref, { method: 'passphrase', passphrase }, { opsLimit: 99, memLimitBytes: 1 })),
    ];
    const secrets = [passphrase, plaintext, ...[caseKey, otherKey, vaultKey, identity.encSk, identity.signSk].flatMap((key) => [toBase64Url(key), s.to_hex(key), s.to_base64(key)])];
    for (const error of errors) {
      for (const secret of secrets) expect(`${error.message} ${String(error.stack)}`).not.toContain(secret);
    }
    expect(errors.map((error) => error.code)).toEqual(['wrong_key', 'wrong_ad', 'tampered', 'wrong_key', 'wrong_key', 'public_key_mismatch', 'invalid_input']);
  });
});

function flipCharAt(text: string, index: number): string {
  return text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
}
