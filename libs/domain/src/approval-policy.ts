/**
 * Who must approve a grant, and who may still (domain.md, Mini-grants; docs/grants.md).
 *
 * A fund's approval policy is data: tiers of the grant amount (in the fund currency, which is
 * the grant's) with how many distinct approvers each needs and whether the director must be one
 * of them. Separation of duties: the proposer, the caseworkers of the linked case and anyone who
 * declared a conflict of interest on the grant may not approve; a person approves a version of
 * the terms once. `approvalStanding` is the one answer the api enforces and the web shows.
 */
import { z } from 'zod';
import { minorAmountSchema } from './money';
import { type GrantStatus, type StaffRole } from './vocabulary';

export const approvalTierSchema = z.strictObject({
  /** The tier covers amounts up to and including this (minor units); null for "any amount above". */
  upToMinor: minorAmountSchema.nullable(),
  approvers: z.number().int().min(1).max(5),
  director: z.boolean(),
});
export type ApprovalTier = z.infer<typeof approvalTierSchema>;

export const approvalPolicySchema = z
  .strictObject({
    tiers: z.array(approvalTierSchema).min(1).max(10),
    /** Days from the final approval to the grantee's report due date. */
    reportDueDays: z.number().int().min(1).max(730),
  })
  .superRefine((policy, ctx) => {
    const { tiers } = policy;
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last !== (tier.upToMinor === null)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToMinor'], message: 'Only the last tier, and always the last, covers any amount above (null)' });
      }
      const previous = tiers[i - 1];
      if (previous?.upToMinor != null && tier.upToMinor !== null && BigInt(tier.upToMinor) <= BigInt(previous.upToMinor)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upToMinor'], message: 'Tiers go up in amount' });
      }
      if (previous && (tier.approvers < previous.approvers || (previous.director && !tier.director))) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i], message: 'A higher tier never needs fewer approvers or drops the director' });
      }
    });
  });
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

/** The example of domain.md, for two-digit currencies: ≤ 500 one approver, > 500 two, > 5 000 two and the director. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  tiers: [
    { upToMinor: '50000', approvers: 1, director: false },
    { upToMinor: '500000', approvers: 2, director: false },
    { upToMinor: null, approvers: 2, director: true },
  ],
  reportDueDays: 60,
};

export interface ApprovalRequirement {
  readonly approvers: number;
  readonly director: boolean;
}

/** What a grant of this amount needs under the policy. */
export function approvalRequirement(policy: ApprovalPolicy, amountMinor: bigint): ApprovalRequirement {
  const tier = policy.tiers.find((t) => t.upToMinor === null || amountMinor <= BigInt(t.upToMinor)) ?? policy.tiers.at(-1);
  if (!tier) throw new RangeError('an approval policy has at least one tier');
  return { approvers: tier.approvers, director: tier.director };
}

/** Roles whose holders approve grants. */
export const APPROVER_ROLES = ['finance_approver', 'director'] as const satisfies readonly StaffRole[];
export const isApprover = (roles: readonly string[]): boolean => APPROVER_ROLES.some((r) => roles.includes(r));
export const isDirector = (roles: readonly string[]): boolean => roles.includes('director');

/** One approval on record: who, on which version of the terms, and whether they are the director. */
export interface RecordedApproval {
  readonly approverId: string;
  readonly termsVersion: number;
  readonly decision: 'approve' | 'reject';
  readonly byDirector: boolean;
}

export interface ApprovalFacts {
  readonly status: GrantStatus;
  /** The current version of the terms; approvals of earlier versions count for nothing. */
  readonly version: number;
  readonly amountMinor: bigint;
  readonly proposerId: string;
  /** Staff who work the linked case: its assignee and the members of its owning and collaborating desks. */
  readonly caseStaffIds: readonly string[];
  /** Staff who declared a conflict of interest on this grant. */
  readonly conflictedIds: readonly string[];
  readonly approvals: readonly RecordedApproval[];
  readonly policy: ApprovalPolicy;
}

