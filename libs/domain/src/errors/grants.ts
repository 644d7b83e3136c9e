/** Codes of mini-grants: funds, budget lines, approvals, commitment, tranches and reports. */
export const GrantError = {
  /** A budget line or fund has no room left for this commitment (or allocation): nothing changed. */
  BudgetExhausted: 'budget-exhausted',
  /** The fund's budget lines would be allocated past the fund's total. */
  OverAllocated: 'over-allocated',
  /** This person may not approve this grant (separation of duties, conflict, once, role); the detail says why. */
  ApprovalRefused: 'approval-refused',
  /** The approval's signature does not verify over the grant's current terms with the approver's certified key. */
  BadApprovalSignature: 'bad-approval-signature',
  /** The terms changed since the caller read them (their version is not the grant's). */
  StaleTerms: 'stale-terms',
  /** A tranche would pay more than the grant has left, or its amounts and rate do not fit. */
  TrancheRefused: 'tranche-refused',
  /** The fund is closed, or the grant's currency is not the fund's. */
  FundUnavailable: 'fund-unavailable',
  /** The grant's step needs something first (payee details, a report, every tranche settled...). */
  GrantNotReady: 'grant-not-ready',
} as const;
