import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RootKeys, encodePublicKey, encryptRecord, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, submitIntake } from './cases-support';
import { type Caller, encryptTestFile, filePost, plaintextOf, putChunk } from './files-support';
import { createPerson } from './people';

const ONION = 'http://ashar2xyzexampleonionaddressforthetestsuiteonlyabcdefghijkl.onion';
const ELSEWHERE = 'https://ashar.example.net';
const KiB = 1024;

/** Issue 15 (part): the onion origin (ONION_URL) accepted where the clear one is, and the Onion-Location header. */
describe('the onion origin', () => {
  let t: TestApp;
  let root: RootKeys;
  let web: string;

  const intake = (description: string) => submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description } });
  const newRequester = async (description: string): Promise<{ sub: Submission; who: Caller }> => {
    const sub = await intake(description);
    return { sub, who: await requesterSignIn(t, sub.keys) };
  };
  const count = async (sql: string, params: unknown[]): Promise<number> => (await t.dataSource.query(sql, params))[0].n;
  const filesOf = (caseId: string) => count(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [caseId]);
  const received = (fileId: string) => count(`SELECT received_chunks AS n FROM case_files WHERE id = $1`, [fileId]);
  const reply = (sub: Submission, who: Caller, origin: string) => {
    const id = randomUUID();
    const signed = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: id, recordKind: 'message' }, { text: 'through the onion' }, sub.keys);
    return request(t.http).post('/api/v1/requester/case/messages').set('cookie', who.cookie).set('x-csrf-token', who.csrf).set('origin', origin).send({ id, ciphertext: signed.ciphertext, authorKid: signed.authorKid });
  };
  const expectCsrfProblem = (res: request.Response) => {
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe('urn:ashar:problem:csrf');
  };

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    web = mkdtempSync(join(tmpdir(), 'ashar-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>shell</title>');
    t = await startTestApp({
      ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
      INSTANCE_ID,
      WEB_DIST: web,
      ONION_URL: ONION,
      INTAKE_LIMIT_TOTAL: '1000',
    });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    const legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('accepts a requester reply, a new file and its chunks from the onion origin, and refuses another origin with nothing changed', async () => {
    const { sub, who } = await newRequester('onion origin');
    const records = () => count(`SELECT count(*)::int AS n FROM case_records WHERE case_id = $1`, [sub.caseId]);
    const before = await records();
    expectCsrfProblem(await reply(sub, who, ELSEWHERE));
    expect(await records()).toBe(before);
    await reply(sub, who, ONION).expect(201);
    expect(await records()).toBe(before + 1);
    // The clear origin still works too.
    await reply(sub, who, new URL(t.config.PUBLIC_URL).origin).expect(201);

    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(10 * KiB, 'ONION-FILE'), 'onion.pdf');
    expectCsrfProblem(await filePost(t, who, `/cases/${sub.caseId}/files`, file.body).set('origin', ELSEWHERE));
    expect(await filesOf(sub.caseId)).toBe(0);
    await filePost(t, who, `/cases/${sub.caseId}/files`, file.body).set('origin', ONION).expect(201);
    expectCsrfProblem(await putChunk(t, who, sub.caseId, file.fileId, 0, file.chunks[0]!).set('origin', ELSEWHERE));
    expect(await received(file.fileId)).toBe(0);
    await putChunk(t, who, sub.caseId, file.fileId, 0, file.chunks[0]!).set('origin', ONION).expect(204);
    expect(await received(file.fileId)).toBe(1);
    expectCsrfProblem(await filePost(t, who, `/cases/${sub.caseId}/files/${file.fileId}/complete`).set('origin', ELSEWHERE));
    await filePost(t, who, `/cases/${sub.caseId}/files/${file.fileId}/complete`).set('origin', ONION).expect(204);
    const [row] = await t.dataSource.query(`SELECT completed_at FROM case_files WHERE id = $1`, [file.fileId]);
    expect(row.completed_at).not.toBeNull();
  });
  it('names the same page on the onion service in an Onion-Location header on the clear site’s pages only', async () => {
    const page = await request(t.http).get('/follow-up?lang=ru').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['onion-location']).toBe(`${ONION}/follow-up?lang=ru`);
    expect((await request(t.http).get('/').expect(200)).headers['onion-location']).toBe(`${ONION}/`);
    // Not on api answers, and not on the onion site itself.
    const api = await request(t.http).get('/api/v1/desks').expect(200);
    expect(api.headers['onion-location']).toBeUndefined();
    const onion = await request(t.http).get('/follow-up').set('host', new URL(ONION).host).expect(200);
    expect(onion.headers['onion-location']).toBeUndefined();
  });
});
