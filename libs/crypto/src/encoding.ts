/**
 * Byte and text encodings of SPEC.md §2: strict base64url without padding, fatal UTF-8,
 * and the small byte helpers the formats share.
 */
import { BadEncodingError, BadLengthError, BadPrefixError, MalformedPlaintextError } from './errors';
import { lib } from './sodium';

const B64URL = /^[A-Za-z0-9_-]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes bytes as base64url without padding. Never throws (after ready()). */
export function toBase64Url(bytes: Uint8Array): string {
  const s = lib();
  return s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING);
}

/**
 * Decodes canonical base64url without padding.
 * Throws BadEncodingError for a character outside the alphabet, a length ≡ 1 (mod 4) or
 * non-zero trailing bits (any string with `encode(decode(s)) !== s`); BadLengthError when
 * `expectedLength` is given and the decoded length differs. `field` names the field in
 * messages (never the value).
 */
export function fromBase64Url(text: string, field: string, expectedLength?: number): Uint8Array {
  const s = lib();
  if (!B64URL.test(text) || text.length % 4 === 1) throw new BadEncodingError(`${field}: not base64url without padding`);
  let bytes: Uint8Array;
  try {
    bytes = s.from_base64(text, s.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new BadEncodingError(`${field}: not canonical base64url`);
  }
  if (s.to_base64(bytes, s.base64_variants.URLSAFE_NO_PADDING) !== text) throw new BadEncodingError(`${field}: not canonical base64url`);
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new BadLengthError(`${field}: expected ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The length of what `text` decodes to, after the same checks as fromBase64Url (alphabet,
 * length, zero trailing bits: canonical base64url without padding) and with the same errors,
 * but without decoding: for a server that checks a ciphertext's format and stores the text
 * (a 4 KiB record took ~40 µs to decode in libsodium.js, for nothing).
 */
export function base64UrlLength(text: string, field: string, expectedLength?: number): number {
  if (!B64URL.test(text) || text.length % 4 === 1) throw new BadEncodingError(`${field}: not base64url without padding`);
  const rest = text.length % 4;
  // The last character of a 2- (3-) character group carries 4 (2) bits that must be zero.
  if (rest !== 0 && (B64URL_ALPHABET.indexOf(text.charAt(text.length - 1)) & (rest === 2 ? 0x0f : 0x03)) !== 0) {
    throw new BadEncodingError(`${field}: not canonical base64url`);
  }
  const length = ((text.length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1);
  if (expectedLength !== undefined && length !== expectedLength) throw new BadLengthError(`${field}: expected ${expectedLength} bytes, got ${length}`);
  return length;
}

/** UTF-8 encoding of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding of authenticated bytes; throws MalformedPlaintextError on invalid UTF-8. */
export function utf8Decode(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MalformedPlaintextError(`${what}: invalid UTF-8`);
  }
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Constant-time equality (libsodium memcmp); false for different lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && lib().memcmp(a, b);
}

/** Lower-case hex, for fingerprints and test output. */
export function toHex(bytes: Uint8Array): string {
  return lib().to_hex(bytes);
}

/**
 * Splits a versioned string into its dot-separated fields after checking the prefix.
 * Throws BadPrefixError when the first field is not `prefix`, BadEncodingError when the
 * number of fields is not `fieldCount` (prefix included).
 */
export function splitVersioned(text: string, prefix: string, fieldCount: number, what: string): string[] {
  const fields = text.split('.');
  if (fields[0] !== prefix || fields.length < 2) throw new BadPrefixError(`${what}: expected prefix "${prefix}."`);
  if (fields.length !== fieldCount) throw new BadEncodingError(`${what}: expected ${fieldCount} dot-separated fields, got ${fields.length}`);
  return fields;
}
