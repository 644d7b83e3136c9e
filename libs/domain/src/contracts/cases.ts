/**
 * The aid-case endpoints (docs/cases-api.md): the intake, the staff inbox and work on a case,
 * the requester's own case, and re-sealing a desk's open cases after a key rotation.
 */
import { z } from 'zod';
import {
  INBOX_PAGE_DEFAULT,
  INBOX_PAGE_MAX,
  assignCaseSchema,
  caseAssigneeSchema,
  caseRecordInputSchema,
  caseSummarySchema,
  caseTransitionSchema,
  caseViewSchema,
  idSchema,
  inboxPageSchema,
  intakeRequestSchema,
  referralSchema,
  requesterCaseViewSchema,
  setUrgencySchema,
  staffKeyCreateSchema,
} from '../case-api';
import { inboxDesksSchema, inboxKeysQuerySchema, inboxKeysSchema } from '../inbox-api';
import { resealBatchResultSchema, resealBatchSchema, resealPageSchema, resealQuerySchema } from '../desk-reseal';
import { CASE_STATUSES, REQUEST_TYPES, URGENCIES, caseStatusSchema } from '../vocabulary';
import { defineEndpoint, htmlPage, urlEncodedForm } from './endpoint';

/** A comma-separated list of known words, e.g. `status=new,triaged`. */
const listOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((text) => [...new Set(text.split(','))])
    .pipe(z.array(z.enum(values)).min(1));

/** GET /cases: a desk's inbox (or the caller's assigned cases), filtered and keyset-paged. */
export const inboxQuerySchema = z.strictObject({
  deskId: idSchema.optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), idSchema]).optional(),
  status: listOf(CASE_STATUSES).optional(),
  urgency: listOf(URGENCIES).optional(),
  type: listOf(REQUEST_TYPES).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(['due', 'created']).default('due'),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(INBOX_PAGE_DEFAULT),
});

const caseParams = z.strictObject({ id: idSchema });
const recordCreated = z.object({ id: z.string() });

export const casesContract = {
  inbox: defineEndpoint({ method: 'GET', path: '/api/v1/cases', status: 200, query: inboxQuerySchema, response: inboxPageSchema }),
  /** The open work of each of the caller's desks (issue 16): the inbox opens on the most urgent one. */
  inboxDesks: defineEndpoint({ method: 'GET', path: '/api/v1/cases/inbox/desks', status: 200, response: inboxDesksSchema }),
  /** The caller's case key envelopes of an inbox page's cases, to open their subject lines in the browser. */
  inboxKeys: defineEndpoint({ method: 'GET', path: '/api/v1/cases/inbox/keys', status: 200, query: inboxKeysQuerySchema, response: inboxKeysSchema }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:id', status: 200, params: caseParams, response: caseViewSchema }),
  setUrgency: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/urgency', status: 200, params: caseParams, body: setUrgencySchema, response: caseSummarySchema }),
  assignees: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:id/assignees', status: 200, params: caseParams, response: z.array(caseAssigneeSchema) }),
  assign: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/assign', status: 200, params: caseParams, body: assignCaseSchema, response: caseSummarySchema }),
  transition: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/transitions', status: 200, params: caseParams, body: caseTransitionSchema, response: caseSummarySchema }),
  addNote: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/notes', status: 201, params: caseParams, body: caseRecordInputSchema, response: recordCreated }),
  addMessage: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/messages', status: 201, params: caseParams, body: caseRecordInputSchema, response: recordCreated }),
  refer: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/referrals', status: 201, params: caseParams, body: referralSchema, response: caseSummarySchema }),
  addStaffKey: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:id/staff-keys', status: 201, params: caseParams, body: staffKeyCreateSchema, response: z.object({ epoch: z.number() }) }),
} as const;

/** GET /intake/config: what the portal needs before it encrypts. */
export const intakeConfigSchema = z.object({
  /** The receipt key salt. */
  instanceId: z.string(),
  recordCiphertextMaxLength: z.number(),
  fileMaxBytes: z.number(),
  filesPerCaseMax: z.number(),
  /** Where the quick exit goes (EXIT_URL): a path of this deployment or an http(s) address. */
  exitUrl: z.string().max(2048),
});
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;

export const intakeContract = {
  config: defineEndpoint({ method: 'GET', path: '/api/v1/intake/config', status: 200, response: intakeConfigSchema }),
  submit: defineEndpoint({ method: 'POST', path: '/api/v1/intake', status: 201, body: intakeRequestSchema, response: z.object({ caseId: z.string() }) }),
  /**
   * The form without JavaScript (NOSCRIPT_INTAKE): the api seals the request itself. The answer is
   * an HTML page in the `lang` of the query: the receipt code, or the form again with the reason.
   */
  noScript: defineEndpoint({
    method: 'POST',
    path: '/api/v1/intake/no-script',
    status: 200,
    query: z.object({ lang: z.string().max(20).optional() }),
    body: urlEncodedForm,
    response: htmlPage,
  }),
} as const;

export const requesterCaseContract = {
  view: defineEndpoint({ method: 'GET', path: '/api/v1/requester/case', status: 200, response: requesterCaseViewSchema }),
  reply: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/case/messages',
    status: 201,
    body: caseRecordInputSchema,
    response: z.object({ id: z.string(), status: caseStatusSchema }),
  }),
} as const;

const deskParams = z.strictObject({ deskId: idSchema });

export const deskResealContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/reseal', status: 200, params: deskParams, query: resealQuerySchema, response: resealPageSchema }),
  reseal: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/reseal', status: 200, params: deskParams, body: resealBatchSchema, response: resealBatchResultSchema }),
} as const;
