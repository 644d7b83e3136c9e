import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { StaffAccessNotify1763700001100 } from './1763700001100-staff-access-notify';

/**
 * The api reads a staff member's access from PostgreSQL on every request again, so nothing
 * listens for the change notifications of migration 1100 (docs/decisions.md, "Staff access per
 * request"): its triggers and function go. `down` puts them back as 1100 made them.
 */
export class DropStaffAccessNotify1763700001300 implements MigrationInterface {
  name = 'DropStaffAccessNotify1763700001300';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['staff_members', 'desk_members']) {
      await q.query(`DROP TRIGGER ${table}_access_truncated ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_access_changed ON ${table}`);
    }
    await q.query(`DROP FUNCTION ashar_staff_access_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await new StaffAccessNotify1763700001100().up(q);
  }
}
