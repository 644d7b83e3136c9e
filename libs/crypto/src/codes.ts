/**
 * Receipt and recovery codes (SPEC.md §10.2): Crockford base32 strings drawn uniformly,
 * shown in groups of four, and normalised from whatever a person typed.
 */
import { type ReceiptCode, type RecoveryCode, brandAs } from './brands';
import { BadEncodingError, BadLengthError } from './errors';
import { type RandomLabel, randomBytes } from './random';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_CODE_CHARS = 20;
export const RECOVERY_CODE_CHARS = 28;

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

function normalise(input: string, count: number, what: string): string {
  if (typeof input !== 'string') throw new BadEncodingError(`${what}: not a string`);
  const chars = input
    .replace(/[\s-]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (chars.length !== count) throw new BadLengthError(`${what}: expected ${count} characters, got ${chars.length}`);
  for (const char of chars) {
    if (!ALPHABET.includes(char)) throw new BadEncodingError(`${what}: contains a character outside Crockford base32`);
  }
  return chars;
}

/** A new receipt code, 100 random bits, grouped `XXXX-XXXX-XXXX-XXXX-XXXX`. Throws only NotReadyError. */
export function generateReceiptCode(): ReceiptCode {
  return brandAs<ReceiptCode>(group(draw(RECEIPT_CODE_CHARS, 'receipt-code')));
}

/**
 * Normalises a typed receipt code (case, spaces and hyphens, O→0, I/L→1) to its grouped form.
 * Throws BadLengthError (not 20 characters) or BadEncodingError (a character outside the alphabet).
 */
export function normaliseReceiptCode(input: string): ReceiptCode {
  return brandAs<ReceiptCode>(group(normalise(input, RECEIPT_CODE_CHARS, 'receipt code')));
}

/** A new recovery code, 140 random bits in seven groups of four. Throws only NotReadyError. */
export function generateRecoveryCode(): RecoveryCode {
  return brandAs<RecoveryCode>(group(draw(RECOVERY_CODE_CHARS, 'recovery-code')));
}

/** Normalises a typed recovery code like normaliseReceiptCode (28 characters). */
export function normaliseRecoveryCode(input: string): RecoveryCode {
  return brandAs<RecoveryCode>(group(normalise(input, RECOVERY_CODE_CHARS, 'recovery code')));
}

/** The bare canonical characters of a code (what key derivation hashes). */
export function codeCharacters(code: ReceiptCode | RecoveryCode): string {
  return code.replace(/-/g, '');
}
