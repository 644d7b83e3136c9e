import { type MigrationInterface, type QueryRunner } from 'typeorm';

const TABLES = ['routing_rules', 'desks', 'desk_keys'] as const;

/**
 * A version of what intake routes and checks by (routing rules, desks, desk keys), raised by
 * a statement trigger on every change to them. The api keeps the last context it read and
 * checks the version inside the statement that writes a submission: unchanged, the cached
 * context is exactly what a fresh read would have returned; changed, the submission is redone
 * on a fresh read. One read less per submission (bench/intake), never a stale route.
 */
export class IntakeContextVersion1763700000900 implements MigrationInterface {
  name = 'IntakeContextVersion1763700000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_context_version (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        version bigint NOT NULL
      )`);
    await q.query(`INSERT INTO intake_context_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION intake_context_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE intake_context_version SET version = version + 1;
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await q.query(`CREATE TRIGGER ${table}_intake_context AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION intake_context_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER ${table}_intake_context ON ${table}`);
    await q.query(`DROP FUNCTION intake_context_changed()`);
    await q.query(`DROP TABLE intake_context_version`);
  }
}
