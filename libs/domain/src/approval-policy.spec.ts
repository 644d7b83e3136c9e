import {
  APPROVAL_REFUSALS,
  DEFAULT_APPROVAL_POLICY,
  type ApprovalFacts,
  type ApprovalPolicy,
  type RecordedApproval,
  approvalPolicySchema,
  approvalRequirement,
  approvalStanding,
  currentApprovals,
} from './approval-policy';

const approver = (id: string) => ({ id, roles: ['finance_approver'] });
const director = (id: string) => ({ id, roles: ['director'] });
const approval = (approverId: string, over: Partial<RecordedApproval> = {}): RecordedApproval => ({ approverId, termsVersion: 1, decision: 'approve', byDirector: false, ...over });

const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  status: 'submitted',
  version: 1,
  amountMinor: 120_000n,
  proposerId: 'proposer',
  caseStaffIds: ['caseworker', 'lead'],
  conflictedIds: [],
  approvals: [],
  policy: DEFAULT_APPROVAL_POLICY,
  ...over,
});

describe('approval policy', () => {
  it('the default policy: ≤ 500 one approver, ≤ 5 000 two, above two with the director', () => {
    expect(approvalRequirement(DEFAULT_APPROVAL_POLICY, 1n)).toEqual({ approvers: 1, director: false });
    expect(approvalRequirement(DEFAULT_APPROVAL_POLICY, 50_000n)).toEqual({ approvers: 1, director: false });
    expect(approvalRequirement(DEFAULT_APPROVAL_POLICY, 50_001n)).toEqual({ approvers: 2, director: false });
    expect(approvalRequirement(DEFAULT_APPROVAL_POLICY, 500_000n)).toEqual({ approvers: 2, director: false });
    expect(approvalRequirement(DEFAULT_APPROVAL_POLICY, 500_001n)).toEqual({ approvers: 2, director: true });
  });

  describe('tiers are validated', () => {
    const ok = (policy: unknown) => approvalPolicySchema.safeParse(policy).success;
    it('accepts the default and a single open tier', () => {
      expect(ok(DEFAULT_APPROVAL_POLICY)).toBe(true);
      expect(ok({ tiers: [{ upToMinor: null, approvers: 1, director: true }], reportDueDays: 30 })).toBe(true);
    });
    it('refuses a last tier with a bound, an open tier before the last, tiers going down, fewer approvers or a dropped director higher up', () => {
      expect(ok({ tiers: [{ upToMinor: '100', approvers: 1, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: null, approvers: 1, director: false }, { upToMinor: null, approvers: 2, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: '500', approvers: 1, director: false }, { upToMinor: '400', approvers: 1, director: false }, { upToMinor: null, approvers: 2, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: '500', approvers: 2, director: false }, { upToMinor: null, approvers: 1, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: '500', approvers: 1, director: true }, { upToMinor: null, approvers: 2, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: null, approvers: 6, director: false }], reportDueDays: 30 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: null, approvers: 1, director: false }], reportDueDays: 0 })).toBe(false);
      expect(ok({ tiers: [{ upToMinor: null, approvers: 1, director: false }], reportDueDays: 30, extra: 1 })).toBe(false);
    });
  });

  describe('approvalStanding: every refusal, most fundamental first', () => {
    const refusal = (f: ApprovalFacts, person: { id: string; roles: string[] }) => approvalStanding(f, person).refusal;

    it('not_submitted: before submission, after a decision, or once the requirement is met', () => {
      expect(refusal(facts({ status: 'draft' }), approver('a'))).toBe('not_submitted');
      expect(refusal(facts({ status: 'approved' }), approver('a'))).toBe('not_submitted');
      expect(refusal(facts({ amountMinor: 100n, approvals: [approval('b')] }), approver('a'))).toBe('not_submitted');
    });
    it('not_an_approver: roles without approval powers', () => {
      expect(refusal(facts(), { id: 'x', roles: ['finance_officer'] })).toBe('not_an_approver');
      expect(refusal(facts(), { id: 'x', roles: ['caseworker'] })).toBe('not_an_approver');
      expect(refusal(facts(), { id: 'x', roles: ['admin'] })).toBe('not_an_approver');
    });
    it('proposer, case_staff, conflict, already_decided', () => {
      expect(refusal(facts(), approver('proposer'))).toBe('proposer');
      expect(refusal(facts(), approver('caseworker'))).toBe('case_staff');
      expect(refusal(facts({ conflictedIds: ['a'] }), approver('a'))).toBe('conflict');
      expect(refusal(facts({ approvals: [approval('a')] }), approver('a'))).toBe('already_decided');
      expect(refusal(facts({ approvals: [approval('a', { decision: 'reject' })] }), approver('a'))).toBe('already_decided');
    });
    it('a proposer who is also case staff hears the most fundamental reason', () => {
      expect(refusal(facts({ caseStaffIds: ['proposer'] }), approver('proposer'))).toBe('proposer');
    });
    it('director_needed: the last place is the director’s', () => {
      const big = facts({ amountMinor: 600_000n });
      expect(approvalStanding(big, approver('a'))).toMatchObject({ mayApprove: true, wouldBeFinal: false, remaining: 2 });
      const one = facts({ amountMinor: 600_000n, approvals: [approval('a')] });
      expect(refusal(one, approver('b'))).toBe('director_needed');
      // The director's place limits the last approval, not a rejection.
      expect(approvalStanding(one, approver('b'))).toMatchObject({ mayApprove: false, mayReject: true });
      expect(approvalStanding(one, approver('a'))).toMatchObject({ mayApprove: false, mayReject: false });
      expect(approvalStanding(one, director('d'))).toMatchObject({ mayApprove: true, wouldBeFinal: true, remaining: 1 });
      // The director first: then any approver completes it.
      const directorFirst = facts({ amountMinor: 600_000n, approvals: [approval('d', { byDirector: true })] });
      expect(approvalStanding(directorFirst, approver('b'))).toMatchObject({ mayApprove: true, wouldBeFinal: true, directorApproved: true });
    });
    it('every refusal has a text', () => {
      for (const key of ['not_submitted', 'not_an_approver', 'proposer', 'case_staff', 'conflict', 'already_decided', 'director_needed'] as const) expect(APPROVAL_REFUSALS[key].length).toBeGreaterThan(10);
    });
  });

  it('approvals of earlier versions count for nothing, and a person counts once', () => {
    const f = facts({ version: 2, approvals: [approval('a'), approval('b', { termsVersion: 2 }), approval('b', { termsVersion: 2 })] });
    expect(currentApprovals(f).map((a) => a.approverId)).toEqual(['b']);
    expect(approvalStanding(f, approver('a'))).toMatchObject({ mayApprove: true, wouldBeFinal: true, approvedBy: ['b'], remaining: 1 });
    expect(approvalStanding(f, approver('b')).refusal).toBe('already_decided');
  });

  it('thresholds: one approver approves small grants, two larger ones', () => {
    expect(approvalStanding(facts({ amountMinor: 50_000n }), approver('a')).wouldBeFinal).toBe(true);
    expect(approvalStanding(facts({ amountMinor: 50_001n }), approver('a')).wouldBeFinal).toBe(false);
    expect(approvalStanding(facts({ amountMinor: 50_001n, approvals: [approval('b')] }), approver('a')).wouldBeFinal).toBe(true);
  });

  it('a policy as data: a custom tier set decides', () => {
    const policy: ApprovalPolicy = { tiers: [{ upToMinor: '1000', approvers: 1, director: false }, { upToMinor: null, approvers: 3, director: true }], reportDueDays: 14 };
    const f = facts({ policy, amountMinor: 1001n, approvals: [approval('a'), approval('b')] });
    expect(approvalStanding(f, approver('c')).refusal).toBe('director_needed');
    expect(approvalStanding(f, director('d')).wouldBeFinal).toBe(true);
  });
});
