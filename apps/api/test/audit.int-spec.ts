/**
 * The audit log against the real PostgreSQL: appends inside the caller's transaction, a
 * single valid chain under concurrency, an app role that cannot rewrite history, and
 * verification (in process and through the built CLI) that names the first broken link.
 * Other test files may record events in the same database, so nothing here assumes an empty log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Client } from 'pg';
import { runCli } from '../src/cli';
import { type CliIo } from '../src/cli/cli-io';
import { type ChainedAuditEvent, GENESIS_HASH, chainHash } from '../src/audit/audit-chain';
import { type AuditEvent } from '../src/audit/audit-event';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { readAuditBatch, sqlOfClient, sqlOfManager } from '../src/audit/audit.repository';
import { AuditService } from '../src/audit/audit.service';
import { startTestApp, testDatabaseUrl, withOwnerClient, type TestApp } from './app';

// The test runner builds before the integration tests; `npm run ashar` runs this file.
const CLI = join(__dirname, '../../../dist/apps/api/cli.js');
const TRIGGER = 'audit_events_no_update_delete';

const signIn = (staffId: string): AuditEvent => ({ action: 'auth.sign_in', actor: { kind: 'staff', id: staffId }, subject: { type: 'staff', id: staffId } });

function runBuiltVerify() {
  return spawnSync(process.execPath, [CLI, 'audit', 'verify', '--batch-size', '5'], {
    env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: testDatabaseUrl() },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** Runs `change` as the owner with the append-only trigger disabled, as an intruder with the owner's rights would. */
function asIntruder(change: (owner: Client) => Promise<unknown>): Promise<void> {
  return withOwnerClient(async (owner) => {
    await owner.query('BEGIN');
    await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
    await change(owner);
    await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
    await owner.query('COMMIT');
  });
}

