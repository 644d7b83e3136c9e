import { Injectable } from '@nestjs/common';
import { type CallStatus, type DecisionOutcome, type DecisionStatus, type ReviewStatus, type ReviewerKind, type Rubric, type RubricScores } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/** What the review rules read of a call. */
export interface ReviewCallRow {
  id: string;
  status: CallStatus;
  opens_at: string;
  closes_at: string;
  time_zone: string;
  notify_on: string | null;
  quota_total: number | null;
  quota_per_country: Record<string, number>;
}

/** An application as the panel sees it (facts in clear), with the caller's place on its call's panel. */
export interface PanelApplicationRow {
  id: string;
  call_id: string;
  requester_id: string | null;
  country: string;
  reviewer_kind: ReviewerKind | null;
  whole_call: boolean | null;
  listed: boolean;
}

export interface ReviewRow {
  id: string;
  application_id: string;
  reviewer_id: string;
  status: ReviewStatus;
  scores: RubricScores;
  comment: string | null;
  submitted_at: Date | null;
}

export interface AssignmentRow {
  call_id: string;
  reviewer_id: string;
  kind: ReviewerKind;
  whole_call: boolean;
  assigned_at: Date;
  application_ids: string[];
}

export interface DecisionRow {
  application_id: string;
  status: Exclude<DecisionStatus, 'undecided'>;
  outcome: DecisionOutcome;
  proposed_by: string | null;
  confirmed_by: string | null;
  previous_outcome: DecisionOutcome | null;
  previous_status: 'decided' | 'released' | null;
  released_at: Date | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const CALL_FIELDS = `id, status, ${iso('opens_at')} AS opens_at, ${iso('closes_at')} AS closes_at, time_zone, to_char(notify_on, 'YYYY-MM-DD') AS notify_on, quota_total, quota_per_country`;
const REVIEW_FIELDS = `rv.id, rv.application_id, rv.reviewer_id, rv.status, rv.scores, rv.comment, rv.submitted_at`;

/**
 * Rubrics, panels, conflicts, reviews and decisions (migration 1763700017200). Only applications
 * still in the running (`submitted`, not withdrawn) are reviewed, ranked and decided. Every method
 * runs on the caller's manager.
 */
@Injectable()
export class ReviewRepository {
  /** A call that is not a draft (a draft has no applications), optionally locked. */
  async call(manager: EntityManager, id: string, lock: '' | 'share' | 'update' = ''): Promise<ReviewCallRow | null> {
    const suffix = lock === 'share' ? ' FOR SHARE' : lock === 'update' ? ' FOR UPDATE' : '';
    const rows = await manager.query<ReviewCallRow[]>(`SELECT ${CALL_FIELDS} FROM calls WHERE id = $1 AND status <> 'draft'${suffix}`, [id]);
    return rows[0] ?? null;
  }

  /** An application in the running with the person's place on its call's panel (none: kind null). */
  async panelApplication(manager: EntityManager, applicationId: string, personId: string): Promise<PanelApplicationRow | null> {
    const rows = await manager.query<PanelApplicationRow[]>(
      `SELECT a.id, a.call_id, a.requester_id, a.country, r.kind AS reviewer_kind, r.whole_call,
              EXISTS (SELECT 1 FROM call_reviewer_applications ra WHERE ra.call_id = a.call_id AND ra.reviewer_id = $2 AND ra.application_id = a.id) AS listed
         FROM call_applications a
         JOIN calls c ON c.id = a.call_id AND c.status <> 'draft'
         LEFT JOIN call_reviewers r ON r.call_id = a.call_id AND r.reviewer_id = $2
        WHERE a.id = $1 AND a.status = 'submitted'`,
      [applicationId, personId],
    );
    return rows[0] ?? null;
  }

  async conflictedIds(manager: EntityManager, applicationId: string): Promise<string[]> {
    const rows = await manager.query<{ person_id: string }[]>(`SELECT person_id FROM call_review_conflicts WHERE application_id = $1 ORDER BY person_id`, [applicationId]);
    return rows.map((r) => r.person_id);
  }

  async reviewsOf(manager: EntityManager, applicationId: string, lock = false): Promise<ReviewRow[]> {
    return manager.query<ReviewRow[]>(`SELECT ${REVIEW_FIELDS} FROM call_reviews rv WHERE rv.application_id = $1 ORDER BY rv.created_at, rv.id${lock ? ' FOR UPDATE' : ''}`, [applicationId]);
  }

  async rubric(manager: EntityManager, callId: string): Promise<Rubric | null> {
    const rows = await manager.query<{ criteria: Rubric['criteria'] }[]>(`SELECT criteria FROM call_rubrics WHERE call_id = $1`, [callId]);
    return rows[0] ? { criteria: rows[0].criteria } : null;
  }

