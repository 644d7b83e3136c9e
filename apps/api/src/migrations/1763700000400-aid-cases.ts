import { type MigrationInterface, type QueryRunner } from 'typeorm';

const OPEN_STATUSES = `'new', 'triaged', 'in_progress', 'awaiting_requester'`;

/**
 * Aid cases (domain.md): routing rules, the cases with their clear facts, the encrypted
 * records and the sealed case key grants, the anonymous statistics kept after a purge, staff
 * notifications (ids only) and a job id column on the outbox for jobs a later one supersedes.
 *
 * The triage inbox reads `case_desks`, one row per (desk, case) for the owning and every
 * collaborating desk, kept by a trigger from aid_cases, so a desk's inbox in due-time or
 * creation order is one ordered index scan whether the desk owns the case or collaborates.
 */
export class AidCases1763700000400 implements MigrationInterface {
  name = 'AidCases1763700000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN job_id text CHECK (job_id ~ '^[A-Za-z][A-Za-z0-9._-]{0,127}$')`);

    await q.query(`
      CREATE TABLE routing_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        priority integer NOT NULL CHECK (priority BETWEEN 0 AND 1000000),
        request_type text CHECK (request_type IN ('psychological', 'legal', 'medical', 'relocation')),
        country text CHECK (country ~ '^[A-Z]{2}$'),
        language text CHECK (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$' AND length(language) <= 35),
        desk_id uuid NOT NULL REFERENCES desks (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX routing_rules_order_idx ON routing_rules (priority, created_at, id)`);

    await q.query(`
      CREATE TABLE aid_cases (
        id uuid PRIMARY KEY,
        request_type text NOT NULL CHECK (request_type IN ('psychological', 'legal', 'medical', 'relocation')),
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        language text NOT NULL CHECK (language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$' AND length(language) <= 35),
        urgency text NOT NULL CHECK (urgency IN ('critical', 'high', 'normal', 'low')),
        status text NOT NULL CHECK (status IN ('new', 'triaged', 'in_progress', 'awaiting_requester', 'resolved', 'declined', 'closed', 'purged')),
        owner_desk_id uuid NOT NULL REFERENCES desks (id),
        collaborator_desk_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(collaborator_desk_ids) <= 16 AND NOT (owner_desk_id = ANY (collaborator_desk_ids))),
        assignee_id uuid REFERENCES staff_members (id),
        requester_id uuid REFERENCES requesters (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        first_response_due_at timestamptz NOT NULL,
        first_responded_at timestamptz,
        sla_escalated_due_at timestamptz,
        outcome text CHECK (outcome IN ('resolved', 'declined')),
        closed_at timestamptz,
        purge_after timestamptz,
        CHECK ((closed_at IS NULL) = (status NOT IN ('closed', 'purged'))),
        CHECK ((purge_after IS NULL) = (closed_at IS NULL))
      )`);
    // One requester account per receipt code, one case per account.
    await q.query(`CREATE UNIQUE INDEX aid_cases_requester_idx ON aid_cases (requester_id) WHERE requester_id IS NOT NULL`);
    await q.query(`CREATE INDEX aid_cases_assignee_due_idx ON aid_cases (assignee_id, first_response_due_at, id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX aid_cases_assignee_created_idx ON aid_cases (assignee_id, created_at, id) WHERE assignee_id IS NOT NULL`);
    // What the SLA sweep looks for: open cases past their due time, not answered, not yet escalated for that due time.
    await q.query(`
      CREATE INDEX aid_cases_sla_pending_idx ON aid_cases (first_response_due_at)
       WHERE first_responded_at IS NULL AND status IN (${OPEN_STATUSES}) AND sla_escalated_due_at IS DISTINCT FROM first_response_due_at`);
    await q.query(`CREATE INDEX aid_cases_purge_idx ON aid_cases (purge_after) WHERE purge_after IS NOT NULL`);