describe('audit log', () => {
  let t: TestApp;
  let audit: AuditService;
  const verify = () => verifyAuditChain(sqlOfManager(t.dataSource.manager), { batchSize: 4 });
  const record = (event: AuditEvent) => t.dataSource.transaction((manager) => audit.record(manager, event));
  const count = async () => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_events'))[0].n);

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('build the api first (npm run build)');
    t = await startTestApp();
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  it('appends linked events that verify from genesis in small batches', async () => {
    const staffId = '0b6f4a62-7f4e-4c1b-9f0e-2d1c3b4a5e6f';
    const a = await record(signIn(staffId));
    const b = await record({ action: 'desk.key_sealed', actor: { kind: 'staff', id: staffId }, subject: { type: 'desk', id: 'desk-legal' }, data: { version: 3, memberIds: ['m-1', 'm-2'] } });
    const c = await record({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' } });
    expect([BigInt(b.seq) - BigInt(a.seq), BigInt(c.seq) - BigInt(b.seq)]).toEqual([1n, 1n]);

    const rows = await withOwnerClient((owner) => readAuditBatch(sqlOfClient(owner), (BigInt(a.seq) - 1n).toString(), c.seq, 10));
    expect(rows.map((r) => r.action)).toEqual(['auth.sign_in', 'desk.key_sealed', 'auth.sign_in_failed']);
    expect(rows[1]).toMatchObject({ actor_kind: 'staff', actor_id: staffId, subject_type: 'desk', subject_id: 'desk-legal', data: { version: 3, memberIds: ['m-1', 'm-2'] } });
    expect(rows[2]).toMatchObject({ actor_kind: 'anonymous', actor_id: null, subject_type: null, data: {} });
    expect(Buffer.from(rows[1]!.prev_hash).toString('hex')).toBe(a.hash);
    expect(Buffer.from(rows[2]!.prev_hash).toString('hex')).toBe(b.hash);
    if (a.seq === '1') expect(Buffer.from(rows[0]!.prev_hash)).toEqual(Buffer.from(GENESIS_HASH));
    expect(rows[0]!.occurred_at <= rows[1]!.occurred_at).toBe(true);
    // No member of staff acted in the third: its time is kept to the minute (so it may read
    // earlier than the one before it; seq is the order).
    expect(rows[0]!.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(rows[2]!.occurred_at).toMatch(/:00\.000000Z$/);

    const result = await verify();
    expect(result).toMatchObject({ ok: true, broken: null });
    expect(result.verified).toBeGreaterThanOrEqual(3);
    expect(BigInt(result.head!.seq)).toBeGreaterThanOrEqual(BigInt(c.seq));
  });

  it('leaves no row and no gap when the recording transaction rolls back', async () => {
    const before = await count();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await audit.record(manager, { action: 'staff.suspended', actor: { kind: 'system' }, subject: { type: 'staff', id: 'rolled-back' } });
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    expect(await count()).toBe(before);
    const rolledBack = await t.dataSource.query(`SELECT 1 FROM audit_events WHERE subject_id = 'rolled-back'`);
    expect(rolledBack).toHaveLength(0);

    const next = await record({ action: 'staff.suspended', actor: { kind: 'system' }, subject: { type: 'staff', id: 'kept' } });
    expect(next.seq).toBe(String(before + 1));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses to record outside a transaction, and an invalid event, without writing anything', async () => {
    const before = await count();
    await expect(audit.record(t.dataSource.manager, signIn('s-1'))).rejects.toThrow('open transaction');
    await expect(record({ action: 'case.read', actor: { kind: 'staff', id: 's-1' }, data: { note: 'free text here' } })).rejects.toThrow('data.note');
    expect(await count()).toBe(before);
  });

  it('keeps one valid chain under 20 concurrent appends', async () => {
    const before = await count();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        t.dataSource.transaction(async (manager) => {
          await manager.query('SELECT pg_sleep(0.01)'); // the act itself, so that the transactions overlap
          return audit.record(manager, { action: 'case.read', actor: { kind: 'staff', id: `reader-${n}` }, subject: { type: 'case', id: `case-${n}` } });
        }),
      ),
    );
    const seqs = results.map((r) => BigInt(r.seq)).sort((x, y) => (x < y ? -1 : 1));
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19]! - seqs[0]!).toBe(19n);
    expect(await count()).toBe(before + 20);
    expect(await verify()).toMatchObject({ ok: true, broken: null });
  });

  it('runs the api as a role that cannot update, delete or truncate audit rows, even after RESET ROLE', async () => {
    await record(signIn('s-2'));
    const [{ role }] = await t.dataSource.query('SELECT current_user AS role');
    expect(role).toBe(t.config.DATABASE_ROLE);
    for (const statement of ['UPDATE audit_events SET action = action', 'DELETE FROM audit_events', 'TRUNCATE audit_events']) {
      await expect(t.dataSource.query(statement)).rejects.toMatchObject({ code: '42501' });
    }
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('RESET ROLE'); // goes back to the role set at connect, not to the login
      const [{ role: reset }] = await runner.query('SELECT current_user AS role');
      expect(reset).toBe(t.config.DATABASE_ROLE);
      await expect(runner.query('DELETE FROM audit_events')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await runner.release();
    }
    // The app's other tables stay writable.
    await t.dataSource.query(`UPDATE outbox SET attempts = attempts WHERE false`);
  });

  it('stops even the owner through the append-only trigger', async () => {
    await withOwnerClient(async (owner) => {
      await expect(owner.query('UPDATE audit_events SET action = action')).rejects.toThrow('audit_events is append-only: UPDATE refused');
      await expect(owner.query('DELETE FROM audit_events')).rejects.toThrow('audit_events is append-only: DELETE refused');
      await expect(owner.query('TRUNCATE audit_events')).rejects.toThrow('audit_events is append-only: TRUNCATE refused');
    });
  });

  describe('tampering', () => {
    let target: string;
    let original: { data: string; hash: Buffer };

    beforeEach(async () => {
      target = (await record({ action: 'case.read', actor: { kind: 'staff', id: 'victim' }, subject: { type: 'case', id: 'case-42' }, data: { recordId: 'r-1' } })).seq;
      await record(signIn('after-the-target'));
      original = await withOwnerClient(async (owner) => (await owner.query(`SELECT data::text AS data, hash FROM audit_events WHERE seq = $1`, [target])).rows[0]);
      expect(await verify()).toMatchObject({ ok: true });
    });

    afterEach(async () => {
      // Put the chain back, so the tests after these see an intact log.
      await asIntruder(async (owner) => {
        await owner.query(`UPDATE audit_events SET data = $2::jsonb, hash = $3 WHERE seq = $1`, [target, original.data, original.hash]);
      });
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('is named by `audit verify` at the altered seq, in process and through the built CLI', async () => {
      await asIntruder((owner) => owner.query(`UPDATE audit_events SET data = '{"recordId": "r-2"}' WHERE seq = $1`, [target]));

      expect(await verify()).toMatchObject({ ok: false, broken: { seq: target, reason: 'hash mismatch' } });

      let out = '';
      const io: CliIo = { env: { DATABASE_URL: testDatabaseUrl() }, stdin: process.stdin, writeOut: (s) => (out += s), writeErr: (s) => (out += s), now: () => new Date() };
      expect(await runCli(['audit', 'verify'], io)).toBe(1);
      expect(out).toContain(`audit log BROKEN at seq ${target}: hash mismatch`);

      const run = runBuiltVerify();
      expect(run.status).toBe(1);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toContain(`audit log BROKEN at seq ${target}: hash mismatch`);
      expect(run.stdout).not.toContain('r-2');
    });

    it('shows a rewritten event with a recomputed hash as a prev_hash mismatch on the next one', async () => {
      await asIntruder(async (owner) => {
        const [row] = await readAuditBatch(sqlOfClient(owner), (BigInt(target) - 1n).toString(), target, 1);
        const forged: ChainedAuditEvent = { ...row!, data: { recordId: 'r-forged' } };
        await owner.query(`UPDATE audit_events SET data = $2::jsonb, hash = $3 WHERE seq = $1`, [target, JSON.stringify(forged.data), Buffer.from(chainHash(row!.prev_hash, forged, 'sha-256'))]);
      });
      const next = (BigInt(target) + 1n).toString();
      expect(await verify()).toMatchObject({ ok: false, broken: { seq: next, reason: 'prev_hash mismatch' } });
      const run = runBuiltVerify();
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`BROKEN at seq ${next}: prev_hash mismatch`);
    });

    it('shows a deleted event as a gap at its seq', async () => {
      const saved = await withOwnerClient(async (owner) => (await owner.query(`SELECT seq::text AS seq, occurred_at::text AS occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash FROM audit_events WHERE seq = $1`, [target])).rows[0]);
      await asIntruder((owner) => owner.query(`DELETE FROM audit_events WHERE seq = $1`, [target]));
      expect(await verify()).toMatchObject({ ok: false, broken: { seq: target, reason: 'gap in seq' } });
      const run = runBuiltVerify();
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`BROKEN at seq ${target}: gap in seq`);
      await withOwnerClient((owner) =>
        owner.query(
          `INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [saved.seq, saved.occurred_at, saved.actor_kind, saved.actor_id, saved.action, saved.subject_type, saved.subject_id, saved.data, saved.prev_hash, saved.hash],
        ),
      );
      const intact = runBuiltVerify();
      expect(intact.status).toBe(0);
      expect(intact.stdout).toMatch(/^audit log intact: \d+ events verified from genesis; head seq \d+, hash [0-9a-f]{64}\n$/);
    });
  });
});
