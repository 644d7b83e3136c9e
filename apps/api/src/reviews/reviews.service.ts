import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ApplicationReviewFacts,
  type ApplicationReviewsView,
  type CallPhase,
  type CallQuotas,
  type DecisionActionInput,
  type DecisionContext,
  type DecisionState,
  type DecisionView,
  type RankingView,
  type ReviewInput,
  type ReviewRecord,
  type ReviewTasks,
  type ReviewView,
  type ReviewViewer,
  type ReviewerAssignmentInput,
  type ReviewerAssignmentView,
  type Rubric,
  type RubricInput,
  type RubricView,
  type Score,
  type StaffPrincipal,
  CallError,
  CallReviewError,
  DomainError,
  GeneralError,
  REVIEW_TASKS_MAX,
  UNDECIDED,
  allowedDecisionActions,
  applicationScore,
  asSubject,
  assertAssignable,
  assertMayReview,
  assertRubricEditable,
  assertScoresFit,
  callPhase,
  decisionStep,
  defineAbilityFor,
  formatScore,
  mayDeclareConflict,
  rankApplications,
  reviewReach,
  reviewsSealedFor,
  rubricProblem,
  visibleReviews,
  weightedScore,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type AuditAction } from '../audit';
import { Clock } from '../calls';
import { type DecisionRow, type PanelApplicationRow, type ReviewCallRow, ReviewRepository, type ReviewRow } from './review.repository';

const actor = (caller: StaffPrincipal) => ({ kind: 'staff' as const, id: caller.userId });
const notFound = () => new DomainError(GeneralError.NotFound);

const DECISION_AUDIT: Record<DecisionActionInput['kind'], AuditAction> = {
  propose: 'decision.proposed',
  confirm: 'decision.confirmed',
  discard: 'decision.discarded',
  release: 'decision.released',
};

/** An application under review with everything the rules of call-review.ts ask for. */
interface Panel {
  call: ReviewCallRow;
  application: PanelApplicationRow;
  viewer: ReviewViewer;
  facts: ApplicationReviewFacts;
  rows: ReviewRow[];
}

