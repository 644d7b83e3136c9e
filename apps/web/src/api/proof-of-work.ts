/**
 * Proof of work for the anonymous actions (docs/decisions.md "Proof of work (issue 15, item 6)"):
 * a challenge from the api for one action, solved in a Web Worker (pow-worker.ts, WebCrypto
 * SHA-256), sent in the Ashar-Pow header. The portal prepares a proof while the person is still
 * reading (`preparePow`), so Send rarely waits; each proof is used once (`takePow`).
 */
import { type PowAction, type PowChallenge, GeneralError, POW_HEADER, powContract } from '@ashar/domain';
import { solveChallenge, solveChallengeWorkers } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { call, isApiError } from './client';

/** A proof kept for later is dropped this long before its challenge expires (seconds). */
const MARGIN_SECONDS = 60;

interface Prepared {
  /** When the challenge expires (the api's clock, seconds); unknown until it arrives. */
  expiresAt: number;
  proof: Promise<string>;
}

const prepared = new Map<PowAction, Prepared>();

/** Workers to search with: more cores finish sooner; a phone has few. */
const concurrency = () => Math.max(1, Math.min(4, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1));

/** Makes a solver worker (crypto/pow-client.ts registers it for the pages; without one the solver runs here). */
let createWorker: (() => Worker) | null = null;

export function registerPowWorker(factory: () => Worker): void {
  createWorker = factory;
}

async function solve(challenge: PowChallenge): Promise<string> {
  // Without workers (the web uploader's tests in Node) the same solver runs here, yielding now and then.
  const factory = typeof Worker === 'undefined' ? null : createWorker;
  const solution = factory ? await solveChallengeWorkers({ challenge, concurrency: concurrency(), createWorker: factory }) : await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('The proof of work could not be completed.');
  return JSON.stringify({ challenge, solution });
}

function start(action: PowAction): Prepared {
  const entry: Prepared = { expiresAt: Number.POSITIVE_INFINITY, proof: Promise.resolve('') };
  entry.proof = call(powContract.challenge, { body: { action } }).then((challenge) => {
    entry.expiresAt = challenge.parameters.expiresAt;
    return solve(challenge);
  });
  // A failed preparation is started again when the proof is taken.
  entry.proof.catch(() => {
    if (prepared.get(action) === entry) prepared.delete(action);
  });
  return entry;
}

/** Starts fetching and solving a challenge for `action` now, unless one is ready or on its way. */
export function preparePow(action: PowAction): void {
  const current = prepared.get(action);
  if (current && current.expiresAt - MARGIN_SECONDS > Date.now() / 1000) return;
  prepared.set(action, start(action));
}

/** Resolves once a prepared proof for `action` is solved (or its preparation failed: taking it then tries again). */
export async function powReady(action: PowAction): Promise<void> {
  preparePow(action);
  await prepared.get(action)?.proof.catch(() => undefined);
}

/** A proof for `action`, the prepared one if it is still fresh, otherwise a new one; never the same twice. */
export async function takePow(action: PowAction): Promise<string> {
  let entry = prepared.get(action);
  prepared.delete(action);
  if (!entry || entry.expiresAt - MARGIN_SECONDS <= Date.now() / 1000) entry = start(action);
  try {
    return await entry.proof;
  } catch {
    return start(action).proof; // the prepared one failed (offline for a moment?): once more
  }
}

/**
 * Runs `send` with a proof for `action`; when the api refuses the proof (expired while the
 * person waited, or used), once more with a new one.
 */
export async function withPow<T>(action: PowAction, send: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await send({ [POW_HEADER]: await takePow(action) });
  } catch (error) {
    if (!isApiError(error, GeneralError.PowInvalid) && !isApiError(error, GeneralError.PowRequired)) throw error;
    return send({ [POW_HEADER]: await takePow(action) });
  }
}
