/**
 * Receipt and recovery codes (SPEC.md §10.2): Crockford base32 strings drawn uniformly,
 * shown in groups of four, and normalised from whatever a person typed. A receipt code's
 * length is its version (SPEC.md §10.3): 20 characters for version 1 (Argon2id), 24 for
 * version 2 (no memory-hard step; what every client makes now, version 1 is still read).
 */
import { type ReceiptCode, type RecoveryCode, brandAs } from './brands';
import { BadEncodingError, BadLengthError, InvalidInputError } from './errors';
import { type RandomLabel, randomBytes } from './random';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of a version 1 receipt code (100 bits). */
export const RECEIPT_CODE_CHARS = 20;
/** Characters of a version 2 receipt code (120 bits). */
export const RECEIPT_CODE_V2_CHARS = 24;
export const RECOVERY_CODE_CHARS = 28;

/** 1: Argon2id derivation, 20 characters; 2: BLAKE2b derivation, 24 characters (SPEC.md §10.3). */
export type ReceiptCodeVersion = 1 | 2;

function draw(count: number, label: RandomLabel): string {
  const bytes = randomBytes(count, label);
  let out = '';
  // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

function group(chars: string): string {
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

function normalise(input: string, counts: readonly number[], what: string): string {
  if (typeof input !== 'string') throw new BadEncodingError(`${what}: not a string`);
  const chars = input
    .replace(/[\s-]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!counts.includes(chars.length)) throw new BadLengthError(`${what}: expected ${counts.join(' or ')} characters, got ${chars.length}`);
  for (const char of chars) {
    if (!ALPHABET.includes(char)) throw new BadEncodingError(`${what}: contains a character outside Crockford base32`);
  }
  return chars;
}

/**
 * The receipt code version every client makes (SPEC.md §10.3): 2 on both backends. Version 1
 * (Argon2id) codes are still read everywhere; `generateReceiptCode(1)` makes one for tests.
 */
export function preferredReceiptCodeVersion(): ReceiptCodeVersion {
  return 2;
}

/**
 * A new receipt code: version 1 is 100 random bits, `XXXX-XXXX-XXXX-XXXX-XXXX`; version 2 is 120,
 * `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`. Without `version`, the one this backend makes
 * (preferredReceiptCodeVersion). Throws NotReadyError, or InvalidInputError for another version.
 */
export function generateReceiptCode(version: ReceiptCodeVersion = preferredReceiptCodeVersion()): ReceiptCode {
  if (version !== 1 && version !== 2) throw new InvalidInputError('receipt code version must be 1 or 2');
  return brandAs<ReceiptCode>(group(draw(version === 1 ? RECEIPT_CODE_CHARS : RECEIPT_CODE_V2_CHARS, 'receipt-code')));
}

/**
 * Normalises a typed receipt code (case, spaces and hyphens, O→0, I/L→1) to its grouped form.
 * Throws BadLengthError (neither 20 nor 24 characters) or BadEncodingError (a character outside
 * the alphabet).
 */
export function normaliseReceiptCode(input: string): ReceiptCode {
  return brandAs<ReceiptCode>(group(normalise(input, [RECEIPT_CODE_CHARS, RECEIPT_CODE_V2_CHARS], 'receipt code')));
}

/** The version of a receipt code (its length: 20 characters → 1, 24 → 2). Throws as normaliseReceiptCode. */
export function receiptCodeVersion(code: ReceiptCode | string): ReceiptCodeVersion {
  return codeCharacters(normaliseReceiptCode(code)).length === RECEIPT_CODE_CHARS ? 1 : 2;
}

/** A new recovery code, 140 random bits in seven groups of four. Throws only NotReadyError. */
export function generateRecoveryCode(): RecoveryCode {
  return brandAs<RecoveryCode>(group(draw(RECOVERY_CODE_CHARS, 'recovery-code')));
}

/** Normalises a typed recovery code like normaliseReceiptCode (28 characters). */
export function normaliseRecoveryCode(input: string): RecoveryCode {
  return brandAs<RecoveryCode>(group(normalise(input, [RECOVERY_CODE_CHARS], 'recovery code')));
}

/** The bare canonical characters of a code (what key derivation hashes). */
export function codeCharacters(code: ReceiptCode | RecoveryCode): string {
  return code.replace(/-/g, '');
}
