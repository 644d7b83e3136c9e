import {
  type ApplicationReviewFacts,
  type DecisionContext,
  type DecisionState,
  type RankingInput,
  type ReviewRecord,
  type ReviewViewer,
  type ReviewerAssignment,
  type Rubric,
  type Score,
  UNDECIDED,
  allowedDecisionActions,
  applicationScore,
  assertAssignable,
  assertEveryApplicationDecided,
  assertMayReview,
  assertRubricEditable,
  assertScoresFit,
  assignmentCovers,
  compareScores,
  countingReviews,
  decisionStep,
  formatScore,
  mayDeclareConflict,
  mayReadApplication,
  meanWeightedScore,
  notificationOpen,
  notificationStart,
  rankApplications,
  reviewReach,
  reviewsSealedFor,
  rubricProblem,
  visibleReviews,
  weightedScore,
} from './call-review';
import { type CallQuotas } from './calls';
import {
  REVIEW_COMMENT_CIPHERTEXT_MAX,
  applicationReviewsViewSchema,
  conflictDeclarationSchema,
  decisionActionSchema,
  rankingRowSchema,
  reviewInputSchema,
  reviewScoresSchema,
  reviewerAssignmentInputSchema,
  rubricSchema,
} from './contracts/call-review';
import { CallError, CallReviewError, RuleError } from './errors';
import { thrown } from '../test/thrown';

const label = (en: string) => ({ en });
/** Relevance ×3, track record ×2, feasibility ×1. */
const rubric: Rubric = {
  criteria: [
    { id: 'relevance', labels: { en: 'Relevance', ru: 'Актуальность' }, weight: 3 },
    { id: 'trackRecord', labels: label('Track record'), weight: 2 },
    { id: 'feasibility', labels: label('Feasibility'), weight: 1 },
  ],
};
const S = (relevance: number, trackRecord: number, feasibility: number) => ({ relevance, trackRecord, feasibility });
const frac = (numerator: number, denominator: number): Score => ({ numerator, denominator });

const CALL = 'c0000000-0000-4000-8000-000000000001';
const OTHER_CALL = 'c0000000-0000-4000-8000-000000000002';
const APP = 'a0000000-0000-4000-8000-000000000001';
const APP2 = 'a0000000-0000-4000-8000-000000000002';

describe('the rubric', () => {
  it('takes 1 to 20 criteria with distinct ids and positive integer weights up to 100', () => {
    expect(rubricProblem(rubric)).toBeNull();
    expect(rubricProblem({ criteria: [] })).toMatch(/1 to 20/);
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `c${i}`, labels: label('x'), weight: 1 }));
    expect(rubricProblem({ criteria: many })).toMatch(/1 to 20/);
    expect(rubricProblem({ criteria: many.slice(0, 20) })).toBeNull();
    expect(rubricProblem({ criteria: [...rubric.criteria, { id: 'relevance', labels: label('again'), weight: 1 }] })).toMatch(/twice/);
    expect(rubricProblem({ criteria: [{ id: '1st', labels: label('x'), weight: 1 }] })).toMatch(/not a criterion id/);
    for (const weight of [0, -1, 1.5, 101, Number.NaN]) expect(rubricProblem({ criteria: [{ id: 'a', labels: label('x'), weight }] })).toMatch(/weight/);
    expect(rubricProblem({ criteria: [{ id: 'a', labels: label('x'), weight: 100 }] })).toBeNull();
  });

  it('is fixed once a review is submitted', () => {
    expect(() => assertRubricEditable(0)).not.toThrow();
    expect(thrown(() => assertRubricEditable(1)).code).toBe(CallReviewError.RubricLocked);
  });

  it('wants a score for every criterion and no other, each an integer from 0 to 5', () => {
    expect(() => assertScoresFit(rubric, S(0, 5, 3))).not.toThrow();
    expect(thrown(() => assertScoresFit(rubric, { relevance: 3, trackRecord: 3 })).details).toEqual({ criterion: 'feasibility' });
    expect(thrown(() => assertScoresFit(rubric, { ...S(1, 1, 1), budget: 2 })).code).toBe(CallReviewError.RubricMismatch);
    for (const bad of [6, -1, 2.5, Number.NaN]) expect(thrown(() => assertScoresFit(rubric, S(bad, 1, 1))).code).toBe(CallReviewError.RubricMismatch);
    // An inherited property is not a score.
    expect(thrown(() => assertScoresFit({ criteria: [{ id: 'toString', labels: label('x'), weight: 1 }] }, {})).code).toBe(CallReviewError.RubricMismatch);
  });
});

