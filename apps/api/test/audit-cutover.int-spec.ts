/**
 * The change of the chain's hash from BLAKE2b-256 (computed by the api) to SHA-256 (computed by
 * PostgreSQL) on a database whose log began before it: the migration records the first SHA-256
 * seq, appends link on from the old head, and `audit verify` checks each link under its own
 * algorithm across the cut-over.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type ChainedAuditEvent, GENESIS_HASH, chainHash } from '../src/audit/audit-chain';
import { toAuditFields } from '../src/audit/audit-event';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { appendAuditEvent, sqlOfClient } from '../src/audit/audit.repository';
import { ownerDataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/migrations';
import { AuditSha2561763700001000 } from '../src/migrations/1763700001000-audit-sha256';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases come from the shared test support
import { type TestEnvironment, createTestEnvironment, destroyTestEnvironment } from '../../../test/support/environment';
import { testEnv } from './app';

describe('audit chain cut-over to SHA-256', () => {
  let env: TestEnvironment;
  let owner: Client;
  const config = () => ({ DATABASE_URL: env.databaseUrl, DATABASE_ROLE: 'ashar_app' });

  async function migrate(migrations: typeof MIGRATIONS): Promise<string[]> {
    const dataSource = new DataSource({ ...ownerDataSourceOptions(config()), migrations } as ConstructorParameters<typeof DataSource>[0]);
    await dataSource.initialize();
    try {
      return await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  beforeAll(async () => {
    testEnv(); // through jest.integration.cjs, like the other files
    env = await createTestEnvironment('cutover');
    owner = new Client({ connectionString: env.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    if (env) await destroyTestEnvironment(env);
  });

  it('keeps the BLAKE2b-256 links of a log begun before it and verifies across it', async () => {
    const cut = MIGRATIONS.indexOf(AuditSha2561763700001000);
    expect(cut).toBeGreaterThan(0);
    await migrate(MIGRATIONS.slice(0, cut));

    // Three events as the api wrote them before: linked with BLAKE2b-256, the head moved to the last.
    let prev: Uint8Array = GENESIS_HASH;
    for (let n = 1; n <= 3; n += 1) {
      const event: ChainedAuditEvent = {
        ...toAuditFields({ action: 'auth.sign_in', actor: { kind: 'staff', id: `staff-${n}` }, subject: { type: 'staff', id: `staff-${n}` } }),
        seq: String(n),
        occurred_at: `2026-01-0${n}T10:00:00.000000Z`,
      };
      const hash = chainHash(prev, event, 'blake2b-256');
      await owner.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
        [event.seq, event.occurred_at, event.actor_kind, event.actor_id, event.action, event.subject_type, event.subject_id, JSON.stringify(event.data), Buffer.from(prev), Buffer.from(hash)],
      );
      await owner.query(`UPDATE audit_chain_head SET seq = $1, hash = $2`, [event.seq, Buffer.from(hash)]);
      prev = hash;
    }
    // The cut-over first, then whatever came after it.
    expect((await migrate(MIGRATIONS))[0]).toBe('AuditSha2561763700001000');
    expect((await owner.query(`SELECT sha256_from::text AS seq FROM audit_chain_format`)).rows).toEqual([{ seq: '4' }]);

    // Appends after the cut-over link on from the old head, with SHA-256 computed by PostgreSQL.
    const sql = sqlOfClient(owner);
    await owner.query('BEGIN');
    const fourth = await appendAuditEvent(sql, toAuditFields({ action: 'case.read', actor: { kind: 'staff', id: 'staff-1' }, subject: { type: 'case', id: 'case-1' }, data: { part: 2 } }));
    const fifth = await appendAuditEvent(sql, toAuditFields({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' } }));
    await owner.query('COMMIT');
    expect([fourth.seq, fifth.seq]).toEqual(['4', '5']);
    const rows = (await owner.query<{ prev_hash: Buffer }>(`SELECT prev_hash FROM audit_events WHERE seq = 4`)).rows;
    expect(rows[0]!.prev_hash.equals(Buffer.from(prev))).toBe(true);

    expect(await verifyAuditChain(sql, { batchSize: 2 })).toMatchObject({ ok: true, verified: 5, head: { seq: '5', hash: fifth.hash.toString('hex') } });
    // A link after the cut-over rewritten with BLAKE2b-256 is refused.
    await owner.query('BEGIN');
    await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    const [stored] = (await owner.query(`SELECT seq::text AS seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data FROM audit_events WHERE seq = 5`)).rows as ChainedAuditEvent[];
    await owner.query(`UPDATE audit_events SET hash = $1 WHERE seq = 5`, [Buffer.from(chainHash(fourth.hash, stored!, 'blake2b-256'))]);
    await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    await owner.query('COMMIT');
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, broken: { seq: '5', reason: 'hash mismatch' } });
  });
});