/** Why a person may not approve, most fundamental first. */
export const APPROVAL_REFUSALS = {
  not_submitted: 'The grant is not waiting for approval',
  not_an_approver: 'Only finance approvers and the director approve grants',
  proposer: 'You proposed this grant; someone else must approve it',
  case_staff: 'You work on the case this grant is for; someone outside the case must approve it',
  conflict: 'You declared a conflict of interest on this grant',
  already_decided: 'You have already decided on these terms',
  director_needed: 'The last approval of a grant this large must be the director’s',
} as const;
export type ApprovalRefusal = keyof typeof APPROVAL_REFUSALS;

export interface ApprovalStanding {
  readonly requirement: ApprovalRequirement;
  /** Distinct approvers of the current terms so far, and whether the director is among them. */
  readonly approvedBy: readonly string[];
  readonly directorApproved: boolean;
  /** Approvals still needed; 0 when the grant is approved. */
  readonly remaining: number;
  /** Whether this person may approve (or reject) now, and if not, why (a key of APPROVAL_REFUSALS). */
  readonly mayApprove: boolean;
  readonly refusal: ApprovalRefusal | null;
  /**
   * Whether this person may reject now: as mayApprove, except that the director's place limits
   * only who gives the last approval — an approver refused for `director_needed` may reject.
   */
  readonly mayReject: boolean;
  /** Whether this person's approval would be the final one (and so commit the money). */
  readonly wouldBeFinal: boolean;
}

/** The current approvals (this version, decision approve), one per person. */
export function currentApprovals(facts: Pick<ApprovalFacts, 'approvals' | 'version'>): RecordedApproval[] {
  const seen = new Set<string>();
  return facts.approvals.filter((a) => a.termsVersion === facts.version && a.decision === 'approve' && !seen.has(a.approverId) && seen.add(a.approverId));
}

/** Whether approvals on record fulfil the requirement. */
export function requirementMet(requirement: ApprovalRequirement, approvals: readonly RecordedApproval[]): boolean {
  return approvals.length >= requirement.approvers && (!requirement.director || approvals.some((a) => a.byDirector));
}

/** Where a grant's approval stands, and whether `person` may approve it now. */
export function approvalStanding(facts: ApprovalFacts, person: { readonly id: string; readonly roles: readonly string[] }): ApprovalStanding {
  const requirement = approvalRequirement(facts.policy, facts.amountMinor);
  const approvals = currentApprovals(facts);
  const directorApproved = approvals.some((a) => a.byDirector);
  const met = requirementMet(requirement, approvals);
  const remaining = met ? 0 : Math.max(requirement.approvers - approvals.length, requirement.director && !directorApproved ? 1 : 0);
  const personIsDirector = isDirector(person.roles);
  const refusal = ((): ApprovalRefusal | null => {
    if (facts.status !== 'submitted' || met) return 'not_submitted';
    if (!isApprover(person.roles)) return 'not_an_approver';
    if (facts.proposerId === person.id) return 'proposer';
    if (facts.caseStaffIds.includes(person.id)) return 'case_staff';
    if (facts.conflictedIds.includes(person.id)) return 'conflict';
    if (facts.approvals.some((a) => a.approverId === person.id && a.termsVersion === facts.version)) return 'already_decided';
    // The last open place is the director's: another approver would fill it without them.
    if (requirement.director && !directorApproved && !personIsDirector && requirement.approvers - approvals.length <= 1) return 'director_needed';
    return null;
  })();
  const after = refusal === null ? [...approvals, { approverId: person.id, termsVersion: facts.version, decision: 'approve' as const, byDirector: personIsDirector }] : approvals;
  return {
    requirement,
    approvedBy: approvals.map((a) => a.approverId),
    directorApproved,
    remaining,
    mayApprove: refusal === null,
    refusal,
    mayReject: refusal === null || refusal === 'director_needed',
    wouldBeFinal: refusal === null && requirementMet(requirement, after),
  };
}
