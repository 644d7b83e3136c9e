/**
 * Proof of work for the anonymous routes (docs/decisions.md "Proof of work (issue 15, item 6)"):
 * the caller asks for a challenge bound to one action, solves it in a worker (ALTCHA v2,
 * SHA-256, deterministic mode), and sends challenge and solution in the `Ashar-Pow` header of the
 * action's request. A header, so the actions' bodies and schemas stay as they are.
 */
import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/** The actions a proof is bound to; a proof for one is refused by the others. */
export const POW_ACTIONS = ['intake', 'requester-challenge', 'file-create', 'application', 'referee-letter'] as const;
export type PowAction = (typeof POW_ACTIONS)[number];

/** The request header that carries the proof: the JSON of `PowProof`, at most POW_HEADER_MAX_LENGTH characters. */
export const POW_HEADER = 'ashar-pow';
export const POW_HEADER_MAX_LENGTH = 2048;

const hex = (min: number, max: number) => z.string().min(min).max(max).regex(/^[0-9a-f]+$/);

/** A challenge as the api signs it (ALTCHA v2 `Challenge`, without the optional code challenge). */
export const powChallengeSchema = z.strictObject({
  parameters: z.strictObject({
    algorithm: z.literal('SHA-256'),
    nonce: hex(32, 32),
    salt: hex(32, 32),
    cost: z.number().int().min(1).max(16),
    keyLength: z.literal(32),
    keyPrefix: hex(2, 64),
    keySignature: hex(64, 64),
    expiresAt: z.number().int().positive(),
    data: z.strictObject({ action: z.enum(POW_ACTIONS), maxNumber: z.number().int().positive() }),
  }),
  signature: hex(64, 64),
});
export type PowChallenge = z.output<typeof powChallengeSchema>;

/** What the header carries: the challenge as received and the solver's answer. */
export const powProofSchema = z.strictObject({
  challenge: powChallengeSchema,
  solution: z.strictObject({ counter: z.number().int().min(0).max(0xffffffff), derivedKey: hex(64, 64), time: z.number().min(0).max(1e9).optional() }),
});
export type PowProof = z.output<typeof powProofSchema>;

export const powContract = {
  challenge: defineEndpoint({
    method: 'POST',
    path: '/api/v1/pow/challenge',
    status: 200,
    body: z.strictObject({ action: z.enum(POW_ACTIONS) }),
    response: powChallengeSchema,
  }),
} as const;
