/**
 * The shapes of the mini-grant api (docs/grants.md): funds and budget lines, grants, their
 * approvals, payee details, tranches, the ledger and grantee reports. Amounts are minor units as
 * decimal strings (money.ts); rates are exact decimals as strings; dates are ISO strings.
 * Ciphertexts are libs/crypto strings the server stores and never reads.
 */
import { z } from 'zod';
import { approvalPolicySchema } from './approval-policy';
import { caseKeyEnvelopeSchema, deskKeyVersionSchema, idSchema, kidSchema, recordCiphertextSchema, signatureSchema, storedEnvelopeSchema } from './case-api';
import { encryptedFileFields, possibleFileStream } from './file-api';
import { currencyCodeSchema, exchangeRateSchema, minorAmountSchema, positiveMinorAmountSchema } from './money';
import {
  budgetPurposeSchema,
  disbursementMethodSchema,
  fundStatusSchema,
  grantReportStatusSchema,
  grantStatusSchema,
  ledgerEntryKindSchema,
  trancheStatusSchema,
} from './vocabulary';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();

// ── Funds and budget lines ──────────────────────────────────────────────────────────────

export const currencyViewSchema = z.object({ code: currencyCodeSchema, exponent: z.number().int(), name: z.string() });

export const fundCreateSchema = z
  .strictObject({
    name: text(200),
    donor: text(200),
    currency: currencyCodeSchema,
    totalMinor: positiveMinorAmountSchema,
    periodStart: isoDate,
    periodEnd: isoDate,
    approvalPolicy: approvalPolicySchema,
  })
  .refine((f) => f.periodEnd >= f.periodStart, { path: ['periodEnd'], message: 'The period ends on or after it starts' });

/** A fund's name, donor, total, end, status and policy may change; its currency never does. */
export const fundUpdateSchema = z.strictObject({
  name: text(200),
  donor: text(200),
  totalMinor: positiveMinorAmountSchema,
  periodEnd: isoDate,
  status: fundStatusSchema,
  approvalPolicy: approvalPolicySchema,
});

export const budgetLineCreateSchema = z.strictObject({ purpose: budgetPurposeSchema, allocatedMinor: minorAmountSchema });
export const budgetLineUpdateSchema = z.strictObject({ allocatedMinor: minorAmountSchema });

/** Money on a fund or line: allocated, committed (reserved, not yet paid), disbursed (paid), remaining = allocated − committed − disbursed. */
const moneyTotals = {
  allocatedMinor: minorAmountSchema,
  committedMinor: minorAmountSchema,
  disbursedMinor: minorAmountSchema,
  remainingMinor: minorAmountSchema,
};

export const budgetLineViewSchema = z.object({ id: z.string(), fundId: z.string(), purpose: budgetPurposeSchema, ...moneyTotals });

export const fundViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  donor: z.string(),
  currency: currencyCodeSchema,
  totalMinor: minorAmountSchema,
  /** Allocated to lines; the rest of the total is unallocated. */
  ...moneyTotals,
  periodStart: z.string(),
  periodEnd: z.string(),
  status: fundStatusSchema,
  approvalPolicy: approvalPolicySchema,
  lines: z.array(budgetLineViewSchema),
});
export type FundView = z.infer<typeof fundViewSchema>;

// ── Grants ───────────────────────────────────────────────────────────────────────────────

/** A grant key envelope (libs/crypto SPEC §18), addressed to a desk version, a staff member or the case's requester. */
export const grantKeyEnvelopeInputSchema = caseKeyEnvelopeSchema.extend({
  recipient: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('desk'), deskId: idSchema, version: deskKeyVersionSchema }),
    z.strictObject({ kind: z.literal('staff'), staffId: idSchema }),
    z.strictObject({ kind: z.literal('requester') }),
  ]),
});

/** The terms approvals are signed over (libs/crypto SPEC §18): changing any of them makes a new version. */
export const grantTermsInputSchema = z.strictObject({ fundId: idSchema, budgetLineId: idSchema, amountMinor: positiveMinorAmountSchema });

/** A caseworker proposes a grant on a case: the id is chosen by the browser, which seals the grant key under it. */
export const grantCreateSchema = grantTermsInputSchema.extend({
  id: idSchema,
  envelopes: z.array(grantKeyEnvelopeInputSchema).min(2).max(8),
});

/** New terms; `version` is the version the caller read (else `stale-terms`). */
export const grantTermsUpdateSchema = grantTermsInputSchema.extend({ version: z.number().int().min(1) });

