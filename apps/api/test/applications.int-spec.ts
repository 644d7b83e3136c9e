import { randomUUID } from 'node:crypto';
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
  generateDeskKeyPair,
  generateReceiptCode,
  generateRootKeys,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  parseEncPublicKey,
  parseSignPublicKey,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  verifyCaseKeyEnvelope,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
} from '@ashar/crypto';
import { type ApplicationSubmit, type ProgrammeApplicationView, CallError } from '@ashar/domain';
import request from 'supertest';
import { Clock } from '../src/calls';
import { startTestApp, type TestApp } from './app';
import { insertCall, mediaCallBody } from './calls-support';
import { certifiedDesk, requesterSignIn, submitIntake, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { POW_HEADER, powProof } from './pow';

/** What applicants write: none of it may reach a column of the database, nor its base64url. */
const MARKERS = {
  outlet: 'MARKER-OUTLET-Vlast-Kazakhstan',
  motivation: 'MARKER-MOTIVATION-we-report-from-Zhanaozen',
  contact: 'MARKER-CONTACT-Aigerim-+77015550101',
  revised: 'MARKER-REVISED-second-thoughts',
};

/**
 * Applications to calls over HTTP (docs/calls.md "Applications"), on the real api and PostgreSQL,
 * encrypted with libs/crypto as the applicant's browser does it, with the api's Clock set by the
 * test: the media call closes on 14 December 2026, 24:00 Asia/Almaty (2026-12-14T19:00:00Z).
 */
describe('applications to calls', () => {
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

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const staffGet = (who: TestPerson, path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);
  const staffPost = (who: TestPerson, path: string, body: unknown) => request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);
  const submit = async (call: string, body: unknown) =>
    request(t.http).post(`/api/v1/calls/${call}/applications`).set(POW_HEADER, await powProof(t.http, 'application')).send(body as object);
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of ['requesters', 'call_applications', 'call_application_versions', 'call_application_envelopes', 'audit_events']) {
      out[table] = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n;
    }
    return out;
  };

  /** What the applicant's browser holds: the receipt keys, the application key and id. */
  interface Applicant {
    code: string;
    keys: RequesterKeys;
    key: CaseKey;
    applicationId: string;
    body: ApplicationSubmit;
    session?: { cookie: string; csrf: string };
  }

  /** The programme desk's newest version, its history verified up to the root (SPEC.md §8.2), as a browser seals to it. */
  async function verifiedProgrammeDesk(): Promise<VerifiedDesk> {
    const revocations = verifyRevocations((await request(t.http).get('/api/v1/keys/revocations').expect(200)).body as unknown[], root.signPk, new Date());
    const history = (await request(t.http).get(`/api/v1/desks/${programme.id}/history`).expect(200)).body as { versions: unknown[] };
    return verifyDeskHistory(programme.id, history.versions, root.signPk, new Date(), { revocations }).current;
  }

  /** A version's signed record and its two envelopes (to the programme desk's key, to the applicant). */
  function versionOf(a: Pick<Applicant, 'keys' | 'key' | 'applicationId'>, desk: VerifiedDesk, body: JsonValue) {
    const record = encryptSigned(a.key, { purpose: 'application', applicationId: a.applicationId }, body, a.keys);
    return {
      record: { ciphertext: record.ciphertext as string, authorKid: record.authorKid as string },
      envelopes: [
        { ...sealCaseKey(a.key, a.applicationId, desk, a.keys), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } },
        { ...sealCaseKey(a.key, a.applicationId, requesterPublicKeys(a.keys), a.keys), recipient: { kind: 'requester' as const } },
      ],
    };
  }

  /** Does what the applicant's browser does before applying: receipt keys from a new code, the record signed and encrypted, the key sealed. */
  /**
   * `answers`: the call form's answers; `organisation`: an organisation's name and contact person.
   * The record's body is what docs/calls.md names: { version, callId, answers, organisation? }.
   */
  async function prepare(call: string, answers: JsonValue, over: Partial<ApplicationSubmit> = {}, organisation?: JsonValue): Promise<Applicant> {
    const code = generateReceiptCode();
    const { instanceId } = (await request(t.http).get('/api/v1/intake/config').expect(200)).body as { instanceId: string };
    const keys = deriveRequesterKeys(code, instanceId);
    const applicationId = randomUUID();
    const key = generateCaseKey();
    const desk = await verifiedProgrammeDesk();
    const version = versionOf({ keys, key, applicationId }, desk, { version: 1, callId: call, answers, ...(organisation ? { organisation } : {}) });
    const body: ApplicationSubmit = {
      applicationId,
      applicantKind: 'organisation',
      country: 'KZ',
      language: 'ru',
      applicant: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
      ...version,
      ...over,
    };
    return { code, keys, key, applicationId, body };
  }

  async function apply(call: string, answers: JsonValue, organisation?: JsonValue): Promise<Applicant> {
    const a = await prepare(call, answers, {}, organisation);
    const res = await submit(call, a.body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { applicationId: a.applicationId, version: 1 } });
    return a;
  }

  /** A programme member's browser: the desk key version from their envelope, the chain verified to the root. */
  async function programmeKey(who: TestPerson, version: number): Promise<DeskKeyPair> {
    const mine = (await staffGet(who, `/desks/${programme.id}/envelopes/mine`).expect(200)).body as { version: number; sealedKey: string }[];
    const sealed = mine.find((g) => g.version === version);
    if (!sealed) throw new Error('no envelope of that programme desk key version');
    // That version's certificate chain from the desk's history (the directory names only the newest).
    const history = (await request(t.http).get(`/api/v1/desks/${programme.id}/history`).expect(200)).body as { versions: { version: number; chain: unknown[] }[] };
    const chain = history.versions.find((v) => v.version === version)?.chain ?? [];
    return openDeskKey(sealed.sealedKey, who.identity, verifyCertificateChain(chain, root.signPk, new Date()) as VerifiedDesk);
  }

  /** A programme manager opens and checks the latest version as the console will. */
  async function readAsProgramme(who: TestPerson, applicationId: string): Promise<{ view: ProgrammeApplicationView; body: JsonValue }> {
    const view = (await staffGet(who, `/programme/applications/${applicationId}`).expect(200)).body as ProgrammeApplicationView;
    const signPk = parseSignPublicKey(view.applicant.signPk);
    // The applicant's own envelope binds their encryption key to the key that signed the record (SPEC.md §9.1).
    expect(verifyCaseKeyEnvelope(view.applicantEnvelope, applicationId, signPk)).toBe(kidOf(parseEncPublicKey(view.applicant.encPk)));
    const envelope = view.envelopes[0];
    if (!envelope) throw new Error('no envelope for a programme-desk key the reader holds');
    const deskKey = await programmeKey(who, envelope.version);
    const key = openCaseKeyEnvelope(envelope as unknown as CaseKeyEnvelope, applicationId, deskKey, signPk);
    return { view, body: decryptSigned(key, { purpose: 'application', applicationId }, view.latest, signPk) };
  }

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
    await certifiedDesk(t, admin, 'legal');
    at('2026-11-01T00:00:00Z');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    const { body: call } = await staffPost(pm, '/programme/calls', mediaCallBody()).expect(201);
    callId = call.id;
    await staffPost(pm, `/programme/calls/${callId}/transitions`, { transition: 'publish' }).expect(200);
    at('2026-12-01T10:00:00Z');
  });
  afterAll(() => t.close());

  let first: Applicant;

  it('takes an encrypted application that the programme desk opens, the applicant too, and a retry of it once', async () => {
    const answers = { outlet: MARKERS.outlet, motivation: MARKERS.motivation };
    const organisation = { name: MARKERS.outlet, contactPerson: MARKERS.contact };
    const before = await counts();
    first = await apply(callId, answers, organisation);
    const after = await counts();
    expect(after).toEqual({
      requesters: before['requesters']! + 1,
      call_applications: before['call_applications']! + 1,
      call_application_versions: before['call_application_versions']! + 1,
      call_application_envelopes: before['call_application_envelopes']! + 2,
      audit_events: before['audit_events']! + 1,
    });
    // The same body again (its first answer lost): the same answer, nothing written twice.
    const retry = await submit(callId, first.body);
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: { applicationId: first.applicationId, version: 1 } });
    expect(await counts()).toEqual(after);

    const { view, body } = await readAsProgramme(pm, first.applicationId);
    expect(body).toEqual({ version: 1, callId, answers, organisation });
    expect(view.application).toEqual({
      id: first.applicationId,
      callId,
      applicantKind: 'organisation',
      country: 'KZ',
      language: 'ru',
      status: 'submitted',
      version: 1,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      withdrawnAt: null,
    });
    expect(view.envelopes).toHaveLength(1);
    expect(view.envelopes[0]).toMatchObject({ deskId: programme.id, version: 1 });
    expect(view.versions).toEqual([{ version: 1, createdAt: '2026-12-01T10:00:00.000Z' }]);

    // The applicant comes back with the receipt code (the requester sign-in) and reads it with their own envelope.
    first.session = await requesterSignIn(t, deriveRequesterKeys(first.code, (await request(t.http).get('/api/v1/intake/config')).body.instanceId));
    const own = (await request(t.http).get('/api/v1/requester/application').set('cookie', first.session.cookie).expect(200)).body;
    expect(own.application).toMatchObject({ id: first.applicationId, status: 'submitted', version: 1 });
    const key = openCaseKeyEnvelope(own.envelope, first.applicationId, first.keys, first.keys.signPk);
    expect(decryptSigned(key, { purpose: 'application', applicationId: first.applicationId }, own.latest, first.keys.signPk)).toEqual({ version: 1, callId, answers, organisation });

    // Audited with ids only.
    const events = (await t.dataSource.query(`SELECT action, actor_kind, data FROM audit_events WHERE subject_type = 'application' AND subject_id = $1 ORDER BY seq`, [first.applicationId])) as {
      action: string;
      actor_kind: string;
      data: unknown;
    }[];
    expect(events.map((e) => [e.action, e.actor_kind])).toEqual([
      ['application.submitted', 'requester'],
      ['application.read', 'staff'],
      ['application.read', 'requester'],
    ]);
    expect(events[0]!.data).toEqual({ callId, version: 1 });
    expect(JSON.stringify(events)).not.toMatch(/MARKER/);
  });

  it('lists a call’s applications to programme managers: metadata only, filtered and paged in SQL', async () => {
    // A long form (90 000 characters) fits the record routes' body limit.
    const person = await prepare(callId, { outlet: 'x', motivation: 'm'.repeat(90_000) }, { applicantKind: 'person', country: 'KG', language: 'ky' });
    await submit(callId, person.body).then((r) => expect(r.status).toBe(201));
    const all = (await staffGet(pm, `/programme/calls/${callId}/applications`).expect(200)).body;
    expect(all.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([first.applicationId, person.applicationId]));
    expect(JSON.stringify(all)).not.toContain('a1.');
    const kg = (await staffGet(pm, `/programme/calls/${callId}/applications?country=KG`).expect(200)).body;
    expect(kg.items.map((i: { id: string }) => i.id)).toEqual([person.applicationId]);
    const orgs = (await staffGet(pm, `/programme/calls/${callId}/applications?applicantKind=organisation`).expect(200)).body;
    expect(orgs.items.map((i: { id: string }) => i.id)).not.toContain(person.applicationId);
    const page = (await staffGet(pm, `/programme/calls/${callId}/applications?limit=1`).expect(200)).body;
    expect(page.items).toHaveLength(1);
    const rest = (await staffGet(pm, `/programme/calls/${callId}/applications?limit=200&after=${page.next}`).expect(200)).body;
    expect(rest.items.map((i: { id: string }) => i.id)).not.toContain(page.items[0].id);
    expect(rest.items.length + 1).toBe(all.items.length);
    await staffGet(pm, `/programme/calls/${randomUUID()}/applications`).expect(404);
    await staffGet(pm, `/programme/calls/${callId}/applications?limit=201`).expect(422);
    await staffGet(pm, `/programme/applications/${randomUUID()}`).expect(404);
  });

  it('wants a proof of work made for applying: none (428) or one made for intake (403) is refused, nothing written', async () => {
    const a = await prepare(callId, { outlet: 'no proof' });
    const before = await counts();
    const none = await request(t.http).post(`/api/v1/calls/${callId}/applications`).send(a.body);
    expect([none.status, none.body.type]).toEqual([428, 'urn:ashar:problem:pow-required']);
    const intakeProof = await request(t.http).post(`/api/v1/calls/${callId}/applications`).set(POW_HEADER, await powProof(t.http, 'intake')).send(a.body);
    expect([intakeProof.status, intakeProof.body.type]).toEqual([403, 'urn:ashar:problem:pow-invalid']);
    expect(await counts()).toEqual(before);
  });

  it('refuses an application to a draft call or an unknown one: 404, nothing written', async () => {
    const draft = await insertCall(t, pm.id, 'draft');
    const before = await counts();
    const a = await prepare(draft, { outlet: 'draft' });
    const res = await submit(draft, a.body);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await submit(randomUUID(), (await prepare(callId, { outlet: 'nowhere' })).body)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('refuses envelopes that do not reach the programme desk’s current key, and records not signed by the applicant: 422, nothing written', async () => {
    const before = await counts();
    const desk = await verifiedProgrammeDesk();
    const intakeDesk: VerifiedDesk = { ...desk, deskId: intake.id, version: 1, encPk: intake.key.encPk };
    const refusals: [string, (a: Applicant) => ApplicationSubmit][] = [
      // Sealed to the intake desk (a request's desk), never an application's.
      ['intake desk', (a) => ({ ...a.body, envelopes: versionOf(a, intakeDesk, { v: 1 }).envelopes })],
      // The programme desk named, but sealed to another key.
      ['another key', (a) => ({ ...a.body, envelopes: versionOf(a, { ...desk, encPk: generateDeskKeyPair(programme.id, 1).encPk }, { v: 1 }).envelopes })],
      // A key version that is not the current one.
      ['old version', (a) => ({ ...a.body, envelopes: a.body.envelopes.map((g) => (g.recipient.kind === 'desk' ? { ...g, recipient: { ...g.recipient, version: 2 } } : g)) })],
      // The applicant's envelope sealed to someone else's key.
      ['applicant envelope', (a) => ({ ...a.body, envelopes: [a.body.envelopes[0]!, { ...sealCaseKey(a.key, a.applicationId, requesterPublicKeys(deriveRequesterKeys(generateReceiptCode(), 'x')), a.keys), recipient: { kind: 'requester' } }] })],
      // Two desk envelopes (the programme desk and intake).
      ['two desks', (a) => ({ ...a.body, envelopes: [a.body.envelopes[0]!, versionOf(a, intakeDesk, { v: 1 }).envelopes[0]!] })],
      // A record signed by another key than the applicant's.
      ['other author', (a) => ({ ...a.body, record: { ...a.body.record, authorKid: kidOf(generateDeskKeyPair(programme.id, 1).signPk) } })],
      // Not an application ciphertext (a case record's purpose would not open here either).
      ['bad ciphertext', (a) => ({ ...a.body, record: { ...a.body.record, ciphertext: 'a1.AAAA.BBBB.CCCC' } })],
    ];
    for (const [name, make] of refusals) {
      const a = await prepare(callId, { outlet: MARKERS.outlet });
      const res = await submit(callId, make(a));
      expect({ name, status: res.status, type: res.body.type }).toEqual({ name, status: 422, type: 'urn:ashar:problem:validation' });
    }
    // Oversized fields are refused by the contract (a record one character over its bound: 422; a body over the record routes' limit: 413).
    const big = await prepare(callId, { outlet: 'x' });
    expect((await submit(callId, { ...big.body, record: { ...big.body.record, ciphertext: `a1.${'A'.repeat(131_198)}` } })).status).toBe(422);
    expect((await submit(callId, { ...big.body, record: { ...big.body.record, ciphertext: `a1.${'A'.repeat(200_000)}` } })).status).toBe(413);
    expect((await submit(callId, { ...big.body, country: 'Kazakhstan' })).status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('refuses staff without the programme role, and admins: they neither list nor read', async () => {
    for (const who of [caseworker, admin]) {
      await staffGet(who, `/programme/calls/${callId}/applications`).expect(403);
      await staffGet(who, `/programme/applications/${first.applicationId}`).expect(403);
    }
    // A programme manager outside the programme desk reads the record but holds no key to open it.
    const outside = (await staffGet(outsiderPm, `/programme/applications/${first.applicationId}`).expect(200)).body;
    expect(outside.envelopes).toEqual([]);
    // A requester with an aid case has no application; an applicant's session reaches no case.
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { text: 'help' } });
    const session = await requesterSignIn(t, sub.keys);
    await request(t.http).get('/api/v1/requester/application').set('cookie', session.cookie).expect(404);
    await request(t.http).post('/api/v1/requester/application/withdrawal').set('cookie', session.cookie).set('x-csrf-token', session.csrf).send({}).expect(404);
    await request(t.http).get('/api/v1/requester/case').set('cookie', first.session!.cookie).expect(404);
  });

  it('keeps aid requests away from the programme desk: no routing rule to it, no referral to it', async () => {
    const steppedAdmin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    const rule = await staffPost(steppedAdmin, '/routing-rules', { priority: 50, country: 'KG', deskSlug: 'programme' });
    expect([rule.status, rule.body.detail]).toEqual([422, 'the programme desk receives applications to calls, never aid requests']);
    await staffPost(steppedAdmin, '/routing-rules', { priority: 50, country: 'KG', deskSlug: 'legal' }).expect(201);
    const legalId = ((await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`)) as { id: string }[])[0]!.id;
    const legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [legalId], certifyWith: { admin } });
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { text: 'help' } });
    const envelope = { version: 1, sealedKey: `s1.${'K'.repeat(22)}.${'S'.repeat(128)}`, sealerKid: 'G'.repeat(22), signature: 'Z'.repeat(86) };
    const referral = await staffPost(legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: programme.id, envelope });
    expect([referral.status, referral.body.detail]).toEqual([422, 'the programme desk receives applications to calls, never aid cases']);
    expect(((await t.dataSource.query(`SELECT collaborator_desk_ids FROM aid_cases WHERE id = $1`, [sub.caseId])) as { collaborator_desk_ids: string[] }[])[0]!.collaborator_desk_ids).not.toContain(programme.id);
  });

  it('keeps every version: a new one until the deadline, the old one still there', async () => {
    const desk = await verifiedProgrammeDesk();
    const session = first.session!;
    const revise = (body: unknown) => request(t.http).post('/api/v1/requester/application/versions').set('cookie', session.cookie).set('x-csrf-token', session.csrf).send(body as object);
    at('2026-12-05T08:30:00Z');
    const answers2 = { outlet: MARKERS.outlet, motivation: MARKERS.revised };
    const organisation = { name: MARKERS.outlet, contactPerson: MARKERS.contact };
    const v2 = versionOf(first, desk, { version: 2, callId, answers: answers2, organisation });
    // Not the next number: refused (two tabs must not overwrite each other).
    expect((await revise({ version: 3, ...v2 })).status).toBe(409);
    // A record signed by another key: refused.
    expect((await revise({ version: 2, ...v2, record: { ...v2.record, authorKid: kidOf(generateDeskKeyPair(programme.id, 1).signPk) } })).status).toBe(422);
    const ok = await revise({ version: 2, ...v2 });
    expect({ status: ok.status, body: ok.body }).toEqual({ status: 201, body: { applicationId: first.applicationId, version: 2 } });
    expect((await revise({ version: 2, ...v2 })).status).toBe(409);

    const { view, body } = await readAsProgramme(pm, first.applicationId);
    expect(body).toEqual({ version: 2, callId, answers: answers2, organisation });
    expect(view.application).toMatchObject({ version: 2, updatedAt: '2026-12-05T08:30:00.000Z', createdAt: '2026-12-01T10:00:00.000Z' });
    expect(view.versions).toEqual([
      { version: 1, createdAt: '2026-12-01T10:00:00.000Z' },
      { version: 2, createdAt: '2026-12-05T08:30:00.000Z' },
    ]);
    // The first version is kept, and still opens.
    const [old] = (await t.dataSource.query(`SELECT ciphertext, author_kid FROM call_application_versions WHERE application_id = $1 AND version = 1`, [first.applicationId])) as {
      ciphertext: string;
      author_kid: string;
    }[];
    expect(decryptSigned(first.key, { purpose: 'application', applicationId: first.applicationId }, { ciphertext: old!.ciphertext, authorKid: old!.author_kid }, first.keys.signPk)).toMatchObject({
      version: 1,
    });
    const own = (await request(t.http).get('/api/v1/requester/application').set('cookie', session.cookie).expect(200)).body;
    expect(own.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const revised = (await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'application.revised' AND subject_id = $1`, [first.applicationId])) as { data: unknown }[];
    expect(revised.map((r) => r.data)).toEqual([{ callId, version: 2 }]);
  });

  it('withdraws until the deadline; a withdrawn application takes no new version', async () => {
    const a = await apply(callId, { outlet: 'withdrawing' });
    const session = await requesterSignIn(t, a.keys);
    const post = (path: string, body: unknown) => request(t.http).post(`/api/v1/requester/application/${path}`).set('cookie', session.cookie).set('x-csrf-token', session.csrf).send(body as object);
    at('2026-12-06T12:00:00Z');
    const res = await post('withdrawal', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.applicationId, status: 'withdrawn', withdrawnAt: '2026-12-06T12:00:00.000Z' });
    expect((await post('withdrawal', {})).status).toBe(409);
    const desk = await verifiedProgrammeDesk();
    expect((await post('versions', { version: 2, ...versionOf(a, desk, { version: 2 }) })).status).toBe(409);
    const withdrawn = (await staffGet(pm, `/programme/calls/${callId}/applications?status=withdrawn`).expect(200)).body;
    expect(withdrawn.items.map((i: { id: string }) => i.id)).toEqual([a.applicationId]);
    const events = (await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [a.applicationId])) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(['application.submitted', 'application.withdrawn']);
  });

  it('follows a rotation of the programme desk’s key: what was sealed to the version it replaced is refused, new applications go to the new one', async () => {
    at('2026-12-10T09:00:00Z');
    const stale = await prepare(callId, { outlet: 'sealed before the rotation' });
    const v2 = await certifiedDesk(t, admin, 'programme', [pm], 2);
    const before = await counts();
    const old = await submit(callId, stale.body);
    expect([old.status, old.body.detail]).toEqual([422, 'the envelope for the programme desk names key version 1; its current certified version is 2']);
    // Named as version 2 but sealed to version 1's key: the server sees the key id.
    const relabelled = await submit(callId, { ...stale.body, envelopes: stale.body.envelopes.map((g) => (g.recipient.kind === 'desk' ? { ...g, recipient: { ...g.recipient, version: 2 } } : g)) });
    expect([relabelled.status, relabelled.body.type]).toEqual([422, 'urn:ashar:problem:validation']);
    expect(await counts()).toEqual(before);
    const fresh = await apply(callId, { outlet: 'after the rotation' });
    const { view, body } = await readAsProgramme(pm, fresh.applicationId);
    expect(view.envelopes.map((e) => e.version)).toEqual([2]);
    expect(body).toEqual({ version: 1, callId, answers: { outlet: 'after the rotation' } });
    expect(v2.key.version).toBe(2);
    // What came before the rotation still opens with the version it was sealed to.
    expect((await readAsProgramme(pm, first.applicationId)).view.envelopes.map((e) => e.version)).toEqual([1]);
  });

  it('takes an application one second before 24:00 Almaty time and refuses one a second after; no edit or withdrawal after it', async () => {
    at('2026-12-14T18:59:59Z');
    await apply(callId, { outlet: 'just in time' });
    at('2026-12-14T19:00:01Z');
    const late = await prepare(callId, { outlet: 'too late' });
    const before = await counts();
    const res = await submit(callId, late.body);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.type).toBe(`urn:ashar:problem:${CallError.CallClosed}`);
    expect(await counts()).toEqual(before);

    const session = first.session!;
    const post = (path: string, body: unknown) => request(t.http).post(`/api/v1/requester/application/${path}`).set('cookie', session.cookie).set('x-csrf-token', session.csrf).send(body as object);
    const v3 = await post('versions', { version: 3, ...versionOf(first, await verifiedProgrammeDesk(), { version: 3 }) });
    expect([v3.status, v3.body.type]).toEqual([409, `urn:ashar:problem:${CallError.CallClosed}`]);
    const out = await post('withdrawal', {});
    expect([out.status, out.body.type]).toEqual([409, `urn:ashar:problem:${CallError.CallClosed}`]);
    expect(await counts()).toEqual(before);
    // The applicant still reads what they sent.
    await request(t.http).get('/api/v1/requester/application').set('cookie', session.cookie).expect(200);
  });

  it('holds no plaintext: no text, json or bytea column of any table contains what applicants wrote', async () => {
    const columns: { table_name: string; column_name: string; data_type: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(['call_application_versions.ciphertext', 'call_application_envelopes.sealed_key', 'audit_events.data', 'requesters.sign_pk']),
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
    // ...and none of what applicants wrote, nor its base64url.
    for (const marker of [...Object.values(MARKERS), ...Object.values(MARKERS).map((m) => Buffer.from(m).toString('base64url'))]) {
      expect({ marker, columns: await columnsHolding(marker) }).toEqual({ marker, columns: [] });
    }
  });
});
