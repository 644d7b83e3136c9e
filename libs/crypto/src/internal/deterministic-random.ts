/**
 * Test-only deterministic randomness (never imported by production code, not exported from
 * the package). `recordingSource` derives every draw from a seed and records it;
 * `scriptedSource` replays recorded draws and fails on any difference of label or length.
 */
import { fromBase64Url, toBase64Url, utf8 } from '../encoding';
import { InvalidInputError } from '../errors';
import { type RandomLabel, type RandomSource, runWithRandomSource } from '../random';
import { lib } from '../sodium';

export interface RandomDraw {
  readonly label: RandomLabel;
  /** base64url of the bytes drawn. */
  readonly bytes: string;
}

export interface RecordingSource extends RandomSource {
  readonly draws: RandomDraw[];
}

/** Deterministic draws: draw n is `randombytes_buf_deterministic(len, KDF(32, n, "vectorsd", H(32, seed)))`. */
export function recordingSource(seed: string): RecordingSource {
  const s = lib();
  const root = s.crypto_generichash(32, utf8(`ashar/v1|vectors|${seed}`), null);
  const draws: RandomDraw[] = [];
  return {
    deterministic: true,
    draws,
    bytes(length, label) {
      const drawSeed = s.crypto_kdf_derive_from_key(32, draws.length + 1, 'vectorsd', root);
      const bytes = s.randombytes_buf_deterministic(length, drawSeed);
      draws.push({ label, bytes: toBase64Url(bytes) });
      return bytes;
    },
  };
}

export interface ScriptedSource extends RandomSource {
  /** Throws unless every scripted draw was consumed. */
  assertExhausted(): void;
}

/** Replays `draws` in order; a different label or length, or one draw too many, throws. */
export function scriptedSource(draws: readonly RandomDraw[]): ScriptedSource {
  let next = 0;
  return {
    deterministic: true,
    bytes(length, label) {
      const draw = draws[next];
      if (draw === undefined) throw new InvalidInputError(`scripted randomness exhausted at draw ${next} (${label})`);
      if (draw.label !== label) throw new InvalidInputError(`scripted draw ${next} is "${draw.label}", library asked for "${label}"`);
      next += 1;
      return fromBase64Url(draw.bytes, `scripted draw ${next - 1}`, length);
    },
    assertExhausted() {
      if (next !== draws.length) throw new InvalidInputError(`scripted randomness: ${draws.length - next} draws left over`);
    },
  };
}

/** Runs `fn` with recorded deterministic randomness; returns its result and the draws. */
export function withRecordedRandom<T>(seed: string, fn: () => T): { result: T; draws: RandomDraw[] } {
  const source = recordingSource(seed);
  const result = runWithRandomSource(source, fn);
  return { result, draws: source.draws };
}

/** Runs `fn` replaying `draws`; throws if `fn` does not consume exactly those draws. */
export function withScriptedRandom<T>(draws: readonly RandomDraw[], fn: () => T): T {
  const source = scriptedSource(draws);
  const result = runWithRandomSource(source, fn);
  source.assertExhausted();
  return result;
}
