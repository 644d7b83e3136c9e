import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Every kind of staff notification (libs/domain STAFF_NOTIFICATION_KINDS spells the same list). */
const KINDS = [
  'sla_breach',
  'grant_report_overdue',
  'case_new',
  'requester_message',
  'requester_file',
  'case_assigned',
  'case_referred',
  'grant_approval_waiting',
  'payment_waiting',
  'grant_report_submitted',
];
const GRANT_KINDS = ['grant_report_overdue', 'grant_approval_waiting', 'payment_waiting', 'grant_report_submitted'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A team's first week (issue 16; docs/decisions.md, "A team's first week — api"):
 * - staff_notifications: the new kinds (a kind and where, never content), `desk_id` (the desk a
 *   new or referred case reached) and `dedupe_key` (one notification per recipient and event, so
 *   a retried event notifies once);
 * - case_reads: when each member of staff last opened a case and how much requester activity
 *   they had seen then (unread markers of the inbox);
 * - aid_cases.requester_activity (a count of the requester's intake, messages and files) and
 *   last_requester_activity_at (to the minute, as every requester-caused time);
 * - aid_cases.subject: the requester's short subject line, an `a1.` string of exactly 528
 *   ciphertext bytes under the case key (libs/crypto SPEC.md §19);
 * - staff_members.pseudonym: the name requesters see; digest_enabled / digest_sent_at and
 *   staff_notifications.digested_at: the optional notification digest e-mail.
 */
export class FirstWeek1763700007100 implements MigrationInterface {
  name = 'FirstWeek1763700007100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_grant_kind`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_kind_check`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_kind_check CHECK (kind IN (${list(KINDS)}))`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_grant_kind CHECK ((kind IN (${list(GRANT_KINDS)})) = (grant_id IS NOT NULL))`);
    await q.query(`ALTER TABLE staff_notifications ADD COLUMN desk_id uuid REFERENCES desks (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE staff_notifications ADD COLUMN dedupe_key text CHECK (length(dedupe_key) <= 200)`);
    // When a digest e-mail counted the notification (a requester-caused one's own time is to the minute, so times cannot tell).
    await q.query(`ALTER TABLE staff_notifications ADD COLUMN digested_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX staff_notifications_dedupe_idx ON staff_notifications (recipient_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    // The digest counts a recipient's unread notifications.
    await q.query(`CREATE INDEX staff_notifications_unread_idx ON staff_notifications (recipient_id, kind) WHERE read_at IS NULL`);

    await q.query(`ALTER TABLE aid_cases ADD COLUMN requester_activity integer NOT NULL DEFAULT 1 CHECK (requester_activity >= 0)`);
    await q.query(`ALTER TABLE aid_cases ADD COLUMN last_requester_activity_at timestamptz`);
    await q.query(`
      UPDATE aid_cases c SET
        requester_activity = 1 + (SELECT count(*) FROM case_records r WHERE r.case_id = c.id AND r.author_kind = 'requester' AND r.kind = 'message')
                               + (SELECT count(*) FROM case_files f WHERE f.case_id = c.id AND f.uploader_kind = 'requester' AND f.completed_at IS NOT NULL),
        last_requester_activity_at = greatest(c.created_at,
          (SELECT max(r.created_at) FROM case_records r WHERE r.case_id = c.id AND r.author_kind = 'requester'),
          (SELECT max(f.completed_at) FROM case_files f WHERE f.case_id = c.id AND f.uploader_kind = 'requester'))`);
    await q.query(`ALTER TABLE aid_cases ADD COLUMN subject text CHECK (length(subject) = 763 AND subject ~ '^a1\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{32}\\.[A-Za-z0-9_-]+$')`);

    await q.query(`
      CREATE TABLE case_reads (
        case_id uuid NOT NULL REFERENCES aid_cases (id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff_members (id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        seen_activity integer NOT NULL CHECK (seen_activity >= 0),
        PRIMARY KEY (case_id, staff_id)
      )`);

    await q.query(`ALTER TABLE staff_members ADD COLUMN pseudonym text CHECK (length(pseudonym) BETWEEN 1 AND 60 AND pseudonym !~ '[[:cntrl:]]')`);
    await q.query(`ALTER TABLE staff_members ADD COLUMN digest_enabled boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE staff_members ADD COLUMN digest_sent_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members DROP COLUMN digest_sent_at, DROP COLUMN digest_enabled, DROP COLUMN pseudonym`);
    await q.query(`DROP TABLE case_reads`);
    await q.query(`ALTER TABLE aid_cases DROP COLUMN subject, DROP COLUMN last_requester_activity_at, DROP COLUMN requester_activity`);
    await q.query(`DELETE FROM staff_notifications WHERE kind NOT IN ('sla_breach', 'grant_report_overdue')`);
    await q.query(`DROP INDEX staff_notifications_unread_idx`);
    await q.query(`DROP INDEX staff_notifications_dedupe_idx`);
    await q.query(`ALTER TABLE staff_notifications DROP COLUMN digested_at, DROP COLUMN dedupe_key, DROP COLUMN desk_id`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_grant_kind`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_kind_check`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_kind_check CHECK (kind IN ('sla_breach', 'grant_report_overdue'))`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_grant_kind CHECK ((kind = 'grant_report_overdue') = (grant_id IS NOT NULL))`);
  }
}
