/**
 * Requester activity is kept to the minute, not the microsecond (issue 13, finding 8): the case
 * and what the requester writes, seals and uploads, and the audit events they cause, through the
 * real api; and the migration that truncates what an older release stored, keeping each case's
 * timeline in order and re-planning the first-response checks whose due time moved.
 */
import { randomUUID } from 'node:crypto';
import { type RootKeys, encodePublicKey, encryptRecord, generateRootKeys, ready } from '@ashar/crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { sqlOfClient } from '../src/audit/audit.repository';
import { ownerDataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/migrations';
import { RequesterTimes1763700004200 } from '../src/migrations/1763700004200-requester-times';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases come from the shared test support
import { type TestEnvironment, createTestEnvironment, destroyTestEnvironment } from '../../../test/support/environment';
import { startTestApp, testEnv, withOwnerClient, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, submitIntake } from './cases-support';
import { encryptTestFile, plaintextOf, uploadWhole } from './files-support';
import { createPerson } from './people';
import { withPow } from './pow';

/** Rendered to the microsecond in UTC, as the audit chain renders times. */
const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const micros = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${MICROS})`;
const ON_THE_MINUTE = /T\d{2}:\d{2}:00\.000000Z$/;

describe('requester times through the api', () => {
  let t: TestApp;
  let root: RootKeys;
  let sub: Submission;

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal');
    sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'times' } });
  });
  afterAll(() => t.close());

  const one = async <T>(text: string, values: unknown[] = []): Promise<T> => ((await t.dataSource.query(text, values)) as T[])[0]!;

  it('keeps an intake to the minute: the case, its inbox rows, its request, its envelopes and its audit event', async () => {
    const c = await one<{ created: string; updated: string; due_after: number }>(
      `SELECT ${micros('created_at')} AS created, ${micros('updated_at')} AS updated, extract(epoch FROM first_response_due_at - created_at)::int AS due_after FROM aid_cases WHERE id = $1`,
      [sub.caseId],
    );
    expect(c.created).toMatch(ON_THE_MINUTE);
    expect(c.updated).toBe(c.created);
    // The due time is computed from the minute, so it does not give the precise time back.
    expect(c.due_after).toBe(72 * 3600);
    const inbox = await t.dataSource.query(`SELECT ${micros('created_at')} AS created FROM case_desks WHERE case_id = $1`, [sub.caseId]);
    expect(inbox).toEqual([{ created: c.created }, { created: c.created }]);
    const [record] = await t.dataSource.query(`SELECT ${micros('created_at')} AS created FROM case_records WHERE id = $1`, [sub.recordId]);
    expect(record.created).toMatch(ON_THE_MINUTE);
    const envelopes = (await t.dataSource.query(`SELECT ${micros('created_at')} AS created FROM case_key_envelopes WHERE case_id = $1`, [sub.caseId])) as { created: string }[];
    expect(envelopes).toHaveLength(3);
    for (const e of envelopes) expect(e.created).toMatch(ON_THE_MINUTE);
    const [event] = await t.dataSource.query(`SELECT ${micros('occurred_at')} AS at FROM audit_events WHERE action = 'case.created' AND subject_id = $1`, [sub.caseId]);
    expect(event.at).toMatch(ON_THE_MINUTE);
    const [sla] = await t.dataSource.query(`SELECT job_id FROM outbox WHERE payload->>'caseId' = $1 AND name = 'sla-check'`, [sub.caseId]);
    expect(Number(sla.job_id.split('.').pop()) % 60_000).toBe(0);
  });

  it('keeps the requester’s sign-in, reply, file and their audit events to the minute, a reply still after the message it answers, and the chain verifies', async () => {
    // A desk message a moment ago, stored with its full precision (it is staff activity), and after
    // the request (whose time is cut to the minute: a second ago may fall in the minute before it).
    const staffId = (await one<{ id: string }>(`SELECT id FROM staff_members LIMIT 1`)).id;
    const messageId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext, created_at)
       VALUES ($1, $2, 'message', 'staff', $3, $4, $5, greatest(now() - interval '1 second', (SELECT max(created_at) FROM case_records WHERE case_id = $2) + interval '1 millisecond'))`,
      [messageId, sub.caseId, staffId, 'A'.repeat(22), `a1.${'A'.repeat(500)}`],
    );
    await t.dataSource.query(`UPDATE aid_cases SET status = 'awaiting_requester' WHERE id = $1`, [sub.caseId]);

    const requester = await requesterSignIn(t, sub.keys);
    const replyId = randomUUID();
    const reply = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: 'my answer' }, sub.keys);
    await request(t.http)
      .post('/api/v1/requester/case/messages')
      .set('cookie', requester.cookie)
      .set('x-csrf-token', requester.csrf)
      .send({ id: replyId, ciphertext: reply.ciphertext, authorKid: reply.authorKid })
      .expect(201, { id: replyId, status: 'in_progress' });
    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(70_000, 'times'), 'evidence.pdf', 'message');
    await uploadWhole(t, requester, sub.caseId, file);

    // The reply: to the minute, but never before the desk's message, which the timeline keeps first.
    const records = (await t.dataSource.query(`SELECT id, ${micros('created_at')} AS created FROM case_records WHERE case_id = $1 ORDER BY created_at, id`, [sub.caseId])) as { id: string; created: string }[];
    expect(records.map((r) => r.id)).toEqual([sub.recordId, messageId, replyId]);
    const [, message, answer] = records;
    expect(answer!.created > message!.created).toBe(true);
    const [gap] = await t.dataSource.query(`SELECT ((SELECT created_at FROM case_records WHERE id = $1) - (SELECT created_at FROM case_records WHERE id = $2))::text AS gap, (SELECT date_trunc('minute', created_at, 'UTC') = created_at FROM case_records WHERE id = $1) AS on_minute`, [replyId, messageId]);
    expect(gap.on_minute || gap.gap === '00:00:00.000001').toBe(true);
    const c = await one<{ updated: string }>(`SELECT ${micros('updated_at')} AS updated FROM aid_cases WHERE id = $1`, [sub.caseId]);
    expect(c.updated).toMatch(ON_THE_MINUTE);

    // The only file of the case: created and completed on the minute.
    const [stored] = await t.dataSource.query(`SELECT ${micros('created_at')} AS created, ${micros('completed_at')} AS completed FROM case_files WHERE id = $1`, [file.fileId]);
    expect(stored.created).toMatch(ON_THE_MINUTE);
    expect(stored.completed).toMatch(ON_THE_MINUTE);

    const requesterId = (await one<{ requester_id: string }>(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId])).requester_id;
    const events = (await t.dataSource.query(`SELECT action, ${micros('occurred_at')} AS at FROM audit_events WHERE actor_kind = 'requester' AND actor_id = $1 ORDER BY seq`, [requesterId])) as { action: string; at: string }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.created', 'auth.sign_in', 'case.status_changed', 'case.message_added']));
    for (const e of events) expect(e.at).toMatch(ON_THE_MINUTE);
    // A failed receipt sign-in (someone not signed in): to the minute too.
    await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: randomUUID(), signature: 'A'.repeat(86) });
    const challenge = await withPow(request(t.http).post('/api/v1/requester/challenge'), t.http, 'requester-challenge').send({ kid: 'B'.repeat(22) }).expect(200);
    await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: challenge.body.ceremonyId, signature: 'A'.repeat(86) }).expect(401);
    const [failed] = await t.dataSource.query(`SELECT ${micros('occurred_at')} AS at FROM audit_events WHERE action = 'auth.sign_in_failed' ORDER BY seq DESC LIMIT 1`);
    expect(failed.at).toMatch(ON_THE_MINUTE);

    // Minutes are chained like any time: the log still verifies.
    expect(await withOwnerClient((owner) => verifyAuditChain(sqlOfClient(owner)))).toMatchObject({ ok: true });
  });
});