  async putRubric(manager: EntityManager, callId: string, rubric: Rubric, by: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO call_rubrics (call_id, criteria, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (call_id) DO UPDATE SET criteria = EXCLUDED.criteria, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [callId, JSON.stringify(rubric.criteria), by, at],
    );
  }

  /** How many reviews of the call's applications are submitted (the rubric is fixed from the first). */
  async submittedCount(manager: EntityManager, callId: string): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM call_reviews rv JOIN call_applications a ON a.id = rv.application_id WHERE a.call_id = $1 AND rv.status = 'submitted'`,
      [callId],
    );
    return rows[0]!.n;
  }

  async isOnPanel(manager: EntityManager, callId: string, personId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM call_reviewers WHERE call_id = $1 AND reviewer_id = $2`, [callId, personId]);
    return rows.length > 0;
  }

  async assignments(manager: EntityManager, callId: string, reviewerId?: string): Promise<AssignmentRow[]> {
    return manager.query<AssignmentRow[]>(
      `SELECT r.call_id, r.reviewer_id, r.kind, r.whole_call, r.assigned_at,
              coalesce(array_agg(ra.application_id::text ORDER BY ra.application_id) FILTER (WHERE ra.application_id IS NOT NULL), '{}') AS application_ids
         FROM call_reviewers r
         LEFT JOIN call_reviewer_applications ra ON ra.call_id = r.call_id AND ra.reviewer_id = r.reviewer_id
        WHERE r.call_id = $1 AND ($2::uuid IS NULL OR r.reviewer_id = $2)
        GROUP BY r.call_id, r.reviewer_id
        ORDER BY r.assigned_at, r.reviewer_id`,
      [callId, reviewerId ?? null],
    );
  }

  /** A staff member who may sit on a panel: active and not an admin. */
  async reviewerEligible(manager: EntityManager, staffId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM staff_members WHERE id = $1 AND status = 'active' AND NOT ('admin' = ANY (roles))`, [staffId]);
    return rows.length > 0;
  }

  /** How many of `ids` are applications of the call in the running. */
  async countOfCall(manager: EntityManager, callId: string, ids: readonly string[]): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM call_applications WHERE call_id = $1 AND status = 'submitted' AND id = ANY ($2::uuid[])`, [callId, ids]);
    return rows[0]!.n;
  }

  /** The applications of the call the person declared a conflict on. */
  async conflictsOfPersonInCall(manager: EntityManager, callId: string, personId: string): Promise<string[]> {
    const rows = await manager.query<{ application_id: string }[]>(
      `SELECT k.application_id FROM call_review_conflicts k JOIN call_applications a ON a.id = k.application_id WHERE a.call_id = $1 AND k.person_id = $2`,
      [callId, personId],
    );
    return rows.map((r) => r.application_id);
  }

  /** Puts the person on the panel (replacing what they had on this call). */
  async assign(manager: EntityManager, a: { callId: string; reviewerId: string; kind: ReviewerKind; applicationIds: readonly string[] | null; by: string; at: Date }): Promise<void> {
    await manager.query(`DELETE FROM call_reviewers WHERE call_id = $1 AND reviewer_id = $2`, [a.callId, a.reviewerId]);
    await manager.query(`INSERT INTO call_reviewers (call_id, reviewer_id, kind, whole_call, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      a.callId,
      a.reviewerId,
      a.kind,
      a.applicationIds === null,
      a.by,
      a.at,
    ]);
    if (a.applicationIds && a.applicationIds.length > 0) {
      await manager.query(
        `INSERT INTO call_reviewer_applications (call_id, reviewer_id, application_id) SELECT $1, $2, unnest($3::uuid[])`,
        [a.callId, a.reviewerId, a.applicationIds],
      );
    }
  }

  async unassign(manager: EntityManager, callId: string, reviewerId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`DELETE FROM call_reviewers WHERE call_id = $1 AND reviewer_id = $2 RETURNING 1`, [callId, reviewerId]);
    return rows.length > 0;
  }

  /** The person's list: applications in the running of calls they sit on, assigned to them, without a conflict they declared; filtered in SQL. */
  async tasks(manager: EntityManager, personId: string, limit: number): Promise<{ call_id: string; application_id: string; country: string; review: ReviewStatus | null }[]> {
    return manager.query(
      `SELECT a.call_id, a.id AS application_id, a.country, rv.status AS review
         FROM call_reviewers r
         JOIN calls c ON c.id = r.call_id AND c.status IN ('published', 'closed', 'decided')
         JOIN call_applications a ON a.call_id = r.call_id AND a.status = 'submitted'
         LEFT JOIN call_reviews rv ON rv.application_id = a.id AND rv.reviewer_id = r.reviewer_id
        WHERE r.reviewer_id = $1
          AND (r.whole_call OR EXISTS (SELECT 1 FROM call_reviewer_applications ra WHERE ra.call_id = r.call_id AND ra.reviewer_id = r.reviewer_id AND ra.application_id = a.id))
          AND NOT EXISTS (SELECT 1 FROM call_review_conflicts k WHERE k.application_id = a.id AND k.person_id = r.reviewer_id)
        ORDER BY c.closes_at, a.created_at, a.id
        LIMIT $2`,
      [personId, limit],
    );
  }

  /** Records a declaration; false when it was already there. */
  async declareConflict(manager: EntityManager, applicationId: string, personId: string, at: Date): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO call_review_conflicts (application_id, person_id, declared_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [applicationId, personId, at],
    );
    return rows.length > 0;
  }

  async conflictDeclaredAt(manager: EntityManager, applicationId: string, personId: string): Promise<Date | null> {
    const rows = await manager.query<{ declared_at: Date }[]>(`SELECT declared_at FROM call_review_conflicts WHERE application_id = $1 AND person_id = $2`, [applicationId, personId]);
    return rows[0]?.declared_at ?? null;
  }

  /** Writes the reviewer's draft or submission (a submitted review is never overwritten: the caller checked, the WHERE makes sure). */
  async saveReview(manager: EntityManager, r: { applicationId: string; reviewerId: string; scores: RubricScores; comment: string | null; submit: boolean; at: Date }): Promise<ReviewRow | null> {
    const rows = await manager.query<ReviewRow[]>(
      `INSERT INTO call_reviews AS rv (application_id, reviewer_id, status, scores, comment, created_at, updated_at, submitted_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $6, $7)
       ON CONFLICT (application_id, reviewer_id) DO UPDATE SET status = EXCLUDED.status, scores = EXCLUDED.scores, comment = EXCLUDED.comment,
         updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at
       WHERE rv.status = 'draft'
       RETURNING ${REVIEW_FIELDS}`,
      [r.applicationId, r.reviewerId, r.submit ? 'submitted' : 'draft', JSON.stringify(r.scores), r.comment, r.at, r.submit ? r.at : null],
    );
    return rows[0] ?? null;
  }

  /** The call's applications in the running, with their facts for the ranking and the decisions. */
  async applicationsOfCall(manager: EntityManager, callId: string): Promise<{ id: string; country: string }[]> {
    return manager.query(`SELECT id, country FROM call_applications WHERE call_id = $1 AND status = 'submitted' ORDER BY created_at, id`, [callId]);
  }

  /** Every review of the call's applications in the running. */
  async reviewsOfCall(manager: EntityManager, callId: string): Promise<ReviewRow[]> {
    return manager.query<ReviewRow[]>(
      `SELECT ${REVIEW_FIELDS} FROM call_reviews rv JOIN call_applications a ON a.id = rv.application_id WHERE a.call_id = $1 AND a.status = 'submitted' ORDER BY rv.created_at, rv.id`,
      [callId],
    );
  }

  async conflictsOfCall(manager: EntityManager, callId: string): Promise<{ application_id: string; person_id: string }[]> {
    return manager.query(`SELECT k.application_id, k.person_id FROM call_review_conflicts k JOIN call_applications a ON a.id = k.application_id WHERE a.call_id = $1`, [callId]);
  }

  async decisionsOfCall(manager: EntityManager, callId: string): Promise<DecisionRow[]> {
    return manager.query<DecisionRow[]>(
      `SELECT d.* FROM call_decisions d JOIN call_applications a ON a.id = d.application_id WHERE a.call_id = $1 AND a.status = 'submitted'`,
      [callId],
    );
  }

  async decision(manager: EntityManager, applicationId: string, lock = false): Promise<DecisionRow | null> {
    const rows = await manager.query<DecisionRow[]>(`SELECT * FROM call_decisions WHERE application_id = $1${lock ? ' FOR UPDATE' : ''}`, [applicationId]);
    return rows[0] ?? null;
  }

  /** Writes the decision's new state; an undecided one has no row. */
  async putDecision(manager: EntityManager, d: Omit<DecisionRow, 'status'> & { status: DecisionStatus }, at: Date): Promise<void> {
    if (d.status === 'undecided') {
      await manager.query(`DELETE FROM call_decisions WHERE application_id = $1`, [d.application_id]);
      return;
    }
    await manager.query(
      `INSERT INTO call_decisions (application_id, status, outcome, proposed_by, confirmed_by, previous_outcome, previous_status, updated_at, released_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (application_id) DO UPDATE SET status = EXCLUDED.status, outcome = EXCLUDED.outcome, proposed_by = EXCLUDED.proposed_by,
         confirmed_by = EXCLUDED.confirmed_by, previous_outcome = EXCLUDED.previous_outcome, previous_status = EXCLUDED.previous_status,
         updated_at = EXCLUDED.updated_at, released_at = EXCLUDED.released_at`,
      [d.application_id, d.status, d.outcome, d.proposed_by, d.confirmed_by, d.previous_outcome, d.previous_status, at, d.released_at],
    );
  }
}
