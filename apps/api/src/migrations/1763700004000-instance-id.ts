import { randomBytes } from 'node:crypto';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

const APP_ROLE = `coalesce(nullif(current_setting('ashar.app_role', true), ''), 'ashar_app')`;

/** What INSTANCE_ID defaulted to before this migration, for every deployment alike. */
const FORMER_DEFAULT = 'ashar';

/**
 * This deployment's instance id, the salt of every receipt key (crypto.md "Requester receipt
 * codes"; issue 13, finding 8). It used to default to the same value everywhere, so one
 * precomputed table of receipt codes would have served every deployment. Now each one gets its
 * own at its first migration: 32 random hex digits, kept here for good. A deployment that
 * already has requesters keeps the former default, under which their receipt keys were derived,
 * so that every receipt code handed out still signs in. An INSTANCE_ID in the environment still
 * wins over this row (docs/decisions.md, "Instance id"). The app role may only read it.
 */
export class InstanceId1763700004000 implements MigrationInterface {
  name = 'InstanceId1763700004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE instance_identity (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        instance_id text NOT NULL CHECK (instance_id ~ '^[A-Za-z0-9._-]{1,64}$')
      )`);
    const [row] = (await q.query(`SELECT EXISTS (SELECT 1 FROM requesters) AS used`)) as { used: boolean }[];
    const instanceId = row?.used ? FORMER_DEFAULT : randomBytes(16).toString('hex');
    await q.query(`INSERT INTO instance_identity (instance_id) VALUES ($1)`, [instanceId]);
    await q.query(`
      DO $$
      DECLARE app text := ${APP_ROLE};
      BEGIN
        EXECUTE format('REVOKE ALL ON instance_identity FROM %I', app);
        EXECUTE format('GRANT SELECT ON instance_identity TO %I', app);
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instance_identity`);
  }
}
