import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Overdue grant report reminders (issue 14, docs/grants.md "Grantee reports"): a staff
 * notification may name a grant instead of a case (kind `grant_report_overdue`, no content),
 * and `grant_report_reminders` records each (grant, due date) already reminded, so a sweep run
 * twice, or on two workers at once, reminds once.
 */
export class GrantReportReminders1763700006500 implements MigrationInterface {
  name = 'GrantReportReminders1763700006500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_notifications ADD COLUMN grant_id uuid REFERENCES grants (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_kind_check`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_kind_check CHECK (kind IN ('sla_breach', 'grant_report_overdue'))`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_grant_kind CHECK ((kind = 'grant_report_overdue') = (grant_id IS NOT NULL))`);
    await q.query(`
      CREATE TABLE grant_report_reminders (
        grant_id uuid NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
        due_on date NOT NULL,
        reminded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (grant_id, due_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_report_reminders`);
    await q.query(`DELETE FROM staff_notifications WHERE kind = 'grant_report_overdue'`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_grant_kind`);
    await q.query(`ALTER TABLE staff_notifications DROP CONSTRAINT staff_notifications_kind_check`);
    await q.query(`ALTER TABLE staff_notifications ADD CONSTRAINT staff_notifications_kind_check CHECK (kind IN ('sla_breach'))`);
    await q.query(`ALTER TABLE staff_notifications DROP COLUMN grant_id`);
  }
}
