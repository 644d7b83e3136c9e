/**
 * Re-sealing a desk's open cases after a desk key rotation (docs/cases-api.md, "Re-sealing
 * after a desk key rotation"): a desk lead's browser lists the open cases whose newest key epoch
 * is sealed only to older versions of the desk key, opens each with an old version, checks it,
 * and gives the case a new key epoch (libs/crypto SPEC.md §9.4) — a new case key and staff-only
 * key linked to the old ones and sealed to every desk holding the case at its current certified
 * version and to the requester, signed by the lead — sent in batches.
 */
import { z } from 'zod';
import { CASE_COLLABORATORS_MAX, caseKeyEnvelopeSchema, deskKeyVersionSchema, epochSchema, idSchema, partySchema, requesterKeysSchema, storedEnvelopeSchema, wrappedKeySchema } from './case-api';

/**
 * Most cases in one page of the list, and in one batch: each case's batch entry carries the keys of its
 * new epoch sealed to every desk that holds it and to the requester (about 2.5 KiB for a case held by two
 * desks), so a batch stays far below its body limit.
 */
export const RESEAL_BATCH_MAX = 20;
export const RESEAL_PAGE_DEFAULT = 20;

/** GET /desks/:deskId/reseal query. */
export const resealQuerySchema = z.strictObject({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(RESEAL_BATCH_MAX).default(RESEAL_PAGE_DEFAULT),
});

/** Who a new epoch's envelope is for: a desk holding the case (its current certified version), or the requester (case key only). */
export const resealRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('desk'), deskId: idSchema, version: deskKeyVersionSchema }),
  z.strictObject({ kind: z.literal('requester') }),
]);

/** Most envelopes of one case's new epoch: its case key and staff-only key to each of at most 17 desks, and the case key to the requester. */
export const RESEAL_ENVELOPES_MAX = 2 * (CASE_COLLABORATORS_MAX + 1) + 1;

/**
 * POST /desks/:deskId/reseal: for each case, its next key epoch (SPEC.md §9.4), made in the lead's browser:
 * the new case key's link to the previous one, the new staff-only key's binding (and link, when the
 * previous epoch has one), and the envelopes of both to every desk holding the case at its current
 * certified version and of the case key to the requester, all signed by the lead.
 */
export const resealBatchSchema = z.strictObject({
  version: deskKeyVersionSchema,
  cases: z
    .array(
      z.strictObject({
        caseId: idSchema,
        epoch: epochSchema,
        caseKeyLink: wrappedKeySchema,
        staffKey: z.strictObject({ bind: wrappedKeySchema, link: wrappedKeySchema.optional() }),
        envelopes: z.array(caseKeyEnvelopeSchema.extend({ keyKind: z.enum(['case', 'staff']), recipient: resealRecipientSchema })).min(2).max(RESEAL_ENVELOPES_MAX),
      }),
    )
    .min(1)
    .max(RESEAL_BATCH_MAX)
    .refine((cases) => new Set(cases.map((c) => c.caseId)).size === cases.length, { error: 'Each case may appear only once' }),
});
export type ResealBatch = z.infer<typeof resealBatchSchema>;

const storedDeskEnvelopeSchema = z.object({ version: z.number(), sealedKey: z.string(), sealerKid: z.string(), signature: z.string(), sealer: partySchema, createdAt: z.string() });

/** One open case to re-seal: its newest epoch's keys as this desk holds them (an older version), and what checks them. */
export const resealItemSchema = z.object({
  caseId: z.string(),
  createdAt: z.string(),
  /** The case's newest key epoch: the re-seal makes `epoch + 1`. */
  epoch: z.number(),
  /**
   * The case key envelope of `epoch` to the newest older version of this desk's key, signed by `sealer`, stored by
   * the server at `createdAt` (the sealer's and the desk version's certificates are checked as of then).
   */
  envelope: storedDeskEnvelopeSchema,
  /** The staff-only key of `epoch`, when the case has one: its binding, and its envelope to an older version of this desk. */
  staffKey: z.object({ bind: z.string(), envelope: storedDeskEnvelopeSchema.nullable() }).nullable(),
  /** The links of epochs 2 … `epoch`: the case key is walked down to epoch 1 and checked there (SPEC.md §9.1, §9.4). */
  caseKeyLinks: z.array(z.object({ epoch: z.number(), link: z.string() })),
  /** The desks holding the case (owner first): the new epoch is sealed to each one's current certified version. */
  holdingDeskIds: z.array(z.string()),
  /** The case's requester keys (they signed intake envelopes; the new case key is sealed to them), or null for a case without a requester. */
  requester: requesterKeysSchema.nullable(),
  /** The request record and the requester's own envelope: the case key is checked against them before anything is sealed (SPEC.md §9.1). */
  request: z.object({ id: z.string(), ciphertext: z.string(), authorKid: z.string() }).nullable(),
  requesterEnvelope: storedEnvelopeSchema.nullable(),
});
export type ResealItem = z.infer<typeof resealItemSchema>;

export const resealPageSchema = z.object({
  /** The desk's current certified key version (what the new envelopes are sealed to), or null without one. */
  version: z.number().nullable(),
  /** How many open cases still lack an envelope of their newest epoch for `version`: on the first page only, null on later ones. */
  total: z.number().nullable(),
  items: z.array(resealItemSchema),
  /** Opaque cursor of the next page (`after=`), null on the last page. */
  next: z.string().nullable(),
});
export type ResealPage = z.infer<typeof resealPageSchema>;

export const resealBatchResultSchema = z.object({
  version: z.number(),
  /** Cases that got their new epoch now. */
  resealed: z.array(z.string()),
  /** Cases already re-sealed for `version` (sent again, or by another lead meanwhile): nothing was written for them. */
  unchanged: z.array(z.string()),
});
export type ResealBatchResult = z.infer<typeof resealBatchResultSchema>;