/**
 * The panel review of a call (docs/calls.md "Review"): the server reads the facts, asks the pure
 * rules of libs/domain call-review.ts, stores what they answer and audits every change with ids
 * only. A person without reach on a call or an application gets 404, as for one that does not
 * exist. Times come from the api's Clock (tests set it).
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Rubric

  /** The call's rubric: for its programme managers and the people on its panel. */
  async rubric(caller: StaffPrincipal, callId: string): Promise<RubricView> {
    const manager = this.dataSource.manager;
    const call = await this.reviews.call(manager, callId);
    if (!call) throw notFound();
    if (!isManager(caller) && !(await this.reviews.isOnPanel(manager, callId, caller.userId))) throw notFound();
    return this.rubricView(manager, callId);
  }

  /** Writes the rubric while no review of the call is submitted (`rubric-locked` after), never for an archived call. */
  async putRubric(caller: StaffPrincipal, callId: string, input: RubricInput): Promise<RubricView> {
    const problem = rubricProblem(input);
    if (problem) throw new DomainError(GeneralError.Validation, problem);
    return this.dataSource.transaction(async (manager) => {
      // Locked FOR UPDATE: a submission locks the call FOR SHARE, so the count below cannot go stale.
      const call = await this.reviews.call(manager, callId, 'update');
      if (!call) throw notFound();
      if (call.status === 'archived') throw new DomainError(CallError.CallState, 'An archived call’s rubric no longer changes');
      assertRubricEditable(await this.reviews.submittedCount(manager, callId));
      await this.reviews.putRubric(manager, callId, input, caller.userId, this.clock.now());
      const view = await this.rubricView(manager, callId);
      await this.audit.record(manager, { action: 'call.rubric_set', actor: actor(caller), subject: { type: 'call', id: callId }, data: { criteria: input.criteria.length } });
      return view;
    });
  }

  private async rubricView(manager: EntityManager, callId: string): Promise<RubricView> {
    const rubric = await this.reviews.rubric(manager, callId);
    const locked = (await this.reviews.submittedCount(manager, callId)) > 0;
    return { callId, rubric: rubric as RubricView['rubric'], locked };
  }

  // -------------------------------------------------------------------------------------------
  // Panel

  async assignments(callId: string): Promise<{ items: ReviewerAssignmentView[] }> {
    const manager = this.dataSource.manager;
    if (!(await this.reviews.call(manager, callId))) throw notFound();
    return { items: (await this.reviews.assignments(manager, callId)).map(assignmentView) };
  }

  /**
   * Puts a staff member on the call's panel, for the whole call or a list of its applications
   * (replacing their earlier assignment on it). Not an admin, not a suspended or invited account,
   * not on an application they declared a conflict on. External reviewers are not built yet (422).
   */
  async assign(caller: StaffPrincipal, callId: string, input: ReviewerAssignmentInput): Promise<ReviewerAssignmentView> {
    if (input.kind === 'external') {
      throw new DomainError(GeneralError.Validation, 'External reviewers are not available yet: assign staff reviewers', { errors: [{ path: 'kind', message: 'not available yet' }] });
    }
    return this.dataSource.transaction(async (manager) => {
      const call = await this.reviews.call(manager, callId, 'update');
      if (!call) throw notFound();
      if (call.status === 'archived' || call.status === 'decided') throw new DomainError(CallError.CallState, 'The panel of a decided or archived call no longer changes');
      if (!(await this.reviews.reviewerEligible(manager, input.reviewerId))) {
        throw new DomainError(GeneralError.Validation, 'A reviewer is an active staff member who is not an administrator', { errors: [{ path: 'reviewerId', message: 'not a possible reviewer' }] });
      }
      const ids = input.applicationIds;
      if (ids !== null && (await this.reviews.countOfCall(manager, callId, ids)) !== ids.length) {
        throw new DomainError(GeneralError.Validation, 'Every application named must be one of this call’s, not withdrawn', { errors: [{ path: 'applicationIds', message: 'unknown application' }] });
      }
      const conflicted = await this.reviews.conflictsOfPersonInCall(manager, callId, input.reviewerId);
      assertAssignable({ callId, reviewerId: input.reviewerId, kind: input.kind, applicationIds: ids }, [], conflicted);
      await this.reviews.assign(manager, { callId, reviewerId: input.reviewerId, kind: input.kind, applicationIds: ids, by: caller.userId, at: this.clock.now() });
      const [row] = await this.reviews.assignments(manager, callId, input.reviewerId);
      await this.audit.record(manager, {
        action: 'review.assigned',
        actor: actor(caller),
        subject: { type: 'call', id: callId },
        data: { reviewerId: input.reviewerId, applications: ids === null ? 'all' : ids.length },
      });
      return assignmentView(row!);
    });
  }

  /** Takes a person off the call's panel; reviews they submitted stay (they count unless they declared a conflict). */
  async unassign(caller: StaffPrincipal, callId: string, reviewerId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.reviews.call(manager, callId, 'update');
      if (!call) throw notFound();
      if (!(await this.reviews.unassign(manager, callId, reviewerId))) throw notFound();
      await this.audit.record(manager, { action: 'review.unassigned', actor: actor(caller), subject: { type: 'call', id: callId }, data: { reviewerId } });
    });
  }

  /** The caller's own list of applications to review (none for someone on no panel), filtered in SQL. */
  async tasks(caller: StaffPrincipal): Promise<ReviewTasks> {
    const rows = await this.reviews.tasks(this.dataSource.manager, caller.userId, REVIEW_TASKS_MAX);
    return { items: rows.map((r) => ({ callId: r.call_id, applicationId: r.application_id, country: r.country, review: r.review ?? 'none' })) };
  }

  // -------------------------------------------------------------------------------------------
  // Conflicts and reviews

  /** The caller declares a conflict of interest on an application they have reach on (a reviewer of it, a manager); idempotent. */
  async declareConflict(caller: StaffPrincipal, applicationId: string): Promise<{ applicationId: string; declaredAt: string }> {
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panel(manager, caller, applicationId);
      if (mayDeclareConflict(panel.viewer, panel.facts)) {
        await this.reviews.declareConflict(manager, applicationId, caller.userId, this.clock.now());
        const at = (await this.reviews.conflictDeclaredAt(manager, applicationId, caller.userId))!;
        await this.audit.record(manager, { action: 'review.conflict_declared', actor: actor(caller), subject: { type: 'application', id: applicationId }, data: { callId: panel.call.id } });
        return { applicationId, declaredAt: at.toISOString() };
      }
      const at = await this.reviews.conflictDeclaredAt(manager, applicationId, caller.userId);
      return { applicationId, declaredAt: at!.toISOString() };
    });
  }

  /** The reviews of an application the caller may see (sealing: call-review.ts `visibleReviews`); a conflicted person sees none (403 conflict-of-interest). */
  async reviewsOf(caller: StaffPrincipal, applicationId: string): Promise<ApplicationReviewsView> {
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panel(manager, caller, applicationId);
      const reach = reviewReach(panel.viewer, panel.facts);
      if (reach === 'conflicted') throw new DomainError(CallReviewError.ConflictOfInterest, 'You declared a conflict of interest on this application', { applicationId });
      if (reach === 'none') throw notFound();
      const rubric = await this.reviews.rubric(manager, panel.call.id);
      const visible = new Set(visibleReviews(panel.viewer, panel.facts).map((r) => r.id));
      const reviews = panel.rows.filter((r) => visible.has(r.id)).map((r) => reviewView(r, rubric));
      await this.audit.record(manager, { action: 'review.read', actor: actor(caller), subject: { type: 'application', id: applicationId }, data: { callId: panel.call.id, reviews: reviews.length } });
      return { applicationId, reach, sealed: reviewsSealedFor(panel.viewer, panel.facts), reviews };
    });
  }

  /** The caller's review of an application: saved as a draft, or submitted (final); only while the call is closed. */
  async saveReview(caller: StaffPrincipal, applicationId: string, input: ReviewInput): Promise<ReviewView> {
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panel(manager, caller, applicationId, true);
      assertMayReview(panel.viewer, panel.facts, this.phaseOf(panel.call));
      const rubric = await this.reviews.rubric(manager, panel.call.id);
      if (!rubric) throw new DomainError(CallReviewError.ReviewState, 'The call has no rubric yet: its programme managers write one first');
      assertScoresFit(rubric, input.scores);
      const saved = await this.reviews.saveReview(manager, { applicationId, reviewerId: caller.userId, scores: input.scores, comment: input.comment, submit: input.submit, at: this.clock.now() });
      if (!saved) throw new DomainError(CallReviewError.ReviewState, 'Your review of this application is submitted and final');
      await this.audit.record(manager, {
        action: input.submit ? 'review.submitted' : 'review.saved',
        actor: actor(caller),
        subject: { type: 'application', id: applicationId },
        data: { callId: panel.call.id, reviewId: saved.id },
      });
      return reviewView(saved, rubric);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Ranking and decisions

  /**
   * The ranking of the call's applications without a confirmed decision, by exact weighted score,
   * with the suggestion the quotas allow counting the acceptances already confirmed
   * (call-review.ts `rankApplications`).
   */
  async ranking(callId: string): Promise<RankingView> {
    const manager = this.dataSource.manager;
    const call = await this.reviews.call(manager, callId);
    if (!call) throw notFound();
    const state = await this.callState(manager, call);
    const open = state.applications.filter((a) => !confirmed(state.decisions.get(a.id)));
    const inputs = open.map((a) => {
      const facts = state.factsOf(a.id);
      const { score, reviewCount } = state.rubric ? applicationScore(state.rubric, facts) : { score: null, reviewCount: 0 };
      return { applicationId: a.id, country: a.country, score, reviewCount };
    });
    const rows = rankApplications(inputs, quotasOf(call), state.accepted);
    return { callId, rows: rows.map((r) => ({ ...r, score: r.score ? scoreView(r.score) : null })) as RankingView['rows'] };
  }

  /** Every application's decision and the steps the caller may take on it now. */
  async decisions(caller: StaffPrincipal, callId: string): Promise<{ items: DecisionView[] }> {
    const manager = this.dataSource.manager;
    const call = await this.reviews.call(manager, callId);
    if (!call) throw notFound();
    const state = await this.callState(manager, call);
    const now = this.clock.now();
    return {
      items: state.applications.map((a) => {
        const row = state.decisions.get(a.id);
        const ctx = this.decisionContext(caller, call, now, state.conflicts.get(a.id) ?? [], state.accepted, a.country);
        return decisionView(a.id, row, allowedDecisionActions(stateOf(row), ctx));
      }),
    };
  }

  /** A step of an application's decision (call-review.ts `decisionStep`): propose, confirm by a second person, discard, release from the notification date. */
  async decide(caller: StaffPrincipal, applicationId: string, action: DecisionActionInput): Promise<DecisionView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.reviews.panelApplication(manager, applicationId, caller.userId);
      if (!found) throw notFound();
      // The call locked FOR UPDATE: two confirmations of acceptances cannot both take the last place.
      const call = await this.reviews.call(manager, found.call_id, 'update');
      if (!call) throw notFound();
      const row = await this.reviews.decision(manager, applicationId, true);
      const state = await this.callState(manager, call);
      const now = this.clock.now();
      const ctx = this.decisionContext(caller, call, now, state.conflicts.get(applicationId) ?? [], state.accepted, found.country);
      const before = stateOf(row);
      const after = decisionStep(before, action, ctx);
      // Released: when the release step is taken (or kept, when a re-proposal of a told waitlisting is discarded).
      let releasedAt: Date | null = null;
      if (after.status === 'released') releasedAt = before.status === 'decided' ? now : (row?.released_at ?? now);
      else if (after.status === 'proposed' && after.previous?.status === 'released') releasedAt = row?.released_at ?? null;
      const next = {
        application_id: applicationId,
        status: after.status,
        outcome: after.outcome!,
        proposed_by: after.proposedBy,
        confirmed_by: after.confirmedBy,
        previous_outcome: after.previous?.outcome ?? null,
        previous_status: after.previous?.status ?? null,
        released_at: releasedAt,
      };
      await this.reviews.putDecision(manager, next, now);
      await this.audit.record(manager, { action: DECISION_AUDIT[action.kind], actor: actor(caller), subject: { type: 'application', id: applicationId }, data: { callId: call.id } });
      const stored = after.status === 'undecided' ? undefined : { ...next, status: after.status };
      const accepted = after.status !== before.status && after.status === 'decided' && after.outcome === 'accept' ? addAccepted(state.accepted, found.country) : state.accepted;
      const ctxAfter = this.decisionContext(caller, call, now, ctx.conflictedIds, accepted, found.country);
      return decisionView(applicationId, stored as DecisionRow | undefined, allowedDecisionActions(after, ctxAfter));
    });
  }

  // -------------------------------------------------------------------------------------------

  private phaseOf(call: ReviewCallRow): CallPhase {
    return callPhase({ status: call.status, opensAt: call.opens_at, closesAt: call.closes_at }, this.clock.now());
  }

  private decisionContext(caller: StaffPrincipal, call: ReviewCallRow, now: Date, conflictedIds: readonly string[], accepted: Accepted, country: string): DecisionContext {
    return {
      actorId: caller.userId,
      conflictedIds,
      phase: callPhase({ status: call.status, opensAt: call.opens_at, closesAt: call.closes_at }, now),
      quotas: quotasOf(call),
      accepted,
      country,
      notifyOn: call.notify_on,
      timeZone: call.time_zone,
      now,
    };
  }

  /**
   * An application and the caller's reach on it: 404 unless the ability lets them review it (a
   * programme manager, or a person on its call's panel for it).
   */
  private async panel(manager: EntityManager, caller: StaffPrincipal, applicationId: string, forWrite = false): Promise<Panel> {
    const application = await this.reviews.panelApplication(manager, applicationId, caller.userId);
    if (!application) throw notFound();
    const call = await this.reviews.call(manager, application.call_id, forWrite ? 'share' : '');
    if (!call) throw notFound();
    const assigned = application.reviewer_kind !== null && (application.whole_call === true || application.listed);
    const ability = defineAbilityFor(caller);
    const subject = asSubject('FellowshipApplication', { id: application.id, callId: application.call_id, requesterId: application.requester_id, reviewerIds: assigned ? [caller.userId] : [] });
    if (!ability.can('review', subject)) throw notFound();
    const viewer: ReviewViewer = {
      personId: caller.userId,
      manager: ability.can('update', 'FellowshipCall'),
      ...(application.reviewer_kind !== null
        ? { assignment: { callId: application.call_id, reviewerId: caller.userId, kind: application.reviewer_kind, applicationIds: application.whole_call ? null : application.listed ? [application.id] : [] } }
        : {}),
    };
    const rows = await this.reviews.reviewsOf(manager, applicationId, forWrite);
    const facts: ApplicationReviewFacts = { callId: application.call_id, applicationId, conflictedIds: await this.reviews.conflictedIds(manager, applicationId), reviews: rows.map(recordOf) };
    return { call, application, viewer, facts, rows };
  }

  /** The call's applications in the running, their reviews, conflicts and decisions, and the confirmed acceptances. */
  private async callState(manager: EntityManager, call: ReviewCallRow) {
    const applications = await this.reviews.applicationsOfCall(manager, call.id);
    const rubric = await this.reviews.rubric(manager, call.id);
    const reviews = await this.reviews.reviewsOfCall(manager, call.id);
    const conflicts = new Map<string, string[]>();
    for (const c of await this.reviews.conflictsOfCall(manager, call.id)) conflicts.set(c.application_id, [...(conflicts.get(c.application_id) ?? []), c.person_id]);
    const decisions = new Map((await this.reviews.decisionsOfCall(manager, call.id)).map((d) => [d.application_id, d]));
    const countries = new Map(applications.map((a) => [a.id, a.country]));
    let accepted: Accepted = { total: 0, perCountry: {} };
    for (const d of decisions.values()) if (confirmed(d) && d.outcome === 'accept') accepted = addAccepted(accepted, countries.get(d.application_id) ?? '');
    const factsOf = (applicationId: string): ApplicationReviewFacts => ({
      callId: call.id,
      applicationId,
      conflictedIds: conflicts.get(applicationId) ?? [],
      reviews: reviews.filter((r) => r.application_id === applicationId).map(recordOf),
    });
    return { applications, rubric, conflicts, decisions, accepted, factsOf };
  }
}

