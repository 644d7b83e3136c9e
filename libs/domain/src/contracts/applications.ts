/**
 * Applications to a call (issue 17, docs/calls.md "Applications"): the shapes on the wire and the
 * endpoints. Everything an applicant writes (the form's answers, an organisation's name and its
 * contact person, later their files) is one signed record encrypted in the browser (libs/crypto
 * SPEC.md §10.1, purpose `application`, AD = the application id) under an application key sealed
 * to the programme desk's current certified key and to the applicant's receipt keys. In clear:
 * the call, whether a person or an organisation applies, the country (for the quotas), the
 * language the applicant uses (for the messages they will get), the status and the times.
 *
 * - `POST /api/v1/calls/:id/applications` (anyone, proof of work `application`): a new
 *   application, its receipt keys becoming a requester account (follow-up sign-in is reused).
 * - `/api/v1/requester/application…` (the signed-in applicant): read it, send a new version,
 *   withdraw it, until the call's deadline.
 * - `/api/v1/programme/…` (programme managers): a call's applications (metadata only) and one
 *   application's latest version with the envelopes for the reader's programme-desk keys.
 */
import { z } from 'zod';
import { caseKeyEnvelopeSchema, deskKeyVersionSchema, idSchema, intakeEnvelopeRecipientSchema, kidSchema, publicKeySchema, recordCiphertextSchema, storedEnvelopeSchema } from '../case-api';
import { countryCodeSchema } from '../countries';
import { languageTagSchema } from '../languages';
import { defineEndpoint, emptyBodySchema } from './endpoint';

