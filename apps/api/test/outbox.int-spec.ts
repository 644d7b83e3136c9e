import { Queue } from 'bullmq';
import request from 'supertest';
import { OutboxRelay } from '../src/jobs/outbox-relay.service';
import { OutboxService } from '../src/jobs/outbox.service';
import { QUEUES } from '../src/jobs/queues';
import { startTestApp, type TestApp } from './app';
import { PrivateRedis, freePort } from './redis-server';

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbox through a Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await redis.start().catch(() => undefined); // a failed test may leave it stopped; closing needs it
    await t.close();
    await redis.stop();
  });

  it('reports Redis down while the api keeps answering, and relays a job written during the outage once Redis is back', async () => {
    await redis.stop();

    await request(t.http).get('/api/health').expect(200);
    const ready = await request(t.http).get('/api/health/ready').expect(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(ready.text);
    expect(problem.type).toBe('urn:ashar:problem:unavailable');
    expect(problem.details.postgres.status).toBe('up');
    expect(problem.details.redis.status).toBe('down');
    expect(problem.details.redis.message).toMatch(/\S/);
    expect(problem.detail).toMatch(/^redis: /);

    // A change and its follow-up job, committed together while Redis is away.
    const outbox = t.app.get(OutboxService);
    const { staffId, jobId } = await t.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(`INSERT INTO staff_members (display_name, roles, status) VALUES ('Outage test', '{caseworker}', 'invited') RETURNING id`);
      const id = await outbox.enqueue(manager, { queue: QUEUES.maintenance, name: 'outbox-cleanup', payload: { staffId: row.id } });
      return { staffId: row.id as string, jobId: id };
    });

    // The relay tries and fails; the row stays pending and records why.
    const pending = await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT sent_at, attempts, last_error FROM outbox WHERE id = $1`, [jobId]);
      return row.attempts > 0 ? row : undefined;
    }, 15_000, 'a failed relay attempt');
    expect(pending.sent_at).toBeNull();
    expect(pending.last_error).toEqual(expect.any(String));

    await redis.start();
    await waitFor(async () => (await request(t.http).get('/api/health/ready')).status === 200, 15_000, 'readiness after Redis is back');

    const sent = await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT sent_at FROM outbox WHERE id = $1`, [jobId]);
      return row.sent_at ? row : undefined;
    }, 20_000, 'the outbox row to be relayed');
    expect(sent.sent_at).toBeInstanceOf(Date);

    const queue = new Queue(QUEUES.maintenance, { connection: { url: redis.url }, prefix: t.config.REDIS_PREFIX });
    try {
      const job = await queue.getJob(jobId);
      expect(job).toBeDefined();
      expect(job!.name).toBe('outbox-cleanup');
      expect(job!.data).toEqual({ staffId });
    } finally {
      await queue.close();
    }
  });

  it('relays a row once even when relayed concurrently', async () => {
    const outbox = t.app.get(OutboxService);
    const id = await t.dataSource.transaction((m) => outbox.enqueue(m, { queue: QUEUES.maintenance, name: 'outbox-cleanup', payload: { n: 2 } }));
    const relay = t.app.get(OutboxRelay);
    await Promise.all([relay.relayAll(), relay.relayAll(), relay.relayAll()]);
    await waitFor(async () => {
      const [row] = await t.dataSource.query(`SELECT sent_at FROM outbox WHERE id = $1`, [id]);
      return row.sent_at;
    }, 10_000, 'relay');
    const queue = new Queue(QUEUES.maintenance, { connection: { url: redis.url }, prefix: t.config.REDIS_PREFIX });
    try {
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      expect(jobs.filter((j) => j.id === id)).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });
});