describe('the weighted score, exactly', () => {
  it('is Σ score·weight / Σ weight kept as integers', () => {
    expect(weightedScore(rubric, S(5, 4, 0))).toEqual(frac(23, 6)); // (15 + 8 + 0) / 6
    expect(weightedScore(rubric, S(5, 5, 5))).toEqual(frac(30, 6));
    expect(weightedScore(rubric, S(0, 0, 0))).toEqual(frac(0, 6));
  });

  it('averages reviews as Σ numerators / Σ denominators, null without a review', () => {
    expect(meanWeightedScore(rubric, [S(5, 4, 0), S(3, 3, 3)])).toEqual(frac(23 + 18, 12));
    expect(meanWeightedScore(rubric, [])).toBeNull();
    expect(thrown(() => meanWeightedScore(rubric, [S(5, 4, 0), { relevance: 5 }])).code).toBe(CallReviewError.RubricMismatch);
  });

  it('compares by cross-multiplication: equal fractions are equal, whatever floats would say', () => {
    expect(compareScores(frac(1, 3), frac(2, 6))).toBe(0);
    expect(compareScores(frac(7, 3), frac(14, 6))).toBe(0);
    expect(compareScores(frac(2, 3), frac(3, 5))).toBe(1);
    expect(compareScores(frac(3, 5), frac(2, 3))).toBe(-1);
    // Beyond 2^53 a float product would round; bigint does not.
    const n = 2 ** 52;
    expect((n + 1) * (n + 1) === n * (n + 2)).toBe(true); // floats: equal
    expect(compareScores(frac(n + 1, n), frac(n + 2, n + 1))).toBe(1); // exact: (n+1)² = n(n+2) + 1
    // Averaging floats: (0.1 + 0.2) / 2 > 0.15, yet 3/20 is 3/20.
    expect((0.1 + 0.2) / 2 > 0.15).toBe(true);
    expect(compareScores(frac(1 + 2, 20), frac(0 + 3, 20))).toBe(0);
  });

  it('reads rounded half up to hundredths, from the fraction (1.005 is "1.01", not the float’s "1.00")', () => {
    expect(formatScore(frac(23, 6))).toBe('3.83');
    expect(formatScore(frac(11, 3))).toBe('3.67');
    expect(formatScore(frac(5, 8))).toBe('0.63');
    expect(formatScore(frac(201, 200))).toBe('1.01');
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(formatScore(frac(30, 6))).toBe('5.00');
    expect(formatScore(frac(0, 6))).toBe('0.00');
    expect(formatScore(frac(7, 2), 0)).toBe('4');
    expect(formatScore(frac(1, 3), 3)).toBe('0.333');
  });
});

describe('reviewers and their reach', () => {
  const staffAll: ReviewerAssignment = { callId: CALL, reviewerId: 'staff-1', kind: 'staff', applicationIds: null };
  const external: ReviewerAssignment = { callId: CALL, reviewerId: 'ext-1', kind: 'external', applicationIds: [APP] };

  it('keeps an external reviewer to one call; staff may sit on several', () => {
    expect(() => assertAssignable(external, [], [])).not.toThrow();
    expect(() => assertAssignable({ ...external, applicationIds: [APP, APP2] }, [external], [])).not.toThrow(); // the same call, more applications
    const err = thrown(() => assertAssignable({ ...external, callId: OTHER_CALL }, [external], []));
    expect(err.code).toBe(CallReviewError.ExternalOneCall);
    expect(err.details).toEqual({ callId: CALL });
    expect(() => assertAssignable({ ...staffAll, callId: OTHER_CALL }, [staffAll], [])).not.toThrow();
    // Another person's assignment elsewhere is not theirs.
    expect(() => assertAssignable(external, [{ ...external, reviewerId: 'ext-2', callId: OTHER_CALL }], [])).not.toThrow();
  });

  it('never gives an external reviewer a whole call', () => {
    expect(thrown(() => assertAssignable({ ...external, applicationIds: null }, [], [])).code).toBe(RuleError.InvalidInput);
  });

  it('does not assign an application the person declared a conflict on', () => {
    const err = thrown(() => assertAssignable({ ...external, applicationIds: [APP2, APP] }, [], [APP]));
    expect(err.code).toBe(CallReviewError.ConflictOfInterest);
    expect(err.details).toEqual({ applicationId: APP });
    expect(() => assertAssignable(staffAll, [], [APP])).not.toThrow(); // "all" is filtered per application by the reach
  });

  it('covers the applications assigned, within the call only', () => {
    expect(assignmentCovers(staffAll, CALL, APP2)).toBe(true);
    expect(assignmentCovers(staffAll, OTHER_CALL, APP2)).toBe(false);
    expect(assignmentCovers(external, CALL, APP)).toBe(true);
    expect(assignmentCovers(external, CALL, APP2)).toBe(false);
    expect(assignmentCovers(external, OTHER_CALL, APP)).toBe(false);
    expect(assignmentCovers({ ...external, applicationIds: null }, CALL, APP)).toBe(false); // never "all" for an external reviewer
    expect(assignmentCovers(undefined, CALL, APP)).toBe(false);
  });
});

