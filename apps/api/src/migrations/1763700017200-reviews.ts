import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out here (a migration never changes once landed): libs/domain call-review.ts as of this migration. */
const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
const REVIEWER_KINDS = ['staff', 'external'];
const REVIEW_STATUSES = ['draft', 'submitted'];
const OUTCOMES = ['accept', 'waitlist', 'reject'];
const DECISION_STATUSES = ['proposed', 'decided', 'released'];

/**
 * The panel review of a call (issue 17, docs/calls.md "Review"): rubrics, reviewers, conflicts of
 * interest, reviews and decisions. Scores are integers in clear (the server ranks by them;
 * docs/decisions.md "Review scores in clear"); a review's comment is `a1.` ciphertext made in the
 * browser. Every table holds ids, codes, numbers and times only.
 *
 * - `call_rubrics`: one per call, its criteria as bounded JSON (ids, labels per language, weights).
 * - `call_reviewers`: a person on a call's panel, for the whole call (`whole_call`) or for the
 *   applications listed in `call_reviewer_applications`.
 * - `call_review_conflicts`: a person's declaration of a conflict of interest on an application
 *   (no reason is kept: it stays with the person).
 * - `call_reviews`: one per reviewer and application, a draft until submitted (then final).
 * - `call_decisions`: one per application once a step was taken; no row is "undecided".
 */
export class Reviews1763700017200 implements MigrationInterface {
  name = 'Reviews1763700017200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_rubrics (
        call_id uuid PRIMARY KEY REFERENCES calls (id),
        criteria jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'array' AND jsonb_array_length(criteria) BETWEEN 1 AND 20 AND length(criteria::text) <= 120000),
        updated_by uuid NOT NULL REFERENCES staff_members (id),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE call_reviewers (
        call_id uuid NOT NULL REFERENCES calls (id),
        reviewer_id uuid NOT NULL REFERENCES staff_members (id),
        kind text NOT NULL CHECK (kind IN (${list(REVIEWER_KINDS)})),
        whole_call boolean NOT NULL,
        assigned_by uuid NOT NULL REFERENCES staff_members (id),
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (call_id, reviewer_id),
        CHECK (kind = 'staff' OR NOT whole_call)
      )`);
    await q.query(`CREATE INDEX call_reviewers_reviewer_idx ON call_reviewers (reviewer_id)`);
    await q.query(`
      CREATE TABLE call_reviewer_applications (
        call_id uuid NOT NULL,
        reviewer_id uuid NOT NULL,
        application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
        PRIMARY KEY (call_id, reviewer_id, application_id),
        FOREIGN KEY (call_id, reviewer_id) REFERENCES call_reviewers (call_id, reviewer_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX call_reviewer_applications_application_idx ON call_reviewer_applications (application_id)`);
    await q.query(`
      CREATE TABLE call_review_conflicts (
        application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES staff_members (id),
        declared_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, person_id)
      )`);
    await q.query(`
      CREATE TABLE call_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
        reviewer_id uuid NOT NULL REFERENCES staff_members (id),
        status text NOT NULL CHECK (status IN (${list(REVIEW_STATUSES)})),
        scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object' AND length(scores::text) <= 2000),
        comment text CHECK (comment IS NULL OR (length(comment) <= 44000 AND comment ~ '^a1\\.[A-Za-z0-9_.-]+$')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        submitted_at timestamptz,
        UNIQUE (application_id, reviewer_id),
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE call_decisions (
        application_id uuid PRIMARY KEY REFERENCES call_applications (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN (${list(DECISION_STATUSES)})),
        outcome text NOT NULL CHECK (outcome IN (${list(OUTCOMES)})),
        proposed_by uuid REFERENCES staff_members (id),
        confirmed_by uuid REFERENCES staff_members (id),
        previous_outcome text CHECK (previous_outcome IN (${list(OUTCOMES)})),
        previous_status text CHECK (previous_status IN ('decided', 'released')),
        updated_at timestamptz NOT NULL,
        released_at timestamptz,
        CHECK (confirmed_by IS NULL OR proposed_by IS NULL OR confirmed_by <> proposed_by),
        CHECK ((previous_outcome IS NULL) = (previous_status IS NULL)),
        CHECK (status <> 'released' OR released_at IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_decisions`);
    await q.query(`DROP TABLE call_reviews`);
    await q.query(`DROP TABLE call_review_conflicts`);
    await q.query(`DROP TABLE call_reviewer_applications`);
    await q.query(`DROP TABLE call_reviewers`);
    await q.query(`DROP TABLE call_rubrics`);
  }
}