/** Moves the caller may ask for; `approve` and `start_disbursing` follow from other steps. */
export const grantTransitionInputSchema = z.strictObject({
  to: z.enum(['submitted', 'needs_information', 'withdrawn', 'cancelled', 'disbursed', 'closed']),
  /** For "more information": what is missing, in words (kept in clear on the grant while it waits: no personal details). */
  reason: z.string().trim().max(500).optional(),
});

/** A signed decision over the grant's terms of `termsVersion` (libs/crypto SPEC §18 approval signatures). */
export const grantApprovalInputSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  termsVersion: z.number().int().min(1),
  signature: signatureSchema,
  signerKid: kidSchema,
});

/** Encrypted payee details: a `grant-payee` signed ciphertext under the grant key, and its author's signing key id. */
export const payeeInputSchema = z.strictObject({ ciphertext: recordCiphertextSchema, authorKid: kidSchema });

export const grantApprovalViewSchema = z.object({
  approverId: z.string(),
  approverName: z.string(),
  byDirector: z.boolean(),
  decision: z.enum(['approve', 'reject']),
  termsVersion: z.number(),
  signature: z.string(),
  signerKid: z.string(),
  /** The approver's signing public key (certified; the browser checks its certificate too). */
  signerSignPk: z.string(),
  at: z.string(),
  /** True when the terms changed after this decision. */
  voided: z.boolean(),
});

/** Where approval stands for the caller (approval-policy.ts approvalStanding). */
export const approvalStandingViewSchema = z.object({
  requirement: z.object({ approvers: z.number(), director: z.boolean() }),
  approvedBy: z.array(z.string()),
  directorApproved: z.boolean(),
  remaining: z.number(),
  mayApprove: z.boolean(),
  refusal: z.string().nullable(),
  /** May reject now (as mayApprove, but the director's place does not stop a rejection). */
  mayReject: z.boolean(),
  refusalText: z.string().nullable(),
  wouldBeFinal: z.boolean(),
});

export const trancheViewSchema = z.object({
  id: z.string(),
  seq: z.number(),
  status: trancheStatusSchema,
  method: disbursementMethodSchema,
  /** Planned, in the fund currency. */
  plannedMinor: minorAmountSchema,
  scheduledOn: z.string(),
  /** What actually left, set when sent. */
  paidMinor: minorAmountSchema.nullable(),
  paidCurrency: currencyCodeSchema.nullable(),
  rate: z.string().nullable(),
  rateSource: z.string().nullable(),
  rateAt: z.string().nullable(),
  fundEquivalentMinor: minorAmountSchema.nullable(),
  sentAt: z.string().nullable(),
  settledAt: z.string().nullable(),
});

export const grantReportViewSchema = z.object({
  id: z.string(),
  status: grantReportStatusSchema,
  /** Null once shredded under the finance retention. */
  ciphertext: z.string().nullable(),
  authorKid: z.string(),
  author: z.enum(['requester', 'staff']),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Receipts and photos (SPEC §18.4): `header` is the x1 stream header, `size` the encrypted size. */
  files: z.array(z.object({ id: z.string(), header: z.string(), wrappedKey: z.string(), meta: z.string(), size: z.number(), chunkCount: z.number(), complete: z.boolean() })),
});

export const grantTimelineEntrySchema = z.object({ at: z.string(), action: z.string(), actorName: z.string().nullable() });

export const grantSummarySchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  fundId: z.string(),
  fundName: z.string(),
  budgetLineId: z.string(),
  purpose: budgetPurposeSchema,
  amountMinor: minorAmountSchema,
  currency: currencyCodeSchema,
  status: grantStatusSchema,
  version: z.number(),
  proposerId: z.string(),
  proposerName: z.string(),
  committedMinor: minorAmountSchema,
  disbursedMinor: minorAmountSchema,
  reportDueOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GrantSummary = z.infer<typeof grantSummarySchema>;

