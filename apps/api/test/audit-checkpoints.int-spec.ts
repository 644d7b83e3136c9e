/**
 * The audit log anchored outside the database (issue 13, finding 6): the worker's repeatable job
 * signs the chain's head into a directory of files, the api serves the newest, and `ashar audit
 * verify --checkpoint` catches what the chain alone cannot: an owner who changes an event and
 * recomputes every link after it, or removes the newest events. The api's own login cannot do
 * either: it is the app role, not the owner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { type AuditCheckpoint, encodePublicKey, generateAuditCheckpointKeys, parseSignPublicKey, ready, verifyAuditCheckpoint } from '@ashar/crypto';
import { type Job, type Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import request from 'supertest';
import { runCli } from '../src/cli';
import { type CliIo } from '../src/cli/cli-io';
import { AUDIT_CHECKPOINT, AuditService, loadCheckpointKey } from '../src/audit';
import { algorithmAt, chainHash } from '../src/audit/audit-chain';
import { type AuditEvent } from '../src/audit/audit-event';
import { readAuditBatch, sha256From, sqlOfClient } from '../src/audit/audit.repository';
import { loginBeyondAppRole } from '../src/database';
import { QUEUES, bullConnection } from '../src/jobs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases and the built system come from the shared test support
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../../../test/support/environment';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases and the built system come from the shared test support
import { readSystemLog, startSystem } from '../../../test/support/system';
import { startTestApp, testAppDatabaseUrl, testDatabaseUrl, withOwnerClient, type TestApp } from './app';

const CLI = join(__dirname, '../../../dist/apps/api/cli.js');
const TRIGGER = 'audit_events_no_update_delete';

interface CliRun {
  status: number;
  out: string;
  err: string;
}

/** Runs the command line in process as an operator would, logging in as the api's own role by default. */
async function cli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = { out: '', err: '' };
  const io: CliIo = { env: { DATABASE_URL: testAppDatabaseUrl(), ...env }, stdin: process.stdin, writeOut: (s) => (run.out += s), writeErr: (s) => (run.err += s), now: () => new Date() };
  const status = await runCli(argv, io);
  return { status, ...run };
}

/** Runs the built CLI (`npm run ashar`) as an auditor would, against the owner's login. */
function builtCli(argv: string[]): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...argv], { env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: testDatabaseUrl() }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status ?? -1, out: run.stdout, err: run.stderr };
}

const signIn = (id: string): AuditEvent => ({ action: 'auth.sign_in', actor: { kind: 'staff', id }, subject: { type: 'staff', id } });

