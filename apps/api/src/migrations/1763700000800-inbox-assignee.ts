import { type MigrationInterface, type QueryRunner } from 'typeorm';

const OPEN = `status IN ('new', 'triaged', 'in_progress', 'awaiting_requester')`;

/**
 * The assignee in case_desks, kept by the same trigger as the other inbox columns, and indexes
 * over each desk's unassigned open cases. "In progress, unassigned" had to join every in-progress
 * case of the desk to aid_cases to find the few without an assignee (bench/triage: 25 ms p95 at
 * 1 000 000 cases, in a parallel plan); now it is an ordered scan of exactly those rows.
 */
export class InboxAssignee1763700000800 implements MigrationInterface {
  name = 'InboxAssignee1763700000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_desks ADD COLUMN assignee_id uuid`);
    await q.query(`UPDATE case_desks cd SET assignee_id = c.assignee_id FROM aid_cases c WHERE c.id = cd.case_id AND c.assignee_id IS NOT NULL`);
    await q.query(syncFunction(true));
    await q.query(`DROP TRIGGER aid_cases_sync_desks ON aid_cases`);
    await q.query(`
      CREATE TRIGGER aid_cases_sync_desks AFTER INSERT OR UPDATE OF owner_desk_id, collaborator_desk_ids, status, urgency, request_type, first_response_due_at, assignee_id
        ON aid_cases FOR EACH ROW EXECUTE FUNCTION aid_cases_sync_desks()`);
    await q.query(`CREATE INDEX case_desks_unassigned_due_idx ON case_desks (desk_id, status, first_response_due_at, case_id) WHERE assignee_id IS NULL AND ${OPEN}`);
    await q.query(`CREATE INDEX case_desks_unassigned_created_idx ON case_desks (desk_id, status, created_at, case_id) WHERE assignee_id IS NULL AND ${OPEN}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_desks_unassigned_created_idx`);
    await q.query(`DROP INDEX case_desks_unassigned_due_idx`);
    await q.query(`DROP TRIGGER aid_cases_sync_desks ON aid_cases`);
    await q.query(syncFunction(false));
    await q.query(`
      CREATE TRIGGER aid_cases_sync_desks AFTER INSERT OR UPDATE OF owner_desk_id, collaborator_desk_ids, status, urgency, request_type, first_response_due_at
        ON aid_cases FOR EACH ROW EXECUTE FUNCTION aid_cases_sync_desks()`);
    await q.query(`ALTER TABLE case_desks DROP COLUMN assignee_id`);
  }
}

/** The trigger function of migration 0400, with or without the assignee. */
function syncFunction(withAssignee: boolean): string {
  const col = withAssignee ? ', assignee_id' : '';
  const val = withAssignee ? ', NEW.assignee_id' : '';
  const set = withAssignee ? ', assignee_id = EXCLUDED.assignee_id' : '';
  return `
    CREATE OR REPLACE FUNCTION aid_cases_sync_desks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM case_desks WHERE case_id = NEW.id AND desk_id <> ALL (array_prepend(NEW.owner_desk_id, NEW.collaborator_desk_ids));
      END IF;
      INSERT INTO case_desks (desk_id, case_id, is_owner, status, urgency, request_type, first_response_due_at, created_at${col})
      SELECT d, NEW.id, d = NEW.owner_desk_id, NEW.status, NEW.urgency, NEW.request_type, NEW.first_response_due_at, NEW.created_at${val}
        FROM unnest(array_prepend(NEW.owner_desk_id, NEW.collaborator_desk_ids)) AS d
      ON CONFLICT (desk_id, case_id) DO UPDATE SET
        is_owner = EXCLUDED.is_owner, status = EXCLUDED.status, urgency = EXCLUDED.urgency,
        request_type = EXCLUDED.request_type, first_response_due_at = EXCLUDED.first_response_due_at${set};
      RETURN NULL;
    END
    $$`;
}