describe('sealed reviews and conflicts of interest', () => {
  const assigned = (reviewerId: string, kind: 'staff' | 'external' = 'staff'): ReviewerAssignment => ({ callId: CALL, reviewerId, kind, applicationIds: kind === 'staff' ? null : [APP] });
  const alice: ReviewViewer = { personId: 'alice', manager: false, assignment: assigned('alice') };
  const bob: ReviewViewer = { personId: 'bob', manager: false, assignment: assigned('bob', 'external') };
  const carol: ReviewViewer = { personId: 'carol', manager: false, assignment: assigned('carol') };
  const dan: ReviewViewer = { personId: 'dan', manager: false, assignment: { callId: CALL, reviewerId: 'dan', kind: 'external', applicationIds: [APP2] } };
  const eve: ReviewViewer = { personId: 'eve', manager: false, assignment: { callId: OTHER_CALL, reviewerId: 'eve', kind: 'staff', applicationIds: null } };
  const manager: ReviewViewer = { personId: 'maria', manager: true };
  const managerReviewing: ReviewViewer = { personId: 'mark', manager: true, assignment: assigned('mark') };

  const review = (reviewerId: string, status: 'draft' | 'submitted', scores = S(3, 3, 3)): ReviewRecord => ({ id: `r-${reviewerId}`, reviewerId, status, scores });
  const facts = (reviews: readonly ReviewRecord[], conflictedIds: string[] = ['carol']): ApplicationReviewFacts => ({ callId: CALL, applicationId: APP, conflictedIds, reviews });
  const ids = (rs: readonly ReviewRecord[]) => rs.map((r) => r.id).sort();

  it('gives each person a reach: assigned reviewer, manager, conflicted or none', () => {
    const f = facts([]);
    expect(reviewReach(alice, f)).toBe('reviewer');
    expect(reviewReach(bob, f)).toBe('reviewer');
    expect(reviewReach(carol, f)).toBe('conflicted');
    expect(reviewReach(dan, f)).toBe('none'); // an external reviewer of another application of the call
    expect(reviewReach(eve, f)).toBe('none'); // a staff reviewer of another call
    expect(reviewReach(manager, f)).toBe('manager');
    expect(reviewReach(managerReviewing, f)).toBe('reviewer');
    expect(reviewReach(manager, facts([], ['maria']))).toBe('conflicted');
  });

  it('seals the others’ reviews until the reviewer submits their own', () => {
    const before = facts([review('alice', 'draft'), review('bob', 'submitted')]);
    expect(ids(visibleReviews(alice, before))).toEqual(['r-alice']);
    expect(reviewsSealedFor(alice, before)).toBe(true);
    const after = facts([review('alice', 'submitted'), review('bob', 'submitted')]);
    expect(ids(visibleReviews(alice, after))).toEqual(['r-alice', 'r-bob']);
    expect(reviewsSealedFor(alice, after)).toBe(false);
    // Bob submitted too and sees Alice's.
    expect(ids(visibleReviews(bob, after))).toEqual(['r-alice', 'r-bob']);
  });

  it('never shows anybody another person’s draft', () => {
    const f = facts([review('alice', 'submitted'), review('bob', 'draft')]);
    expect(ids(visibleReviews(alice, f))).toEqual(['r-alice']);
    expect(ids(visibleReviews(manager, f))).toEqual(['r-alice']);
    expect(ids(visibleReviews(bob, f))).toEqual(['r-bob']);
  });

  it('seals a manager who sits on the panel for the application as any reviewer; one who does not sees the submitted reviews', () => {
    const f = facts([review('alice', 'submitted'), review('mark', 'draft')]);
    expect(ids(visibleReviews(managerReviewing, f))).toEqual(['r-mark']);
    expect(reviewsSealedFor(managerReviewing, f)).toBe(true);
    expect(ids(visibleReviews(manager, f))).toEqual(['r-alice']);
    expect(reviewsSealedFor(manager, f)).toBe(false);
  });

  it('shows a conflicted person nothing, not even their own review, and drops it from the score', () => {
    const f = facts([review('alice', 'submitted', S(5, 5, 5)), review('carol', 'submitted', S(0, 0, 0))]);
    expect(visibleReviews(carol, f)).toEqual([]);
    expect(reviewsSealedFor(carol, f)).toBe(true);
    expect(ids(countingReviews(f))).toEqual(['r-alice']);
    expect(applicationScore(rubric, f)).toEqual({ score: frac(30, 6), reviewCount: 1 });
    // A manager who declared a conflict sees nothing either.
    expect(visibleReviews(manager, facts(f.reviews, ['maria']))).toEqual([]);
  });

  it('shows nothing to people without reach', () => {
    const f = facts([review('alice', 'submitted')]);
    expect(visibleReviews(dan, f)).toEqual([]);
    expect(visibleReviews(eve, f)).toEqual([]);
    expect(reviewsSealedFor(dan, f)).toBe(true);
  });

  it('lets an assigned reviewer review while the call is closed, once', () => {
    expect(() => assertMayReview(alice, facts([review('alice', 'draft')]), 'closed')).not.toThrow();
    expect(() => assertMayReview(bob, facts([]), 'closed')).not.toThrow();
    expect(thrown(() => assertMayReview(alice, facts([review('alice', 'submitted')]), 'closed')).code).toBe(CallReviewError.ReviewState);
    for (const phase of ['open', 'upcoming', 'decided', 'archived', 'draft'] as const) expect(thrown(() => assertMayReview(alice, facts([]), phase)).code).toBe(CallError.CallState);
  });

  it('refuses the conflicted with their own code and the others as a missing record', () => {
    expect(thrown(() => assertMayReview(carol, facts([]), 'closed')).code).toBe(CallReviewError.ConflictOfInterest);
    expect(thrown(() => assertMayReview(dan, facts([]), 'closed')).code).toBe(RuleError.AccessDenied);
    expect(thrown(() => assertMayReview(eve, facts([]), 'closed')).code).toBe(RuleError.AccessDenied);
    expect(thrown(() => assertMayReview(manager, facts([]), 'closed')).code).toBe(RuleError.AccessDenied); // a manager reviews only when assigned
  });

  it('opens the application to its reviewers and the call’s managers, never to the conflicted or the unassigned', () => {
    const f = facts([]);
    expect([alice, bob, manager, managerReviewing].map((v) => mayReadApplication(v, f))).toEqual([true, true, true, true]);
    expect([carol, dan, eve].map((v) => mayReadApplication(v, f))).toEqual([false, false, false]);
    expect(mayReadApplication(bob, { ...f, applicationId: APP2 })).toBe(false);
  });

  it('lets anyone with reach declare a conflict, once', () => {
    expect(mayDeclareConflict(alice, facts([]))).toBe(true);
    expect(mayDeclareConflict(manager, facts([]))).toBe(true);
    expect(mayDeclareConflict(carol, facts([]))).toBe(false);
    expect(thrown(() => mayDeclareConflict(dan, facts([]))).code).toBe(RuleError.AccessDenied);
  });
});

