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
import { caseStatusSchema, requestTypeSchema, urgencySchema, type CaseStatus, type RecordKind, type RequestType, type Urgency } from './vocabulary';

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

/** A signed case key envelope as libs/crypto makes it (`sealCaseKey`). */
export const caseKeyEnvelopeSchema = z.strictObject({ sealedKey: sealedKeySchema, sealerKid: kidSchema, signature: signatureSchema });

/** Who an envelope given at intake is for: a desk's key version, or the requester's own key. */
export const intakeEnvelopeRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('desk'), deskId: idSchema, version: deskKeyVersionSchema }),
  z.strictObject({ kind: z.literal('requester') }),
]);

/** A new record: its id (bound into the AD), the ciphertext, and the author's signing key id. */
export const caseRecordInputSchema = z.strictObject({ id: idSchema, ciphertext: recordCiphertextSchema, authorKid: kidSchema });
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
});
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

export const setUrgencySchema = z.strictObject({ urgency: urgencySchema });
export const assignCaseSchema = z.strictObject({ assigneeId: idSchema.nullable() });
export const caseTransitionSchema = z.strictObject({ to: caseStatusSchema });
/** POST /cases/:id/referrals: the case key sealed to the desk's current certified key, signed by the caller. */
export const referralSchema = z.strictObject({ deskId: idSchema, envelope: caseKeyEnvelopeSchema.extend({ version: deskKeyVersionSchema }) });

/** The clear facts of a case, as the inbox and the case view show them. */
/** GET /cases/:id/assignees: someone the case may be assigned to (an active caseworker or lead of a desk that holds it). */
export interface CaseAssignee {
  staffId: string;
  displayName: string;
}

export interface CaseSummary {
  id: string;
  requestType: RequestType;
  country: string;
  language: string;
  urgency: Urgency;
  status: CaseStatus;
  ownerDeskId: string;
  collaboratorDeskIds: string[];
  assigneeId: string | null;
  createdAt: string;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  /** The first response is late (not given by its due time). */
  breached: boolean;
  closedAt: string | null;
}

export interface InboxPage {
  items: CaseSummary[];
  /** Opaque cursor of the next page (`after=`), null on the last page. */
  next: string | null;
}

/** An envelope as stored: who it is for, who made it (to verify the signature), and the envelope itself. */
export interface CaseKeyEnvelopeView {
  recipient: { kind: 'desk'; deskId: string; version: number } | { kind: 'staff'; staffId: string } | { kind: 'requester' };
  sealer: { kind: 'staff' | 'requester'; id: string };
  sealedKey: string;
  sealerKid: string;
  signature: string;
  /**
   * When the server stored it: readers check the sealer's certificate (and the desk's) as of
   * this time, so an envelope made while they were valid still opens after they expire (SPEC.md §8).
   */
  createdAt: string;
}

export interface CaseRecordView {
  id: string;
  kind: RecordKind;
  author: { kind: 'staff' | 'requester'; id: string };
  authorKid: string;
  ciphertext: string;
  /** When the server stored it: readers check a staff author's certificate as of this time (SPEC.md §8). */
  createdAt: string;
}

/** GET /cases/:id: the facts, the caller's envelopes (through their desks or to them), the requester's public keys, and the records. */
export interface CaseView {
  case: CaseSummary;
  requester: { encPk: string; signPk: string } | null;
  envelopes: CaseKeyEnvelopeView[];
  records: CaseRecordView[];
}

/** GET /requester/case: what a requester sees of their own case. */
export interface RequesterCaseView {
  case: { id: string; requestType: RequestType; status: CaseStatus; createdAt: string };
  envelope: CaseKeyEnvelopeView | null;
  records: CaseRecordView[];
}

export interface StaffNotificationView {
  id: string;
  kind: 'sla_breach';
  caseId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface RoutingRuleView {
  id: string;
  priority: number;
  requestType?: RequestType;
  country?: string;
  language?: string;
  deskSlug: string;
}
