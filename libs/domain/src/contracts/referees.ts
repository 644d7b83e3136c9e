/**
 * Referees of an application (issue 17, docs/calls.md "Referees"): the shapes on the wire and the
 * endpoints. The applicant names up to REFEREES_MAX referees; each gets a one-time link whose
 * token the server keeps only as a SHA-256 hash. The referee's name and e-mail are a signed record
 * written in the applicant's browser (libs/crypto purpose `application`, AD = the referee's id)
 * under a key sealed to the programme desk's current certified key and to the applicant. The
 * referee's letter is a signed record written in the referee's browser (purpose `application`,
 * AD = the letter's id) under a letter key sealed to the programme desk's current key only: the
 * applicant never holds a key that opens it, and no route gives it to them.
 *
 * - `/api/v1/requester/application/referees…` (the signed-in applicant): name a referee (until
 *   the call's deadline), list them (status only, and their own record of whom they named),
 *   revoke a link not yet used.
 * - `/api/v1/referee/…` (anyone holding a link's token, sent in the body, never in a URL):
 *   what the link is for, and the letter (once, with a proof of work `referee-letter`).
 * - `/api/v1/programme/…` (programme managers): an application's referees and a letter.
 */
import { z } from 'zod';
import { caseKeyEnvelopeSchema, deskKeyVersionSchema, idSchema, kidSchema, publicKeySchema, recordCiphertextSchema, storedEnvelopeSchema } from '../case-api';
import { applicationEnvelopesSchema } from './applications';
import { defineEndpoint, emptyBodySchema } from './endpoint';

/** Most referees (not revoked) one application names. */
export const REFEREES_MAX = 3;
/** How long a referee's link lives at most; it ends earlier at the end of the call's decision date (in the call's zone). */
export const REFEREE_LINK_DAYS = 14;
/** Largest `a1.` string of a referee's details (their name, e-mail, how they know the applicant): a few padded blocks. */
export const REFEREE_DETAILS_MAX_LENGTH = 4096;

/** A referee slot's status: `expired` is an invitation whose link's time has passed (computed, not stored). */
export const REFEREE_STATUSES = ['invited', 'letter_received', 'expired', 'revoked'] as const;
export type RefereeStatus = (typeof REFEREE_STATUSES)[number];

/** A link's token: 32 random bytes in base64url (43 characters), carried in the link's fragment and sent in a body. */
export const refereeTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'Expected a referee link’s token' });

const detailsCiphertextSchema = z
  .string()
  .max(REFEREE_DETAILS_MAX_LENGTH, { error: 'The referee’s details are too large' })
  .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' });

/**
 * POST /requester/application/referees. `refereeId` is the browser's (it is bound into the AD of
 * the details record and the envelopes). `details`: the signed record (purpose `application`,
 * AD = refereeId, body `{ kind: 'referee', applicationId, name, email, relation? }`)
 * and its key sealed to the programme desk's current key and to the applicant, both signed by
 * the applicant.
 */
export const refereeNameSchema = z.strictObject({
  refereeId: idSchema,
  details: z.strictObject({ ciphertext: detailsCiphertextSchema, authorKid: kidSchema }),
  envelopes: applicationEnvelopesSchema,
});
export type RefereeName = z.infer<typeof refereeNameSchema>;

/** The answer to naming: the token, shown this once (the server keeps its hash), and when the link ends. */
export const refereeLinkSchema = z.object({ refereeId: z.string(), token: z.string(), expiresAt: z.string() });

/** A referee slot as kept in clear. Times are to the minute. */
export const refereeFactsSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  status: z.enum(REFEREE_STATUSES),
  createdAt: z.string(),
  expiresAt: z.string(),
  letterAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type RefereeFacts = z.infer<typeof refereeFactsSchema>;

const detailsSchema = z.object({ ciphertext: z.string(), authorKid: z.string() });

/** GET /requester/application/referees: each slot, the details the applicant wrote and their own envelope of its key. Never a letter. */
export const requesterRefereesSchema = z.object({
  items: z.array(refereeFactsSchema.extend({ details: detailsSchema, envelope: storedEnvelopeSchema })),
});
export type RequesterReferees = z.infer<typeof requesterRefereesSchema>;

/** An envelope to a programme-desk key version, as stored. */
export const refereeDeskEnvelopeSchema = storedEnvelopeSchema.extend({ deskId: z.string(), version: deskKeyVersionSchema, createdAt: z.string() });

