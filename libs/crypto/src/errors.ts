/**
 * Typed errors of @ashar/crypto (SPEC.md §12). Every failure the library raises is a
 * CryptoError with a stable `code`; messages name the format and the check that failed,
 * never key material, plaintext or passphrases, so they are safe to log.
 */

export const CryptoErrorCode = {
  NotReady: 'not_ready',
  InvalidInput: 'invalid_input',
  BadPrefix: 'bad_prefix',
  BadEncoding: 'bad_encoding',
  BadLength: 'bad_length',
  WrongKey: 'wrong_key',
  WrongAd: 'wrong_ad',
  Tampered: 'tampered',
  MalformedPlaintext: 'malformed_plaintext',
  BadSignature: 'bad_signature',
  UntrustedCertificate: 'untrusted_certificate',
  PublicKeyMismatch: 'public_key_mismatch',
  TruncatedStream: 'truncated_stream',
  ChunkOrder: 'chunk_order',
  UntrustedHistory: 'untrusted_history',
  Revoked: 'revoked',
} as const;

export type CryptoErrorCode = (typeof CryptoErrorCode)[keyof typeof CryptoErrorCode];

export const CRYPTO_ERROR_CODES: readonly CryptoErrorCode[] = Object.values(CryptoErrorCode);

/** Base class: catch this to handle any failure of the library. */
export abstract class CryptoError extends Error {
  abstract readonly code: CryptoErrorCode;
}

/** `ready()` has not completed: libsodium is not initialised yet. */
export class NotReadyError extends CryptoError {
  override readonly name = 'NotReadyError';
  readonly code = CryptoErrorCode.NotReady;
}

/** The caller passed an invalid argument (bad id, wrong key length, bad chunk size). */
export class InvalidInputError extends CryptoError {
  override readonly name = 'InvalidInputError';
  readonly code = CryptoErrorCode.InvalidInput;
}

/** Unknown or missing version prefix (`a1.`, `s1.`, `x1.`, `rk1.`) or `v` member. */
export class BadPrefixError extends CryptoError {
  override readonly name = 'BadPrefixError';
  readonly code = CryptoErrorCode.BadPrefix;
}

/** Not canonical base64url, wrong number of fields, or a stored object of the wrong shape. */
export class BadEncodingError extends CryptoError {
  override readonly name = 'BadEncodingError';
  readonly code = CryptoErrorCode.BadEncoding;
}

/** A decoded field, ciphertext or code has a length its format does not allow. */
export class BadLengthError extends CryptoError {
  override readonly name = 'BadLengthError';
  readonly code = CryptoErrorCode.BadLength;
}

/** The ciphertext was made for another key (key check or recipient kid differs). */
export class WrongKeyError extends CryptoError {
  override readonly name = 'WrongKeyError';
  readonly code = CryptoErrorCode.WrongKey;
}

/** The ciphertext or sealed key is bound to other ids or to another purpose. */
export class WrongAdError extends CryptoError {
  override readonly name = 'WrongAdError';
  readonly code = CryptoErrorCode.WrongAd;
}

/** Authenticated decryption failed: the bytes were altered (or made with another key/AD
 * in a way the clear checks could not see). */
export class TamperedError extends CryptoError {
  override readonly name = 'TamperedError';
  readonly code = CryptoErrorCode.Tampered;
}

/** The plaintext authenticated but breaks its purpose's rules (padding, JSON, sizes, tags). */
export class MalformedPlaintextError extends CryptoError {
  override readonly name = 'MalformedPlaintextError';
  readonly code = CryptoErrorCode.MalformedPlaintext;
}

/** An Ed25519 signature does not verify. */
export class BadSignatureError extends CryptoError {
  override readonly name = 'BadSignatureError';
  readonly code = CryptoErrorCode.BadSignature;
}

export type UntrustedReason = 'unknown-issuer' | 'broken-chain' | 'kind-not-allowed' | 'chain-length' | 'expired';

/** A certificate chain does not lead to the trusted root, has a forbidden kind, or expired. */
export class UntrustedCertificateError extends CryptoError {
  override readonly name = 'UntrustedCertificateError';
  readonly code = CryptoErrorCode.UntrustedCertificate;
  constructor(
    readonly reason: UntrustedReason,
    message: string,
  ) {
    super(message);
  }
}

/** An unsealed desk key or unlocked identity does not match its certified public key. */
export class PublicKeyMismatchError extends CryptoError {
  override readonly name = 'PublicKeyMismatchError';
  readonly code = CryptoErrorCode.PublicKeyMismatch;
}

/** A stream ended before its FINAL chunk. */
export class TruncatedStreamError extends CryptoError {
  override readonly name = 'TruncatedStreamError';
  readonly code = CryptoErrorCode.TruncatedStream;
}

export type ChunkOrderReason = 'duplicate' | 'out-of-order' | 'after-final';

/** A chunk arrived with the wrong index, twice, or after the FINAL chunk. */
export class ChunkOrderError extends CryptoError {
  override readonly name = 'ChunkOrderError';
  readonly code = CryptoErrorCode.ChunkOrder;
  constructor(
    readonly reason: ChunkOrderReason,
    message: string,
  ) {
    super(message);
  }
}

export type UntrustedHistoryReason = 'empty' | 'order' | 'mismatch' | 'no-continuity' | 'rollback' | 'fork';

/**
 * A desk's key version history does not verify (SPEC.md §8.2): empty, out of order, a version
 * that is not what its certificate says, a newest version neither linked from a trusted
 * predecessor nor approved by a second admin, or older than (or different from) one seen before.
 */
export class UntrustedHistoryError extends CryptoError {
  override readonly name = 'UntrustedHistoryError';
  readonly code = CryptoErrorCode.UntrustedHistory;
  constructor(
    readonly reason: UntrustedHistoryReason,
    message: string,
  ) {
    super(message);
  }
}

/** A key was revoked by a signed revocation statement (SPEC.md §8.3) before the time it is checked at. */
export class RevokedError extends CryptoError {
  override readonly name = 'RevokedError';
  readonly code = CryptoErrorCode.Revoked;
}

/** True when `value` is a CryptoError, optionally of the given code. */
export function isCryptoError(value: unknown, code?: CryptoErrorCode): value is CryptoError {
  return value instanceof CryptoError && (code === undefined || value.code === code);
}