    await q.query(`
      CREATE TABLE case_desks (
        desk_id uuid NOT NULL REFERENCES desks (id),
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        is_owner boolean NOT NULL,
        status text NOT NULL,
        urgency text NOT NULL,
        request_type text NOT NULL,
        first_response_due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (desk_id, case_id)
      )`);
    await q.query(`CREATE INDEX case_desks_due_idx ON case_desks (desk_id, first_response_due_at, case_id)`);
    await q.query(`CREATE INDEX case_desks_created_idx ON case_desks (desk_id, created_at, case_id)`);
    await q.query(`CREATE INDEX case_desks_status_due_idx ON case_desks (desk_id, status, first_response_due_at, case_id)`);
    await q.query(`CREATE INDEX case_desks_status_created_idx ON case_desks (desk_id, status, created_at, case_id)`);
    await q.query(`CREATE INDEX case_desks_case_idx ON case_desks (case_id)`);
    await q.query(`
      CREATE FUNCTION aid_cases_sync_desks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM case_desks WHERE case_id = NEW.id AND desk_id <> ALL (array_prepend(NEW.owner_desk_id, NEW.collaborator_desk_ids));
        END IF;
        INSERT INTO case_desks (desk_id, case_id, is_owner, status, urgency, request_type, first_response_due_at, created_at)
        SELECT d, NEW.id, d = NEW.owner_desk_id, NEW.status, NEW.urgency, NEW.request_type, NEW.first_response_due_at, NEW.created_at
          FROM unnest(array_prepend(NEW.owner_desk_id, NEW.collaborator_desk_ids)) AS d
        ON CONFLICT (desk_id, case_id) DO UPDATE SET
          is_owner = EXCLUDED.is_owner, status = EXCLUDED.status, urgency = EXCLUDED.urgency,
          request_type = EXCLUDED.request_type, first_response_due_at = EXCLUDED.first_response_due_at;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER aid_cases_sync_desks AFTER INSERT OR UPDATE OF owner_desk_id, collaborator_desk_ids, status, urgency, request_type, first_response_due_at
        ON aid_cases FOR EACH ROW EXECUTE FUNCTION aid_cases_sync_desks()`);

    // Ciphertext: "a1." + check(22) + "." + nonce(32) + "." + base64url of 256·k + 16 bytes, at most 96 KiB + 16.
    await q.query(`
      CREATE TABLE case_records (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('request', 'note', 'message')),
        author_kind text NOT NULL CHECK (author_kind IN ('staff', 'requester')),
        author_id uuid NOT NULL,
        author_kid text NOT NULL CHECK (author_kid ~ '^[A-Za-z0-9_-]{22}$'),
        ciphertext text NOT NULL CHECK (length(ciphertext) BETWEEN 400 AND 131200 AND left(ciphertext, 3) = 'a1.'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'note' OR author_kind = 'staff'),
        CHECK (kind <> 'request' OR author_kind = 'requester')
      )`);
    await q.query(`CREATE INDEX case_records_case_idx ON case_records (case_id, created_at, id)`);
    await q.query(`CREATE UNIQUE INDEX case_records_one_request_idx ON case_records (case_id) WHERE kind = 'request'`);

    await q.query(`
      CREATE TABLE case_key_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('desk', 'staff', 'requester')),
        recipient_id uuid NOT NULL,
        desk_key_version integer CHECK (desk_key_version >= 1),
        sealed_key text NOT NULL CHECK (length(sealed_key) <= 512 AND left(sealed_key, 3) = 's1.'),
        granter_kind text NOT NULL CHECK (granter_kind IN ('staff', 'requester')),
        granter_id uuid NOT NULL,
        granter_kid text NOT NULL CHECK (granter_kid ~ '^[A-Za-z0-9_-]{22}$'),
        signature text NOT NULL CHECK (signature ~ '^[A-Za-z0-9_-]{86}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((recipient_kind = 'desk') = (desk_key_version IS NOT NULL)),
        UNIQUE NULLS NOT DISTINCT (case_id, recipient_kind, recipient_id, desk_key_version)
      )`);

    await q.query(`
      CREATE TABLE case_statistics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_type text NOT NULL CHECK (request_type IN ('psychological', 'legal', 'medical', 'relocation')),
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        opened_month date NOT NULL CHECK (extract(day FROM opened_month) = 1),
        closed_month date NOT NULL CHECK (extract(day FROM closed_month) = 1),
        outcome text NOT NULL CHECK (outcome IN ('resolved', 'declined'))
      )`);
    await q.query(`CREATE INDEX case_statistics_month_idx ON case_statistics (closed_month, request_type)`);

    await q.query(`
      CREATE TABLE staff_notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('sla_breach')),
        case_id uuid REFERENCES aid_cases (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX staff_notifications_recipient_idx ON staff_notifications (recipient_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staff_notifications', 'case_statistics', 'case_key_grants', 'case_records', 'case_desks', 'aid_cases', 'routing_rules']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION aid_cases_sync_desks()');
    await q.query('ALTER TABLE outbox DROP COLUMN job_id');
  }
}
