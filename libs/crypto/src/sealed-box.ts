/**
 * `s1.` sealed keys (SPEC.md §5): a 32-byte key plus a 16-byte binding, sealed anonymously
 * to one X25519 public key and labelled with the recipient's kid.
 */
import { type EncPublicKey, type Kid, type KeyOpener, type SealableKey, type SealedKey, brandAs } from './brands';
import { type Purpose, buildAd } from './binding';
import { bytesEqual, concatBytes, fromBase64Url, splitVersioned, toBase64Url } from './encoding';
import { BadEncodingError, InvalidInputError, TamperedError, WrongAdError, WrongKeyError } from './errors';
import { KID_BYTES, SEED_BYTES, kidOf } from './keys';
import { isDeterministic, randomBytes } from './random';
import { lib } from './sodium';

export const SEALED_KEY_BYTES = 32;
const BINDING_BYTES = 16;
const SEAL_OVERHEAD = 48;
export const SEALED_BYTES = SEALED_KEY_BYTES + BINDING_BYTES + SEAL_OVERHEAD;

/**
 * What a sealed key is bound to: purpose `case-key` (caseId; epoch 1), `case-key-epoch` (caseId,
 * epoch ≥ 2), `desk-key` (deskId, version), `staff-key` (caseId, epoch) or `grant-key` (grantId).
 */
export interface SealBinding {
  readonly purpose: Extract<Purpose, 'case-key' | 'case-key-epoch' | 'desk-key' | 'staff-key' | 'grant-key'>;
  readonly ids: readonly string[];
}

function bindingTag(binding: SealBinding): Uint8Array {
  return lib().crypto_generichash(BINDING_BYTES, buildAd(binding.purpose, binding.ids), null);
}

/**
 * crypto_box_seal, except inside a deterministic test source, where the ephemeral key pair
 * comes from a scripted seed and the box is computed as crypto_box_seal does (SPEC.md §13).
 */
function seal(message: Uint8Array, recipient: EncPublicKey): Uint8Array {
  const s = lib();
  if (!isDeterministic()) return s.crypto_box_seal(message, recipient);
  const ephemeral = s.crypto_box_seed_keypair(randomBytes(SEED_BYTES, 'seal-ephemeral-seed'));
  const nonce = s.crypto_generichash(24, concatBytes(ephemeral.publicKey, recipient), null);
  return concatBytes(ephemeral.publicKey, s.crypto_box_easy(message, nonce, recipient, ephemeral.privateKey));
}

/**
 * Seals `key` to `recipient` bound to `binding`. Throws InvalidInputError for a key that is
 * not 32 bytes, a recipient key that is not 32 bytes, or an invalid id.
 */
export function sealKey<K extends SealableKey>(key: K, recipient: EncPublicKey, binding: SealBinding): SealedKey<K> {
  if (!(key instanceof Uint8Array) || key.length !== SEALED_KEY_BYTES) throw new InvalidInputError('sealed key must be 32 bytes');
  const tag = bindingTag(binding);
  const kid = kidOf(recipient);
  const sealed = seal(concatBytes(key, tag), recipient);
  return brandAs<SealedKey<K>>(`s1.${kid}.${toBase64Url(sealed)}`);
}

/** The recipient kid written in a sealed key. Throws BadPrefixError, BadEncodingError, BadLengthError. */
export function sealedKeyRecipient(text: string): Kid {
  return parseSealed(text).kid;
}

function parseSealed(text: string): { kid: Kid; sealed: Uint8Array } {
  if (typeof text !== 'string') throw new BadEncodingError('s1: not a string');
  const [, kidText, sealedText] = splitVersioned(text, 's1', 3, 's1');
  fromBase64Url(kidText ?? '', 's1 kid', KID_BYTES);
  const sealed = fromBase64Url(sealedText ?? '', 's1 sealed', SEALED_BYTES);
  return { kid: brandAs<Kid>(kidText), sealed };
}

function secretOf(opener: KeyOpener): Uint8Array {
  return opener.kind === 'desk' ? opener.deskSk : opener.encSk;
}

/**
 * Opens a sealed key with the opener's key pair and returns the 32 key bytes.
 * Throws, in order: BadPrefixError, BadEncodingError, BadLengthError (parsing);
 * WrongKeyError when the kid is not the opener's (before any decryption);
 * TamperedError when crypto_box_seal_open fails; WrongAdError when the binding differs.
 */
export function openSealedKey(text: string, opener: KeyOpener, binding: SealBinding): Uint8Array {
  const s = lib();
  const expectedTag = bindingTag(binding);
  const { kid, sealed } = parseSealed(text);
  if (kid !== kidOf(opener.encPk)) throw new WrongKeyError('s1: sealed to another key');
  let opened: Uint8Array;
  try {
    opened = s.crypto_box_seal_open(sealed, opener.encPk, secretOf(opener));
  } catch {
    throw new TamperedError('s1: authentication failed');
  }
  if (!bytesEqual(opened.subarray(SEALED_KEY_BYTES), expectedTag)) {
    s.memzero(opened);
    throw new WrongAdError(`s1: bound to another ${binding.purpose}`);
  }
  const key = opened.slice(0, SEALED_KEY_BYTES);
  s.memzero(opened);
  return key;
}