/**
 * GET /programme/applications/:id/referees: each slot with the details the applicant wrote
 * (signed by the applicant: their key is in GET /programme/applications/:id) and the envelopes
 * of its key to the programme-desk key versions the reader holds; `letterId` once a letter came.
 */
export const programmeRefereesSchema = z.object({
  applicationId: z.string(),
  items: z.array(refereeFactsSchema.extend({ details: detailsSchema, envelopes: z.array(refereeDeskEnvelopeSchema), letterId: z.string().nullable() })),
});
export type ProgrammeReferees = z.infer<typeof programmeRefereesSchema>;

/**
 * GET /programme/referees/:id/letter: the letter (purpose `application`, AD = letterId, body
 * `{ kind: 'referee-letter', applicationId, refereeId, letter }`), the referee's signing key (made
 * in their browser for this letter), and the envelopes of the letter key to the reader's
 * programme-desk key versions.
 */
export const programmeRefereeLetterSchema = z.object({
  refereeId: z.string(),
  applicationId: z.string(),
  letter: z.object({ id: z.string(), ciphertext: z.string(), authorKid: z.string(), signPk: z.string(), createdAt: z.string() }),
  envelopes: z.array(refereeDeskEnvelopeSchema),
});
export type ProgrammeRefereeLetter = z.infer<typeof programmeRefereeLetterSchema>;

/** POST /referee/link: the token from the link's fragment. */
export const refereeTokenBodySchema = z.strictObject({ token: refereeTokenSchema });

/**
 * What a referee's browser needs to write the letter: the application and slot it is for, and
 * the programme desk and its current certified key version (the browser verifies that key's
 * history to the root, GET /desks/:id/history, before sealing to it).
 */
export const refereeLinkViewSchema = z.object({
  refereeId: z.string(),
  applicationId: z.string(),
  callId: z.string(),
  expiresAt: z.string(),
  desk: z.object({ deskId: z.string(), version: z.number() }),
});
export type RefereeLinkView = z.infer<typeof refereeLinkViewSchema>;

/**
 * POST /referee/letter (proof of work `referee-letter`): the token, the letter's id (the
 * browser's, bound into the AD), the referee's signing key made for this letter, the signed record
 * and exactly one envelope, to the programme desk's current certified key, signed by that key.
 */
export const refereeLetterSchema = z.strictObject({
  token: refereeTokenSchema,
  letterId: idSchema,
  signPk: publicKeySchema,
  record: z.strictObject({ ciphertext: recordCiphertextSchema, authorKid: kidSchema }),
  envelope: caseKeyEnvelopeSchema.extend({ recipient: z.strictObject({ kind: z.literal('desk'), deskId: idSchema, version: deskKeyVersionSchema }) }),
});
export type RefereeLetter = z.infer<typeof refereeLetterSchema>;

const refereeParams = z.strictObject({ id: idSchema });

/** The signed-in applicant. */
export const requesterRefereesContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/requester/application/referees', status: 200, response: requesterRefereesSchema }),
  name: defineEndpoint({ method: 'POST', path: '/api/v1/requester/application/referees', status: 201, body: refereeNameSchema, response: refereeLinkSchema }),
  revoke: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/application/referees/:id/revocation',
    status: 200,
    params: refereeParams,
    body: emptyBodySchema,
    response: refereeFactsSchema,
  }),
} as const;

/** Whoever holds a link's token (a referee): the token goes in the body, never in a URL. */
export const refereeLinkContract = {
  open: defineEndpoint({ method: 'POST', path: '/api/v1/referee/link', status: 200, body: refereeTokenBodySchema, response: refereeLinkViewSchema }),
  letter: defineEndpoint({
    method: 'POST',
    path: '/api/v1/referee/letter',
    status: 201,
    body: refereeLetterSchema,
    response: z.object({ refereeId: z.string(), letterId: z.string() }),
  }),
} as const;

/** Programme managers. */
export const programmeRefereesContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/programme/applications/:id/referees', status: 200, params: refereeParams, response: programmeRefereesSchema }),
  letter: defineEndpoint({ method: 'GET', path: '/api/v1/programme/referees/:id/letter', status: 200, params: refereeParams, response: programmeRefereeLetterSchema }),
} as const;
