/**
 * The panel review of a call (issue 17; domain.md, "Calls and fellowships"; docs/calls.md,
 * "Review"): the rubric and its exact weighted score, who reviews what, conflicts of interest,
 * sealed reviews, the ranking within the call's quotas, and two-person decisions released to
 * applicants from the call's notification date. Pure rules: the api reads the facts, asks these
 * functions, and stores what they answer. The wire shapes are contracts/call-review.ts.
 *
 * Error contract: the functions here throw DomainError (CallReviewError codes; RuleError
 * `access-denied` where the person has no reach at all, which the api answers as 404; CallError
 * `call-state` where the call's phase does not allow the step) and nothing else.
 */
import { Temporal } from 'temporal-polyfill';
import { checkTimeZone } from './call-time';
import { type CallPhase, type CallQuotas, withinQuotas } from './calls';
import { CallError, CallReviewError, DomainError, RuleError } from './errors';
import { type UiLanguage } from './ui-languages';

// ---------------------------------------------------------------------------------------------
// Rubric and scores

export const RUBRIC_SCORE_MIN = 0;
export const RUBRIC_SCORE_MAX = 5;
/** Most criteria a rubric has. */
export const RUBRIC_CRITERIA_MAX = 20;
/** Largest weight of one criterion (weights are positive integers). */
export const RUBRIC_WEIGHT_MAX = 100;
/** A criterion id: a letter, then letters, digits or _ (at most 40), like a form field's name. */
export const CRITERION_ID_PATTERN = /^[a-z][a-zA-Z0-9_]{0,39}$/;

/** A criterion's label in each UI language the call is written in; English is always there. */
export type CriterionLabels = { readonly en: string } & Partial<Readonly<Record<Exclude<UiLanguage, 'en'>, string>>>;

export interface RubricCriterion {
  readonly id: string;
  readonly labels: CriterionLabels;
  /** A positive integer, 1..RUBRIC_WEIGHT_MAX. */
  readonly weight: number;
}

export interface Rubric {
  readonly criteria: readonly RubricCriterion[];
}

/** One review's scores: every criterion of the rubric, an integer 0..5 each. */
export type RubricScores = Readonly<Record<string, number>>;

const isWeight = (w: unknown): w is number => Number.isInteger(w) && (w as number) >= 1 && (w as number) <= RUBRIC_WEIGHT_MAX;
const isScore = (s: unknown): s is number => Number.isInteger(s) && (s as number) >= RUBRIC_SCORE_MIN && (s as number) <= RUBRIC_SCORE_MAX;

/** Why a rubric is unusable, or null: 1..20 criteria, distinct well-formed ids, positive integer weights. */
export function rubricProblem(rubric: Rubric): string | null {
  const { criteria } = rubric;
  if (criteria.length < 1 || criteria.length > RUBRIC_CRITERIA_MAX) return `A rubric has 1 to ${RUBRIC_CRITERIA_MAX} criteria`;
  const ids = new Set<string>();
  for (const c of criteria) {
    if (!CRITERION_ID_PATTERN.test(c.id)) return `“${c.id.slice(0, 40)}” is not a criterion id`;
    if (ids.has(c.id)) return `Criterion ${c.id} appears twice`;
    ids.add(c.id);
    if (!isWeight(c.weight)) return `The weight of ${c.id} must be an integer from 1 to ${RUBRIC_WEIGHT_MAX}`;
  }
  return null;
}

/**
 * Whether the rubric may still change: only while no review of the call is submitted. Once one
 * is, every other review must be scored on the same criteria and weights, or the scores would
 * not compare. Throws `rubric-locked` otherwise.
 */
export function assertRubricEditable(submittedReviews: number): void {
  if (submittedReviews > 0) throw new DomainError(CallReviewError.RubricLocked, 'The rubric is fixed once a review is submitted', { submittedReviews });
}