describe('audit checkpoints', () => {
  let t: TestApp;
  let queue: Queue;
  let events: QueueEvents;
  let publicKey: string;
  const record = (event: AuditEvent) => t.dataSource.transaction((manager) => t.app.get(AuditService).record(manager, event));
  const files = () => (existsSync(t.config.AUDIT_CHECKPOINT_DIR) ? readdirSync(t.config.AUDIT_CHECKPOINT_DIR).filter((n) => n.endsWith('.json')).sort() : []);
  const readCheckpoint = (name: string) => JSON.parse(readFileSync(join(t.config.AUDIT_CHECKPOINT_DIR, name), 'utf8')) as AuditCheckpoint;
  const headSeq = async () => String((await t.dataSource.query('SELECT coalesce(max(seq), 0)::text AS seq FROM audit_events'))[0].seq);
  /** Runs the checkpoint job through BullMQ, as the scheduler does, and waits for its end. */
  const runJob = async (): Promise<{ job: Job; result?: { status: string; seq: string }; error?: Error }> => {
    const job = await queue.add(AUDIT_CHECKPOINT, {});
    try {
      return { job, result: (await job.waitUntilFinished(events)) as { status: string; seq: string } };
    } catch (error) {
      return { job, error: error as Error };
    }
  };
  const checkpointArgs = () => ['--checkpoint', t.config.AUDIT_CHECKPOINT_DIR, '--checkpoint-key', publicKey];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('build the api first (npm run build)');
    await ready();
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken(QUEUES.audit));
    events = new QueueEvents(QUEUES.audit, { connection: bullConnection(t.config.REDIS_URL), prefix: t.config.REDIS_PREFIX });
    await events.waitUntilReady();
    // The scheduler runs the job once at the worker's start: wait until that run is done.
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    publicKey = encodePublicKey((await loadCheckpointKey(t.config.AUDIT_CHECKPOINT_KEY_FILE, { create: false })).keys.signPk);
  });
  afterAll(async () => {
    await events?.close();
    await t?.close();
  });

  it('schedules the job every AUDIT_CHECKPOINT_MINUTES; its first run made the key file (0600) and signed the head', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toContainEqual(expect.objectContaining({ key: AUDIT_CHECKPOINT, every: 15 * 60_000 }));
    expect(statSync(t.config.AUDIT_CHECKPOINT_KEY_FILE).mode & 0o777).toBe(0o600);
    expect(readFileSync(t.config.AUDIT_CHECKPOINT_KEY_FILE, 'utf8')).toMatch(/^ack1\.[A-Za-z0-9_-]{43}\n$/);
    const [first] = files();
    expect(first).toBeDefined();
    const checkpoint = verifyAuditCheckpoint(readCheckpoint(first!), [parseSignPublicKey(publicKey)]);
    const [stored] = (await t.dataSource.query('SELECT instance_id FROM instance_identity')) as { instance_id: string }[];
    expect(checkpoint).toMatchObject({ v: 1, instance: t.config.INSTANCE_ID ?? stored!.instance_id, publicKey });
    expect(first).toBe(`${checkpoint.seq.padStart(20, '0')}-${checkpoint.at.replace(/[-:]/g, '')}.json`);
  });

  it('adds a read-only file for a grown log, leaves the earlier ones as they were, and signs nothing when the log has not grown', async () => {
    const before = files();
    const earlier = before.map((name) => readFileSync(join(t.config.AUDIT_CHECKPOINT_DIR, name), 'utf8'));
    await record(signIn('s-1'));
    await record(signIn('s-2'));
    const { result } = await runJob();
    expect(result).toEqual({ status: 'written', seq: await headSeq() });
    const after = files();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(before.map((name) => readFileSync(join(t.config.AUDIT_CHECKPOINT_DIR, name), 'utf8'))).toEqual(earlier);
    const newest = after[after.length - 1]!;
    expect(statSync(join(t.config.AUDIT_CHECKPOINT_DIR, newest)).mode & 0o222).toBe(0);
    const head = (await t.dataSource.query(`SELECT encode(hash, 'hex') AS hash FROM audit_events ORDER BY seq DESC LIMIT 1`))[0].hash;
    expect(readCheckpoint(newest)).toMatchObject({ seq: await headSeq(), head });

    expect((await runJob()).result).toEqual({ status: 'unchanged', seq: await headSeq() });
    expect(files()).toEqual(after);
  });

  it('serves the newest checkpoint to anyone, exactly as the file holds it', async () => {
    await record(signIn('s-3'));
    await runJob();
    const newest = files().at(-1)!;
    const res = await request(t.http).get('/api/v1/audit/checkpoints/latest').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual(readCheckpoint(newest));
    expect(verifyAuditCheckpoint(res.body, [parseSignPublicKey(publicKey)]).seq).toBe(await headSeq());
  });

  it('checkpoints on demand from the CLI, and prints the public key auditors pin', async () => {
    await record(signIn('s-4'));
    const made = await cli(['audit', 'checkpoint'], { AUDIT_CHECKPOINT_DIR: t.config.AUDIT_CHECKPOINT_DIR, AUDIT_CHECKPOINT_KEY_FILE: t.config.AUDIT_CHECKPOINT_KEY_FILE });
    expect(made).toMatchObject({ status: 0, err: '' });
    expect(made.out).toMatch(new RegExp(`^audit checkpoint written: seq ${await headSeq()}, head [0-9a-f]{64} \\(.+\\.json\\)\\n$`));
    expect(readCheckpoint(files().at(-1)!).seq).toBe(await headSeq());
    const again = await cli(['audit', 'checkpoint'], { AUDIT_CHECKPOINT_DIR: t.config.AUDIT_CHECKPOINT_DIR, AUDIT_CHECKPOINT_KEY_FILE: t.config.AUDIT_CHECKPOINT_KEY_FILE });
    expect(again.out).toMatch(/^audit checkpoint unchanged: the log has not grown since seq \d+/);

    const key = await cli(['audit', 'checkpoint-key'], { AUDIT_CHECKPOINT_KEY_FILE: t.config.AUDIT_CHECKPOINT_KEY_FILE });
    expect(key.status).toBe(0);
    expect(key.out).toMatch(new RegExp(`^AUDIT_CHECKPOINT_PUBLIC_KEY=${publicKey}\\nFingerprint: [0-9a-f]{4}( [0-9a-f]{4}){3}\\n$`));
    expect(key.out).not.toContain('ack1');
    const dir = await mkdtemp(join(tmpdir(), 'ashar-checkpoint-key-'));
    try {
      const file = join(dir, 'keys', 'audit-checkpoint.key');
      const missing = await cli(['audit', 'checkpoint-key'], { AUDIT_CHECKPOINT_KEY_FILE: file });
      expect(missing.status).toBe(1);
      expect(missing.err).toContain('no checkpoint key at');
      const made = await cli(['audit', 'checkpoint-key', '--init'], { AUDIT_CHECKPOINT_KEY_FILE: file, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(made.status).toBe(0);
      expect(made.out).toMatch(/^Checkpoint key written to .+ \(mode 0600\); keep it off the database server\.\nAUDIT_CHECKPOINT_PUBLIC_KEY=[A-Za-z0-9_-]{43}\n/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
      const again = await cli(['audit', 'checkpoint-key', '--init'], { AUDIT_CHECKPOINT_KEY_FILE: file });
      expect(again.out).toBe(made.out.split('\n').slice(1).join('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('verifies an intact log against every checkpoint, from the directory and from the api', async () => {
    const local = await cli(['audit', 'verify', ...checkpointArgs()]);
    expect(local).toMatchObject({ status: 0, err: '' });
    expect(local.out).toMatch(new RegExp(`^audit log intact: \\d+ events verified from genesis; head seq ${await headSeq()}, hash [0-9a-f]{64}; matches ${files().length} checkpoints, the newest of seq`));

    const server = t.http.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1/audit/checkpoints/latest`;
      const remote = await cli(['audit', 'verify', '--checkpoint', url, '--checkpoint-key', publicKey]);
      expect(remote.status).toBe(0);
      expect(remote.out).toContain('matches 1 checkpoint, the newest of seq');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses checkpoints that are not signed by a pinned key, or altered, with status 2', async () => {
    const other = encodePublicKey(generateAuditCheckpointKeys().signPk);
    const wrongKey = await cli(['audit', 'verify', '--checkpoint', t.config.AUDIT_CHECKPOINT_DIR, '--checkpoint-key', other]);
    expect(wrongKey.status).toBe(2);
    expect(wrongKey.out).toBe('');
    expect(wrongKey.err).toMatch(/^ashar: a checkpoint in .+ does not verify: wrong_key/);

    const dir = await mkdtemp(join(tmpdir(), 'ashar-checkpoint-copy-'));
    try {
      const altered = { ...readCheckpoint(files().at(-1)!), head: '0'.repeat(64) };
      writeFileSync(join(dir, 'altered.json'), JSON.stringify(altered));
      const bad = await cli(['audit', 'verify', '--checkpoint', join(dir, 'altered.json'), '--checkpoint-key', publicKey]);
      expect(bad.status).toBe(2);
      expect(bad.err).toContain('does not verify: bad_signature');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const unpinned = await cli(['audit', 'verify', '--checkpoint', t.config.AUDIT_CHECKPOINT_DIR]);
    expect(unpinned.status).toBe(2);
    expect(unpinned.err).toContain('--checkpoint needs the checkpoint public key you pinned');
  });

  it('cannot be changed by the api’s own login: it is the app role, which cannot leave itself, nor update, delete or truncate events', async () => {
    const app = new Client({ connectionString: t.config.DATABASE_URL });
    await app.connect();
    try {
      const [{ login, role }] = (await app.query('SELECT session_user AS login, current_user AS role')).rows;
      expect({ login, role }).toEqual({ login: t.config.DATABASE_ROLE, role: t.config.DATABASE_ROLE });
      expect(await loginBeyondAppRole(async (text) => (await app.query(text)).rows)).toBeNull();
      for (const statement of [
        'SET ROLE postgres',
        'SET SESSION AUTHORIZATION postgres',
        'UPDATE audit_events SET action = action',
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        `ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`,
        'UPDATE audit_chain_format SET sha256_from = sha256_from',
        'CREATE TABLE public.planted (x int)',
      ]) {
        await expect(app.query(statement)).rejects.toMatchObject({ code: '42501' });
      }
      expect((await app.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await app.end();
    }
    // The owner's login (a superuser here) is what the startup warning names.
    await withOwnerClient(async (owner) => expect(await loginBeyondAppRole(async (text) => (await owner.query(text)).rows)).toBe('the database login postgres is a superuser'));
  });

  describe('against the owner', () => {
    let saved: { seq: string; data: string; prev_hash: Buffer; hash: Buffer }[];
    let savedHead: { seq: string; prev_hash: Buffer; hash: Buffer };

    beforeEach(async () => {
      await record({ action: 'case.read', actor: { kind: 'staff', id: 'victim' }, subject: { type: 'case', id: 'case-42' }, data: { recordId: 'r-1' } });
      for (let n = 0; n < 3; n += 1) await record(signIn(`after-${n}`));
      expect((await runJob()).result?.status).toBe('written');
      await withOwnerClient(async (owner) => {
        saved = (await owner.query(`SELECT seq::text AS seq, data::text AS data, prev_hash, hash FROM audit_events ORDER BY seq`)).rows;
        savedHead = (await owner.query(`SELECT seq::text AS seq, prev_hash, hash FROM audit_chain_head`)).rows[0];
      });
      expect((await cli(['audit', 'verify', ...checkpointArgs()])).status).toBe(0);
    });

    afterEach(async () => {
      // Put the log back as it was, so that each test starts from an intact, checkpointed log.
      await withOwnerClient(async (owner) => {
        await owner.query('BEGIN');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
        for (const row of saved) {
          await owner.query(`UPDATE audit_events SET data = $2::jsonb, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, row.data, row.prev_hash, row.hash]);
        }
        await owner.query(`UPDATE audit_chain_head SET seq = $1, prev_hash = $2, hash = $3`, [savedHead.seq, savedHead.prev_hash, savedHead.hash]);
        await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
        await owner.query('COMMIT');
      });
      expect((await cli(['audit', 'verify', ...checkpointArgs()])).status).toBe(0);
    });

    it('finds an event changed with every later link recomputed: plain verify passes, --checkpoint names the checkpoint, the job signs nothing', async () => {
      const target = (await t.dataSource.query(`SELECT seq::text AS seq FROM audit_events WHERE subject_id = 'case-42' ORDER BY seq DESC LIMIT 1`))[0].seq as string;
      const checkpointed = readCheckpoint(files().at(-1)!);
      // As the owner (or a superuser) could: disable the trigger, change the event, recompute every link from it on, move the head.
      await withOwnerClient(async (owner) => {
        const sql = sqlOfClient(owner);
        const from = await sha256From(sql);
        await owner.query('BEGIN');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
        const end = (await owner.query('SELECT max(seq)::text AS seq FROM audit_events')).rows[0].seq as string;
        const rows = await readAuditBatch(sql, (BigInt(target) - 1n).toString(), end, 1000);
        let prev = rows[0]!.prev_hash;
        let last = { prev: prev, hash: prev };
        for (const row of rows) {
          const event = row.seq === target ? { ...row, data: { recordId: 'r-forged' } } : row;
          const hash = chainHash(prev, event, algorithmAt(row.seq, from));
          await owner.query(`UPDATE audit_events SET data = $2::jsonb, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, JSON.stringify(event.data), Buffer.from(prev), Buffer.from(hash)]);
          last = { prev, hash };
          prev = hash;
        }
        await owner.query(`UPDATE audit_chain_head SET prev_hash = $1, hash = $2`, [Buffer.from(last.prev), Buffer.from(last.hash)]);
        await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
        await owner.query('COMMIT');
      });

      const plain = builtCli(['audit', 'verify']);
      expect(plain.status).toBe(0);
      expect(plain.out).toMatch(/^audit log intact: /);

      const anchored = builtCli(['audit', 'verify', ...checkpointArgs()]);
      expect(anchored.status).toBe(1);
      expect(anchored.out.trim().split('\n')).toHaveLength(1);
      expect(anchored.out).toContain(`audit log DIVERGES from the checkpoint of seq ${checkpointed.seq}: checkpoint mismatch`);
      expect(anchored.out).toContain(`the checkpoint signed at ${checkpointed.at} says ${checkpointed.head}`);
      expect(anchored.out).toContain(`events up to seq ${checkpointed.seq} were changed after ${checkpointed.at}`);
      expect(anchored.out).not.toContain('r-forged');
      expect(anchored.out).toMatch(/the last checkpoint it matches is of seq \d+/);

      // The job refuses to sign the rewritten head, and so does the CLI.
      const before = files();
      await record(signIn('after-the-rewrite'));
      const refused = await runJob();
      expect(refused.error?.message).toContain(`no checkpoint signed: audit log DIVERGES from the checkpoint of seq ${checkpointed.seq}`);
      const onDemand = await cli(['audit', 'checkpoint'], { AUDIT_CHECKPOINT_DIR: t.config.AUDIT_CHECKPOINT_DIR, AUDIT_CHECKPOINT_KEY_FILE: t.config.AUDIT_CHECKPOINT_KEY_FILE });
      expect(onDemand.status).toBe(1);
      expect(onDemand.out).toContain('no checkpoint signed: audit log DIVERGES');
      expect(files()).toEqual(before);
      // The event appended after the rewrite goes when afterEach puts the log back.
      await withOwnerClient(async (owner) => {
        await owner.query('BEGIN');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
        await owner.query(`DELETE FROM audit_events WHERE seq > $1`, [savedHead.seq]);
        await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
        await owner.query('COMMIT');
      });
    });

    it('finds the newest events removed: the log ends before a checkpoint', async () => {
      // The owner removes the two newest events and moves the head back: the chain that is left is intact.
      const kept = saved.at(-3)!;
      expect(kept.seq).toMatch(/^\d+$/);
      // The first checkpoint past the new end is the one named.
      const checkpointed = files()
        .map(readCheckpoint)
        .find((c) => BigInt(c.seq) > BigInt(kept.seq))!;
      await withOwnerClient(async (owner) => {
        await owner.query('BEGIN');
        await owner.query(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
        await owner.query(`CREATE TEMP TABLE removed AS SELECT * FROM audit_events WHERE seq > ${kept.seq}`);
        await owner.query(`DELETE FROM audit_events WHERE seq > $1`, [kept.seq]);
        await owner.query(`UPDATE audit_chain_head SET seq = $1, prev_hash = $2, hash = $3`, [kept.seq, kept.prev_hash, kept.hash]);
        await owner.query(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
        await owner.query('COMMIT');

        expect(builtCli(['audit', 'verify']).status).toBe(0);
        const anchored = builtCli(['audit', 'verify', ...checkpointArgs()]);
        expect(anchored.status).toBe(1);
        expect(anchored.out).toContain(`DIVERGES from the checkpoint of seq ${checkpointed.seq}: shorter than a checkpoint (the log ends at seq ${kept.seq}`);
        expect(anchored.out).toContain(`events up to seq ${checkpointed.seq} were removed after ${checkpointed.at}`);

        await owner.query(`INSERT INTO audit_events SELECT * FROM removed`);
      });
    });
  });
});

describe('audit checkpoints on an api without a worker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ASHAR_ROLE: 'api' });
  });
  afterAll(() => t.close());

  it('answers 404 until a worker has written the first checkpoint', async () => {
    const res = await request(t.http).get('/api/v1/audit/checkpoints/latest').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, detail: 'no audit checkpoint has been written yet' });
  });
});

describe('audit checkpoints with a key that cannot be made', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ashar-no-key-'));
    writeFileSync(join(dir, 'a-file'), '');
    // A path under a regular file: the key cannot be read or made there.
    t = await startTestApp({ AUDIT_CHECKPOINT_KEY_FILE: join(dir, 'a-file', 'audit-checkpoint.key') });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the worker and the api running; each checkpoint run fails and signs nothing', async () => {
    await request(t.http).get('/api/health/ready').expect(200);
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.audit));
    const events = new QueueEvents(QUEUES.audit, { connection: bullConnection(t.config.REDIS_URL), prefix: t.config.REDIS_PREFIX });
    await events.waitUntilReady();
    try {
      const job = await queue.add(AUDIT_CHECKPOINT, {});
      await expect(job.waitUntilFinished(events)).rejects.toThrow('ENOTDIR');
    } finally {
      await events.close();
    }
    expect(existsSync(t.config.AUDIT_CHECKPOINT_DIR) ? readdirSync(t.config.AUDIT_CHECKPOINT_DIR) : []).toEqual([]);
    await request(t.http).get('/api/v1/audit/checkpoints/latest').expect(404);
  });
});

describe('the built system started with one login for everything', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('login');
  });
  afterAll(async () => {
    await destroyTestEnvironment(env);
    await rm(join(tmpdir(), `ashar-login-${env.redisPrefix}`), { recursive: true, force: true });
  });

  it('warns that its login could leave the app role, and says nothing of the kind when it logs in as the app role', async () => {
    const single = await startSystem(env, join(tmpdir(), `ashar-login-${env.redisPrefix}`, 'single.log'), { DATABASE_URL: env.databaseUrl, DATABASE_OWNER_URL: '' });
    try {
      const log = await readSystemLog(single);
      expect(log).toContain('the database login postgres is a superuser: SQL run through the api could leave the app role and rewrite the audit log');
    } finally {
      await single.stop();
    }
    const own = await startSystem(env, join(tmpdir(), `ashar-login-${env.redisPrefix}`, 'own.log'));
    try {
      expect(await readSystemLog(own)).not.toContain('could leave the app role');
    } finally {
      await own.stop();
    }
  });
});
