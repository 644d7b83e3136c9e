/** Shared test helpers: error-code assertions and small fixtures. */
import { type CryptoErrorCode, CryptoError } from '../src/errors';

/** Runs `fn` and returns the CryptoError it throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): CryptoError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CryptoError) return error;
    throw new Error(`expected a CryptoError, got ${String(error)}`);
  }
  throw new Error('expected a CryptoError, nothing was thrown');
}

/** Async variant of errorOf. */
export async function errorOfAsync(fn: () => Promise<unknown>): Promise<CryptoError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof CryptoError) return error;
    throw new Error(`expected a CryptoError, got ${String(error)}`);
  }
  throw new Error('expected a CryptoError, nothing was thrown');
}

/** Asserts `fn` throws a CryptoError with `code`. */
export function expectCode(fn: () => unknown, code: CryptoErrorCode): void {
  expect(errorOf(fn).code).toBe(code);
}

/** Async variant of expectCode. */
export async function expectCodeAsync(fn: () => Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  expect((await errorOfAsync(fn)).code).toBe(code);
}

/** Low Argon2id parameters so vault tests stay fast (the bounds allow them; production uses the defaults). */
export const FAST_ARGON2 = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 } as const;

/** Collects an async iterable of byte chunks into one array. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of source) {
    parts.push(part);
    length += part.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Flips the lowest bit of byte `index` of base64url field `field` of a dot-separated string. */
export function flipField(text: string, field: number, index: number, decode: (s: string) => Uint8Array, encode: (b: Uint8Array) => string): string {
  const parts = text.split('.');
  const raw = decode(parts[field] ?? '').slice();
  raw[index] = (raw[index] ?? 0) ^ 1;
  parts[field] = encode(raw);
  return parts.join('.');
}

/** Asserts two byte arrays are equal without jest's slow element-by-element diff. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  let firstDifference = -1;
  for (let index = 0; index < actual.length; index += 1) {
    if (actual[index] !== expected[index]) {
      firstDifference = index;
      break;
    }
  }
  expect(firstDifference).toBe(-1);
}