/** Throws `rubric-mismatch` unless `scores` has exactly the rubric's criteria, each an integer 0..5. */
export function assertScoresFit(rubric: Rubric, scores: RubricScores): void {
  const problem = rubricProblem(rubric);
  if (problem) throw new DomainError(CallReviewError.RubricMismatch, problem);
  const wanted = new Set(rubric.criteria.map((c) => c.id));
  for (const id of Object.keys(scores)) {
    if (!wanted.has(id)) throw new DomainError(CallReviewError.RubricMismatch, 'A score names a criterion the rubric does not have', { criterion: id.slice(0, 40) });
  }
  for (const c of rubric.criteria) {
    const s = Object.prototype.hasOwnProperty.call(scores, c.id) ? scores[c.id] : undefined;
    if (s === undefined) throw new DomainError(CallReviewError.RubricMismatch, `Criterion ${c.id} has no score`, { criterion: c.id });
    if (!isScore(s)) throw new DomainError(CallReviewError.RubricMismatch, `A score is an integer from ${RUBRIC_SCORE_MIN} to ${RUBRIC_SCORE_MAX}`, { criterion: c.id });
  }
}

/**
 * An exact non-negative rational number: a weighted score kept as integers, never as a float, so
 * that 3.1 + 3.2 never ranks below 6.3 by a rounding error. `denominator` is positive.
 */
