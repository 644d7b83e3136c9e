/**
 * Canonical JSON (SPEC.md §6, RFC 8785 for the values we allow) and 256-byte padding.
 * One value has exactly one plaintext, so signatures and test vectors are byte-exact.
 */
import { type JsonValue } from './brands';
import { utf8, utf8Decode } from './encoding';
import { InvalidInputError, MalformedPlaintextError } from './errors';
import { PAD_BLOCK } from './aead';
import { lib } from './sodium';

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialise(value: unknown, depth: number): string {
  if (depth > 64) throw new InvalidInputError('JSON nested deeper than 64 levels');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidInputError('JSON numbers must be finite');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map((item) => serialise(item, depth + 1)).join(',') + ']';
      if (!isPlainObject(value)) throw new InvalidInputError('JSON objects must be plain objects');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const members = keys.map((key) => {
        const member = record[key];
        if (member === undefined) throw new InvalidInputError('JSON members must not be undefined');
        return JSON.stringify(key) + ':' + serialise(member, depth + 1);
      });
      return '{' + members.join(',') + '}';
    }
    default:
      throw new InvalidInputError(`JSON cannot hold a ${typeof value}`);
  }
}

/** Canonical serialisation. Throws InvalidInputError for values JSON cannot represent exactly. */
export function canonicalJson(value: JsonValue): string {
  return serialise(value, 0);
}

/**
 * Parses canonical JSON bytes. Throws MalformedPlaintextError for invalid UTF-8, invalid
 * JSON, or JSON that is not byte-identical to its canonical form.
 */
export function parseCanonicalJson(bytes: Uint8Array, what: string): JsonValue {
  const text = utf8Decode(bytes, what);
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    throw new MalformedPlaintextError(`${what}: not JSON`);
  }
  let again: string;
  try {
    again = canonicalJson(value);
  } catch {
    throw new MalformedPlaintextError(`${what}: not canonical JSON`);
  }
  if (again !== text) throw new MalformedPlaintextError(`${what}: not canonical JSON`);
  return value;
}

/** utf8(canonicalJson(value)). */
export function canonicalJsonBytes(value: JsonValue): Uint8Array {
  return utf8(canonicalJson(value));
}

/** sodium_pad to a multiple of 256 (always adds at least one byte). */
export function pad(bytes: Uint8Array): Uint8Array {
  return lib().pad(bytes, PAD_BLOCK);
}

/** sodium_unpad; throws MalformedPlaintextError for invalid padding. */
export function unpad(bytes: Uint8Array, what: string): Uint8Array {
  try {
    return lib().unpad(bytes, PAD_BLOCK);
  } catch {
    throw new MalformedPlaintextError(`${what}: invalid padding`);
  }
}
