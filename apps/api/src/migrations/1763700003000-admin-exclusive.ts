import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written out here (a migration never changes once landed): libs/domain ADMIN_EXCLUSIVE_ROLES as of this migration. */
const EXCLUSIVE = ['caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager'];

/**
 * The admin role is exclusive (libs/crypto SPEC.md §17.1, issue 13 finding 1): an admin holds no
 * case, finance or programme role and no desk place. Rows made before this rule are brought in
 * line — the admin role wins: the other roles are dropped, and so are the admin's desk places,
 * their copies of desk keys, their case assignments and case key envelopes addressed to them —
 * then a CHECK keeps roles that way. A partial index finds the case key envelopes addressed to
 * one member of staff, which removal from a desk and suspension withdraw (§17.3).
 * `down` drops the check and the index; what `up` removed does not come back.
 */
export class AdminExclusive1763700003000 implements MigrationInterface {
  name = 'AdminExclusive1763700003000';

  async up(q: QueryRunner): Promise<void> {
    const admins = `SELECT id FROM staff_members WHERE 'admin' = ANY (roles)`;
    await q.query(`DELETE FROM case_key_envelopes WHERE recipient_kind = 'staff' AND recipient_id IN (${admins})`);
    await q.query(`UPDATE aid_cases SET assignee_id = NULL, updated_at = now() WHERE assignee_id IN (${admins})`);
    await q.query(`DELETE FROM desk_key_envelopes WHERE staff_id IN (${admins})`);
    await q.query(`DELETE FROM desk_members WHERE staff_id IN (${admins})`);
    await q.query(`UPDATE staff_members SET roles = ARRAY(SELECT r FROM unnest(roles) WITH ORDINALITY AS u(r, n) WHERE r <> ALL ($1::text[]) ORDER BY n) WHERE 'admin' = ANY (roles) AND roles && $1::text[]`, [
      EXCLUSIVE,
    ]);
    await q.query(`ALTER TABLE staff_members ADD CONSTRAINT staff_members_admin_exclusive CHECK (NOT ('admin' = ANY (roles) AND roles && '{${EXCLUSIVE.join(',')}}'::text[]))`);
    await q.query(`CREATE INDEX case_key_envelopes_staff_recipient_idx ON case_key_envelopes (recipient_id) WHERE recipient_kind = 'staff'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_key_envelopes_staff_recipient_idx`);
    await q.query(`ALTER TABLE staff_members DROP CONSTRAINT staff_members_admin_exclusive`);
  }
}