export interface Score {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * One review's weighted score, Σ score·weight / Σ weight, exactly. Bounded: at most 20 criteria
 * of weight ≤ 100 and score ≤ 5, so the numerator is ≤ 10 000 and the denominator ≤ 2 000.
 */
export function weightedScore(rubric: Rubric, scores: RubricScores): Score {
  assertScoresFit(rubric, scores);
  let numerator = 0;
  let denominator = 0;
  for (const c of rubric.criteria) {
    numerator += (scores[c.id] as number) * c.weight;
    denominator += c.weight;
  }
  return { numerator, denominator };
}

/**
 * The mean of several reviews' weighted scores on the same rubric, exactly:
 * Σ_reviews Σ_criteria score·weight / (reviews · Σ weight). Null for no review.
 */
export function meanWeightedScore(rubric: Rubric, reviews: readonly RubricScores[]): Score | null {
  if (reviews.length === 0) return null;
  let numerator = 0;
  let denominator = 0;
  for (const scores of reviews) {
    const one = weightedScore(rubric, scores);
    numerator += one.numerator;
    denominator += one.denominator;
  }
  return { numerator, denominator };
}

/** −1, 0 or 1 as a is below, equal to or above b; by cross-multiplication in bigint (exact at any size). */
export function compareScores(a: Score, b: Score): -1 | 0 | 1 {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A score for people to read, with `decimals` digits (2 by default), rounded half up from the
 * exact fraction with integer arithmetic: 37/10 → "3.70", 11/3 → "3.67", 5/8 → "0.63" (0.625
 * rounds up). Only for display: the ranking compares the exact fractions (`compareScores`), so
 * two scores shown alike may still rank apart, and then the ranking says they are not tied.
 */
export function formatScore(score: Score, decimals = 2): string {
  const scale = 10n ** BigInt(decimals);
  const n = BigInt(score.numerator) * scale;
  const d = BigInt(score.denominator);
  const rounded = (2n * n + d) / (2n * d); // half up, for non-negative scores
  if (decimals === 0) return rounded.toString();
  const whole = rounded / scale;
  const frac = (rounded % scale).toString().padStart(decimals, '0');
  return `${whole}.${frac}`;
}

// ---------------------------------------------------------------------------------------------
// Reviewers, conflicts, sealing

export const REVIEWER_KINDS = ['staff', 'external'] as const;
export type ReviewerKind = (typeof REVIEWER_KINDS)[number];

/**
 * A person's place on a call's panel. Staff reviewers may review every application of the call
 * (`applicationIds` null) or a list; external reviewers are invited to one call and see only
 * the applications assigned to them (always a list).
 */
export interface ReviewerAssignment {
  readonly callId: string;
  readonly reviewerId: string;
  readonly kind: ReviewerKind;
  readonly applicationIds: readonly string[] | null;
}

/**
 * Checks a new (or changed) assignment against the person's other assignments and the conflicts
 * they declared on the call's applications:
 * - an external reviewer reviews one call only (`external-one-call`) and has a list of
 *   applications, never "all" (`invalid-input`);
 * - nobody is assigned an application they declared a conflict on (`conflict-of-interest`).
 */
export function assertAssignable(assignment: ReviewerAssignment, otherAssignments: readonly ReviewerAssignment[], conflictedApplicationIds: readonly string[]): void {
  if (assignment.kind === 'external') {
    if (assignment.applicationIds === null) {
      throw new DomainError(RuleError.InvalidInput, 'An external reviewer is assigned named applications, never a whole call');
    }
    const elsewhere = otherAssignments.find((a) => a.reviewerId === assignment.reviewerId && a.callId !== assignment.callId);
    if (elsewhere) throw new DomainError(CallReviewError.ExternalOneCall, 'An external reviewer is invited to one call only', { callId: elsewhere.callId });
  }
  const conflicted = (assignment.applicationIds ?? []).find((id) => conflictedApplicationIds.includes(id));
  if (conflicted) throw new DomainError(CallReviewError.ConflictOfInterest, 'The reviewer declared a conflict of interest on this application', { applicationId: conflicted });
}

/** Whether the assignment covers an application of its call. */
export function assignmentCovers(assignment: ReviewerAssignment | undefined, callId: string, applicationId: string): boolean {
  if (!assignment || assignment.callId !== callId) return false;
  if (assignment.applicationIds === null) return assignment.kind === 'staff';
  return assignment.applicationIds.includes(applicationId);
}

export const REVIEW_STATUSES = ['draft', 'submitted'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A review as the rules see it: whose, whether submitted, its scores (the comment is ciphertext the rules never read). */
export interface ReviewRecord {
  readonly id: string;
  readonly reviewerId: string;
  readonly status: ReviewStatus;
  readonly scores: RubricScores;
}

/** What the rules know of one application under review. */
export interface ApplicationReviewFacts {
  readonly callId: string;
  readonly applicationId: string;
  /** People who declared a conflict of interest on this application (reviewers and programme managers alike). */
  readonly conflictedIds: readonly string[];
  readonly reviews: readonly ReviewRecord[];
}

/** Who looks at an application's reviews. */
export interface ReviewViewer {
  readonly personId: string;
  /** The person runs the call as a programme manager (the ability said so). */
  readonly manager: boolean;
  /** The person's assignment on this call, if they are on its panel. */
  readonly assignment?: ReviewerAssignment;
}

/**
 * A person's reach on one application:
 * - `none`: not on the panel for it and not a manager (the api answers 404);
 * - `conflicted`: declared a conflict of interest on it: cannot read it, review it, see its
 *   reviews or take part in its decision (what they wrote before declaring no longer counts);
 * - `reviewer`: assigned to it;
 * - `manager`: runs the call without being assigned to this application.
 */
export type ReviewReach = 'none' | 'conflicted' | 'reviewer' | 'manager';

export function reviewReach(viewer: ReviewViewer, facts: Pick<ApplicationReviewFacts, 'callId' | 'applicationId' | 'conflictedIds'>): ReviewReach {
  const assigned = assignmentCovers(viewer.assignment, facts.callId, facts.applicationId);
  if (!assigned && !viewer.manager) return 'none';
  if (facts.conflictedIds.includes(viewer.personId)) return 'conflicted';
  return assigned ? 'reviewer' : 'manager';
}

/**
 * Whether the person may open the application itself (its ciphertext, its referees' letters): an
 * assigned reviewer or a manager of the call, unless they declared a conflict on it.
 */
export function mayReadApplication(viewer: ReviewViewer, facts: Pick<ApplicationReviewFacts, 'callId' | 'applicationId' | 'conflictedIds'>): boolean {
  const reach = reviewReach(viewer, facts);
  return reach === 'reviewer' || reach === 'manager';
}

/** The reviews of an application that count: submitted, by people without a declared conflict on it. */
export function countingReviews(facts: ApplicationReviewFacts): ReviewRecord[] {
  return facts.reviews.filter((r) => r.status === 'submitted' && !facts.conflictedIds.includes(r.reviewerId));
}

/**
 * The reviews of an application this person may see. Sealing: an assigned reviewer sees their own
 * review (draft or submitted) and other reviewers' submitted reviews only once their own is
 * submitted; a manager who is not on the panel for it sees the submitted ones; a conflicted
 * person sees none, not even their own; nobody sees another person's draft.
 */
export function visibleReviews(viewer: ReviewViewer, facts: ApplicationReviewFacts): ReviewRecord[] {
  const reach = reviewReach(viewer, facts);
  if (reach === 'none' || reach === 'conflicted') return [];
  const counting = countingReviews(facts);
  if (reach === 'manager') return counting;
  const own = facts.reviews.filter((r) => r.reviewerId === viewer.personId);
  const sealed = !own.some((r) => r.status === 'submitted');
  return sealed ? own : [...own, ...counting.filter((r) => r.reviewerId !== viewer.personId)];
}

/** Whether the other reviews of the application are still sealed for this person. */
export function reviewsSealedFor(viewer: ReviewViewer, facts: ApplicationReviewFacts): boolean {
  const reach = reviewReach(viewer, facts);
  if (reach === 'manager') return false;
  if (reach !== 'reviewer') return true;
  return !facts.reviews.some((r) => r.reviewerId === viewer.personId && r.status === 'submitted');
}

/**
 * Whether the person may write (or submit) their review of the application now, else throws:
 * `access-denied` with no reach or reach only as a manager (a manager reviews only when
 * assigned), `conflict-of-interest`, `call-state` unless the call is closed (applications are
 * final only after the deadline, and reviews end when the call is decided), `review-state` once
 * their review is submitted (a submitted review is final).
 */
export function assertMayReview(viewer: ReviewViewer, facts: ApplicationReviewFacts, phase: CallPhase): void {
  const reach = reviewReach(viewer, facts);
  if (reach === 'none' || reach === 'manager') throw new DomainError(RuleError.AccessDenied, '', { applicationId: facts.applicationId });
  if (reach === 'conflicted') throw new DomainError(CallReviewError.ConflictOfInterest, 'You declared a conflict of interest on this application', { applicationId: facts.applicationId });
  if (phase !== 'closed') throw new DomainError(CallError.CallState, 'Applications are reviewed after the deadline and before the call is decided', { phase });
  if (facts.reviews.some((r) => r.reviewerId === viewer.personId && r.status === 'submitted')) {
    throw new DomainError(CallReviewError.ReviewState, 'Your review of this application is submitted and final');
  }
}

/**
 * Whether the person may declare a conflict of interest on the application: anyone with reach on
 * it (an assigned reviewer, a manager), at any time before the call is archived; declaring twice
 * changes nothing. Returns false when already declared (nothing to store).
 */
export function mayDeclareConflict(viewer: ReviewViewer, facts: ApplicationReviewFacts): boolean {
  const reach = reviewReach(viewer, facts);
  if (reach === 'none') throw new DomainError(RuleError.AccessDenied, '', { applicationId: facts.applicationId });
  return reach !== 'conflicted';
}

// ---------------------------------------------------------------------------------------------
// Ranking

/** One application as the ranking reads it. */
export interface RankingInput {
  readonly applicationId: string;
  /** The applicant's country (ISO 3166-1 alpha-2) the quotas count, or null (only the total applies). */
  readonly country: string | null;
  /** The exact mean weighted score of its counting reviews, null when none is submitted. */
  readonly score: Score | null;
  readonly reviewCount: number;
}

export const RANKING_SUGGESTIONS = ['accept', 'waitlist', 'unscored'] as const;
export type RankingSuggestion = (typeof RANKING_SUGGESTIONS)[number];
/** Why an application above the line was not suggested for acceptance. */
export const RANKING_SKIPS = ['country_quota_full', 'total_quota_full'] as const;
export type RankingSkip = (typeof RANKING_SKIPS)[number];

export interface RankedApplication {
  readonly applicationId: string;
  readonly country: string | null;
  /** 1-based; applications with equal scores share a rank (1, 2, 2, 4); null when unscored. */
  readonly rank: number | null;
  readonly score: Score | null;
  readonly reviewCount: number;
  readonly suggestion: RankingSuggestion;
  /** For a waitlisted one: the quota that was full when its turn came. */
  readonly skipped: RankingSkip | null;
  /** Its score equals the one before it: the order between them is the tie rule's, not the panel's. */
  readonly tied: boolean;
}

/** The application's score from its facts: the exact mean of its counting reviews. */
export function applicationScore(rubric: Rubric, facts: ApplicationReviewFacts): { score: Score | null; reviewCount: number } {
  const counting = countingReviews(facts);
  return { score: meanWeightedScore(rubric, counting.map((r) => r.scores)), reviewCount: counting.length };
}

/**
 * The ranking of a call's applications and the suggestion the quotas allow.
 *
 * Order: higher exact mean weighted score first; on an equal score, more counting reviews first
 * (the score rests on more opinions); then the application id, ascending (arbitrary but stable,
 * and flagged `tied` so the panel decides). Applications without a submitted review come last,
 * `unscored`, never suggested.
 *
 * Walking down that order, an application is suggested `accept` when accepting it stays within
 * the quotas (calls.ts `withinQuotas`, counting those suggested above it plus `alreadyAccepted`,
 * the confirmed acceptances); otherwise `waitlist`, with the reason: `total_quota_full` when no
 * place is left at all, `country_quota_full` when only its country's places are taken. A lower
 * application from another country may still be accepted after one is skipped for its country.
 */
export function rankApplications(
  inputs: readonly RankingInput[],
  quotas: CallQuotas,
  alreadyAccepted: { total: number; perCountry: Partial<Record<string, number>> } = { total: 0, perCountry: {} },
): RankedApplication[] {
  const scored = inputs.filter((i): i is RankingInput & { score: Score } => i.score !== null);
  const unscored = inputs.filter((i) => i.score === null).sort((a, b) => (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
  scored.sort((a, b) => compareScores(b.score, a.score) || b.reviewCount - a.reviewCount || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
  const accepted = { total: alreadyAccepted.total, perCountry: { ...alreadyAccepted.perCountry } };
  const out: RankedApplication[] = [];
  let rank = 0;
  scored.forEach((entry, i) => {
    const previous = scored[i - 1];
    const tied = previous !== undefined && compareScores(previous.score, entry.score) === 0;
    if (!tied) rank = i + 1;
    const country = entry.country ?? '';
    let suggestion: RankingSuggestion = 'accept';
    let skipped: RankingSkip | null = null;
    if (withinQuotas(quotas, accepted, country)) {
      accepted.total += 1;
      if (entry.country) accepted.perCountry[country] = (accepted.perCountry[country] ?? 0) + 1;
    } else {
      suggestion = 'waitlist';
      skipped = quotas.total !== null && accepted.total >= quotas.total ? 'total_quota_full' : 'country_quota_full';
    }
    out.push({ applicationId: entry.applicationId, country: entry.country, rank, score: entry.score, reviewCount: entry.reviewCount, suggestion, skipped, tied });
  });
  for (const entry of unscored) {
    out.push({ applicationId: entry.applicationId, country: entry.country, rank: null, score: null, reviewCount: entry.reviewCount, suggestion: 'unscored', skipped: null, tied: false });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decisions

export const DECISION_OUTCOMES = ['accept', 'waitlist', 'reject'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/**
 * A decision's states:
 *
 *   undecided → proposed            propose (one person, with an outcome)
 *   proposed  → decided             confirm (a second person; an accept must fit the quotas)
 *   proposed  → undecided           discard (the proposer takes it back, or a second person disagrees)
 *   decided   → released            release (from the notification date in the call's zone)
 *   decided | released → proposed   propose again, only from `waitlist` (a place came free, or
 *                                   the waitlist is closed with a rejection): two people again
 *
 * Nobody who declared a conflict of interest on the application takes part in any step.
 */
export const DECISION_STATUSES = ['undecided', 'proposed', 'decided', 'released'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_ACTIONS = ['propose', 'confirm', 'discard', 'release'] as const;
export type DecisionActionName = (typeof DECISION_ACTIONS)[number];

export interface DecisionState {
  readonly status: DecisionStatus;
  /** The outcome proposed or decided; null while undecided. */
  readonly outcome: DecisionOutcome | null;
  readonly proposedBy: string | null;
  readonly confirmedBy: string | null;
  /** The waitlisting a proposal replaces (kept until it is confirmed or discarded: a discard restores it). */
  readonly previous: { readonly outcome: DecisionOutcome; readonly status: 'decided' | 'released' } | null;
}

export const UNDECIDED: DecisionState = { status: 'undecided', outcome: null, proposedBy: null, confirmedBy: null, previous: null };

export type DecisionAction = { readonly kind: 'propose'; readonly outcome: DecisionOutcome } | { readonly kind: 'confirm' } | { readonly kind: 'discard' } | { readonly kind: 'release' };

/** The facts a step needs besides the decision itself. */
export interface DecisionContext {
  readonly actorId: string;
  /** People who declared a conflict of interest on the application. */
  readonly conflictedIds: readonly string[];
  /** The call's phase: decisions are proposed and confirmed once the call is closed (or decided, for the waitlist). */
  readonly phase: CallPhase;
  /** For confirming an accept: the call's quotas, the confirmed acceptances of the call so far, and the applicant's country. */
  readonly quotas: CallQuotas;
  readonly accepted: { total: number; perCountry: Partial<Record<string, number>> };
  readonly country: string | null;
  /** For releasing: the call's notification date and zone, and the instant of the request. */
  readonly notifyOn: string | null;
  readonly timeZone: string;
  readonly now: Date;
}

/**
 * The first instant decision messages may reach applicants: the start of the notification date
 * in the call's zone (Temporal's start of day, which is right even where midnight is skipped).
 * Null when the call has no notification date (then nothing is released).
 */
export function notificationStart(notifyOn: string | null, timeZone: string): Date | null {
  if (notifyOn === null) return null;
  let date: Temporal.PlainDate;
  try {
    date = Temporal.PlainDate.from(notifyOn, { overflow: 'reject' });
  } catch {
    throw new DomainError(RuleError.InvalidInput, 'Expected the notification date as YYYY-MM-DD');
  }
  const start = date.toZonedDateTime({ timeZone: checkTimeZone(timeZone) });
  return new Date(start.epochMilliseconds);
}

/** Whether decision messages may reach applicants at `now`. */
export function notificationOpen(notifyOn: string | null, timeZone: string, now: Date): boolean {
  const start = notificationStart(notifyOn, timeZone);
  return start !== null && now.getTime() >= start.getTime();
}

/** The state after `action` by `ctx.actorId`, or a DomainError saying why not. */
export function decisionStep(state: DecisionState, action: DecisionAction, ctx: DecisionContext): DecisionState {
  const refuse = (code: (typeof CallReviewError)[keyof typeof CallReviewError], why: string, details: Record<string, unknown> = {}): never => {
    throw new DomainError(code, why, { action: action.kind, status: state.status, ...details });
  };
  if (ctx.conflictedIds.includes(ctx.actorId)) refuse(CallReviewError.ConflictOfInterest, 'You declared a conflict of interest on this application: others decide on it');
  switch (action.kind) {
    case 'propose': {
      const again = (state.status === 'decided' || state.status === 'released') && state.outcome === 'waitlist';
      if (state.status !== 'undecided' && !again) refuse(CallReviewError.DecisionState, 'Only an undecided or waitlisted application is proposed for a decision');
      if (again && action.outcome === 'waitlist') refuse(CallReviewError.DecisionState, 'The application is already waitlisted');
      const phaseOk = ctx.phase === 'closed' || (again && ctx.phase === 'decided');
      if (!phaseOk) throw new DomainError(CallError.CallState, 'Decisions are taken once the call is closed (the waitlist until it is archived)', { phase: ctx.phase });
      return { status: 'proposed', outcome: action.outcome, proposedBy: ctx.actorId, confirmedBy: null, previous: again && state.outcome ? { outcome: state.outcome, status: state.status as 'decided' | 'released' } : null };
    }
    case 'confirm': {
      if (state.status !== 'proposed' || state.outcome === null) return refuse(CallReviewError.DecisionState, 'Only a proposed decision is confirmed');
      if (state.proposedBy === ctx.actorId) refuse(CallReviewError.SecondPersonRequired, 'You proposed this decision: a second person confirms it');
      if (ctx.phase !== 'closed' && ctx.phase !== 'decided') throw new DomainError(CallError.CallState, 'Decisions are taken once the call is closed', { phase: ctx.phase });
      if (state.outcome === 'accept' && !withinQuotas(ctx.quotas, ctx.accepted, ctx.country ?? '')) {
        const total = ctx.quotas.total !== null && ctx.accepted.total >= ctx.quotas.total;
        refuse(CallReviewError.QuotaFull, total ? 'Every place of the call is taken' : 'Every place for this country is taken', { quota: total ? 'total' : 'country' });
      }
      return { ...state, status: 'decided', confirmedBy: ctx.actorId, previous: null };
    }
    case 'discard': {
      if (state.status !== 'proposed') return refuse(CallReviewError.DecisionState, 'Only a proposed decision is discarded');
      if (state.previous !== null) {
        // A waitlisted application proposed again goes back to the waitlist as it was (told to the applicant or not).
        return { status: state.previous.status, outcome: state.previous.outcome, proposedBy: null, confirmedBy: null, previous: null };
      }
      return UNDECIDED;
    }
    case 'release': {
      if (state.status !== 'decided') return refuse(CallReviewError.DecisionState, 'Only a confirmed decision is released to the applicant');
      if (!notificationOpen(ctx.notifyOn, ctx.timeZone, ctx.now)) {
        const start = notificationStart(ctx.notifyOn, ctx.timeZone);
        refuse(CallReviewError.NotificationNotYet, start ? `Applicants are told from ${ctx.notifyOn} in ${ctx.timeZone}` : 'The call has no notification date yet', start ? { from: start.toISOString() } : {});
      }
      return { ...state, status: 'released' };
    }
  }
}

/** The steps this person may take on the decision now (for the console's buttons); never throws. */
export function allowedDecisionActions(state: DecisionState, ctx: DecisionContext): DecisionActionName[] {
  const candidates: DecisionAction[] = [
    ...DECISION_OUTCOMES.map((outcome) => ({ kind: 'propose' as const, outcome })),
    { kind: 'confirm' },
    { kind: 'discard' },
    { kind: 'release' },
  ];
  const names = new Set<DecisionActionName>();
  for (const action of candidates) {
    try {
      decisionStep(state, action, ctx);
      names.add(action.kind);
    } catch {
      // not allowed
    }
  }
  return DECISION_ACTIONS.filter((n) => names.has(n));
}

/**
 * The guard of the call's `decide` transition (calls.ts `callTransition`): every application still
 * in the running (not withdrawn) has a confirmed decision, released or not; otherwise `call-state`
 * with how many are still open, and nothing changes.
 */
export function assertEveryApplicationDecided(decisions: readonly Pick<DecisionState, 'status'>[]): void {
  const open = decisions.filter((d) => d.status !== 'decided' && d.status !== 'released').length;
  if (open > 0) throw new DomainError(CallError.CallState, `${open} application(s) still wait for a confirmed decision`, { undecided: open });
}
