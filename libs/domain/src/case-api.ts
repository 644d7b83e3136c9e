/**
 * The contract of the aid-case api (docs/cases-api.md): request bodies as zod schemas, with a
 * size limit on every field, and the shapes of the answers. The api validates with these
 * schemas; the web app builds its requests against them. Byte strings are base64url without
 * padding; formats beyond the shape (a1/s1 strings, signatures) are checked by the api with
 * libs/crypto, which this library does not import.
 *
 * Ids that enter associated data (case and record ids) must be written exactly as the server
 * stores and returns them, so they are lower-case UUIDs: an upper-case id would come back
 * lower-cased and no longer match the AD the client encrypted with.
 */
import { z } from 'zod';
import { countryCodeSchema } from './countries';
import { languageTagSchema } from './languages';
import { caseStatusSchema, recordKindSchema, requestTypeSchema, urgencySchema } from './vocabulary';
import { REQUESTER_STATUSES } from './case-work';

/** Longest case record ciphertext string: a1 header (59 characters) + 96 KiB + 16 bytes of padded ciphertext in base64url. */
export const CASE_RECORD_CIPHERTEXT_MAX_LENGTH = 131_200;
/** Most plaintext (signature + canonical JSON, before padding) a case record may hold: 96 KiB minus the padding byte. */
export const CASE_RECORD_PLAINTEXT_MAX_BYTES = 96 * 1024 - 1;
/** Largest inbox page. */
export const INBOX_PAGE_MAX = 100;
export const INBOX_PAGE_DEFAULT = 25;
/** Most desks a case can be referred to (besides its owner). */
export const CASE_COLLABORATORS_MAX = 16;

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A lower-case UUID (see the module note). */
export const idSchema = z.string().regex(LOWER_UUID, { error: 'Expected a lower-case UUID' });

