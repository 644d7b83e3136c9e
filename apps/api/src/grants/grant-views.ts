import {
  type ApprovalFacts,
  type ApprovalStanding,
  type FundView,
  type GrantSummary,
  APPROVAL_REFUSALS,
  approvalPolicySchema,
  type ApprovalPolicy,
  DomainError,
  GeneralError,
} from '@ashar/domain';
import { type BudgetLineRow, type FundRow } from './fund.repository';
import { type GrantApprovalRow, type GrantRow, type ReportRow, type TrancheRow } from './grant.repository';

/** Views of the mini-grant rows: amounts stay decimal strings of minor units, never floats. */

export function lineView(l: BudgetLineRow) {
  const remaining = BigInt(l.allocated_minor) - BigInt(l.committed_minor) - BigInt(l.disbursed_minor);
  return {
    id: l.id,
    fundId: l.fund_id,
    purpose: l.purpose,
    allocatedMinor: l.allocated_minor,
    committedMinor: l.committed_minor,
    disbursedMinor: l.disbursed_minor,
    remainingMinor: remaining.toString(),
  };
}

export function fundView(f: FundRow, lines: BudgetLineRow[]): FundView {
  const remaining = BigInt(f.allocated_minor) - BigInt(f.committed_minor) - BigInt(f.disbursed_minor);
  return {
    id: f.id,
    name: f.name,
    donor: f.donor,
    currency: f.currency,
    totalMinor: f.total_minor,
    allocatedMinor: f.allocated_minor,
    committedMinor: f.committed_minor,
    disbursedMinor: f.disbursed_minor,
    remainingMinor: remaining.toString(),
    periodStart: f.period_start,
    periodEnd: f.period_end,
    status: f.status,
    approvalPolicy: policyOf(f.approval_policy),
    lines: lines.filter((l) => l.fund_id === f.id).map(lineView),
  };
}

/** A stored policy, checked again on the way out (a row written by hand must not decide approvals). */
export function policyOf(stored: unknown): ApprovalPolicy {
  const parsed = approvalPolicySchema.safeParse(stored);
  if (!parsed.success) throw new DomainError(GeneralError.Conflict, 'the fund’s approval policy is not valid; a finance officer must set it again');
  return parsed.data;
}

export function grantSummary(g: GrantRow): GrantSummary {
  return {
    id: g.id,
    caseId: g.case_id,
    fundId: g.fund_id,
    fundName: g.fund_name,
    budgetLineId: g.budget_line_id,
    purpose: g.purpose,
    amountMinor: g.amount_minor,
    currency: g.currency,
    status: g.status,
    version: g.version,
    proposerId: g.proposer_id,
    proposerName: g.proposer_name,
    committedMinor: g.committed_minor,
    disbursedMinor: g.disbursed_minor,
    reportDueOn: g.report_due_on,
    createdAt: g.created_at,
    updatedAt: g.updated_at,
  };
}

export function approvalFactsOf(
  g: GrantRow,
  facts: { caseStaffIds: readonly string[]; conflictedIds: readonly string[]; approvals: readonly { approver_id: string; terms_version: number; decision: 'approve' | 'reject'; by_director: boolean }[] },
): ApprovalFacts {
  return {
    status: g.status,
    version: g.version,
    amountMinor: BigInt(g.amount_minor),
    proposerId: g.proposer_id,
    caseStaffIds: facts.caseStaffIds,
    conflictedIds: facts.conflictedIds,
    approvals: facts.approvals.map((a) => ({ approverId: a.approver_id, termsVersion: a.terms_version, decision: a.decision, byDirector: a.by_director })),
    policy: policyOf(g.fund_policy),
  };
}

export function standingView(s: ApprovalStanding) {
  return {
    requirement: { approvers: s.requirement.approvers, director: s.requirement.director },
    approvedBy: [...s.approvedBy],
    directorApproved: s.directorApproved,
    remaining: s.remaining,
    mayApprove: s.mayApprove,
    refusal: s.refusal,
    mayReject: s.mayReject,
    refusalText: s.refusal ? APPROVAL_REFUSALS[s.refusal] : null,
    wouldBeFinal: s.wouldBeFinal,
  };
}

export function approvalView(a: GrantApprovalRow, currentVersion: number) {
  return {
    approverId: a.approver_id,
    approverName: a.approver_name,
    byDirector: a.by_director,
    decision: a.decision,
    termsVersion: a.terms_version,
    signature: a.signature,
    signerKid: a.signer_kid,
    signerSignPk: a.signer_sign_pk ?? '',
    at: a.at,
    voided: a.terms_version < currentVersion,
  };
}

export function trancheView(t: TrancheRow) {
  return {
    id: t.id,
    seq: t.seq,
    status: t.status,
    method: t.method,
    plannedMinor: t.planned_minor,
    scheduledOn: t.scheduled_on,
    paidMinor: t.paid_minor,
    paidCurrency: t.paid_currency,
    rate: t.rate === null ? null : trimRate(t.rate),
    rateSource: t.rate_source,
    rateAt: t.rate_at,
    fundEquivalentMinor: t.fund_equivalent_minor,
    sentAt: t.sent_at,
    settledAt: t.settled_at,
  };
}

/** NUMERIC(24,12) as PostgreSQL prints it, without the trailing zeros ("0.010234000000" → "0.010234"). */
export const trimRate = (rate: string): string => (rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate);

export function reportView(r: ReportRow) {
  return {
    id: r.id,
    status: r.status,
    ciphertext: r.ciphertext,
    authorKid: r.author_kid,
    author: r.author_kind,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    files: r.files.map((f) => ({ ...f, size: Number(f.size) })),
  };
}