describe('the ranking within the quotas', () => {
  const entry = (applicationId: string, country: string | null, score: Score | null, reviewCount = 2): RankingInput => ({ applicationId, country, score, reviewCount });
  const noQuota: CallQuotas = { total: null, perCountry: {} };

  it('orders by exact score, suggests within the quotas and says why one was skipped', () => {
    const quotas: CallQuotas = { total: 3, perCountry: { KZ: 1 } };
    const ranked = rankApplications(
      [entry('kz-2', 'KZ', frac(24, 6)), entry('uz-1', 'UZ', frac(18, 6)), entry('kz-1', 'KZ', frac(27, 6)), entry('none', 'TJ', null, 0), entry('kg-1', 'KG', frac(23, 6)), entry('tj-1', 'TJ', frac(22, 6))],
      quotas,
    );
    expect(ranked.map((r) => [r.applicationId, r.rank, r.suggestion, r.skipped])).toEqual([
      ['kz-1', 1, 'accept', null],
      ['kz-2', 2, 'waitlist', 'country_quota_full'],
      ['kg-1', 3, 'accept', null],
      ['tj-1', 4, 'accept', null],
      ['uz-1', 5, 'waitlist', 'total_quota_full'],
      ['none', null, 'unscored', null],
    ]);
  });

  it('breaks a tie by the number of reviews, then by application id, and flags it', () => {
    const ranked = rankApplications([entry('b', 'KZ', frac(7, 3), 2), entry('c', 'KZ', frac(14, 6), 3), entry('a', 'KZ', frac(7, 3), 2), entry('d', 'KZ', frac(2, 1), 5), entry('e', 'KZ', frac(3, 1), 1)], noQuota);
    expect(ranked.map((r) => [r.applicationId, r.rank, r.tied])).toEqual([
      ['e', 1, false],
      ['c', 2, false],
      ['a', 2, true],
      ['b', 2, true],
      ['d', 5, false],
    ]);
  });

  it('ties what floats would not: the mean of 1/10 and 2/10 equals 3/20', () => {
    // One review of 1/10 and one of 2/10 (weights 1 and 9), against reviews of 0 and 3/10.
    const tenth: Rubric = { criteria: [{ id: 'a', labels: label('a'), weight: 1 }, { id: 'b', labels: label('b'), weight: 9 }] };
    const x = meanWeightedScore(tenth, [{ a: 1, b: 0 }, { a: 2, b: 0 }]) as Score;
    const y = meanWeightedScore(tenth, [{ a: 0, b: 0 }, { a: 3, b: 0 }]) as Score;
    expect(x.numerator / x.denominator).toBe(0.15);
    expect((0.1 + 0.2) / 2).not.toBe(0.15); // the float mean of the two reviews' floats would rank x first
    const ranked = rankApplications([entry('x', 'KZ', x), entry('w', 'KZ', y)], noQuota);
    expect(ranked.map((r) => [r.applicationId, r.rank, r.tied])).toEqual([
      ['w', 1, false],
      ['x', 1, true],
    ]);
  });

  it('counts the acceptances already confirmed', () => {
    const quotas: CallQuotas = { total: 12, perCountry: { KZ: 6, KG: 6 } };
    const ranked = rankApplications([entry('kz', 'KZ', frac(5, 1)), entry('kg', 'KG', frac(4, 1)), entry('kg2', 'KG', frac(3, 1))], quotas, { total: 11, perCountry: { KZ: 6, KG: 5 } });
    expect(ranked.map((r) => [r.applicationId, r.suggestion, r.skipped])).toEqual([
      ['kz', 'waitlist', 'country_quota_full'],
      ['kg', 'accept', null],
      ['kg2', 'waitlist', 'total_quota_full'],
    ]);
  });

  it('holds the media call to 12 outlets and 6 per country', () => {
    const quotas: CallQuotas = { total: 12, perCountry: { KZ: 6, KG: 6, TJ: 6, UZ: 6 } };
    const inputs = [
      ...Array.from({ length: 8 }, (_, i) => entry(`kz-${i}`, 'KZ', frac(100 - i, 20))),
      ...Array.from({ length: 5 }, (_, i) => entry(`kg-${i}`, 'KG', frac(90 - i, 20))),
      ...Array.from({ length: 3 }, (_, i) => entry(`uz-${i}`, 'UZ', frac(80 - i, 20))),
    ];
    const ranked = rankApplications(inputs, quotas);
    const accepted = ranked.filter((r) => r.suggestion === 'accept');
    expect(accepted).toHaveLength(12);
    expect(accepted.filter((r) => r.country === 'KZ')).toHaveLength(6);
    expect(accepted.filter((r) => r.country === 'KG')).toHaveLength(5);
    expect(accepted.filter((r) => r.country === 'UZ').map((r) => r.applicationId)).toEqual(['uz-0']);
    expect(ranked.filter((r) => r.skipped === 'country_quota_full').map((r) => r.applicationId)).toEqual(['kz-6', 'kz-7']);
    expect(ranked.filter((r) => r.skipped === 'total_quota_full').map((r) => r.applicationId)).toEqual(['uz-1', 'uz-2']);
  });

  it('applies only the total to an application without a country, and accepts everyone without quotas', () => {
    const ranked = rankApplications([entry('a', null, frac(5, 1)), entry('b', 'KZ', frac(4, 1)), entry('c', null, frac(3, 1))], { total: 2, perCountry: { KZ: 1 } });
    expect(ranked.map((r) => r.suggestion)).toEqual(['accept', 'accept', 'waitlist']);
    expect(rankApplications([entry('a', 'KZ', frac(1, 1)), entry('b', 'KZ', frac(1, 2))], noQuota).every((r) => r.suggestion === 'accept')).toBe(true);
    expect(rankApplications([], noQuota)).toEqual([]);
  });
});

