/**
 * Runs the pinned vectors (test/vectors/v1.json) and returns one result per vector. The same
 * module runs under jest in Node and, bundled by Vite, in Chromium (page and Web Worker), so
 * the two result lists can be compared entry by entry. No Node-only imports here.
 */
import { isCryptoError } from '../src/errors';
import { type RandomDraw, withScriptedRandom } from '../src/internal/deterministic-random';
import { ready } from '../src/sodium';
import { POSITIVE_KINDS } from './vectors/positive-kinds';
import { REJECT_OPS } from './vectors/reject-ops';
import { type JsonObject, type VectorLookup, digest, toJson } from './vectors/vector-io';

export interface Vector {
  readonly id: string;
  readonly kind: string;
  readonly description?: string;
  readonly inputs: JsonObject;
  readonly draws?: readonly RandomDraw[];
  /** Positive vectors: the pinned output. */
  readonly expected?: JsonObject;
  /** Reject vectors (`kind: "reject"`): the operation and the error code it must throw
   * (`none` for control vectors, which must succeed). */
  readonly op?: string;
  readonly expectedError?: string;
}

export interface VectorFile {
  readonly format: 'ashar-crypto-vectors';
  readonly version: 1;
  readonly vectors: readonly Vector[];
}

export interface VectorResult {
  readonly id: string;
  readonly pass: boolean;
  /** `ok:<digest of the computed output>` or `error:<code>`; equal lists mean equal bytes. */
  readonly observed: string;
  /** Why it failed (never key material: names and codes only). */
  readonly detail?: string;
}

function describe(error: unknown): string {
  if (isCryptoError(error)) return `error:${error.code}`;
  return `exception:${error instanceof Error ? error.message : String(error)}`;
}

async function runPositive(vector: Vector): Promise<VectorResult> {
  const kind = POSITIVE_KINDS[vector.kind];
  if (!kind || !vector.expected) return { id: vector.id, pass: false, observed: 'unknown-kind', detail: `no kind ${vector.kind}` };
  const draws = vector.draws ?? [];
  let computed: JsonObject;
  try {
    computed = toJson(withScriptedRandom(draws, () => kind.compute(vector.inputs))) as JsonObject;
  } catch (error) {
    return { id: vector.id, pass: false, observed: describe(error), detail: 'compute threw' };
  }
  const observed = `ok:${digest(computed)}`;
  if (digest(computed) !== digest(vector.expected)) return { id: vector.id, pass: false, observed, detail: 'output differs from the pinned one' };
  try {
    await kind.verify?.(vector.inputs, vector.expected, (fn) => withScriptedRandom(draws, fn));
  } catch (error) {
    return { id: vector.id, pass: false, observed, detail: `reading direction: ${describe(error)}` };
  }
  return { id: vector.id, pass: true, observed };
}

async function runReject(vector: Vector, lookup: VectorLookup): Promise<VectorResult> {
  const op = vector.op === undefined ? undefined : REJECT_OPS[vector.op];
  if (!op) return { id: vector.id, pass: false, observed: 'unknown-op', detail: `no op ${vector.op ?? ''}` };
  try {
    await op(vector.inputs, lookup);
  } catch (error) {
    const observed = describe(error);
    return observed === `error:${vector.expectedError ?? ''}` ? { id: vector.id, pass: true, observed } : { id: vector.id, pass: false, observed, detail: `expected ${vector.expectedError ?? '?'}` };
  }
  // `none` marks control vectors: the same op on unaltered input must succeed.
  if (vector.expectedError === 'none') return { id: vector.id, pass: true, observed: 'none' };
  return { id: vector.id, pass: false, observed: 'none', detail: `expected ${vector.expectedError ?? '?'}` };
}

/** Runs one vector (`lookup` resolves the vectors a reject vector refers to); never throws. */
export async function runVector(vector: Vector, lookup: VectorLookup): Promise<VectorResult> {
  return vector.kind === 'reject' ? runReject(vector, lookup) : runPositive(vector);
}

/** A lookup over a list of vectors. */
export function lookupIn(vectors: readonly Vector[]): VectorLookup {
  const byId = new Map(vectors.map((vector) => [vector.id, vector]));
  return (id) => {
    const vector = byId.get(id);
    if (!vector) throw new Error(`no vector ${id}`);
    return { inputs: vector.inputs, draws: vector.draws ?? [] };
  };
}

/** Initialises libsodium and runs every vector of `file`, in order. Throws only for a file of the wrong format. */
export async function runVectors(file: unknown): Promise<VectorResult[]> {
  const parsed = file as VectorFile;
  if (parsed?.format !== 'ashar-crypto-vectors' || parsed.version !== 1 || !Array.isArray(parsed.vectors)) throw new Error('not an ashar-crypto-vectors v1 file');
  await ready();
  const lookup = lookupIn(parsed.vectors);
  const results: VectorResult[] = [];
  for (const vector of parsed.vectors) results.push(await runVector(vector, lookup));
  return results;
}
