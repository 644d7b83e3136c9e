import { createHash, randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type JsonValue,
  type RequesterKeys,
  type RootKeys,
  type VerifiedDesk,
  decryptSigned,
  deriveRequesterKeys,
  encodePublicKey,
  encryptSigned,
  generateCaseKey,
  generateIdentityKeys,
  generateReceiptCode,
  generateRootKeys,
  openCaseKeyEnvelope,
  openDeskKey,
  parseSignPublicKey,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
} from '@ashar/crypto';
import { type ProgrammeRefereeLetter, type ProgrammeReferees, type RefereeLinkView, CallError, REFEREES_MAX } from '@ashar/domain';
import request from 'supertest';
import { Clock } from '../src/calls';
import { startTestApp, type TestApp } from './app';
import { mediaCallBody } from './calls-support';
import { certifiedDesk, requesterSignIn, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { POW_HEADER, powProof } from './pow';

/** What applicants and referees write: none of it may reach a column of the database, nor its base64url. */
const MARKERS = {
  name: 'MARKER-REFEREE-Gulnara-Sadykova',
  email: 'MARKER-EMAIL-gulnara@example.org',
  letter: 'MARKER-LETTER-she-built-the-newsroom-in-Taraz',
};

/**
 * Referees of applications over HTTP (docs/calls.md "Referees"), on the real api and PostgreSQL,
 * encrypted with libs/crypto as the applicant's and the referee's browsers do it, with the api's
 * Clock set by the test. The media call closes on 14 December 2026, 24:00 Asia/Almaty
 * (2026-12-14T19:00:00Z); its decision date is 21 December, which ends at 2026-12-21T19:00:00Z.
 */
describe('referees of applications', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let pm: TestPerson;
  let outsiderPm: TestPerson;
  let caseworker: TestPerson;
  let programme: TestDesk;
  let intake: TestDesk;
  let callId: string;
  let now: Date;
  const tokens: string[] = [];

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const staffGet = (who: TestPerson, path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);
  const staffPost = (who: TestPerson, path: string, body: unknown) => request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of ['call_referees', 'call_referee_letters', 'call_referee_envelopes', 'audit_events']) {
      out[table] = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n;
    }
    return out;
  };

  interface Applicant {
    keys: RequesterKeys;
    applicationId: string;
    session: { cookie: string; csrf: string };
  }

  const asApplicant = (a: Applicant) => ({
    get: (path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', a.session.cookie),
    post: (path: string, body: unknown) => request(t.http).post(`/api/v1${path}`).set('cookie', a.session.cookie).set('x-csrf-token', a.session.csrf).send(body as object),
  });

  async function verifiedProgrammeDesk(): Promise<VerifiedDesk> {
    const revocations = verifyRevocations((await request(t.http).get('/api/v1/keys/revocations').expect(200)).body as unknown[], root.signPk, new Date());
    const history = (await request(t.http).get(`/api/v1/desks/${programme.id}/history`).expect(200)).body as { versions: unknown[] };
    return verifyDeskHistory(programme.id, history.versions, root.signPk, new Date(), { revocations }).current;
  }

  async function programmeKey(who: TestPerson, version: number): Promise<DeskKeyPair> {
    const mine = (await staffGet(who, `/desks/${programme.id}/envelopes/mine`).expect(200)).body as { version: number; sealedKey: string }[];
    const sealed = mine.find((g) => g.version === version);
    if (!sealed) throw new Error('no envelope of that programme desk key version');
    const history = (await request(t.http).get(`/api/v1/desks/${programme.id}/history`).expect(200)).body as { versions: { version: number; chain: unknown[] }[] };
    const chain = history.versions.find((v) => v.version === version)?.chain ?? [];
    return openDeskKey(sealed.sealedKey, who.identity, verifyCertificateChain(chain, root.signPk, new Date()) as VerifiedDesk);
  }

  /** An application made as the applicant's browser makes it, and the applicant signed in with the receipt code. */
  async function apply(): Promise<Applicant> {
    const code = generateReceiptCode();
    const { instanceId } = (await request(t.http).get('/api/v1/intake/config').expect(200)).body as { instanceId: string };
    const keys = deriveRequesterKeys(code, instanceId);
    const applicationId = randomUUID();
    const key = generateCaseKey();
    const desk = await verifiedProgrammeDesk();
    const record = encryptSigned(key, { purpose: 'application', applicationId }, { version: 1, callId, answers: { outlet: 'Outlet', motivation: 'Because' } }, keys);
    await request(t.http)
      .post(`/api/v1/calls/${callId}/applications`)
      .set(POW_HEADER, await powProof(t.http, 'application'))
      .send({
        applicationId,
        applicantKind: 'person',
        country: 'KZ',
        language: 'ru',
        applicant: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
        record: { ciphertext: record.ciphertext, authorKid: record.authorKid },
        envelopes: [
          { ...sealCaseKey(key, applicationId, desk, keys), recipient: { kind: 'desk', deskId: desk.deskId, version: desk.version } },
          { ...sealCaseKey(key, applicationId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' } },
        ],
      })
      .expect(201);
    return { keys, applicationId, session: await requesterSignIn(t, keys) };
  }

  /** What the applicant's browser sends to name a referee: the details signed and encrypted, their key sealed to the programme desk and to the applicant. */
  async function nameBody(a: Applicant, details: JsonValue, over: { desk?: VerifiedDesk; signer?: RequesterKeys } = {}) {
    const refereeId = randomUUID();
    const key: CaseKey = generateCaseKey();
    const desk = over.desk ?? (await verifiedProgrammeDesk());
    const signer = over.signer ?? a.keys;
    const record = encryptSigned(key, { purpose: 'application', applicationId: refereeId }, details, signer);
    return {
      refereeId,
      details: { ciphertext: record.ciphertext as string, authorKid: record.authorKid as string },
      envelopes: [
        { ...sealCaseKey(key, refereeId, desk, a.keys), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } },
        { ...sealCaseKey(key, refereeId, requesterPublicKeys(a.keys), a.keys), recipient: { kind: 'requester' as const } },
      ],
    };
  }

  async function nameReferee(a: Applicant, details: JsonValue = { kind: 'referee', name: MARKERS.name, email: MARKERS.email }): Promise<{ refereeId: string; token: string; expiresAt: string }> {
    const body = await nameBody(a, { ...(details as Record<string, JsonValue>), applicationId: a.applicationId });
    const res = await asApplicant(a).post('/requester/application/referees', body);
    expect({ status: res.status, refereeId: res.body.refereeId }).toEqual({ status: 201, refereeId: body.refereeId });
    tokens.push(res.body.token);
    return res.body;
  }

  const openLink = (token: string) => request(t.http).post('/api/v1/referee/link').send({ token });

  /** What the referee's browser does: open the link, verify the desk's key to the root, write and seal the letter with a key pair made for it. */
  async function letterBody(token: string, text: string) {
    const view = (await openLink(token).expect(200)).body as RefereeLinkView;
    const desk = await verifiedProgrammeDesk();
    expect({ deskId: desk.deskId, version: desk.version }).toEqual(view.desk);
    const referee = generateIdentityKeys();
    const letterId = randomUUID();
    const key = generateCaseKey();
    const record = encryptSigned(key, { purpose: 'application', applicationId: letterId }, { kind: 'referee-letter', applicationId: view.applicationId, refereeId: view.refereeId, letter: text }, referee);
    return {
      token,
      letterId,
      signPk: encodePublicKey(referee.signPk),
      record: { ciphertext: record.ciphertext as string, authorKid: record.authorKid as string },
      envelope: { ...sealCaseKey(key, letterId, desk, referee), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } },
    };
  }

  const sendLetter = async (body: unknown) => request(t.http).post('/api/v1/referee/letter').set(POW_HEADER, await powProof(t.http, 'referee-letter')).send(body as object);

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const programmeId = ((await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'programme'`)) as { id: string }[])[0]!.id;
    pm = await createPerson(t, { roles: ['programme_manager'], deskIds: [programmeId], certifyWith: { admin } });
    outsiderPm = await createPerson(t, { roles: ['programme_manager'], certifyWith: { admin } });
    caseworker = await createPerson(t, { roles: ['caseworker'], deskIds: [programmeId], certifyWith: { admin } });
    programme = await certifiedDesk(t, admin, 'programme', [pm]);
    intake = await certifiedDesk(t, admin, 'intake');
    at('2026-11-01T00:00:00Z');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    const { body: call } = await staffPost(pm, '/programme/calls', mediaCallBody()).expect(201);
    callId = call.id;
    await staffPost(pm, `/programme/calls/${callId}/transitions`, { transition: 'publish' }).expect(200);
    at('2026-12-01T10:00:30Z');
  });
  afterAll(() => t.close());

  it('names a referee whose one-time link takes one letter, which the programme opens and the applicant never reads', async () => {
    const a = await apply();
    const before = await counts();
    const named = await nameReferee(a);
    // 14 days from the minute it was named: earlier than the end of the decision date.
    expect(named.expiresAt).toBe('2026-12-15T10:00:00.000Z');
    expect(named.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await counts()).toEqual({
      ...before,
      call_referees: before['call_referees']! + 1,
      call_referee_envelopes: before['call_referee_envelopes']! + 2,
      audit_events: before['audit_events']! + 1,
    });
    // Only the token's hash is kept.
    const [row] = await t.dataSource.query(`SELECT token_hash, status FROM call_referees WHERE id = $1`, [named.refereeId]);
    expect(Buffer.from(row.token_hash).equals(createHash('sha256').update(named.token).digest())).toBe(true);
    expect(row.status).toBe('invited');

    // The referee opens the link: what it is for, and the programme desk's key to seal to.
    const view = (await openLink(named.token).expect(200)).body;
    expect(view).toEqual({ refereeId: named.refereeId, applicationId: a.applicationId, callId, expiresAt: named.expiresAt, desk: { deskId: programme.id, version: 1 } });

    const letter = await letterBody(named.token, MARKERS.letter);
    const sent = await sendLetter(letter);
    expect({ status: sent.status, body: sent.body }).toEqual({ status: 201, body: { refereeId: named.refereeId, letterId: letter.letterId } });
    // Single use: a second letter, even the same one again, is refused and changes nothing; the link says so.
    const afterLetter = await counts();
    const second = await sendLetter({ ...letter, letterId: randomUUID() });
    expect([second.status, second.body.type]).toEqual([409, 'urn:ashar:problem:conflict']);
    expect((await sendLetter(letter)).status).toBe(409);
    expect((await openLink(named.token)).status).toBe(409);
    expect(await counts()).toEqual(afterLetter);

    // The applicant sees the status and the details they wrote, never the letter.
    const mine = (await asApplicant(a).get('/requester/application/referees').expect(200)).body;
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ id: named.refereeId, status: 'letter_received', letterAt: '2026-12-01T10:00:00.000Z' });
    expect(JSON.stringify(mine)).not.toContain(letter.record.ciphertext);
    expect(JSON.stringify(mine)).not.toContain(letter.letterId);
    const ownKey = openCaseKeyEnvelope(mine.items[0].envelope, named.refereeId, a.keys, a.keys.signPk);
    expect(decryptSigned(ownKey, { purpose: 'application', applicationId: named.refereeId }, mine.items[0].details, a.keys.signPk)).toEqual({
      kind: 'referee',
      name: MARKERS.name,
      email: MARKERS.email,
      applicationId: a.applicationId,
    });
    // No route gives the letter to the applicant: the programme's routes refuse them, their own ones hold no letter.
    await asApplicant(a).get(`/programme/referees/${named.refereeId}/letter`).expect(403);
    await asApplicant(a).get(`/programme/applications/${a.applicationId}/referees`).expect(403);
    expect(JSON.stringify((await asApplicant(a).get('/requester/application').expect(200)).body)).not.toContain(letter.record.ciphertext);

    // A programme manager holding the desk's key reads who vouched and what they wrote.
    const list = (await staffGet(pm, `/programme/applications/${a.applicationId}/referees`).expect(200)).body as ProgrammeReferees;
    expect(list.items).toHaveLength(1);
    const item = list.items[0]!;
    expect(item).toMatchObject({ id: named.refereeId, status: 'letter_received', letterId: letter.letterId });
    const deskKey = await programmeKey(pm, item.envelopes[0]!.version);
    const applicantPk = a.keys.signPk;
    const detailsKey = openCaseKeyEnvelope(item.envelopes[0] as unknown as CaseKeyEnvelope, named.refereeId, deskKey, applicantPk);
    expect(decryptSigned(detailsKey, { purpose: 'application', applicationId: named.refereeId }, item.details, applicantPk)).toMatchObject({ name: MARKERS.name, email: MARKERS.email });
    const read = (await staffGet(pm, `/programme/referees/${named.refereeId}/letter`).expect(200)).body as ProgrammeRefereeLetter;
    expect(read).toMatchObject({ refereeId: named.refereeId, applicationId: a.applicationId, letter: { id: letter.letterId, ciphertext: letter.record.ciphertext, signPk: letter.signPk } });
    const refereePk = parseSignPublicKey(read.letter.signPk);
    const letterKey = openCaseKeyEnvelope(read.envelopes[0] as unknown as CaseKeyEnvelope, read.letter.id, deskKey, refereePk);
    expect(decryptSigned(letterKey, { purpose: 'application', applicationId: read.letter.id }, read.letter, refereePk)).toEqual({
      kind: 'referee-letter',
      applicationId: a.applicationId,
      refereeId: named.refereeId,
      letter: MARKERS.letter,
    });
    // A programme manager without the desk's key gets the ciphertext with no envelope to open it; other roles nothing.
    expect((await staffGet(outsiderPm, `/programme/referees/${named.refereeId}/letter`).expect(200)).body.envelopes).toEqual([]);
    await staffGet(caseworker, `/programme/referees/${named.refereeId}/letter`).expect(403);
    await staffGet(admin, `/programme/applications/${a.applicationId}/referees`).expect(403);
    await staffGet(pm, `/programme/referees/${randomUUID()}/letter`).expect(404);
    await staffGet(pm, `/programme/applications/${randomUUID()}/referees`).expect(404);

    // Audited with ids only.
    const events = (await t.dataSource.query(`SELECT action, actor_kind, data FROM audit_events WHERE subject_type = 'referee' AND subject_id = $1 ORDER BY seq`, [named.refereeId])) as {
      action: string;
      actor_kind: string;
      data: unknown;
    }[];
    expect(events.map((e) => [e.action, e.actor_kind])).toEqual([
      ['referee.named', 'requester'],
      ['referee.letter_received', 'anonymous'],
      ['referee.letter_read', 'staff'],
      ['referee.letter_read', 'staff'],
    ]);
    expect(events[1]!.data).toEqual({ applicationId: a.applicationId, letterId: letter.letterId });
    const reads = (await t.dataSource.query(`SELECT action, actor_kind FROM audit_events WHERE subject_type = 'application' AND subject_id = $1 AND action = 'referee.details_read' ORDER BY seq`, [
      a.applicationId,
    ])) as { action: string; actor_kind: string }[];
    expect(reads.map((e) => e.actor_kind)).toEqual(['requester', 'staff']);
    expect(JSON.stringify(events)).not.toMatch(/MARKER/);
  });

  it('refuses what does not reach the programme desk, a fourth referee, and unknown or revoked links, writing nothing', async () => {
    const a = await apply();
    const post = (body: unknown) => asApplicant(a).post('/requester/application/referees', body);
    const before = await counts();
    // Sealed to the intake desk, or details signed by another key: 422.
    const intakeDesk = { deskId: intake.id, version: 1, encPk: intake.key.encPk } as unknown as VerifiedDesk;
    expect((await post(await nameBody(a, { kind: 'referee' }, { desk: intakeDesk }))).status).toBe(422);
    const stranger = deriveRequesterKeys(generateReceiptCode(), (await request(t.http).get('/api/v1/intake/config')).body.instanceId);
    expect((await post(await nameBody(a, { kind: 'referee' }, { signer: stranger }))).status).toBe(422);
    // Bodies beyond the contract: 422.
    expect((await post({ refereeId: randomUUID(), details: { ciphertext: `a1.${'A'.repeat(5000)}`, authorKid: 'A'.repeat(22) }, envelopes: [] })).status).toBe(422);
    expect(await counts()).toEqual(before);

    // Up to REFEREES_MAX; a revoked one frees its place.
    const named: { refereeId: string; token: string; expiresAt: string }[] = [];
    for (let i = 0; i < REFEREES_MAX; i += 1) named.push(await nameReferee(a));
    const extra = await post(await nameBody(a, { kind: 'referee' }));
    expect([extra.status, extra.body.type]).toEqual([409, 'urn:ashar:problem:conflict']);
    const revoked = (await asApplicant(a).post(`/requester/application/referees/${named[0]!.refereeId}/revocation`, {}).expect(200)).body;
    expect(revoked).toMatchObject({ id: named[0]!.refereeId, status: 'revoked', revokedAt: '2026-12-01T10:00:00.000Z' });
    expect((await asApplicant(a).post(`/requester/application/referees/${named[0]!.refereeId}/revocation`, {})).status).toBe(409);
    await nameReferee(a);
    // A revoked link, a made-up token, and a link whose letter body is not the referee's: 404, 404, 422.
    expect((await openLink(named[0]!.token)).status).toBe(404);
    expect((await openLink('x'.repeat(43))).status).toBe(404);
    expect((await openLink('short')).status).toBe(422);
    const good = await letterBody(named[1]!.token, 'fine');
    const unsigned = { ...good, signPk: encodePublicKey(generateIdentityKeys().signPk) };
    expect((await sendLetter(unsigned)).status).toBe(422);
    expect((await sendLetter({ ...good, token: named[0]!.token })).status).toBe(404);
    // Another applicant's referee: not theirs to revoke (404).
    const other = await apply();
    expect((await asApplicant(other).post(`/requester/application/referees/${named[1]!.refereeId}/revocation`, {})).status).toBe(404);
    // A withdrawn application's links stop working.
    const gone = await nameReferee(other);
    await asApplicant(other).post('/requester/application/withdrawal', {}).expect(200);
    expect((await openLink(gone.token)).status).toBe(404);
    expect((await asApplicant(other).post('/requester/application/referees', await nameBody(other, { kind: 'referee' }))).status).toBe(409);
    // Without a proof of work, no letter.
    expect((await request(t.http).post('/api/v1/referee/letter').send(good)).status).toBe(428);
  });

  it('ends a link at its expiry by the api’s clock, and at the end of the call’s decision date when that is sooner', async () => {
    at('2026-12-02T08:00:00Z');
    const a = await apply();
    const named = await nameReferee(a);
    expect(named.expiresAt).toBe('2026-12-16T08:00:00.000Z');
    const body = await letterBody(named.token, 'late');
    at('2026-12-16T07:59:59Z');
    expect((await openLink(named.token)).status).toBe(200);
    at('2026-12-16T08:00:00Z');
    expect((await openLink(named.token)).status).toBe(404);
    const late = await sendLetter(body);
    expect([late.status, late.body.type]).toEqual([404, 'urn:ashar:problem:not-found']);
    const mine = (await asApplicant(a).get('/requester/application/referees').expect(200)).body;
    expect(mine.items[0]).toMatchObject({ id: named.refereeId, status: 'expired' });
    // Named on the last evening: 14 days would pass the decision date, which ends at 24:00 Almaty time.
    at('2026-12-14T18:59:00Z');
    const lastMinute = await nameReferee(a);
    expect(lastMinute.expiresAt).toBe('2026-12-21T19:00:00.000Z');
    at('2026-12-21T18:59:59Z');
    expect((await openLink(lastMinute.token)).status).toBe(200);
    at('2026-12-21T19:00:00Z');
    expect((await openLink(lastMinute.token)).status).toBe(404);
  });

  it('names referees only until the call’s deadline; letters still come in after it while the link lives', async () => {
    at('2026-12-14T18:00:00Z');
    const a = await apply();
    const named = await nameReferee(a);
    const spare = await nameReferee(a);
    const body = await letterBody(named.token, `after the deadline ${'x'.repeat(90_000)}`);
    at('2026-12-14T19:00:00Z');
    const before = await counts();
    const refused = await asApplicant(a).post('/requester/application/referees', await nameBody(a, { kind: 'referee' }));
    expect([refused.status, refused.body.type]).toEqual([409, `urn:ashar:problem:${CallError.CallClosed}`]);
    const revoke = await asApplicant(a).post(`/requester/application/referees/${spare.refereeId}/revocation`, {});
    expect([revoke.status, revoke.body.type]).toEqual([409, `urn:ashar:problem:${CallError.CallClosed}`]);
    expect(await counts()).toEqual(before);
    at('2026-12-18T10:00:00Z');
    expect((await sendLetter(body)).status).toBe(201);
  });

  it('takes one of two letters sent at once through the same link', async () => {
    at('2026-12-03T12:00:00Z');
    const a = await apply();
    const named = await nameReferee(a);
    const one = await letterBody(named.token, 'one');
    const two = await letterBody(named.token, 'two');
    const answers = await Promise.all([sendLetter(one), sendLetter(two)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM call_referee_letters WHERE referee_id = $1`, [named.refereeId]);
    expect(row.n).toBe(1);
  });

  it('holds no plaintext and no token: no text, json or bytea column of any table contains them', async () => {
    const columns: { table_name: string; column_name: string; data_type: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(['call_referees.details', 'call_referees.token_hash', 'call_referee_letters.ciphertext', 'call_referee_envelopes.sealed_key', 'audit_events.data']),
    );
    const columnsHolding = async (marker: string): Promise<string[]> => {
      const found: string[] = [];
      for (const { table_name, column_name, data_type } of columns) {
        const value = data_type === 'bytea' ? `encode("${column_name}", 'escape')` : `"${column_name}"::text`;
        const [hit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE strpos(${value}, $1) > 0`, [marker]);
        if (hit.n > 0) found.push(`${table_name}.${column_name}`);
      }
      return found;
    };
    // The search finds what is there (a control planted and removed again)...
    const [planted] = await t.dataSource.query(`INSERT INTO outbox (queue, name, payload, last_error, sent_at) VALUES ('maintenance', 'control', '{}', 'MARKER-CONTROL', now()) RETURNING id`);
    expect(await columnsHolding('MARKER-CONTROL')).toEqual(['outbox.last_error']);
    await t.dataSource.query(`DELETE FROM outbox WHERE id = $1`, [planted.id]);
    // ...and none of what applicants and referees wrote, nor its base64url, nor any link's token (as text or hex).
    expect(tokens.length).toBeGreaterThan(5);
    const secrets = [
      ...Object.values(MARKERS),
      ...Object.values(MARKERS).map((m) => Buffer.from(m).toString('base64url')),
      ...tokens,
      ...tokens.map((token) => Buffer.from(token, 'base64url').toString('hex')),
    ];
    for (const secret of secrets) {
      expect({ secret, columns: await columnsHolding(secret) }).toEqual({ secret, columns: [] });
    }
  });
});