const b64url = (length: number, what: string) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`), { error: `Expected ${what}` });
export const kidSchema = b64url(22, 'a 22-character key id');
export const publicKeySchema = b64url(43, 'a 32-byte public key in base64url');
export const signatureSchema = b64url(86, 'a 64-byte signature in base64url');
export const sealedKeySchema = z.string().max(512).regex(/^s1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an s1. sealed key' });
export const recordCiphertextSchema = z
  .string()
  .max(CASE_RECORD_CIPHERTEXT_MAX_LENGTH, { error: 'The record is too large' })
  .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' });
export const deskKeyVersionSchema = z.number().int().min(1).max(2 ** 31 - 1);
/** A case key epoch (libs/crypto SPEC.md §9.4): 1 from intake, one more at each re-seal after a rotation. */
export const epochSchema = z.number().int().min(1).max(2 ** 31 - 1);
/** An `a1.` string holding one 32-byte key (a staff-only key's binding, a key link): exactly 123 characters. */
export const wrappedKeySchema = z
  .string()
  .length(123, { error: 'Expected an a1. string of one 32-byte key' })
  .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. string of one 32-byte key' });

/**
 * A sealed subject line (libs/crypto SPEC.md §19, `sealSubject`): an `a1.` string of exactly 763
 * characters (528 ciphertext bytes: at most 120 characters of subject, always padded to 512 bytes).
 */
export const SEALED_SUBJECT_LENGTH = 763;
/** Most characters (Unicode code points) of a subject line before it is sealed (libs/crypto SPEC.md §19). */
export const SUBJECT_LINE_MAX_CHARS = 120;
export const sealedSubjectSchema = z
  .string()
  .length(SEALED_SUBJECT_LENGTH, { error: 'Expected a sealed subject line' })
  .regex(/^a1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{704}$/, { error: 'Expected a sealed subject line' });

/** A signed case key envelope as libs/crypto makes it (`sealCaseKey`). */
export const caseKeyEnvelopeSchema = z.strictObject({ sealedKey: sealedKeySchema, sealerKid: kidSchema, signature: signatureSchema });

/** Who an envelope given at intake is for: a desk's key version, or the requester's own key. */
export const intakeEnvelopeRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('desk'), deskId: idSchema, version: deskKeyVersionSchema }),
  z.strictObject({ kind: z.literal('requester') }),
]);

/**
 * A new record: its id (bound into the AD), the ciphertext, the author's signing key id, and the
 * case key epoch it is under (left out: 1). The api refuses any epoch but the case's newest.
 */
export const caseRecordInputSchema = z.strictObject({ id: idSchema, ciphertext: recordCiphertextSchema, authorKid: kidSchema, epoch: epochSchema.optional() });
export type CaseRecordInput = z.infer<typeof caseRecordInputSchema>;

/**
 * POST /api/v1/intake. Everything but the routing facts is made in the browser: the
 * requester's public keys (from the receipt code), the signed, encrypted request record, and
 * the case key sealed to the intake desk, the routed desk and the requester, signed by the
 * requester's key.
 */
export const intakeRequestSchema = z.strictObject({
  caseId: idSchema,
  requestType: requestTypeSchema,
  country: countryCodeSchema,
  language: languageTagSchema,
  requester: z.strictObject({ encPk: publicKeySchema, signPk: publicKeySchema }),
  record: caseRecordInputSchema,
  envelopes: z.array(caseKeyEnvelopeSchema.extend({ recipient: intakeEnvelopeRecipientSchema })).min(2).max(4),
  /** Optional: the requester's short subject line, sealed under the case key (libs/crypto SPEC.md §19). */
  subject: sealedSubjectSchema.optional(),
});
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

export const setUrgencySchema = z.strictObject({ urgency: urgencySchema });
export const assignCaseSchema = z.strictObject({ assigneeId: idSchema.nullable() });
export const caseTransitionSchema = z.strictObject({ to: caseStatusSchema });
/**
 * POST /cases/:id/referrals: the case key sealed to the desk's current certified key, signed by the
 * caller, and — when the case has a staff-only key for its newest epoch — that key sealed the same way.
 */
export const referralSchema = z.strictObject({
  deskId: idSchema,
  envelope: caseKeyEnvelopeSchema.extend({ version: deskKeyVersionSchema }),
  staffEnvelope: caseKeyEnvelopeSchema.optional(),
});

/**
 * POST /cases/:id/staff-keys: a staff-only key for the case's newest epoch (SPEC.md §9.2), made in the
 * caller's browser: its binding to the epoch's case key, its link to the previous epoch's staff-only key
 * (when that epoch has one), and one envelope per desk holding the case, to the desk's current certified
 * version, signed by the caller.
 */
export const staffKeyCreateSchema = z.strictObject({
  epoch: epochSchema,
  bind: wrappedKeySchema,
  link: wrappedKeySchema.optional(),
  envelopes: z
    .array(caseKeyEnvelopeSchema.extend({ deskId: idSchema, version: deskKeyVersionSchema }))
    .min(1)
    .max(CASE_COLLABORATORS_MAX + 1)
    .refine((envelopes) => new Set(envelopes.map((g) => g.deskId)).size === envelopes.length, { error: 'Each desk may appear only once' }),
});
export type StaffKeyCreate = z.infer<typeof staffKeyCreateSchema>;

/** GET /cases/:id/assignees: someone the case may be assigned to (an active caseworker or lead of a desk that holds it). */
export const caseAssigneeSchema = z.object({ staffId: z.string(), displayName: z.string() });
export type CaseAssignee = z.infer<typeof caseAssigneeSchema>;

/** The clear facts of a case, as the inbox and the case view show them. */
export const caseSummarySchema = z.object({
  id: z.string(),
  requestType: requestTypeSchema,
  country: z.string(),
  language: z.string(),
  urgency: urgencySchema,
  status: caseStatusSchema,
  ownerDeskId: z.string(),
  collaboratorDeskIds: z.array(z.string()),
  assigneeId: z.string().nullable(),
  createdAt: z.string(),
  firstResponseDueAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  /** The first response is late (not given by its due time). */
  breached: z.boolean(),
  closedAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/**
 * An inbox row: the clear facts, and what a caseworker needs to choose (issue 16): the
 * requester's newest activity (intake, a reply, a file; to the minute), whether there is requester
 * activity since the caller last opened the case, the assignee's name (staff see real names), and
 * the requester's subject line, sealed under the case key (libs/crypto SPEC.md §19), which the
 * browser opens with the case key of epoch 1; null when the requester wrote none.
 */
export const inboxItemSchema = caseSummarySchema.extend({
  lastActivityAt: z.string(),
  unread: z.boolean(),
  assigneeName: z.string().nullable(),
  subject: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxPageSchema = z.object({
  items: z.array(inboxItemSchema),
  /** Opaque cursor of the next page (`after=`), null on the last page. */
  next: z.string().nullable(),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;

/** Who made a record, an envelope or a file. */
export const partySchema = z.object({ kind: z.enum(['staff', 'requester']), id: z.string() });
/** A requester's public keys. */
export const requesterKeysSchema = z.object({ encPk: z.string(), signPk: z.string() });

/** An envelope as stored: who it is for, who made it (to verify the signature), and the envelope itself. */
export const caseKeyEnvelopeViewSchema = z.object({
  /** `case`: the case key (§9); `staff`: the staff-only key (§9.2), never to the requester. */
  keyKind: z.enum(['case', 'staff']),
  /** The case key epoch of the key it holds. */
  epoch: z.number(),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('desk'), deskId: z.string(), version: z.number() }),
    z.object({ kind: z.literal('staff'), staffId: z.string() }),
    z.object({ kind: z.literal('requester') }),
  ]),
  sealer: partySchema,
  sealedKey: z.string(),
  sealerKid: z.string(),
  signature: z.string(),
  /**
   * When the server stored it: readers check the sealer's certificate (and the desk's) as of
   * this time, so an envelope made while they were valid still opens after they expire (SPEC.md §8).
   */
  createdAt: z.string(),
});
export type CaseKeyEnvelopeView = z.infer<typeof caseKeyEnvelopeViewSchema>;

export const caseRecordViewSchema = z.object({
  id: z.string(),
  kind: recordKindSchema,
  /** What it is under: the case key, or (notes written since staff-only keys) the staff-only key. */
  keyKind: z.enum(['case', 'staff']),
  epoch: z.number(),
  author: partySchema,
  authorKid: z.string(),
  ciphertext: z.string(),
  /** When the server stored it: readers check a staff author's certificate as of this time (SPEC.md §8). */
  createdAt: z.string(),
});
export type CaseRecordView = z.infer<typeof caseRecordViewSchema>;

/** A stored envelope's three parts, as a reader checks them without opening it. */
export const storedEnvelopeSchema = z.object({ sealedKey: z.string(), sealerKid: z.string(), signature: z.string() });

/**
 * GET /cases/:id: the facts, the caller's envelopes (through their desks or to them), the requester's public keys, and the records.
 * `requesterEnvelope` is the requester's own envelope of the case key from intake (sealed to them, signed by them): a reader
 * checks with it that the requester keys are the ones the requester named (libs/crypto SPEC.md §9.1).
 */
export const caseViewSchema = z.object({
  case: caseSummarySchema,
  requester: requesterKeysSchema.nullable(),
  requesterEnvelope: storedEnvelopeSchema.nullable(),
  /** The requester's subject line sealed under the case key of epoch 1 (libs/crypto SPEC.md §19), or null. */
  subject: z.string().nullable(),
  /** The case's newest key epoch: new records and files go under its keys. */
  epoch: z.number(),
  /** The staff-only keys of the case, by epoch: each one's binding to its epoch's case key, and its link to the previous one. */
  staffKeys: z.array(z.object({ epoch: z.number(), bind: z.string(), link: z.string().nullable(), createdBy: z.string() })),
  /** For each epoch from 2: the previous epoch's case key under this epoch's (SPEC.md §9.4). */
  caseKeyLinks: z.array(z.object({ epoch: z.number(), link: z.string() })),
  envelopes: z.array(caseKeyEnvelopeViewSchema),
  records: z.array(caseRecordViewSchema),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** GET /requester/case: what a requester sees of their own case. */
export const requesterCaseViewSchema = z.object({
  case: z.object({
    id: z.string(),
    requestType: requestTypeSchema,
    status: caseStatusSchema,
    /** What the requester is told (case-work.ts requesterStatusOf): received, answered, waiting_for_you or closed. */
    requesterStatus: z.enum(REQUESTER_STATUSES),
    createdAt: z.string(),
  }),
  /** The requester's envelope of the case key of the newest epoch they have one for. */
  envelope: caseKeyEnvelopeViewSchema.nullable(),
  /** For each epoch from 2: the previous epoch's case key under this epoch's (SPEC.md §9.4), to read older records. */
  caseKeyLinks: z.array(z.object({ epoch: z.number(), link: z.string() })),
  records: z.array(caseRecordViewSchema),
  /**
   * The staff the requester meets on the case (message authors, the sealer of their envelope), by
   * id, with the pseudonym they chose for requesters; null: none chosen (the portal says "Our
   * team"). Never a real name.
   */
  staff: z.array(z.object({ id: z.string(), pseudonym: z.string().nullable() })),
});
export type RequesterCaseView = z.infer<typeof requesterCaseViewSchema>;

/**
 * What a staff notification says happened (never any content; docs/cases-api.md, "Notifications"):
 * - `sla_breach`: a case on a desk I lead missed its first-response time (caseId);
 * - `grant_report_overdue`: a grant's report is past its due date (grantId);
 * - `case_new`: a new case reached a desk I am a member of (caseId, deskId);
 * - `requester_message` / `requester_file`: the requester wrote or added a file on a case assigned
 *   to me, or on an unassigned case of a desk I am a member of (caseId);
 * - `case_assigned`: someone else assigned a case to me (caseId);
 * - `case_referred`: a case was referred to a desk I am a member of (caseId, deskId);
 * - `grant_approval_waiting`: a grant waits for an approval I may give (grantId);
 * - `payment_waiting`: a grant was approved or a tranche scheduled: money to pay out (finance officers; grantId);
 * - `grant_report_submitted`: a grantee sent a report to decide (grantId).
 */
export const STAFF_NOTIFICATION_KINDS = [
  'sla_breach',
  'grant_report_overdue',
  'case_new',
  'requester_message',
  'requester_file',
  'case_assigned',
  'case_referred',
  'grant_approval_waiting',
  'payment_waiting',
  'grant_report_submitted',
] as const;
export type StaffNotificationKind = (typeof STAFF_NOTIFICATION_KINDS)[number];
export const staffNotificationKindSchema = z.enum(STAFF_NOTIFICATION_KINDS);

export const staffNotificationViewSchema = z.object({
  id: z.string(),
  kind: staffNotificationKindSchema,
  caseId: z.string().nullable(),
  grantId: z.string().nullable(),
  /** The desk a new or referred case reached (case_new, case_referred); null otherwise. */
  deskId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type StaffNotificationView = z.infer<typeof staffNotificationViewSchema>;

export const routingRuleViewSchema = z.object({
  id: z.string(),
  priority: z.number(),
  requestType: requestTypeSchema.optional(),
  country: z.string().optional(),
  language: z.string().optional(),
  deskSlug: z.string(),
});
export type RoutingRuleView = z.infer<typeof routingRuleViewSchema>;
