/**
 * The words of the domain (domain.md) as `as const` arrays, their union types and zod enums.
 * These values are stored in clear and appear in URLs, audit events and i18n keys: renaming
 * one is a migration.
 */
import { z } from 'zod';

/** Roles a staff account can hold. A person may hold several; each action is checked against all. */
export const STAFF_ROLES = [
  'caseworker',
  'desk_lead',
  'finance_officer',
  'finance_approver',
  'programme_manager',
  'director',
  'admin',
  'auditor',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const staffRoleSchema = z.enum(STAFF_ROLES);

/** `requester` is the role of whoever holds a receipt code; it is never given to a staff account. */
export const ROLES = ['requester', ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Desks created with every installation; more can be added, so a slug is not limited to these. */
export const DEFAULT_DESK_SLUGS = ['intake', 'psychological', 'legal', 'medical', 'relocation', 'finance', 'fellowship', 'programme'] as const;
export type DefaultDeskSlug = (typeof DEFAULT_DESK_SLUGS)[number];
export const defaultDeskSlugSchema = z.enum(DEFAULT_DESK_SLUGS);

/** The desk every new case is sealed to, besides its routed desk. */
export const INTAKE_DESK_SLUG = 'intake' satisfies DefaultDeskSlug;

/** Any desk slug: lower-case, starts with a letter, 2 to 40 characters. */
export const deskSlugSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z][a-z0-9_-]*$/, { error: 'A desk slug is lower-case letters, digits, "_" or "-", starting with a letter' });
export type DeskSlug = z.infer<typeof deskSlugSchema>;

/** Each request type has a default desk with the same slug. */
export const REQUEST_TYPES = ['psychological', 'legal', 'medical', 'relocation'] as const satisfies readonly DefaultDeskSlug[];
export type RequestType = (typeof REQUEST_TYPES)[number];
export const requestTypeSchema = z.enum(REQUEST_TYPES);

/** Ordered from most to least urgent. */
export const URGENCIES = ['critical', 'high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const urgencySchema = z.enum(URGENCIES);

export const CASE_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_requester',
  'resolved',
  'declined',
  'closed',
  'purged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusSchema = z.enum(CASE_STATUSES);

/** What a case record is; `note` is staff-only, `message` is shared with the requester. */
export const RECORD_KINDS = ['request', 'message', 'note'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const recordKindSchema = z.enum(RECORD_KINDS);

/** Record kinds a requester may read: their own request and the messages meant for them. */
export const REQUESTER_VISIBLE_RECORD_KINDS = ['request', 'message'] as const satisfies readonly RecordKind[];

/**
 * Mini-grant lifecycle (grant-lifecycle.ts has the edges):
 * draft → submitted → approved | rejected → disbursing → disbursed → reported → closed, with
 * `needs_information` (back to the proposer), `withdrawn` (by the proposer) and `cancelled`
 * (by finance, before any money left).
 */
export const GRANT_STATUSES = [
  'draft',
  'submitted',
  'needs_information',
  'approved',
  'rejected',
  'disbursing',
  'disbursed',
  'reported',
  'closed',
  'withdrawn',
  'cancelled',
] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const grantStatusSchema = z.enum(GRANT_STATUSES);

/** What a budget line pays for (domain.md, Mini-grants). */
export const BUDGET_PURPOSES = [
  'security_equipment',
  'legal_fees',
  'medical_costs',
  'relocation',
  'psychosocial',
  'livelihood',
  'media_operations',
  'fellowship_stipend',
  'other',
] as const;
export type BudgetPurpose = (typeof BUDGET_PURPOSES)[number];
export const budgetPurposeSchema = z.enum(BUDGET_PURPOSES);

/** A fund is `active` (grants may be proposed against it) or `closed` (nothing new). */
export const FUND_STATUSES = ['active', 'closed'] as const;
export type FundStatus = (typeof FUND_STATUSES)[number];
export const fundStatusSchema = z.enum(FUND_STATUSES);

/** A tranche: scheduled → sent → confirmed | failed | returned (money leaves at `sent`). */
export const TRANCHE_STATUSES = ['scheduled', 'sent', 'confirmed', 'failed', 'returned', 'cancelled'] as const;
export type TrancheStatus = (typeof TRANCHE_STATUSES)[number];
export const trancheStatusSchema = z.enum(TRANCHE_STATUSES);

export const DISBURSEMENT_METHODS = ['bank_transfer', 'cash_intermediary', 'mobile_money', 'paid_supplier'] as const;
export type DisbursementMethod = (typeof DISBURSEMENT_METHODS)[number];
export const disbursementMethodSchema = z.enum(DISBURSEMENT_METHODS);

/**
 * The ledger's entry kinds (append-only): `commit` reserves at the final approval, `release`
 * gives unspent commitment back, `payment` moves commitment to disbursed when a tranche is sent,
 * `reversal` undoes one earlier entry (a failed or returned tranche, a correction).
 */
export const LEDGER_ENTRY_KINDS = ['commit', 'release', 'payment', 'reversal'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export const ledgerEntryKindSchema = z.enum(LEDGER_ENTRY_KINDS);

/** A grantee's report: submitted, then accepted or sent back for more. */
export const GRANT_REPORT_STATUSES = ['submitted', 'accepted', 'more_requested'] as const;
export type GrantReportStatus = (typeof GRANT_REPORT_STATUSES)[number];
export const grantReportStatusSchema = z.enum(GRANT_REPORT_STATUSES);
