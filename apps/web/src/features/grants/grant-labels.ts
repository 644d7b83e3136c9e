/**
 * Words for the mini-grant vocabulary (docs/grants.md), shared by the finance screens, the case
 * page's grants panel and the grant page.
 */
import { type BudgetPurpose, type DisbursementMethod, type GrantReportStatus, type GrantStatus, type TrancheStatus } from '@ashar/domain';

export const PURPOSE_LABELS: Readonly<Record<BudgetPurpose, string>> = {
  security_equipment: 'Security equipment',
  legal_fees: 'Legal fees',
  medical_costs: 'Medical costs',
  relocation: 'Relocation',
  psychosocial: 'Psychosocial support',
  livelihood: 'Livelihood',
  media_operations: 'Media operations',
  fellowship_stipend: 'Fellowship stipend',
  other: 'Other',
};

export const GRANT_STATUS_LABELS: Readonly<Record<GrantStatus, string>> = {
  draft: 'Draft',
  submitted: 'Waiting for approval',
  needs_information: 'More information asked for',
  approved: 'Approved',
  rejected: 'Rejected',
  disbursing: 'Being paid',
  disbursed: 'Paid',
  reported: 'Reported',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
};

export const METHOD_LABELS: Readonly<Record<DisbursementMethod, string>> = {
  bank_transfer: 'Bank transfer',
  cash_intermediary: 'Cash through a trusted intermediary',
  mobile_money: 'Mobile money',
  paid_supplier: 'Paid to a supplier',
};

export const TRANCHE_STATUS_LABELS: Readonly<Record<TrancheStatus, string>> = {
  scheduled: 'Scheduled',
  sent: 'Sent',
  confirmed: 'Confirmed',
  failed: 'Failed',
  returned: 'Returned',
  cancelled: 'Cancelled',
};

export const REPORT_STATUS_LABELS: Readonly<Record<GrantReportStatus, string>> = {
  submitted: 'Waiting for a decision',
  accepted: 'Accepted',
  more_requested: 'More asked for',
};

/** The moves a person asks for on the grant page (grantTransitionInputSchema `to`), as buttons say them. */
export const MOVE_LABELS: Readonly<Record<string, string>> = {
  submitted: 'Submit for approval',
  needs_information: 'Ask for more information',
  withdrawn: 'Withdraw',
  cancelled: 'Cancel the grant',
  disbursed: 'Complete disbursement',
  closed: 'Close the grant',
};

/** A short handle of a grant id for people ("G-1a2b3c4d"): never a name. */
export const grantHandle = (id: string): string => `G-${id.slice(0, 8)}`;
