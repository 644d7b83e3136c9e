import { type MigrationInterface, type QueryRunner } from 'typeorm';

const OPEN_STATUSES = `'new', 'triaged', 'in_progress', 'awaiting_requester'`;

/**
 * Times of requester activity to the minute, not the microsecond (issue 13, finding 8;
 * docs/decisions.md, "Requester times"). A stored time that matches a connection seen on the
 * network to the millisecond names the person who asked for help; first-response SLAs (4 hours
 * at the shortest) and retention (days) need minutes at most.
 *
 * From now on, triggers keep them so whatever code writes the row:
 * - aid_cases: `created_at` of a case made by a requester (every intake), and `updated_at` of
 *   every change (nothing needs it finer, and a requester's reply changes it);
 * - case_records and case_files made by a requester: `created_at` (and a file's `completed_at`)
 *   to the minute, but never before the case's previous record or file, plus 1 µs, so that a reply
 *   still comes after the message it answers in the timeline (which orders by time);
 * - case_key_envelopes sealed by a requester (at intake): `created_at`.
 * The api truncates a new case's time itself too, because the first-response due time is
 * computed from it (and would otherwise give the precise time back).
 *
 * Existing rows are truncated the same way, with the order of each case's records and files
 * kept, and every case's first-response due time (and the due time it was escalated for) goes
 * to the minute, since it was computed from the precise creation time; open cases awaiting a
 * first response get a new SLA check at the new due time through the outbox (the superseded
 * check finds its due time stale and does nothing). case_desks copies the new times.
 * Audit events keep the times they were chained with: their hashes cover them, so rewriting
 * them would be indistinguishable from tampering; requester events appended from now on carry
 * minutes (audit.repository appendAuditSql). requesters.created_at was kept to the day already.
 */
export class RequesterTimes1763700004200 implements MigrationInterface {
  name = 'RequesterTimes1763700004200';

  async up(q: QueryRunner): Promise<void> {
    // Existing rows first, then the triggers that keep new ones.
    await q.query(`
      UPDATE aid_cases
         SET created_at = date_trunc('minute', created_at, 'UTC'),
             updated_at = date_trunc('minute', updated_at, 'UTC'),
             first_response_due_at = date_trunc('minute', first_response_due_at, 'UTC'),
             sla_escalated_due_at = date_trunc('minute', sla_escalated_due_at, 'UTC')`);
    await q.query(`UPDATE case_desks d SET created_at = c.created_at FROM aid_cases c WHERE c.id = d.case_id AND d.created_at <> c.created_at`);
    // New SLA checks for the due times that moved (same payload and job id as slaCheckJob).
    await q.query(`
      INSERT INTO outbox (queue, name, payload, run_at, job_id)
      SELECT 'sla', 'sla-check',
             jsonb_build_object('caseId', id, 'dueAt', to_char(first_response_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
             first_response_due_at,
             'sla.' || id || '.' || (extract(epoch FROM first_response_due_at) * 1000)::bigint
        FROM aid_cases
       WHERE status IN (${OPEN_STATUSES}) AND first_responded_at IS NULL
         AND sla_escalated_due_at IS DISTINCT FROM first_response_due_at`);
    // Each requester record or file to the minute, but after everything before it in its case
    // (as already rewritten: a walk through each case in order).
    for (const [table, kind] of [
      ['case_records', 'author_kind'],
      ['case_files', 'uploader_kind'],
    ]) {
      await q.query(`
        DO $$
        DECLARE
          row record;
          previous_case uuid;
          last_at timestamptz;
          at timestamptz;
        BEGIN
          FOR row IN SELECT id, case_id, ${kind} AS kind, created_at FROM ${table} ORDER BY case_id, created_at, id LOOP
            IF previous_case IS DISTINCT FROM row.case_id THEN
              previous_case := row.case_id;
              last_at := NULL;
            END IF;
            at := row.created_at;
            IF row.kind = 'requester' THEN
              at := greatest(date_trunc('minute', row.created_at, 'UTC'), last_at + interval '1 microsecond');
              UPDATE ${table} SET created_at = at WHERE id = row.id;
            END IF;
            last_at := at;
          END LOOP;
        END
        $$`);
    }
    await q.query(`
      UPDATE case_files SET completed_at = greatest(date_trunc('minute', completed_at, 'UTC'), created_at)
       WHERE uploader_kind = 'requester' AND completed_at IS NOT NULL`);
    await q.query(`UPDATE case_key_envelopes SET created_at = date_trunc('minute', created_at, 'UTC') WHERE sealer_kind = 'requester'`);

    await q.query(`
      CREATE FUNCTION aid_cases_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' AND NEW.requester_id IS NOT NULL THEN
          NEW.created_at := date_trunc('minute', NEW.created_at, 'UTC');
        END IF;
        NEW.updated_at := date_trunc('minute', NEW.updated_at, 'UTC');
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER aid_cases_minutes BEFORE INSERT OR UPDATE ON aid_cases FOR EACH ROW EXECUTE FUNCTION aid_cases_minutes()`);
    await q.query(`
      CREATE FUNCTION case_records_requester_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.author_kind = 'requester' THEN
          NEW.created_at := greatest(date_trunc('minute', NEW.created_at, 'UTC'),
                                     (SELECT max(created_at) + interval '1 microsecond' FROM case_records WHERE case_id = NEW.case_id));
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER case_records_requester_minutes BEFORE INSERT ON case_records FOR EACH ROW EXECUTE FUNCTION case_records_requester_minutes()`);
    await q.query(`
      CREATE FUNCTION case_files_requester_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.uploader_kind = 'requester' THEN
          IF TG_OP = 'INSERT' THEN
            NEW.created_at := greatest(date_trunc('minute', NEW.created_at, 'UTC'),
                                       (SELECT max(created_at) + interval '1 microsecond' FROM case_files WHERE case_id = NEW.case_id));
          END IF;
          IF NEW.completed_at IS NOT NULL THEN
            NEW.completed_at := greatest(date_trunc('minute', NEW.completed_at, 'UTC'), NEW.created_at);
          END IF;
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER case_files_requester_minutes BEFORE INSERT OR UPDATE ON case_files FOR EACH ROW EXECUTE FUNCTION case_files_requester_minutes()`);
    await q.query(`
      CREATE FUNCTION case_key_envelopes_requester_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sealer_kind = 'requester' THEN
          NEW.created_at := date_trunc('minute', NEW.created_at, 'UTC');
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER case_key_envelopes_requester_minutes BEFORE INSERT ON case_key_envelopes FOR EACH ROW EXECUTE FUNCTION case_key_envelopes_requester_minutes()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of [
      ['case_key_envelopes', 'case_key_envelopes_requester_minutes'],
      ['case_files', 'case_files_requester_minutes'],
      ['case_records', 'case_records_requester_minutes'],
      ['aid_cases', 'aid_cases_minutes'],
    ]) {
      await q.query(`DROP TRIGGER ${name} ON ${table}`);
      await q.query(`DROP FUNCTION ${name}()`);
    }
  }
}
