/**
 * Re-sealing a desk's open cases after a desk key rotation (docs/cases-api.md, "Re-sealing
 * after a desk key rotation"): a desk lead's browser lists the open cases whose case key is
 * sealed only to older versions of the desk key, opens each with the old version and seals it
 * to the current certified version, signed by the lead, and sends the new envelopes in batches.
 */
import { z } from 'zod';
import { caseKeyEnvelopeSchema, deskKeyVersionSchema, idSchema, partySchema, requesterKeysSchema, storedEnvelopeSchema } from './case-api';

/** Most cases in one page of the list, and most envelopes in one batch. */
export const RESEAL_BATCH_MAX = 100;
export const RESEAL_PAGE_DEFAULT = 50;

/** GET /desks/:deskId/reseal query. */
export const resealQuerySchema = z.strictObject({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(RESEAL_BATCH_MAX).default(RESEAL_PAGE_DEFAULT),
});

/** POST /desks/:deskId/reseal: new desk envelopes for the current certified version, one per case. */
export const resealBatchSchema = z.strictObject({
  version: deskKeyVersionSchema,
  envelopes: z
    .array(caseKeyEnvelopeSchema.extend({ caseId: idSchema, staffEnvelope: caseKeyEnvelopeSchema.optional() }))
    .min(1)
    .max(RESEAL_BATCH_MAX)
    .refine((envelopes) => new Set(envelopes.map((g) => g.caseId)).size === envelopes.length, { error: 'Each case may appear only once' }),
});
export type ResealBatch = z.infer<typeof resealBatchSchema>;

/** One open case to re-seal, with the desk envelope of the newest older version it has. */
export const resealItemSchema = z.object({
  caseId: z.string(),
  createdAt: z.string(),
  /**
   * The envelope to open: sealed to `version` of this desk, signed by `sealer`, stored by the server
   * at `createdAt` (the sealer's and the desk version's certificates are checked as of then).
   */
  envelope: z.object({ version: z.number(), sealedKey: z.string(), sealerKid: z.string(), signature: z.string(), sealer: partySchema, createdAt: z.string() }),
  /** The case's requester keys (they signed intake envelopes), or null for a case without a requester. */
  requester: requesterKeysSchema.nullable(),
  /** The request record and the requester's own envelope: the case key is checked against them before it is sealed again (SPEC.md §9.1). */
  request: z.object({ id: z.string(), ciphertext: z.string(), authorKid: z.string() }).nullable(),
  requesterEnvelope: storedEnvelopeSchema.nullable(),
  /**
   * The staff-only key of the case's epoch (SPEC.md §9.2), when it has one: its binding, and its envelope to the
   * same older desk version. The new batch then carries `staffEnvelope`, the staff-only key sealed to the current version.
   */
  staffKey: z
    .object({ epoch: z.number(), bind: z.string(), envelope: z.object({ version: z.number(), sealedKey: z.string(), sealerKid: z.string(), signature: z.string(), sealer: partySchema, createdAt: z.string() }).nullable() })
    .nullable(),
});
export type ResealItem = z.infer<typeof resealItemSchema>;

export const resealPageSchema = z.object({
  /** The desk's current certified key version (what the new envelopes are sealed to), or null without one. */
  version: z.number().nullable(),
  /** How many open cases still lack an envelope for `version`: on the first page only, null on later ones. */
  total: z.number().nullable(),
  items: z.array(resealItemSchema),
  /** Opaque cursor of the next page (`after=`), null on the last page. */
  next: z.string().nullable(),
});
export type ResealPage = z.infer<typeof resealPageSchema>;

export const resealBatchResultSchema = z.object({
  version: z.number(),
  /** Cases that got their envelope now. */
  resealed: z.array(z.string()),
  /** Cases that already had an envelope for `version` (sent again): nothing was written for them. */
  unchanged: z.array(z.string()),
});
export type ResealBatchResult = z.infer<typeof resealBatchResultSchema>;
