import { randomUUID } from 'node:crypto';
import { type RootKeys, encodePublicKey, generateRootKeys, kidOf, ready } from '@ashar/crypto';
import { POW_HEADER, type PowChallenge } from '@ashar/domain';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, certifiedDesk, prepareIntake, requesterSignIn, submitIntake, writtenCounts } from './cases-support';
import { encryptTestFile } from './files-support';
import { createPerson, type TestPerson } from './people';
import { powChallenge, powProof, solvePow } from './pow';

/**
 * Proof of work on the anonymous actions (docs/decisions.md "Proof of work (issue 15, item 6)"):
 * refusals, single use, difficulty under load, budgets, and a flood from one client that does
 * not stop another. Every request here comes from the same address, as it does behind Caddy or Tor.
 */
describe('proof of work on the anonymous routes', () => {
  const POW_SECRET = 'pow-test-secret-'.padEnd(48, 'x');
  const BASE = 1000;
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  const form = { type: 'legal' as const, country: 'KZ', language: 'ru', body: { type: 'legal', description: 'court on Monday' } as never };
  const problem = (res: request.Response) => ({ status: res.status, type: (res.body as { type?: string }).type?.replace('urn:ashar:problem:', ''), detail: (res.body as { detail?: string }).detail });
  const intake = (body: object, proof?: string) => {
    const req = request(t.http).post('/api/v1/intake');
    return (proof === undefined ? req : req.set(POW_HEADER, proof)).send(body);
  };

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({
      ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
      INSTANCE_ID,
      POW_SECRET,
      POW_BASE_MAX_NUMBER: String(BASE),
      POW_LOAD_STEP: '5',
      INTAKE_LIMIT_TOTAL: '40',
      REQUESTER_SIGN_IN_LIMIT_TOTAL: '3',
      STAFF_SIGN_IN_LIMIT_TOTAL: '15',
    });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    for (const slug of ['intake', 'legal']) await certifiedDesk(t, admin, slug);
  });
  afterAll(() => t.close());

  it('issues a signed challenge bound to one action, that expires, only for the known actions', async () => {
    const c = await powChallenge(t.http, 'intake');
    expect(c.parameters).toMatchObject({ algorithm: 'SHA-256', cost: 1, keyLength: 32, data: { action: 'intake', maxNumber: BASE } });
    expect(c.parameters.expiresAt - Date.now() / 1000).toBeGreaterThan(200);
    expect(problem(await request(t.http).post('/api/v1/pow/challenge').send({ action: 'staff-sign-in' }))).toMatchObject({ status: 422, type: 'validation' });
    expect(problem(await request(t.http).post('/api/v1/pow/challenge').send({}))).toMatchObject({ status: 422, type: 'validation' });
  });

  it('refuses intake without a proof, with a malformed, wrong, tampered, expired, foreign or used one, and writes nothing', async () => {
    const s = await prepareIntake(t, root, form);
    const before = await writtenCounts(t);
    expect(problem(await intake(s.body))).toMatchObject({ status: 428, type: 'pow-required' });
    expect(problem(await intake(s.body, 'not json'))).toMatchObject({ status: 403, type: 'pow-invalid' });
    expect(problem(await intake(s.body, '{"challenge":{}}'))).toMatchObject({ status: 403, type: 'pow-invalid' });
    expect(problem(await intake(s.body, 'x'.repeat(3000)))).toMatchObject({ status: 403, type: 'pow-invalid' });

    // A wrong answer (the key is what counts: the challenge carries an HMAC of it), and a challenge whose difficulty was lowered after signing.
    const c = await powChallenge(t.http, 'intake');
    const good = JSON.parse(await solvePow(c)) as { challenge: PowChallenge; solution: { counter: number; derivedKey: string } };
    const flipped = (good.solution.derivedKey[0] === '0' ? '1' : '0') + good.solution.derivedKey.slice(1);
    const wrong = { ...good, solution: { ...good.solution, derivedKey: flipped } };
    expect(problem(await intake(s.body, JSON.stringify(wrong)))).toMatchObject({ status: 403, type: 'pow-invalid', detail: expect.stringMatching(/not valid/) });
    const tampered = { ...good, challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, data: { action: 'intake', maxNumber: 10 } } } };
    expect(problem(await intake(s.body, JSON.stringify(tampered)))).toMatchObject({ status: 403, type: 'pow-invalid' });

    // Solved for another action.
    expect(problem(await intake(s.body, await powProof(t.http, 'requester-challenge')))).toMatchObject({ status: 403, type: 'pow-invalid', detail: expect.stringMatching(/another action/) });

    // Expired: made and signed with the api's secret, but its five minutes are over.
    const expired = await createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: 7,
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) - 10,
      data: { action: 'intake', maxNumber: BASE },
      hmacSignatureSecret: POW_SECRET,
      hmacKeySignatureSecret: `${POW_SECRET}:answer`,
    });
    const expiredSolution = await solveChallenge({ challenge: expired, deriveKey });
    expect(problem(await intake(s.body, JSON.stringify({ challenge: expired, solution: expiredSolution })))).toMatchObject({ status: 403, type: 'pow-invalid', detail: expect.stringMatching(/expired/) });
    expect(await writtenCounts(t)).toEqual(before);

    // The good proof works once; the same proof again is refused, even for the same body.
    const proof = JSON.stringify(good);
    expect((await intake(s.body, proof)).status).toBe(201);
    expect(problem(await intake(s.body, proof))).toMatchObject({ status: 403, type: 'pow-invalid', detail: expect.stringMatching(/used already/) });
  });

  it('wants a proof for the receipt challenge and for a requester’s new file, not for a member of staff’s', async () => {
    const s = await submitIntake(t, root, form);
    const kid = kidOf(s.keys.signPk);
    expect(problem(await request(t.http).post('/api/v1/requester/challenge').send({ kid }))).toMatchObject({ status: 428, type: 'pow-required' });
    const requester = await requesterSignIn(t, s.keys); // proves work (cases-support)
    const file = encryptTestFile(s.caseKey, s.caseId, randomUUID(), Buffer.from('a receipt'), 'r.txt');
    const post = () => request(t.http).post(`/api/v1/cases/${s.caseId}/files`).set('cookie', requester.cookie).set('x-csrf-token', requester.csrf);
    expect(problem(await post().send(file.body))).toMatchObject({ status: 428, type: 'pow-required' });
    expect(problem(await post().set(POW_HEADER, await powProof(t.http, 'intake')).send(file.body))).toMatchObject({ status: 403, type: 'pow-invalid' });
    await post().set(POW_HEADER, await powProof(t.http, 'file-create')).send(file.body).expect(201);
    // Staff attach files without: their sign-in is the cost.
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [], certifyWith: { admin } });
    const staffFile = await request(t.http).post(`/api/v1/cases/${s.caseId}/files`).set('cookie', worker.cookie).set('x-csrf-token', worker.csrf).send(file.body);
    expect(staffFile.status).not.toBe(428);
  });

  it('raises the difficulty stepwise as challenges for an action are asked for in the window', async () => {
    // Steps at 5, 20 and 80 challenges (POW_LOAD_STEP 5): 1000, 4000, 16000, 64000. Fixed one-minute
    // windows: one may end mid-loop and start again at the base, so go on until the third step.
    const seen: number[] = [];
    for (let i = 0; i < 400 && !seen.includes(BASE * 16); i += 1) seen.push((await powChallenge(t.http, 'file-create')).parameters.data.maxNumber);
    expect(seen[0]).toBe(BASE);
    expect(seen).toContain(BASE * 4);
    expect(seen).toContain(BASE * 16);
    // Never down within a window: each value is the base (a new window) or at least the one before.
    expect(seen.every((n, i) => i === 0 || n === BASE || n >= seen[i - 1]!)).toBe(true);
    // Counted per action: the receipt challenge is still at the base.
    expect((await powChallenge(t.http, 'requester-challenge')).parameters.data.maxNumber).toBe(BASE);
  });

  it('answers 503 busy with Retry-After once an action’s budget for everyone is spent in the window, without spending the proof of others', async () => {
    // REQUESTER_SIGN_IN_LIMIT_TOTAL 3 (one may have gone to the test before): fixed windows allow at most twice that before a refusal.
    let busy: request.Response | undefined;
    for (let i = 0; i < 7 && !busy; i += 1) {
      const res = await request(t.http).post('/api/v1/requester/challenge').set(POW_HEADER, await powProof(t.http, 'requester-challenge')).send({ kid: 'B'.repeat(22) });
      if (res.status === 503) busy = res;
      else expect(res.status).toBe(200);
    }
    expect(busy && problem(busy)).toMatchObject({ status: 503, type: 'busy' });
    expect(Number(busy!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(busy!.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another action has its own budget.
    const s = await prepareIntake(t, root, form);
    expect((await intake(s.body, await powProof(t.http, 'intake'))).status).toBe(201);
  });

  it('lets a client that solves its challenge through while another floods intake from the same address', async () => {
    const honest = await prepareIntake(t, root, form);
    const junk = await prepareIntake(t, root, form);
    const bogus = JSON.stringify({ challenge: (await powChallenge(t.http, 'intake')), solution: { counter: 1, derivedKey: '00'.repeat(32) } });
    const before = await writtenCounts(t);
    // The flood: 200 posts without a proof, 100 with a forged one, 120 challenges asked for and thrown away (raising everyone's difficulty), all at once.
    const flood = Promise.all([
      ...Array.from({ length: 200 }, () => intake(junk.body).then((r) => r.status)),
      ...Array.from({ length: 100 }, () => intake(junk.body, bogus).then((r) => r.status)),
      ...Array.from({ length: 120 }, () => request(t.http).post('/api/v1/pow/challenge').send({ action: 'intake' }).then((r) => r.status)),
    ]);
    // Meanwhile the honest client asks for a challenge, solves it (however hard the flood made it) and sends.
    const honestStatus = (async () => {
      const proof = await powProof(t.http, 'intake');
      return (await intake(honest.body, proof)).status;
    })();
    const [statuses, status] = await Promise.all([flood, honestStatus]);
    expect(status).toBe(201);
    const counts = statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 428: 200, 403: 100, 200: 120 });
    // Only the honest request was written.
    const after = await writtenCounts(t);
    expect(after).not.toEqual(before);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM aid_cases WHERE id = ANY($1)`, [[honest.caseId, junk.caseId]]);
    expect(row.n).toBe(1);
    const [stored] = await t.dataSource.query(`SELECT id FROM aid_cases WHERE id = $1`, [honest.caseId]);
    expect(stored.id).toBe(honest.caseId);
  });

  describe('staff sign-in', () => {
    const attempt = (credentialId: string) => request(t.http).post('/api/v1/auth/sign-in').send({ ceremonyId: randomUUID(), response: { id: credentialId } });

    it('is limited per account, so another account still gets through, and for everyone together; never by address', async () => {
      // 10 per account per minute: fixed windows allow at most twice that before a refusal.
      const a = `cred-a-${randomUUID()}`;
      const statuses: number[] = [];
      for (let i = 0; i < 21 && !statuses.includes(429); i += 1) statuses.push((await attempt(a)).status);
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s !== 429 && s !== 422)).toEqual([]);
      // Another account, from the same address, is not refused by the limit.
      expect((await attempt(`cred-b-${randomUUID()}`)).status).toBe(422);
      // Everyone together: 15 per minute (STAFF_SIGN_IN_LIMIT_TOTAL), reached with a fresh account each time.
      let limited: request.Response | undefined;
      for (let i = 0; i < 31 && !limited; i += 1) {
        const res = await attempt(`cred-${i}-${randomUUID()}`);
        if (res.status === 429) limited = res;
        else expect(res.status).toBe(422);
      }
      expect(limited && problem(limited)).toMatchObject({ status: 429, type: 'rate-limited' });
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
