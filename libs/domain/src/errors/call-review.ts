/** Codes of the panel review of a call (issue 17, docs/calls.md "Review"): rubric, reviewers, conflicts, ranking, decisions. */
export const CallReviewError = {
  /** The scores (or a rubric change) do not fit the call's rubric: a criterion missing, unknown, or a score outside 0–5. */
  RubricMismatch: 'rubric-mismatch',
  /** The rubric is fixed once the first review is submitted (every review must be scored on the same criteria and weights). */
  RubricLocked: 'rubric-locked',
  /** An external reviewer already reviews another call: an external reviewer is invited to one call only. */
  ExternalOneCall: 'external-one-call',
  /** The person declared a conflict of interest on this application: they neither review it, see its reviews nor decide on it. */
  ConflictOfInterest: 'conflict-of-interest',
  /** The review was already submitted (a submitted review is final), or the call is not in review. */
  ReviewState: 'review-state',
  /** The decision's state has no such step (confirming what nobody proposed, releasing an undecided one...). */
  DecisionState: 'decision-state',
  /** A decision needs a second person: the one who proposed it cannot confirm it. */
  SecondPersonRequired: 'second-person-required',
  /** Accepting this application would pass the call's quota (in total or for its country). */
  QuotaFull: 'quota-full',
  /** Decision messages reach applicants from the call's notification date (in the call's zone), not before. */
  NotificationNotYet: 'notification-not-yet',
} as const;

/** Codes of cohorts, host organisations, placements and the logistics checklist (issue 17, docs/calls.md "Cohorts"). */
export const CohortError = {
  /** The host organisation has no free place left (proposed and confirmed placements fill it). */
  HostFull: 'host-full',
  /** The fellow already has a placement that is proposed or confirmed, or is not an accepted applicant of the cohort's call. */
  PlacementRefused: 'placement-refused',
  /** The placement's state has no such step. */
  PlacementState: 'placement-state',
  /** The logistics item's state has no such step (blocking without a reason, finishing a done item...). */
  LogisticsState: 'logistics-state',
} as const;