type Accepted = { total: number; perCountry: Partial<Record<string, number>> };

const isManager = (caller: StaffPrincipal) => defineAbilityFor(caller).can('update', 'FellowshipCall');

const confirmed = (d: DecisionRow | undefined) => d !== undefined && (d.status === 'decided' || d.status === 'released');

function addAccepted(a: Accepted, country: string): Accepted {
  return { total: a.total + 1, perCountry: country ? { ...a.perCountry, [country]: (a.perCountry[country] ?? 0) + 1 } : a.perCountry };
}

function quotasOf(call: ReviewCallRow): CallQuotas {
  return { total: call.quota_total, perCountry: call.quota_per_country ?? {} };
}

function stateOf(row: DecisionRow | undefined | null): DecisionState {
  if (!row) return UNDECIDED;
  return {
    status: row.status,
    outcome: row.outcome,
    proposedBy: row.proposed_by,
    confirmedBy: row.confirmed_by,
    previous: row.previous_outcome && row.previous_status ? { outcome: row.previous_outcome, status: row.previous_status } : null,
  };
}

function decisionView(applicationId: string, row: DecisionRow | undefined, actions: DecisionView['actions']): DecisionView {
  return {
    applicationId,
    status: row?.status ?? 'undecided',
    outcome: row?.outcome ?? null,
    proposedBy: row?.proposed_by ?? null,
    confirmedBy: row?.confirmed_by ?? null,
    actions,
    releasedAt: row?.status === 'released' && row.released_at ? new Date(row.released_at).toISOString() : null,
  };
}