export const grantViewSchema = grantSummarySchema.extend({
  approvals: z.array(grantApprovalViewSchema),
  standing: approvalStandingViewSchema,
  conflictDeclared: z.boolean(),
  /** The envelopes the caller may open (their own, their desks'), newest desk versions first. */
  envelopes: z.array(
    storedEnvelopeSchema.extend({ recipientKind: z.enum(['desk', 'staff', 'requester']), recipientId: z.string().nullable(), deskKeyVersion: z.number().nullable(), sealerId: z.string(), createdAt: z.string() }),
  ),
  /** `authorId`: the member of staff who wrote them (null when the requester did), whose certified key must verify them. */
  payee: z.object({ ciphertext: z.string(), authorKid: z.string(), author: z.enum(['requester', 'staff']), authorId: z.string().nullable(), updatedAt: z.string() }).nullable(),
  /** The signing public key of the grant's requester, for those who read payee details and reports (null otherwise, or without a requester): what they signed verifies under it. */
  requesterSignPk: z.string().nullable(),
  /** True once the payee details were shredded under the finance retention. */
  payeeShredded: z.boolean(),
  tranches: z.array(trancheViewSchema),
  reports: z.array(grantReportViewSchema),
  timeline: z.array(grantTimelineEntrySchema),
  /** The moves the caller may ask for now (grantTransitionInputSchema `to`). */
  allowedMoves: z.array(z.string()),
  /** What the last "more information" asked for, while the grant waits for it (null otherwise). */
  informationRequest: z.string().nullable(),
});
export type GrantView = z.infer<typeof grantViewSchema>;

export const grantListQuerySchema = z.strictObject({
  status: z.string().max(200).optional(),
  fundId: idSchema.optional(),
  /** `approval`: submitted grants the caller may approve or is refused on, with the reason. */
  waiting: z.enum(['approval', 'disbursement', 'report']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const grantListItemSchema = grantSummarySchema.extend({ standing: approvalStandingViewSchema.nullable() });

// ── Tranches ─────────────────────────────────────────────────────────────────────────────

export const trancheCreateSchema = z.strictObject({ plannedMinor: positiveMinorAmountSchema, method: disbursementMethodSchema, scheduledOn: isoDate });

/** Money leaves: the amount and currency actually paid, the rate at sending (fund currency per paid unit), its source and time. */
export const trancheSendSchema = z.strictObject({
  paidMinor: positiveMinorAmountSchema,
  paidCurrency: currencyCodeSchema,
  rate: exchangeRateSchema,
  rateSource: text(200),
  rateAt: z.iso.datetime({ offset: true }),
});

export const trancheSettleSchema = z.strictObject({ outcome: z.enum(['confirmed', 'failed', 'returned']) });

// ── Ledger ───────────────────────────────────────────────────────────────────────────────

export const ledgerQuerySchema = z.strictObject({
  fundId: idSchema,
  from: isoDate.optional(),
  to: isoDate.optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const ledgerEntryViewSchema = z.object({
  seq: z.string(),
  at: z.string(),
  kind: ledgerEntryKindSchema,
  fundId: z.string(),
  budgetLineId: z.string(),
  purpose: budgetPurposeSchema,
  /** Pseudonymous: the grant's id, never a name. */
  grantId: z.string(),
  trancheId: z.string().nullable(),
  /** In the fund currency; positive; its effect follows from `kind`. */
  amountMinor: minorAmountSchema,
  currency: currencyCodeSchema,
  paidMinor: minorAmountSchema.nullable(),
  paidCurrency: currencyCodeSchema.nullable(),
  rate: z.string().nullable(),
  reversesSeq: z.string().nullable(),
});

// ── Grantee reports (requester side) and the caseworker's decision ─────────────────────────

export const grantReportCreateSchema = z.strictObject({ id: idSchema, ciphertext: recordCiphertextSchema, authorKid: kidSchema });
/** Most files one report may carry (receipts, photos); the api's GRANT_REPORT_FILES_MAX may be lower. */
export const GRANT_REPORT_FILES_HARD_MAX = 50;

/** A receipt or photo of a report (SPEC §18.4): as a case file, under the grant key, bound to grant and file. */
export const grantFileCreateSchema = z.strictObject(encryptedFileFields).refine(possibleFileStream.check, possibleFileStream.params);
export type GrantFileCreate = z.infer<typeof grantFileCreateSchema>;

export const grantReportDecisionSchema = z.strictObject({ decision: z.enum(['accept', 'more']), reason: z.string().trim().max(500).optional() });

/** What the requester sees of their grants (follow-up page). */
export const requesterGrantViewSchema = z.object({
  id: z.string(),
  amountMinor: minorAmountSchema,
  currency: currencyCodeSchema,
  purpose: budgetPurposeSchema,
  status: grantStatusSchema,
  reportDueOn: z.string().nullable(),
  /** The grant key envelope sealed to the requester. */
  envelope: storedEnvelopeSchema.extend({ sealerId: z.string(), createdAt: z.string() }).nullable(),
  /** `authorId`: the member of staff who wrote them (null when the requester did), so the requester's browser can check their key. */
  payee: z.object({ ciphertext: z.string(), authorKid: z.string(), author: z.enum(['requester', 'staff']), authorId: z.string().nullable(), updatedAt: z.string() }).nullable(),
  reports: z.array(grantReportViewSchema),
});

