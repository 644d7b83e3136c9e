import { type MigrationInterface, type QueryRunner } from 'typeorm';

const APP_ROLE = `coalesce(nullif(current_setting('ashar.app_role', true), ''), 'ashar_app')`;

/**
 * The chain head as a row: its last seq and hash. An append takes the next seq, the previous
 * hash and the clock with one `UPDATE … RETURNING` (the row lock serialises appends, as the
 * advisory lock did, and READ COMMITTED hands the waiter the row its predecessor committed),
 * then inserts the event and moves the hash in one more statement: two round trips under the
 * lock instead of three, and none when the head is taken inside the caller's own statement
 * (intake). The app role may read and update the head but still only read and append events;
 * a head set to anything else breaks the next link, which `audit verify` names.
 * Every api instance must run this version: an older one would append beside the head.
 */
export class AuditChainHead1763700000700 implements MigrationInterface {
  name = 'AuditChainHead1763700000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_chain_head (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        seq bigint NOT NULL CHECK (seq >= 0),
        hash bytea CHECK (length(hash) = 32)
      )`);
    await q.query(`
      INSERT INTO audit_chain_head (seq, hash)
      SELECT coalesce((SELECT max(seq) FROM audit_events), 0), (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)`);
    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        EXECUTE format('REVOKE ALL ON audit_chain_head FROM %I', app);
        EXECUTE format('GRANT SELECT, UPDATE ON audit_chain_head TO %I', app);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_head`);
  }
}
