/**
 * The library's only source of randomness. Production draws from libsodium's
 * `randombytes_buf` (the platform CSPRNG). Test vectors replace the source for the length
 * of one synchronous call through `internal/deterministic-random.ts`, which is not exported
 * from the package; every draw names what it is for, so a vector can list its inputs.
 */
import { InvalidInputError } from './errors';
import { lib } from './sodium';

export type RandomLabel =
  | 'nonce'
  | 'salt'
  | 'vault-key'
  | 'case-key'
  | 'staff-key'
  | 'grant-key'
  | 'file-key'
  | 'enc-seed'
  | 'sign-seed'
  | 'desk-seed'
  | 'seal-ephemeral-seed'
  | 'stream-header'
  | 'receipt-code'
  | 'recovery-code'
  | 'challenge';

export interface RandomSource {
  /** True for deterministic test sources: sealing and stream headers then take their
   * ephemeral values from `bytes` instead of libsodium's internal generator. */
  readonly deterministic: boolean;
  bytes(length: number, label: RandomLabel): Uint8Array;
}

const platform: RandomSource = {
  deterministic: false,
  bytes: (length) => lib().randombytes_buf(length),
};

let current: RandomSource = platform;

/** `length` random bytes for `label`. */
export function randomBytes(length: number, label: RandomLabel): Uint8Array {
  return current.bytes(length, label);
}

/** True only inside a deterministic test source (never in production). */
export function isDeterministic(): boolean {
  return current.deterministic;
}

/**
 * Internal seam: runs the synchronous `fn` with `source` as the randomness and restores the
 * platform source afterwards. Refuses async functions, whose later draws would escape.
 */
export function runWithRandomSource<T>(source: RandomSource, fn: () => T): T {
  if (current !== platform) throw new InvalidInputError('random sources cannot be nested');
  current = source;
  try {
    const result = fn();
    if (result instanceof Promise) throw new InvalidInputError('runWithRandomSource needs a synchronous function');
    return result;
  } finally {
    current = platform;
  }
}