describe('the migration that truncates requester times stored before', () => {
  let env: TestEnvironment;
  let owner: Client;

  async function migrate(migrations: typeof MIGRATIONS): Promise<string[]> {
    const dataSource = new DataSource({ ...ownerDataSourceOptions({ DATABASE_URL: env.databaseUrl, DATABASE_ROLE: 'ashar_app' }), migrations } as ConstructorParameters<typeof DataSource>[0]);
    await dataSource.initialize();
    try {
      return await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  beforeAll(async () => {
    testEnv();
    env = await createTestEnvironment('times');
    owner = new Client({ connectionString: env.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    if (env) await destroyTestEnvironment(env);
  });

  it('truncates cases, records, files and envelopes to the minute, keeps each timeline’s order, and re-plans the moved due times', async () => {
    await migrate(MIGRATIONS.slice(0, MIGRATIONS.indexOf(RequesterTimes1763700004200)));
    const q = async <T>(text: string, values: unknown[] = []) => (await owner.query(text, values)).rows as T[];
    const [legal] = await q<{ id: string }>(`SELECT id FROM desks WHERE slug = 'legal'`);
    const [staff] = await q<{ id: string }>(`INSERT INTO staff_members (display_name, roles, status) VALUES ('Desk worker', '{caseworker}', 'active') RETURNING id`);
    const [requester] = await q<{ id: string }>(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $2) RETURNING id`, ['K'.repeat(22), 'P'.repeat(43)]);
    const caseId = randomUUID();
    // As an older release stored them: to the microsecond.
    await owner.query(
      `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, requester_id, created_at, updated_at, first_response_due_at)
       VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, $3, '2026-03-02T10:15:42.123456Z', '2026-03-02T10:25:10.654321Z', '2026-03-05T10:15:42.123456Z')`,
      [caseId, legal!.id, requester!.id],
    );
    const ids = { request: randomUUID(), staff: randomUUID(), reply: randomUUID(), later: randomUUID() };
    const ciphertext = `a1.${'A'.repeat(500)}`;
    for (const [id, kind, author, authorId, at] of [
      [ids.request, 'request', 'requester', requester!.id, '2026-03-02T10:15:42.123456Z'],
      [ids.staff, 'message', 'staff', staff!.id, '2026-03-02T10:20:30.500000Z'],
      [ids.reply, 'message', 'requester', requester!.id, '2026-03-02T10:20:45.250000Z'],
      [ids.later, 'message', 'requester', requester!.id, '2026-03-02T10:25:10.100000Z'],
    ]) {
      await owner.query(`INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [id, caseId, kind, author, authorId, 'K'.repeat(22), ciphertext, at]);
    }
    const files = [randomUUID(), randomUUID()];
    for (const [id, at, done] of [
      [files[0], '2026-03-02T10:16:05.300000Z', '2026-03-02T10:16:30.900000Z'],
      [files[1], '2026-03-02T10:16:20.700000Z', null],
    ]) {
      await owner.query(
        `INSERT INTO case_files (id, case_id, record_kind, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count, received_chunks, created_at, completed_at)
         VALUES ($1, $2, 'request', 'requester', $3, $4, $5, $6, 17, 1, $7, $8, $9)`,
        [id, caseId, requester!.id, `x1.${'H'.repeat(55)}`, `a1.${'M'.repeat(500)}`, `a1.${'W'.repeat(120)}`, done ? 1 : 0, at, done],
      );
    }
    await owner.query(
      `INSERT INTO case_key_envelopes (case_id, recipient_kind, recipient_id, sealed_key, sealer_kind, sealer_id, sealer_kid, signature, created_at)
       VALUES ($1, 'requester', $2, $3, 'requester', $2, $4, $5, '2026-03-02T10:15:42.123456Z')`,
      [caseId, requester!.id, `s1.${'S'.repeat(100)}`, 'K'.repeat(22), 'G'.repeat(86)],
    );

    const upToThis = MIGRATIONS.slice(0, MIGRATIONS.indexOf(RequesterTimes1763700004200) + 1);
    expect(await migrate(upToThis)).toEqual(['RequesterTimes1763700004200']);

    const [c] = await q<Record<string, string>>(
      `SELECT ${micros('created_at')} AS created, ${micros('updated_at')} AS updated, ${micros('first_response_due_at')} AS due FROM aid_cases WHERE id = $1`,
      [caseId],
    );
    expect(c).toEqual({ created: '2026-03-02T10:15:00.000000Z', updated: '2026-03-02T10:25:00.000000Z', due: '2026-03-05T10:15:00.000000Z' });
    expect(await q(`SELECT ${micros('created_at')} AS created, ${micros('first_response_due_at')} AS due FROM case_desks WHERE case_id = $1`, [caseId])).toEqual([
      { created: '2026-03-02T10:15:00.000000Z', due: '2026-03-05T10:15:00.000000Z' },
    ]);
    // The staff message keeps its time; the reply to it stays after it; the rest go to the minute.
    expect(await q(`SELECT id, ${micros('created_at')} AS created FROM case_records WHERE case_id = $1 ORDER BY created_at, id`, [caseId])).toEqual([
      { id: ids.request, created: '2026-03-02T10:15:00.000000Z' },
      { id: ids.staff, created: '2026-03-02T10:20:30.500000Z' },
      { id: ids.reply, created: '2026-03-02T10:20:30.500001Z' },
      { id: ids.later, created: '2026-03-02T10:25:00.000000Z' },
    ]);
    expect(await q(`SELECT id, ${micros('created_at')} AS created, ${micros('completed_at')} AS completed FROM case_files WHERE case_id = $1 ORDER BY created_at, id`, [caseId])).toEqual([
      { id: files[0], created: '2026-03-02T10:16:00.000000Z', completed: '2026-03-02T10:16:00.000000Z' },
      { id: files[1], created: '2026-03-02T10:16:00.000001Z', completed: null },
    ]);
    expect(await q(`SELECT ${micros('created_at')} AS created FROM case_key_envelopes WHERE case_id = $1`, [caseId])).toEqual([{ created: '2026-03-02T10:15:00.000000Z' }]);
    // The first-response check at the new due time, as slaCheckJob writes it.
    const due = Date.parse('2026-03-05T10:15:00.000Z');
    expect(await q(`SELECT queue, name, payload, run_at, job_id FROM outbox WHERE payload->>'caseId' = $1`, [caseId])).toEqual([
      { queue: 'sla', name: 'sla-check', payload: { caseId, dueAt: '2026-03-05T10:15:00.000Z' }, run_at: new Date(due), job_id: `sla.${caseId}.${due}` },
    ]);
  });
});
