/**
 * Redis cut off from a running system (issue 13, finding 8). The api reaches Redis through a
 * proxy this test cuts and restores (the machine's Redis itself keeps running, with its data):
 * intake goes on, its jobs wait in the outbox and run once Redis is back; what truly needs Redis
 * (sign-in challenges, sessions, so every signed-in route) answers 503 problem+json with
 * Retry-After instead of 500, and works again afterwards with the same sessions.
 */
import { type RootKeys, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { startTestApp, testEnv, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, prepareIntake, requesterSignIn, staffGet, submitIntake } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { startSink } from './smtp-sink';
import { CuttableProxy } from './tcp-proxy';
import { POW_HEADER, powProof, withPow } from './pow';

async function until<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('with Redis unreachable', () => {
  let proxy: CuttableProxy;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let t: TestApp;
  let root: RootKeys;
  let worker: TestPerson;
  let earlier: Submission;
  let requester: { cookie: string; csrf: string };

  const form = { type: 'legal' as const, country: 'KZ', language: 'ru', body: { type: 'legal', description: 'sent while Redis was away' } };

  /** Asserts a 503 problem+json with Retry-After, as every route that needs Redis answers now. */
  function unavailable(res: request.Response): void {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('10');
    const problem = JSON.parse(res.text) as Record<string, unknown>;
    expect(problem).toMatchObject({ type: 'urn:ashar:problem:unavailable', status: 503 });
    expect(problem).not.toHaveProperty('retryAfter');
  }

  beforeAll(async () => {
    await ready();
    const target = new URL(testEnv().REDIS_URL);
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.open();
    sink = await startSink();
    root = generateRootKeys();
    t = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
      INSTANCE_ID,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      INTAKE_LIMIT_TOTAL: '6',
    });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const legal = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`))[0].id as string;
    worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [worker]);
    await request(t.http).put('/api/v1/notifications/email').set('cookie', worker.cookie).set('x-csrf-token', worker.csrf).send({ email: 'worker@example.org' }).expect(204);
    earlier = await submitIntake(t, root, form);
    requester = await requesterSignIn(t, earlier.keys);
    await until(() => sink.messages.length === 1, 'the e-mail of the case sent before the cut');
  });
  afterAll(async () => {
    await proxy.open().catch(() => undefined); // a failed test may leave it cut; closing needs Redis
    await t.close();
    await proxy.cut();
    await sink.close();
  });

  it('keeps intake working (its jobs wait in the outbox), answers 503 with Retry-After where Redis is needed, and catches up when Redis is back', async () => {
    // Prepared first: the portal's reads (config, rules, desks) need no Redis either, but are not the point.
    const during = await prepareIntake(t, root, form);
    const withCookie = await prepareIntake(t, root, form);
    await proxy.cut();

    // Intake: stored, with its outbox rows, although Redis is away (the rate limit counts in the process).
    expect((await withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').send(during.body).expect(201)).body).toEqual({ caseId: during.caseId });
    // A public route with a session cookie that cannot be read now: the caller is anonymous, intake goes on.
    await withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').set('cookie', requester.cookie).send(withCookie.body).expect(201);
    const [stored] = await t.dataSource.query(`SELECT status FROM aid_cases WHERE id = $1`, [during.caseId]);
    expect(stored.status).toBe('new');
    const waiting = await until(async () => {
      const rows: { name: string; attempts: number; sent_at: Date | null }[] = await t.dataSource.query(`SELECT name, attempts, sent_at FROM outbox WHERE payload->>'caseId' = $1 ORDER BY name`, [during.caseId]);
      // The relay stops at the first queue it cannot reach: at least one row counts a failed attempt.
      return rows.length === 2 && rows.some((r) => r.attempts > 0) ? rows : undefined;
    }, 'a failed relay of the new case’s jobs');
    expect(waiting.map((r) => [r.name, r.sent_at])).toEqual([
      ['case-created', null],
      ['sla-check', null],
    ]);

    // What needs Redis: receipt and passkey sign-in (challenges, sessions), every signed-in route.
    unavailable(await withPow(request(t.http).post('/api/v1/requester/challenge'), t.http, 'requester-challenge').send({ kid: 'A'.repeat(22) }));
    unavailable(await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: '00000000-0000-4000-8000-000000000000', signature: 'A'.repeat(86) }));
    unavailable(await request(t.http).post('/api/v1/auth/options').send({}));
    unavailable(await staffGet(t, worker, `/cases/${earlier.caseId}`));
    unavailable(await request(t.http).get('/api/v1/requester/case').set('cookie', requester.cookie));
    unavailable(await request(t.http).post('/api/v1/requester/case/messages').set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send({}));
    // What does not: the portal's public reads.
    await request(t.http).get('/api/v1/intake/config').expect(200);
    await request(t.http).get('/api/v1/desks').expect(200);
    // Intake still wants a proof of work meanwhile: challenges are signed, spent and counted in this process.
    expect((await request(t.http).post('/api/v1/intake').send({})).status).toBe(428);
    const proof = await powProof(t.http, 'intake');
    expect((await request(t.http).post('/api/v1/intake').set(POW_HEADER, proof).send({})).status).toBe(422);
    expect((await request(t.http).post('/api/v1/intake').set(POW_HEADER, proof).send({})).body.type).toBe('urn:ashar:problem:pow-invalid');
    // ...and its budget (6 a minute for everyone; fixed windows, so at most twice that before a refusal) holds in this process.
    const statuses: number[] = [];
    for (let i = 0; i < 14 && !statuses.includes(503); i += 1) statuses.push((await withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').send({})).status);
    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s !== 503 && s !== 422)).toEqual([]);
    expect(sink.messages).toHaveLength(1);

    await proxy.open();

    // The outbox relays the waiting jobs, and the case-created job runs: the desk's e-mail arrives.
    await until(async () => {
      const rows: { sent_at: Date | null }[] = await t.dataSource.query(`SELECT sent_at FROM outbox WHERE payload->>'caseId' = $1`, [during.caseId]);
      return rows.length === 2 && rows.every((r) => r.sent_at !== null);
    }, 'the relay of the waiting jobs');
    await until(() => sink.messages.length >= 3, 'the e-mails of the two cases sent during the cut');
    expect(sink.messages.every((m) => m.to.join() === 'worker@example.org')).toBe(true);
    // The sessions from before are there again, and the case sent during the cut is in the desk's view.
    await until(async () => (await staffGet(t, worker, `/cases/${during.caseId}`)).status === 200, 'the staff session after the outage');
    await request(t.http).get('/api/v1/requester/case').set('cookie', requester.cookie).expect(200);
  });
});
