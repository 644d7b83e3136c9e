import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Partial indexes over the open cases of each desk, in both inbox orders. The
 * console's main view filters on several open statuses at once, which the
 * (desk, status, …) indexes cannot return in order; without these the planner
 * walked a desk's whole history, closed cases included (bench/triage: 1.7 s →
 * under 1 ms at 1 000 000 cases).
 */
export class InboxOpenCases1763700000600 implements MigrationInterface {
  name = 'InboxOpenCases1763700000600';

  async up(q: QueryRunner): Promise<void> {
    const open = `status IN ('new', 'triaged', 'in_progress', 'awaiting_requester')`;
    await q.query(`CREATE INDEX case_desks_open_due_idx ON case_desks (desk_id, first_response_due_at, case_id) WHERE ${open}`);
    await q.query(`CREATE INDEX case_desks_open_created_idx ON case_desks (desk_id, created_at, case_id) WHERE ${open}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX case_desks_open_created_idx');
    await q.query('DROP INDEX case_desks_open_due_idx');
  }
}
