/**
 * Proof of work as a client does it (docs/decisions.md "Proof of work"): ask the api for a
 * challenge for an action, solve it with altcha-lib's solver (SHA-256, Node's hashes), and send
 * challenge and solution in the Ashar-Pow header.
 */
import { type Server } from 'node:http';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { POW_HEADER, type PowAction, type PowChallenge } from '@ashar/domain';
import request from 'supertest';

export { POW_HEADER };

/** A fresh challenge for `action`, as the api issues it. */
export async function powChallenge(http: Server, action: PowAction): Promise<PowChallenge> {
  return (await request(http).post('/api/v1/pow/challenge').send({ action }).expect(200)).body as PowChallenge;
}

/** The header value proving work on `challenge`. */
export async function solvePow(challenge: PowChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the proof-of-work challenge was not solved in time');
  return JSON.stringify({ challenge, solution });
}

/** A challenge for `action`, fetched and solved: the Ashar-Pow header's value. */
export async function powProof(http: Server, action: PowAction): Promise<string> {
  return solvePow(await powChallenge(http, action));
}

/** The action a POST to this api path proves work for (intake, receipt challenge, a new file), if any. */
export function powActionOf(path: string): PowAction | undefined {
  const p = path.replace(/^\/api\/v1/, '').replace(/\?.*$/, '');
  if (p === '/intake') return 'intake';
  if (p === '/requester/challenge') return 'requester-challenge';
  if (/^\/calls\/[^/]+\/applications$/.test(p)) return 'application';
  if (p === '/referee/letter') return 'referee-letter';
  if (/^\/cases\/[^/]+\/files$/.test(p) || /^\/requester\/grants\/[^/]+\/reports\/[^/]+\/files$/.test(p)) return 'file-create';
  return undefined;
}

/**
 * Adds a solved proof for `action` to a supertest request just before it is sent, so a helper can
 * keep answering a chainable request (`.expect(...)`).
 */
export function withPow<T extends request.Test>(test: T, http: Server, action: PowAction | undefined): T {
  if (!action) return test;
  const end = test.end.bind(test);
  const deferred = (callback?: Parameters<request.Test['end']>[0]) => {
    powProof(http, action).then(
      (proof) => {
        test.set(POW_HEADER, proof);
        end(callback);
      },
      (err: Error) => callback?.(err, undefined as never),
    );
    return test;
  };
  Object.assign(test, { end: deferred });
  return test;
}