export const APPLICANT_KINDS = ['person', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const applicantKindSchema = z.enum(APPLICANT_KINDS);

export const APPLICATION_STATUSES = ['submitted', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);

/** Most versions one application keeps (each a new record of up to CASE_RECORD_CIPHERTEXT_MAX_LENGTH). */
export const APPLICATION_VERSIONS_MAX = 50;
/** Largest page of a call's applications. */
export const APPLICATION_PAGE_MAX = 200;
export const APPLICATION_PAGE_DEFAULT = 50;
export { PROGRAMME_DESK_SLUG } from '../principal';

/** A version's signed record: the ciphertext (purpose `application`) and, in clear, the applicant's signing key id. */
export const applicationRecordSchema = z.strictObject({ ciphertext: recordCiphertextSchema, authorKid: kidSchema });

/**
 * The envelopes of a version: the application key sealed to the programme desk's current
 * certified key and to the applicant, both signed by the applicant (exactly these two).
 */
export const applicationEnvelopesSchema = z.array(caseKeyEnvelopeSchema.extend({ recipient: intakeEnvelopeRecipientSchema })).length(2);

/** POST /calls/:id/applications. The application id is the applicant's (it is bound into the AD) and makes a retry safe. */
export const applicationSubmitSchema = z.strictObject({
  applicationId: idSchema,
  applicantKind: applicantKindSchema,
  country: countryCodeSchema,
  language: languageTagSchema,
  applicant: z.strictObject({ encPk: publicKeySchema, signPk: publicKeySchema }),
  record: applicationRecordSchema,
  envelopes: applicationEnvelopesSchema,
});
export type ApplicationSubmit = z.infer<typeof applicationSubmitSchema>;

/** POST /requester/application/versions: `version` is the next number (the latest + 1), so two tabs cannot overwrite each other. */
export const applicationRevisionSchema = z.strictObject({
  version: z.number().int().min(2).max(APPLICATION_VERSIONS_MAX),
  record: applicationRecordSchema,
  envelopes: applicationEnvelopesSchema,
});
export type ApplicationRevision = z.infer<typeof applicationRevisionSchema>;

/** The facts kept in clear. Requester-caused times are to the minute (docs/decisions.md, "Requester times"). */
export const applicationFactsSchema = z.object({
  id: z.string(),
  callId: z.string(),
  applicantKind: applicantKindSchema,
  country: z.string(),
  language: z.string(),
  status: applicationStatusSchema,
  /** The latest version's number. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type ApplicationFacts = z.infer<typeof applicationFactsSchema>;

export const applicationVersionItemSchema = z.object({ version: z.number(), createdAt: z.string() });

/** The latest version's record. */
export const applicationVersionSchema = z.object({ version: z.number(), ciphertext: z.string(), authorKid: z.string(), createdAt: z.string() });

/** An envelope of a version as stored, to a programme-desk key version. */
export const applicationDeskEnvelopeSchema = storedEnvelopeSchema.extend({ deskId: z.string(), version: deskKeyVersionSchema, createdAt: z.string() });

/** GET /requester/application: the applicant's own application. */
export const requesterApplicationViewSchema = z.object({
  application: applicationFactsSchema,
  latest: applicationVersionSchema,
  /** The applicant's own envelope of the latest version's key. */
  envelope: storedEnvelopeSchema,
  versions: z.array(applicationVersionItemSchema),
});
export type RequesterApplicationView = z.infer<typeof requesterApplicationViewSchema>;

/**
 * GET /programme/applications/:id: the latest version and what a reader needs to open and trust
 * it: the applicant's public keys (the record's author), the applicant's own envelope (to bind
 * their encryption key to the signing key, as SPEC.md §9.1 does for a case), and the envelopes to
 * the programme-desk key versions the reader holds (none: the reader holds no programme-desk key).
 */
export const programmeApplicationViewSchema = z.object({
  application: applicationFactsSchema,
  applicant: z.object({ encPk: z.string(), signPk: z.string() }),
  applicantEnvelope: storedEnvelopeSchema,
  latest: applicationVersionSchema,
  envelopes: z.array(applicationDeskEnvelopeSchema),
  versions: z.array(applicationVersionItemSchema),
});
export type ProgrammeApplicationView = z.infer<typeof programmeApplicationViewSchema>;

/** GET /programme/calls/:id/applications: metadata only, filtered in SQL, keyset-paged (oldest first). */
export const applicationListQuerySchema = z.strictObject({
  status: applicationStatusSchema.optional(),
  country: countryCodeSchema.optional(),
  applicantKind: applicantKindSchema.optional(),
  /** The id of the last application of the previous page. */
  after: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(APPLICATION_PAGE_MAX).default(APPLICATION_PAGE_DEFAULT),
});
export const applicationListSchema = z.object({ items: z.array(applicationFactsSchema), next: z.string().nullable() });
export type ApplicationList = z.infer<typeof applicationListSchema>;

const callParams = z.strictObject({ id: idSchema });
const applicationParams = z.strictObject({ id: idSchema });

/** The public side: anyone applies to an open call. */
export const applicationsContract = {
  submit: defineEndpoint({
    method: 'POST',
    path: '/api/v1/calls/:id/applications',
    status: 201,
    params: callParams,
    body: applicationSubmitSchema,
    response: z.object({ applicationId: z.string(), version: z.number() }),
  }),
} as const;

/** The signed-in applicant (receipt sign-in, as a requester). */
export const requesterApplicationContract = {
  view: defineEndpoint({ method: 'GET', path: '/api/v1/requester/application', status: 200, response: requesterApplicationViewSchema }),
  revise: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/application/versions',
    status: 201,
    body: applicationRevisionSchema,
    response: z.object({ applicationId: z.string(), version: z.number() }),
  }),
  withdraw: defineEndpoint({ method: 'POST', path: '/api/v1/requester/application/withdrawal', status: 200, body: emptyBodySchema, response: applicationFactsSchema }),
} as const;

/** Programme managers. */
export const programmeApplicationsContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/programme/calls/:id/applications', status: 200, params: callParams, query: applicationListQuerySchema, response: applicationListSchema }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/programme/applications/:id', status: 200, params: applicationParams, response: programmeApplicationViewSchema }),
} as const;
