/**
 * Requester keys from a receipt code (SPEC.md §10.3: version 1 through Argon2id, version 2
 * through keyed BLAKE2b) and the challenge a returning requester signs. The server stores only
 * the public keys; it never sees the receipt code.
 */
import { type ReceiptCode, type RequesterKeys, type Signer, type SignPublicKey } from './brands';
import { assertId, buildAd } from './binding';
import { RECEIPT_CODE_CHARS, codeCharacters, normaliseReceiptCode } from './codes';
import { fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadSignatureError, InvalidInputError } from './errors';
import { boxKeyPairFromSeed, signKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { lib, verifyDetached } from './sodium';

/** Argon2id parameters of receipt codes; fixed by format version 1. */
export const RECEIPT_ARGON2 = { opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 } as const;
const CHALLENGE_BYTES = 32;

/** salt = BLAKE2b-128("ashar/v1|receipt|" + instanceId). Throws InvalidInputError for an invalid id. */
export function receiptSalt(instanceId: string): Uint8Array {
  assertId(instanceId, 'instanceId');
  return lib().crypto_generichash(16, utf8(`ashar/v1|receipt|${instanceId}`), null);
}

/** The BLAKE2b key of a version 2 receipt code's derivation is the code; this is the message: utf8("ashar/v1|receipt-2|" + instanceId). */
function receiptV2Message(instanceId: string): Uint8Array {
  assertId(instanceId, 'instanceId');
  return utf8(`ashar/v1|receipt-2|${instanceId}`);
}

/**
 * Derives a requester's key pairs from their receipt code for this instance. Accepts the code as
 * typed; its length says its version: 20 characters → Argon2id (≈ 0.2 s and 64 MiB with
 * WebAssembly, minutes without: run it in a worker), 24 → keyed BLAKE2b (instant). Throws
 * BadLengthError / BadEncodingError for a code that does not normalise, InvalidInputError for
 * an invalid instanceId.
 */
export function deriveRequesterKeys(code: ReceiptCode | string, instanceId: string): RequesterKeys {
  const s = lib();
  const chars = codeCharacters(normaliseReceiptCode(code));
  const secret = utf8(chars);
  const master =
    chars.length === RECEIPT_CODE_CHARS
      ? s.crypto_pwhash(32, secret, receiptSalt(instanceId), RECEIPT_ARGON2.opsLimit, RECEIPT_ARGON2.memLimitBytes, s.crypto_pwhash_ALG_ARGON2ID13)
      : s.crypto_generichash(32, receiptV2Message(instanceId), secret);
  s.memzero(secret);
  const encSeed = s.crypto_kdf_derive_from_key(32, 1, 'rcpt-enc', master);
  const signSeed = s.crypto_kdf_derive_from_key(32, 2, 'rcptsign', master);
  const keys: RequesterKeys = { kind: 'requester', ...boxKeyPairFromSeed(encSeed), ...signKeyPairFromSeed(signSeed) };
  s.memzero(master);
  s.memzero(encSeed);
  s.memzero(signSeed);
  return keys;
}

/** A one-time login challenge (server side): 32 random bytes, base64url. */
export function generateChallenge(): string {
  return toBase64Url(randomBytes(CHALLENGE_BYTES, 'challenge'));
}

function challengeMessage(instanceId: string, challenge: string): Uint8Array {
  if (typeof challenge !== 'string') throw new BadEncodingError('challenge: not a string');
  fromBase64Url(challenge, 'challenge', CHALLENGE_BYTES);
  return buildAd('challenge', [instanceId, challenge]);
}

/**
 * Signs a login challenge. Throws BadEncodingError / BadLengthError for a challenge that is
 * not 32 bytes of base64url, InvalidInputError for an invalid instanceId.
 */
export function signChallenge(signer: Signer, instanceId: string, challenge: string): string {
  return toBase64Url(lib().crypto_sign_detached(challengeMessage(instanceId, challenge), signer.signSk));
}

/**
 * Verifies a signed challenge against the requester's stored public key. Returns nothing;
 * throws BadEncodingError / BadLengthError (challenge or signature encoding) or BadSignatureError.
 */
export function verifyChallenge(signPk: SignPublicKey, instanceId: string, challenge: string, signature: string): void {
  if (typeof signature !== 'string') throw new BadEncodingError('challenge signature: not a string');
  const message = challengeMessage(instanceId, challenge);
  const sig = fromBase64Url(signature, 'challenge signature', 64);
  if (!(signPk instanceof Uint8Array) || signPk.length !== 32) throw new InvalidInputError('signPk must be 32 bytes');
  if (!verifyDetached(sig, message, signPk)) throw new BadSignatureError('challenge: signature does not verify');
}
