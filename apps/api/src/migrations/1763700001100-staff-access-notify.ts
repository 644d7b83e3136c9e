import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The channel on which PostgreSQL tells the api whose roles, status or desks changed (StaffAccessCache). */
export const STAFF_ACCESS_CHANNEL = 'ashar_staff_access';

/**
 * Every change of what a staff member's ability is built from (their roles and status, their
 * desk memberships) notifies STAFF_ACCESS_CHANNEL with their id once it commits, whoever made
 * it: the api, the CLI, an operator's SQL. The api keeps each member's access in memory and
 * drops it on that notification (docs/decisions.md, "Staff access in memory"). A TRUNCATE
 * notifies an empty payload: forget everyone. PostgreSQL sends a transaction's notifications
 * only when it commits, and one per distinct payload.
 */
export class StaffAccessNotify1763700001100 implements MigrationInterface {
  name = 'StaffAccessNotify1763700001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ashar_staff_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('${STAFF_ACCESS_CHANNEL}', '');
          RETURN NULL;
        END IF;
        IF TG_TABLE_NAME = 'staff_members' THEN
          IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${STAFF_ACCESS_CHANNEL}', OLD.id::text); END IF;
          IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${STAFF_ACCESS_CHANNEL}', NEW.id::text); END IF;
        ELSE
          IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('${STAFF_ACCESS_CHANNEL}', OLD.staff_id::text); END IF;
          IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('${STAFF_ACCESS_CHANNEL}', NEW.staff_id::text); END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER staff_members_access_changed AFTER INSERT OR DELETE OR UPDATE OF id, roles, status ON staff_members
        FOR EACH ROW EXECUTE FUNCTION ashar_staff_access_changed()`);
    await q.query(`
      CREATE TRIGGER desk_members_access_changed AFTER INSERT OR DELETE OR UPDATE ON desk_members
        FOR EACH ROW EXECUTE FUNCTION ashar_staff_access_changed()`);
    for (const table of ['staff_members', 'desk_members']) {
      await q.query(`CREATE TRIGGER ${table}_access_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ashar_staff_access_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staff_members', 'desk_members']) {
      await q.query(`DROP TRIGGER ${table}_access_truncated ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_access_changed ON ${table}`);
    }
    await q.query(`DROP FUNCTION ashar_staff_access_changed()`);
  }
}