const recordOf = (r: ReviewRow): ReviewRecord => ({ id: r.id, reviewerId: r.reviewer_id, status: r.status, scores: r.scores });

function scoreView(score: Score) {
  return { numerator: score.numerator, denominator: score.denominator, display: formatScore(score) };
}

function reviewView(r: ReviewRow, rubric: Rubric | null): ReviewView {
  return {
    id: r.id,
    reviewerId: r.reviewer_id,
    status: r.status,
    scores: r.scores,
    comment: r.comment,
    score: reviewScore(r, rubric),
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
  };
}

/**
 * A review's weighted score. A draft written before the rubric last changed (it changes only
 * while no review is submitted) may no longer fit it: its score reads empty until it is saved again.
 */
function reviewScore(r: ReviewRow, rubric: Rubric | null): ReviewView['score'] {
  try {
    if (rubric) return scoreView(weightedScore(rubric, r.scores));
  } catch (error) {
    if (!(error instanceof DomainError) || r.status === 'submitted') throw error;
  }
  return { numerator: 0, denominator: 1, display: '' };
}

function assignmentView(row: { call_id: string; reviewer_id: string; kind: ReviewerAssignmentView['kind']; whole_call: boolean; assigned_at: Date; application_ids: string[] }): ReviewerAssignmentView {
  return {
    callId: row.call_id,
    reviewerId: row.reviewer_id,
    kind: row.kind,
    applicationIds: row.whole_call ? null : row.application_ids,
    assignedAt: new Date(row.assigned_at).toISOString(),
  };
}
