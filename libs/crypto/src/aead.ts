/**
 * `a1.` strings (SPEC.md §4): XChaCha20-Poly1305 with a random nonce, the AD of a binding,
 * and the clear key/AD check. Purpose modules wrap these two functions with typed keys.
 */
import { type AeadPurpose, type Ciphertext, brandAs } from './brands';
import { type BindingFor, CHECK_BYTES, adOf, compareCheck, computeCheck } from './binding';
import { base64UrlLength, fromBase64Url, splitVersioned, toBase64Url } from './encoding';
import { BadEncodingError, BadLengthError, InvalidInputError, TamperedError, WrongAdError, WrongKeyError } from './errors';
import { randomBytes } from './random';
import { lib } from './sodium';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
export const PAD_BLOCK = 256;

/** Allowed ciphertext lengths of a purpose: exact, or padded (256·k + 16, k ≥ 1). */
export type CiphertextLength = { readonly exact: number } | { readonly padded: true };

const LENGTHS: Record<AeadPurpose, CiphertextLength> = {
  vault: { exact: 64 + TAG_BYTES },
  'vault-wrap': { exact: KEY_BYTES + TAG_BYTES },
  'file-key': { exact: KEY_BYTES + TAG_BYTES },
  'file-meta': { padded: true },
  'case-record': { padded: true },
  'grant-payee': { padded: true },
  application: { padded: true },
  'root-key': { exact: KEY_BYTES + TAG_BYTES },
  'staff-key-bind': { exact: KEY_BYTES + TAG_BYTES },
  'case-file-key': { exact: KEY_BYTES + TAG_BYTES },
  'case-file-meta': { padded: true },
  'case-key-link': { exact: KEY_BYTES + TAG_BYTES },
  'staff-key-link': { exact: KEY_BYTES + TAG_BYTES },
  'grant-report': { padded: true },
  'grant-file-key': { exact: KEY_BYTES + TAG_BYTES },
  'grant-file-meta': { padded: true },
  // SPEC.md §19: a subject line padded to exactly 512 bytes.
  'case-subject': { exact: 512 + TAG_BYTES },
};

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new InvalidInputError('key must be 32 bytes');
}

function assertPlaintextLength(purpose: AeadPurpose, length: number): void {
  const rule = LENGTHS[purpose];
  const ok = 'exact' in rule ? length + TAG_BYTES === rule.exact : length > 0 && length % PAD_BLOCK === 0;
  if (!ok) throw new InvalidInputError(`${purpose}: plaintext has a length the format does not allow`);
}

/** The fields of an `a1.` string, checked (SPEC.md §4 steps 1-3); the ciphertext still encoded. */
function parseA1Fields(purpose: AeadPurpose, text: unknown): { check: Uint8Array; nonce: Uint8Array; ciphertextText: string; what: string } {
  const what = `a1 ${purpose}`;
  if (typeof text !== 'string') throw new BadEncodingError(`${what}: not a string`);
  const [, checkText, nonceText, ctText] = splitVersioned(text, 'a1', 4, what);
  const check = fromBase64Url(checkText ?? '', `${what} check`, CHECK_BYTES);
  const nonce = fromBase64Url(nonceText ?? '', `${what} nonce`, NONCE_BYTES);
  const ciphertextText = ctText ?? '';
  const length = base64UrlLength(ciphertextText, `${what} ciphertext`);
  const rule = LENGTHS[purpose];
  const lengthOk = 'exact' in rule ? length === rule.exact : length > TAG_BYTES && (length - TAG_BYTES) % PAD_BLOCK === 0;
  if (!lengthOk) throw new BadLengthError(`${what}: ciphertext has a length the format does not allow`);
  return { check, nonce, ciphertextText, what };
}

function parseA1(purpose: AeadPurpose, text: unknown): { check: Uint8Array; nonce: Uint8Array; ciphertext: Uint8Array } {
  const { check, nonce, ciphertextText, what } = parseA1Fields(purpose, text);
  return { check, nonce, ciphertext: fromBase64Url(ciphertextText, `${what} ciphertext`) };
}

/**
 * Checks, without any key, that `text` is a well-formed `a1.` string for `purpose` (what a
 * server can check before storing). Returns nothing; throws BadEncodingError (not a string,
 * fields, base64url), BadPrefixError, BadLengthError (SPEC.md §4 steps 1-3). The ciphertext
 * field is checked without being decoded.
 */
export function checkCiphertextFormat(purpose: AeadPurpose, text: unknown): void {
  parseA1Fields(purpose, text);
}

/**
 * Encrypts `plaintext` for `binding` under `key` and returns the `a1.` string.
 * Throws InvalidInputError for a key that is not 32 bytes, an invalid id in the binding, or
 * a plaintext length the purpose does not allow (callers pad before).
 */
export function aeadEncrypt<P extends AeadPurpose>(key: Uint8Array, binding: BindingFor<P>, plaintext: Uint8Array): Ciphertext<P> {
  const s = lib();
  assertKey(key);
  assertPlaintextLength(binding.purpose, plaintext.length);
  const ad = adOf(binding);
  const nonce = randomBytes(NONCE_BYTES, 'nonce');
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
  return brandAs<Ciphertext<P>>(`a1.${toBase64Url(computeCheck(key, ad))}.${toBase64Url(nonce)}.${toBase64Url(ciphertext)}`);
}

/**
 * Opens an `a1.` string made for `binding`; returns the (still padded) plaintext.
 * Throws, in this order: BadEncodingError (not a string), BadPrefixError, BadEncodingError
 * (fields, base64url), BadLengthError (field or ciphertext length), WrongKeyError (key check),
 * WrongAdError (AD check), TamperedError (authentication). InvalidInputError for a bad key
 * or id given by the caller.
 */
export function aeadDecrypt<P extends AeadPurpose>(key: Uint8Array, binding: BindingFor<P>, text: Ciphertext<P> | string): Uint8Array {
  const s = lib();
  assertKey(key);
  const ad = adOf(binding);
  const what = `a1 ${binding.purpose}`;
  const { check, nonce, ciphertext } = parseA1(binding.purpose, text);
  const mismatch = compareCheck(check, computeCheck(key, ad));
  if (mismatch === 'key') throw new WrongKeyError(`${what}: made for another key`);
  if (mismatch === 'ad') throw new WrongAdError(`${what}: bound to other ids or another purpose`);
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  } catch {
    throw new TamperedError(`${what}: authentication failed`);
  }
}
