import { type MigrationInterface, type QueryRunner } from 'typeorm';

const APP_ROLE = `coalesce(nullif(current_setting('ashar.app_role', true), ''), 'ashar_app')`;

/**
 * PostgreSQL computes the audit chain's links from here on, in the statement that appends
 * (audit.repository appendAuditSql): SHA-256, which it has built in, where the first format
 * used BLAKE2b-256, which it has not. An append is then one statement under the head's lock
 * instead of a read, a hash in the api and a write, and intake writes everything in one
 * statement (docs/decisions.md, "Audit log"). `audit_chain_format.sha256_from` is the first
 * seq linked with SHA-256: events before it keep their BLAKE2b-256 links and still verify.
 * The head row also keeps the previous hash and the time of the last append, which the
 * statement reads back to insert the event. The head is locked while this runs, so no append
 * lands between the cut-over and the new code; as with the head row, every api instance must
 * run this version (an older one would link with BLAKE2b-256 after the cut-over, which
 * `audit verify` reports). The app role may read the format but not change it.
 */
export class AuditSha2561763700001000 implements MigrationInterface {
  name = 'AuditSha2561763700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE audit_chain_head IN EXCLUSIVE MODE`);
    await q.query(`
      ALTER TABLE audit_chain_head
        ADD COLUMN prev_hash bytea CHECK (length(prev_hash) = 32),
        ADD COLUMN occurred_at timestamptz`);
    await q.query(`
      CREATE TABLE audit_chain_format (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        sha256_from bigint NOT NULL CHECK (sha256_from >= 1)
      )`);
    await q.query(`INSERT INTO audit_chain_format (sha256_from) SELECT seq + 1 FROM audit_chain_head`);
    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        EXECUTE format('REVOKE ALL ON audit_chain_format FROM %I', app);
        EXECUTE format('GRANT SELECT ON audit_chain_format TO %I', app);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_format`);
    await q.query(`ALTER TABLE audit_chain_head DROP COLUMN prev_hash, DROP COLUMN occurred_at`);
  }
}
