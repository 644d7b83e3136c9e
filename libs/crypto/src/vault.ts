/**
 * Staff vaults (SPEC.md §7): the identity's private keys under a vault key, and the vault
 * key wrapped once per unlock method (passkey PRF, passphrase, recovery code).
 */
import {
  type EncPublicKey,
  type IdentityKeys,
  type RecoveryCode,
  type SignPublicKey,
  type VaultCiphertext,
  type VaultKey,
  type WrappedVaultKey,
  brandAs,
} from './brands';
import { assertId, buildAd } from './binding';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { codeCharacters, normaliseRecoveryCode } from './codes';
import { bytesEqual, concatBytes, fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadPrefixError, InvalidInputError, MalformedPlaintextError, PublicKeyMismatchError } from './errors';
import { SEED_BYTES, signKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { lib } from './sodium';

export interface Argon2Params {
  readonly opsLimit: number;
  readonly memLimitBytes: number;
}

/** Default Argon2id parameters for passphrases and recovery codes (raise, never lower). */
export const VAULT_ARGON2: Argon2Params = { opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 };
const MIB = 1024 * 1024;
const SALT_BYTES = 16;

/** The secret a person presents to unlock their vault. */
export type UnlockSecret =
  | { readonly method: 'passphrase'; readonly passphrase: string }
  | { readonly method: 'recovery-code'; readonly code: RecoveryCode | string }
  | { readonly method: 'passkey-prf'; readonly credentialId: string; readonly prfOutput: Uint8Array };

export interface PasswordWrap {
  readonly v: 1;
  readonly method: 'passphrase' | 'recovery-code';
  readonly kdf: 'argon2id13';
  readonly opsLimit: number;
  readonly memLimitBytes: number;
  readonly salt: string;
  readonly wrappedKey: WrappedVaultKey;
}

export interface PasskeyPrfWrap {
  readonly v: 1;
  readonly method: 'passkey-prf';
  readonly credentialId: string;
  readonly wrappedKey: WrappedVaultKey;
}

/** One unlock method's wrap of the vault key, stored as JSON beside the method. */
export type VaultWrap = PasswordWrap | PasskeyPrfWrap;

/** Which vault and which unlock method a wrap belongs to (the AD ids). */
export interface VaultUnlockRef {
  readonly userId: string;
  readonly unlockMethodId: string;
}

/** The public keys a vault must hold, when the reader knows them (from the certificate). */
export interface ExpectedPublicKeys {
  readonly encPk: EncPublicKey;
  readonly signPk: SignPublicKey;
}

/**
 * Encrypts an identity's private keys under a new vault key. Throws InvalidInputError for an
 * invalid userId. Wrap the returned vault key with wrapVaultKey for each unlock method.
 */
export function createVault(identity: IdentityKeys, userId: string): { vaultKey: VaultKey; vault: VaultCiphertext } {
  const s = lib();
  const vaultKey = brandAs<VaultKey>(randomBytes(KEY_BYTES, 'vault-key'));
  const plaintext = concatBytes(identity.encSk, s.crypto_sign_ed25519_sk_to_seed(identity.signSk));
  const vault = aeadEncrypt(vaultKey, { purpose: 'vault', userId }, plaintext);
  s.memzero(plaintext);
  return { vaultKey, vault };
}

/**
 * Decrypts a vault. Throws the errors of aeadDecrypt (SPEC.md §4), then
 * PublicKeyMismatchError when `expected` is given and the keys inside differ.
 */
export function openVault(vaultKey: VaultKey, userId: string, vault: VaultCiphertext | string, expected?: ExpectedPublicKeys): IdentityKeys {
  const s = lib();
  const plaintext = aeadDecrypt(vaultKey, { purpose: 'vault', userId }, vault);
  if (plaintext.length !== 2 * SEED_BYTES) throw new MalformedPlaintextError('vault: wrong plaintext length');
  const encSk = plaintext.slice(0, SEED_BYTES);
  const signSeed = plaintext.slice(SEED_BYTES);
  s.memzero(plaintext);
  const enc = { encPk: brandAs<EncPublicKey>(s.crypto_scalarmult_base(encSk)), encSk: brandAs<IdentityKeys['encSk']>(encSk) };
  const identity: IdentityKeys = { kind: 'identity', ...enc, ...signKeyPairFromSeed(signSeed) };
  s.memzero(signSeed);
  if (expected && (!bytesEqual(identity.encPk, expected.encPk) || !bytesEqual(identity.signPk, expected.signPk))) {
    throw new PublicKeyMismatchError('vault: keys do not match the certified public keys');
  }
  return identity;
}

/** The WebAuthn PRF input for a credential: BLAKE2b-256("ashar/v1|prf|" + credentialId). */
export function prfSalt(credentialId: string): Uint8Array {
  assertId(credentialId, 'credentialId');
  return lib().crypto_generichash(32, utf8(`ashar/v1|prf|${credentialId}`), null);
}

/** Throws `onError(message)` unless the Argon2id parameters are within the bounds of SPEC.md §7. */
export function assertArgon2(params: Argon2Params, onError: (message: string) => Error): void {
  const { opsLimit, memLimitBytes } = params;
  if (!Number.isInteger(opsLimit) || opsLimit < 1 || opsLimit > 16) throw onError('opsLimit must be an integer from 1 to 16');
  if (!Number.isInteger(memLimitBytes) || memLimitBytes < 8 * MIB || memLimitBytes > 1024 * MIB || memLimitBytes % 1024 !== 0) {
    throw onError('memLimitBytes must be a multiple of 1024 from 8 MiB to 1 GiB');
  }
}

function passwordBytes(secret: UnlockSecret): Uint8Array {
  if (secret.method === 'passphrase') {
    if (typeof secret.passphrase !== 'string' || secret.passphrase.length === 0) throw new InvalidInputError('passphrase must not be empty');
    return utf8(secret.passphrase.normalize('NFC'));
  }
  if (secret.method === 'recovery-code') return utf8(codeCharacters(normaliseRecoveryCode(secret.code)));
  throw new InvalidInputError('not a password secret');
}

/** The KEK of a passphrase or recovery code: PWHASH(32, utf8(NFC(secret)), salt, ops, mem). */
export function passwordKek(secret: UnlockSecret, salt: Uint8Array, params: Argon2Params): Uint8Array {
  const s = lib();
  const password = passwordBytes(secret);
  const kek = s.crypto_pwhash(KEY_BYTES, password, salt, params.opsLimit, params.memLimitBytes, s.crypto_pwhash_ALG_ARGON2ID13);
  s.memzero(password);
  return kek;
}

function prfKek(credentialId: string, prfOutput: Uint8Array): Uint8Array {
  if (!(prfOutput instanceof Uint8Array) || prfOutput.length !== 32) throw new InvalidInputError('PRF output must be 32 bytes');
  assertId(credentialId, 'credentialId');
  return lib().crypto_kdf_derive_from_key(KEY_BYTES, 1, 'vaultkek', prfOutput);
}

/**
 * Wraps the vault key for one unlock method (first method, added method, or new
 * passphrase). `params` apply to passphrases and recovery codes.
 * Throws InvalidInputError for invalid ids, an empty passphrase, a PRF output that is not
 * 32 bytes or parameters outside the bounds; BadLengthError / BadEncodingError for a
 * recovery code that does not normalise.
 */
export function wrapVaultKey(vaultKey: VaultKey, ref: VaultUnlockRef, secret: UnlockSecret, params: Argon2Params = VAULT_ARGON2): VaultWrap {
  const binding = { purpose: 'vault-wrap', userId: ref.userId, unlockMethodId: ref.unlockMethodId } as const;
  buildAd('vault-wrap', [ref.userId, ref.unlockMethodId]);
  if (secret.method === 'passkey-prf') {
    const kek = prfKek(secret.credentialId, secret.prfOutput);
    const wrappedKey = aeadEncrypt(kek, binding, vaultKey);
    lib().memzero(kek);
    return { v: 1, method: 'passkey-prf', credentialId: secret.credentialId, wrappedKey };
  }
  assertArgon2(params, (message) => new InvalidInputError(message));
  const salt = randomBytes(SALT_BYTES, 'salt');
  const kek = passwordKek(secret, salt, params);
  const wrappedKey = aeadEncrypt(kek, binding, vaultKey);
  lib().memzero(kek);
  return { v: 1, method: secret.method, kdf: 'argon2id13', opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes, salt: toBase64Url(salt), wrappedKey };
}

/**
 * Recovers the vault key from a wrap with the person's secret. A wrong passphrase, code or
 * PRF output throws WrongKeyError. Also throws: InvalidInputError (secret of another method,
 * invalid ids, empty passphrase, PRF output size), the parse errors of parseVaultWrap, and
 * the errors of aeadDecrypt (SPEC.md §4).
 */
export function unwrapVaultKey(wrap: VaultWrap, ref: VaultUnlockRef, secret: UnlockSecret): VaultKey {
  const checked = parseVaultWrap(wrap);
  if (checked.method !== secret.method) throw new InvalidInputError(`this wrap is unlocked by ${checked.method}, not ${secret.method}`);
  const binding = { purpose: 'vault-wrap', userId: ref.userId, unlockMethodId: ref.unlockMethodId } as const;
  buildAd('vault-wrap', [ref.userId, ref.unlockMethodId]);
  let kek: Uint8Array;
  if (checked.method === 'passkey-prf' && secret.method === 'passkey-prf') {
    if (secret.credentialId !== checked.credentialId) throw new InvalidInputError('PRF output is for another credential');
    kek = prfKek(checked.credentialId, secret.prfOutput);
  } else if (checked.method !== 'passkey-prf') {
    kek = passwordKek(secret, fromBase64Url(checked.salt, 'salt', SALT_BYTES), checked);
  } else {
    throw new InvalidInputError('unlock secret does not fit the wrap');
  }
  try {
    return brandAs<VaultKey>(aeadDecrypt(kek, binding, checked.wrappedKey));
  } finally {
    lib().memzero(kek);
  }
}

/** unwrapVaultKey then openVault: the usual unlock. Throws the errors of both. */
export function unlockVault(
  vault: VaultCiphertext | string,
  wrap: VaultWrap,
  ref: VaultUnlockRef,
  secret: UnlockSecret,
  expected?: ExpectedPublicKeys,
): { identity: IdentityKeys; vaultKey: VaultKey } {
  const vaultKey = unwrapVaultKey(wrap, ref, secret);
  return { identity: openVault(vaultKey, ref.userId, vault, expected), vaultKey };
}

/**
 * Validates an untrusted wrap (as read from the api). Throws BadPrefixError (v ≠ 1),
 * BadEncodingError (members, method, kdf, parameters out of bounds, base64url),
 * BadLengthError (salt). The wrapped key itself is checked when it is decrypted.
 */
export function parseVaultWrap(value: unknown): VaultWrap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('vault wrap: not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw new BadPrefixError('vault wrap: unsupported version');
  const keys = Object.keys(record).sort().join(',');
  const wrappedKey = record['wrappedKey'];
  if (typeof wrappedKey !== 'string') throw new BadEncodingError('vault wrap: wrappedKey must be a string');
  if (record['method'] === 'passkey-prf') {
    const credentialId = record['credentialId'];
    if (keys !== 'credentialId,method,v,wrappedKey' || typeof credentialId !== 'string') throw new BadEncodingError('vault wrap: unexpected members');
    try {
      assertId(credentialId, 'credentialId');
    } catch {
      throw new BadEncodingError('vault wrap: invalid credentialId');
    }
    return { v: 1, method: 'passkey-prf', credentialId, wrappedKey: brandAs<WrappedVaultKey>(wrappedKey) };
  }
  const method = record['method'];
  if (method !== 'passphrase' && method !== 'recovery-code') throw new BadEncodingError('vault wrap: unknown method');
  if (keys !== 'kdf,memLimitBytes,method,opsLimit,salt,v,wrappedKey' || record['kdf'] !== 'argon2id13') throw new BadEncodingError('vault wrap: unexpected members or kdf');
  const { opsLimit, memLimitBytes, salt } = record;
  if (typeof opsLimit !== 'number' || typeof memLimitBytes !== 'number' || typeof salt !== 'string') throw new BadEncodingError('vault wrap: bad parameter types');
  assertArgon2({ opsLimit, memLimitBytes }, (message) => new BadEncodingError(`vault wrap: ${message}`));
  fromBase64Url(salt, 'vault wrap salt', SALT_BYTES);
  return { v: 1, method, kdf: 'argon2id13', opsLimit, memLimitBytes, salt, wrappedKey: brandAs<WrappedVaultKey>(wrappedKey) };
}
