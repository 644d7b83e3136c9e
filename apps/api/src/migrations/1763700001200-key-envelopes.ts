import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * "Grant" is money (mini-grants, the users' word); a case or desk key sealed to one recipient is
 * an envelope, made by its sealer (docs/decisions.md, "Envelopes, not grants"). Renames the two
 * tables, their columns, and every index and constraint whose name says "grant". Data is kept.
 */
export class KeyEnvelopes1763700001200 implements MigrationInterface {
  name = 'KeyEnvelopes1763700001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_key_grants RENAME TO case_key_envelopes');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN granter_kind TO sealer_kind');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN granter_id TO sealer_id');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN granter_kid TO sealer_kid');
    await q.query('ALTER TABLE desk_key_grants RENAME TO desk_key_envelopes');
    await q.query('ALTER TABLE desk_key_envelopes RENAME COLUMN granted_by TO sealed_by');
    await renameObjects(q, [
      ['case_key_grants', 'case_key_envelopes'],
      ['desk_key_grants', 'desk_key_envelopes'],
      ['granter', 'sealer'],
      ['granted', 'sealed'],
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE desk_key_envelopes RENAME COLUMN sealed_by TO granted_by');
    await q.query('ALTER TABLE desk_key_envelopes RENAME TO desk_key_grants');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN sealer_kid TO granter_kid');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN sealer_id TO granter_id');
    await q.query('ALTER TABLE case_key_envelopes RENAME COLUMN sealer_kind TO granter_kind');
    await q.query('ALTER TABLE case_key_envelopes RENAME TO case_key_grants');
    await renameObjects(q, [
      ['case_key_envelopes', 'case_key_grants'],
      ['desk_key_envelopes', 'desk_key_grants'],
      ['sealer', 'granter'],
      ['sealed_by', 'granted_by'],
    ]);
  }
}

/** Renames the indexes and constraints of the two tables whose names hold one of the `from` words. */
async function renameObjects(q: QueryRunner, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const objects: { kind: 'index' | 'constraint'; table: string; name: string }[] = await q.query(`
    SELECT 'constraint' AS kind, conrelid::regclass::text AS table, conname AS name
      FROM pg_constraint
     WHERE conrelid::regclass::text IN ('case_key_envelopes', 'desk_key_envelopes', 'case_key_grants', 'desk_key_grants')
    UNION ALL
    SELECT 'index', tablename, indexname
      FROM pg_indexes
     WHERE schemaname = current_schema()
       AND tablename IN ('case_key_envelopes', 'desk_key_envelopes', 'case_key_grants', 'desk_key_grants')
       AND indexname NOT IN (SELECT conname FROM pg_constraint)`);
  for (const o of objects) {
    const renamed = pairs.reduce((name, [from, to]) => name.split(from).join(to), o.name);
    if (renamed === o.name) continue;
    if (o.kind === 'index') await q.query(`ALTER INDEX ${ident(o.name)} RENAME TO ${ident(renamed)}`);
    else await q.query(`ALTER TABLE ${ident(o.table)} RENAME CONSTRAINT ${ident(o.name)} TO ${ident(renamed)}`);
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