describe('two-person decisions', () => {
  const quotas: CallQuotas = { total: 2, perCountry: { KZ: 1 } };
  const ctx = (actorId: string, over: Partial<DecisionContext> = {}): DecisionContext => ({
    actorId,
    conflictedIds: ['carol'],
    phase: 'closed',
    quotas,
    accepted: { total: 0, perCountry: {} },
    country: 'KZ',
    notifyOn: '2026-12-25',
    timeZone: 'Asia/Almaty',
    now: new Date('2026-12-21T06:00:00Z'),
    ...over,
  });
  const proposed = (outcome: 'accept' | 'waitlist' | 'reject', by = 'paul'): DecisionState => decisionStep(UNDECIDED, { kind: 'propose', outcome }, ctx(by));

  it('needs a proposal by one person and a confirmation by another', () => {
    const p = proposed('accept');
    expect(p).toEqual({ status: 'proposed', outcome: 'accept', proposedBy: 'paul', confirmedBy: null, previous: null });
    const err = thrown(() => decisionStep(p, { kind: 'confirm' }, ctx('paul')));
    expect(err.code).toBe(CallReviewError.SecondPersonRequired);
    expect(decisionStep(p, { kind: 'confirm' }, ctx('quinn'))).toEqual({ status: 'decided', outcome: 'accept', proposedBy: 'paul', confirmedBy: 'quinn', previous: null });
  });

  it('keeps a conflicted person out of every step', () => {
    expect(thrown(() => proposed('reject', 'carol')).code).toBe(CallReviewError.ConflictOfInterest);
    expect(thrown(() => decisionStep(proposed('reject'), { kind: 'confirm' }, ctx('carol'))).code).toBe(CallReviewError.ConflictOfInterest);
    expect(thrown(() => decisionStep(proposed('reject'), { kind: 'discard' }, ctx('carol'))).code).toBe(CallReviewError.ConflictOfInterest);
    expect(allowedDecisionActions(proposed('reject'), ctx('carol'))).toEqual([]);
  });

  it('has no step the state machine lacks', () => {
    expect(thrown(() => decisionStep(UNDECIDED, { kind: 'confirm' }, ctx('quinn'))).code).toBe(CallReviewError.DecisionState);
    expect(thrown(() => decisionStep(UNDECIDED, { kind: 'discard' }, ctx('quinn'))).code).toBe(CallReviewError.DecisionState);
    expect(thrown(() => decisionStep(UNDECIDED, { kind: 'release' }, ctx('quinn'))).code).toBe(CallReviewError.DecisionState);
    expect(thrown(() => decisionStep(proposed('accept'), { kind: 'propose', outcome: 'reject' }, ctx('quinn'))).code).toBe(CallReviewError.DecisionState);
    expect(thrown(() => decisionStep(proposed('accept'), { kind: 'release' }, ctx('quinn', { now: new Date('2027-01-01T00:00:00Z') }))).code).toBe(CallReviewError.DecisionState);
    const decided = decisionStep(proposed('reject'), { kind: 'confirm' }, ctx('quinn'));
    expect(thrown(() => decisionStep(decided, { kind: 'propose', outcome: 'accept' }, ctx('paul'))).code).toBe(CallReviewError.DecisionState);
    expect(thrown(() => decisionStep(decided, { kind: 'confirm' }, ctx('rita'))).code).toBe(CallReviewError.DecisionState);
  });

  it('lets either person discard a proposal (the proposer takes it back, the second disagrees)', () => {
    expect(decisionStep(proposed('accept'), { kind: 'discard' }, ctx('paul'))).toEqual(UNDECIDED);
    expect(decisionStep(proposed('accept'), { kind: 'discard' }, ctx('quinn'))).toEqual(UNDECIDED);
  });

  it('decides only once the call is closed', () => {
    for (const phase of ['open', 'upcoming', 'draft', 'decided', 'archived'] as const) {
      expect(thrown(() => decisionStep(UNDECIDED, { kind: 'propose', outcome: 'accept' }, ctx('paul', { phase }))).code).toBe(CallError.CallState);
    }
    expect(thrown(() => decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn', { phase: 'archived' }))).code).toBe(CallError.CallState);
  });

  it('confirms an acceptance only within the quotas (its country, then the total); a rejection or waitlisting always', () => {
    const full = { total: 1, perCountry: { KZ: 1 } };
    const err = thrown(() => decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn', { accepted: full })));
    expect(err.code).toBe(CallReviewError.QuotaFull);
    expect(err.details).toMatchObject({ quota: 'country' });
    expect(decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn', { accepted: full, country: 'KG' })).status).toBe('decided');
    const totalFull = thrown(() => decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn', { accepted: { total: 2, perCountry: { KG: 2 } }, country: 'KG' })));
    expect(totalFull.details).toMatchObject({ quota: 'total' });
    expect(decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn', { accepted: { total: 1, perCountry: {} }, country: null })).status).toBe('decided');
    expect(decisionStep(proposed('reject'), { kind: 'confirm' }, ctx('quinn', { accepted: full })).status).toBe('decided');
    expect(decisionStep(proposed('waitlist'), { kind: 'confirm' }, ctx('quinn', { accepted: full })).status).toBe('decided');
  });

  it('moves a waitlisted application by two people again, and a discarded move leaves it waitlisted as it was', () => {
    const waitlisted = decisionStep(proposed('waitlist'), { kind: 'confirm' }, ctx('quinn'));
    const decidedCall = { phase: 'decided' as const };
    const moved = decisionStep(waitlisted, { kind: 'propose', outcome: 'accept' }, ctx('rita', decidedCall));
    expect(moved).toMatchObject({ status: 'proposed', outcome: 'accept', proposedBy: 'rita', previous: { outcome: 'waitlist', status: 'decided' } });
    expect(thrown(() => decisionStep(moved, { kind: 'confirm' }, ctx('rita', decidedCall))).code).toBe(CallReviewError.SecondPersonRequired);
    expect(decisionStep(moved, { kind: 'confirm' }, ctx('paul', decidedCall))).toMatchObject({ status: 'decided', outcome: 'accept', confirmedBy: 'paul', previous: null });
    expect(decisionStep(moved, { kind: 'discard' }, ctx('paul', decidedCall))).toMatchObject({ status: 'decided', outcome: 'waitlist', previous: null });
    expect(thrown(() => decisionStep(waitlisted, { kind: 'propose', outcome: 'waitlist' }, ctx('rita'))).code).toBe(CallReviewError.DecisionState);
    // Told already: the applicant stays told.
    const released = decisionStep(waitlisted, { kind: 'release' }, ctx('rita', { now: new Date('2026-12-25T00:00:00Z') }));
    const movedAfter = decisionStep(released, { kind: 'propose', outcome: 'reject' }, ctx('rita', decidedCall));
    expect(decisionStep(movedAfter, { kind: 'discard' }, ctx('rita', decidedCall))).toMatchObject({ status: 'released', outcome: 'waitlist' });
  });

  it('releases decision messages from the notification date in the call’s zone, to the second', () => {
    const decided = decisionStep(proposed('accept'), { kind: 'confirm' }, ctx('quinn'));
    // 25 December 2026 starts in Almaty (UTC+5) at 2026-12-24T19:00:00Z.
    expect(notificationStart('2026-12-25', 'Asia/Almaty')?.toISOString()).toBe('2026-12-24T19:00:00.000Z');
    const early = thrown(() => decisionStep(decided, { kind: 'release' }, ctx('quinn', { now: new Date('2026-12-24T18:59:59Z') })));
    expect(early.code).toBe(CallReviewError.NotificationNotYet);
    expect(early.details).toMatchObject({ from: '2026-12-24T19:00:00.000Z' });
    expect(decisionStep(decided, { kind: 'release' }, ctx('quinn', { now: new Date('2026-12-24T19:00:00Z') })).status).toBe('released');
    expect(thrown(() => decisionStep(decided, { kind: 'release' }, ctx('quinn', { notifyOn: null, now: new Date('2030-01-01T00:00:00Z') }))).code).toBe(CallReviewError.NotificationNotYet);
    const released = decisionStep(decided, { kind: 'release' }, ctx('quinn', { now: new Date('2026-12-25T00:00:00Z') }));
    expect(thrown(() => decisionStep(released, { kind: 'release' }, ctx('quinn', { now: new Date('2026-12-25T00:00:00Z') }))).code).toBe(CallReviewError.DecisionState);
  });

  it('finds the start of a notification day across a change of the zone’s rules and a skipped midnight', () => {
    expect(notificationStart('2024-02-29', 'Asia/Almaty')?.toISOString()).toBe('2024-02-28T18:00:00.000Z'); // UTC+6
    expect(notificationStart('2024-03-01', 'Asia/Almaty')?.toISOString()).toBe('2024-02-29T19:00:00.000Z'); // UTC+5
    expect(notificationStart('2024-09-08', 'America/Santiago')?.toISOString()).toBe('2024-09-08T04:00:00.000Z'); // 00:00 skipped: the day starts at 01:00
    expect(notificationOpen('2026-12-25', 'Asia/Almaty', new Date('2026-12-24T18:59:59.999Z'))).toBe(false);
    expect(notificationOpen('2026-12-25', 'Asia/Almaty', new Date('2026-12-24T19:00:00Z'))).toBe(true);
    expect(notificationOpen(null, 'Asia/Almaty', new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(thrown(() => notificationStart('2026-02-30', 'Asia/Almaty')).code).toBe(RuleError.InvalidInput);
    expect(thrown(() => notificationStart('2026-12-25', 'Asia/Astana')).code).toBe(CallError.UnknownTimeZone);
  });

  it('decides the call only once every application has a confirmed decision', () => {
    const decided = decisionStep(proposed('reject'), { kind: 'confirm' }, ctx('quinn'));
    const released = decisionStep(decided, { kind: 'release' }, ctx('quinn', { now: new Date('2026-12-25T00:00:00Z') }));
    expect(() => assertEveryApplicationDecided([decided, released])).not.toThrow();
    expect(() => assertEveryApplicationDecided([])).not.toThrow();
    const err = thrown(() => assertEveryApplicationDecided([decided, proposed('accept'), UNDECIDED]));
    expect(err.code).toBe(CallError.CallState);
    expect(err.details).toEqual({ undecided: 2 });
  });

  it('lists the steps a person may take now', () => {
    expect(allowedDecisionActions(UNDECIDED, ctx('paul'))).toEqual(['propose']);
    expect(allowedDecisionActions(proposed('accept'), ctx('paul'))).toEqual(['discard']);
    expect(allowedDecisionActions(proposed('accept'), ctx('quinn'))).toEqual(['confirm', 'discard']);
    const decided = decisionStep(proposed('reject'), { kind: 'confirm' }, ctx('quinn'));
    expect(allowedDecisionActions(decided, ctx('paul'))).toEqual([]);
    expect(allowedDecisionActions(decided, ctx('paul', { now: new Date('2026-12-25T12:00:00Z') }))).toEqual(['release']);
  });
});

describe('the review contracts', () => {
  const criterion = (id: string) => ({ id, labels: { en: 'Relevance', ru: 'Актуальность' }, weight: 3 });

  it('bounds the rubric', () => {
    expect(rubricSchema.safeParse({ criteria: [criterion('relevance')] }).success).toBe(true);
    expect(rubricSchema.safeParse({ criteria: [] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: Array.from({ length: 21 }, (_, i) => criterion(`c${i}`)) }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [criterion('a'), criterion('a')] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [{ ...criterion('a'), weight: 0 }] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [{ ...criterion('a'), weight: 101 }] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [{ ...criterion('a'), labels: { ru: 'Только по-русски' } }] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [{ ...criterion('a'), labels: { en: 'x'.repeat(201) } }] }).success).toBe(false);
    expect(rubricSchema.safeParse({ criteria: [{ ...criterion('a'), labels: { en: 'x', fr: 'y' } }] }).success).toBe(false);
  });

  it('bounds a review: integer scores 0–5, at most 20, a sealed comment', () => {
    const ok = { scores: S(5, 0, 3), comment: 'a1.abc_def-1.xyz', submit: true };
    expect(reviewInputSchema.safeParse(ok).success).toBe(true);
    expect(reviewInputSchema.safeParse({ ...ok, comment: null, submit: false }).success).toBe(true);
    expect(reviewScoresSchema.safeParse({ a: 6 }).success).toBe(false);
    expect(reviewScoresSchema.safeParse({ a: 2.5 }).success).toBe(false);
    expect(reviewScoresSchema.safeParse({ '1a': 2 }).success).toBe(false);
    expect(reviewScoresSchema.safeParse(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, 1]))).success).toBe(false);
    expect(reviewInputSchema.safeParse({ ...ok, comment: 'plain words' }).success).toBe(false);
    expect(reviewInputSchema.safeParse({ ...ok, comment: `a1.${'x'.repeat(REVIEW_COMMENT_CIPHERTEXT_MAX)}` }).success).toBe(false);
    expect(reviewInputSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });

  it('bounds an assignment, names an external reviewer’s applications, and takes a conflict and a decision step', () => {
    const id = 'a0000000-0000-4000-8000-00000000000a';
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id, kind: 'staff', applicationIds: null }).success).toBe(true);
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id, kind: 'external', applicationIds: [APP] }).success).toBe(true);
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id, kind: 'external', applicationIds: null }).success).toBe(false);
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id, kind: 'staff', applicationIds: [APP, APP] }).success).toBe(false);
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id.toUpperCase(), kind: 'staff', applicationIds: null }).success).toBe(false);
    expect(reviewerAssignmentInputSchema.safeParse({ reviewerId: id, kind: 'staff', applicationIds: Array.from({ length: 2001 }, () => APP) }).success).toBe(false);
    expect(conflictDeclarationSchema.safeParse({ applicationId: APP }).success).toBe(true);
    expect(conflictDeclarationSchema.safeParse({ applicationId: APP, reason: 'my cousin' }).success).toBe(false);
    expect(decisionActionSchema.safeParse({ kind: 'propose', outcome: 'waitlist' }).success).toBe(true);
    expect(decisionActionSchema.safeParse({ kind: 'propose' }).success).toBe(false);
    expect(decisionActionSchema.safeParse({ kind: 'confirm', outcome: 'accept' }).success).toBe(false);
    expect(decisionActionSchema.safeParse({ kind: 'approve' }).success).toBe(false);
  });

  it('describes the views the api will answer with', () => {
    const row = rankApplications([{ applicationId: APP, country: 'KZ', score: frac(23, 6), reviewCount: 2 }], { total: null, perCountry: {} })[0];
    expect(rankingRowSchema.safeParse({ ...row, score: row?.score && { ...row.score, display: formatScore(row.score) } }).success).toBe(true);
    expect(applicationReviewsViewSchema.safeParse({ applicationId: APP, reach: 'reviewer', sealed: true, reviews: [] }).success).toBe(true);
    expect(applicationReviewsViewSchema.safeParse({ applicationId: APP, reach: 'conflicted', sealed: true, reviews: [] }).success).toBe(false);
  });
});
