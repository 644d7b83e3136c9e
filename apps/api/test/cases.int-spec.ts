import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type RootKeys,
  type StaffKey,
  type VerifiedDesk,
  bindStaffKey,
  decryptRecord,
  encodePublicKey,
  encryptRecord,
  generateIdentityKeys,
  generateRootKeys,
  generateStaffKey,
  sealCaseKey,
  sealStaffKey,
  kidOf,
  openCaseKeyEnvelope,
  parseSignPublicKey,
  ready,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type CaseView, type RequesterCaseView } from '@ashar/domain';
import request from 'supertest';
import { SessionStore } from '../src/auth/session.store';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, openCaseKeyAsStaff, requesterSignIn, staffGet, staffPost, submitIntake, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';

/** Strings of the request, note and messages; none may ever be found in the database in clear. */
const MARKERS = {
  request: 'MARKER-REQUEST-7f3a9c Almaty detention',
  contact: 'MARKER-CONTACT-+77011234567',
  note: 'MARKER-NOTE-lawyer-seems-compromised',
  message: 'MARKER-MESSAGE-we-found-you-a-lawyer',
  reply: 'MARKER-REPLY-thank-you',
};

describe('aid cases: reading, working and following up', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let auditor: TestPerson;
  let finance: TestPerson;
  let legalWorker: TestPerson;
  let legalLead: TestPerson;
  let medicalWorker: TestPerson;
  let medicalLead: TestPerson;
  let intakeWorker: TestPerson;
  const desks: Record<string, TestDesk> = {};
  let sub: Submission;
  let requester: { cookie: string; csrf: string };
  let caseKey: CaseKey;
  let staffKey: StaffKey;

  const view = async (who: TestPerson, id = sub.caseId) => (await staffGet(t, who, `/cases/${id}`).expect(200)).body as CaseView;
  const record = (id: string, kind: 'note' | 'message', text: string, author: TestPerson) => {
    const recordId = randomUUID();
    // A note under the case's staff-only key (SPEC.md §9.2), a message under the case key.
    const enc = encryptRecord(kind === 'note' && staffKey ? staffKey : caseKey, { caseId: id, recordId, recordKind: kind }, { text }, author.identity);
    return { id: recordId, ciphertext: enc.ciphertext, authorKid: enc.authorKid };
  };
  const requesterPost = (path: string, body: unknown) => request(t.http).post(`/api/v1${path}`).set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send(body as object);

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, CASE_RETENTION_DAYS: '30' });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const certify = { certifyWith: { admin } } as const;
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify, name: 'Legal worker' });
    legalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    medicalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.medical!], ...certify });
    intakeWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.intake!], ...certify });
    auditor = await createPerson(t, { roles: ['auditor'], ...certify });
    finance = await createPerson(t, { roles: ['finance_officer', 'finance_approver'], ...certify });
    desks.intake = await certifiedDesk(t, admin, 'intake', [intakeWorker]);
    desks.legal = await certifiedDesk(t, admin, 'legal', [legalWorker, legalLead]);
    desks.medical = await certifiedDesk(t, admin, 'medical', [medicalWorker, medicalLead]);
    sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: MARKERS.request, contactDetails: MARKERS.contact } });
  });
  afterAll(() => t.close());

  it('lets a caseworker of the routed desk read the case and decrypt the request in their browser', async () => {
    const v = await view(legalWorker);
    expect(v.case).toMatchObject({ id: sub.caseId, status: 'new', urgency: 'normal', requestType: 'legal', ownerDeskId: desks.legal!.id, collaboratorDeskIds: [desks.intake!.id], breached: false });
    expect(v.requester).toEqual({ encPk: encodePublicKey(sub.keys.encPk), signPk: encodePublicKey(sub.keys.signPk) });
    // Only the envelopes the caller can open: their desk's.
    expect(v.envelopes.map((g) => g.recipient)).toEqual([{ kind: 'desk', deskId: desks.legal!.id, version: 1 }]);
    caseKey = await openCaseKeyAsStaff(t, root, legalWorker, v);
    const [req] = v.records;
    expect(req).toMatchObject({ id: sub.recordId, kind: 'request', author: { kind: 'requester' }, authorKid: kidOf(sub.keys.signPk) });
    expect(decryptRecord(caseKey, { caseId: sub.caseId, recordId: req!.id, recordKind: 'request' }, req!, sub.keys.signPk)).toEqual({
      type: 'legal',
      description: MARKERS.request,
      contactDetails: MARKERS.contact,
    });
  });

  it('lets the intake desk, which holds an envelope too, read it', async () => {
    const v = await view(intakeWorker);
    expect(v.envelopes.map((g) => g.recipient)).toEqual([{ kind: 'desk', deskId: desks.intake!.id, version: 1 }]);
    expect(Buffer.from(await openCaseKeyAsStaff(t, root, intakeWorker, v)).equals(Buffer.from(caseKey))).toBe(true);
  });

  it('answers 404 to a caseworker of another desk, and 403 to admins, auditors and finance staff, without any ciphertext', async () => {
    for (const [who, status] of [
      [medicalWorker, 404],
      [medicalLead, 404],
      [admin, 403],
      [auditor, 403],
      [finance, 403],
    ] as const) {
      const res = await staffGet(t, who, `/cases/${sub.caseId}`).expect(status);
      expect(res.text).not.toContain('a1.');
      expect(res.text).not.toContain('s1.');
    }
    // A case that does not exist answers the same as one of another desk.
    const missing = await staffGet(t, medicalWorker, `/cases/${randomUUID()}`).expect(404);
    const other = await staffGet(t, medicalWorker, `/cases/${sub.caseId}`).expect(404);
    expect({ ...JSON.parse(missing.text), instance: '' }).toEqual({ ...JSON.parse(other.text), instance: '' });
    // Nor can they act on it.
    await staffPost(t, medicalWorker, `/cases/${sub.caseId}/notes`, record(sub.caseId, 'note', 'x', medicalWorker)).expect(404);
    await staffPost(t, medicalWorker, `/cases/${sub.caseId}/transitions`, { to: 'triaged' }).expect(404);
    await staffPost(t, admin, `/cases/${sub.caseId}/urgency`, { urgency: 'high' }).expect(403);
  });

  it('takes a staff-only key for the case once, sealed to every desk that holds it and signed by the caller', async () => {
    // Without one, a note is refused.
    const early = record(sub.caseId, 'note', 'x', legalWorker);
    expect((await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, early).expect(409)).body.detail).toContain('staff-only key');
    const directory = (await request(t.http).get('/api/v1/desks')).body as { id: string; key: { chain: unknown[]; version: number } | null }[];
    const desk = (id: string) => verifyCertificateChain(directory.find((d) => d.id === id)!.key!.chain, root.signPk, new Date()) as VerifiedDesk;
    const key = generateStaffKey();
    const bind = bindStaffKey(key, sub.caseId, 1, caseKey);
    const to = (id: string, signer = legalWorker.identity) => ({ deskId: id, version: 1, ...sealStaffKey(key, sub.caseId, 1, desk(id), signer) });
    const refused = async (body: unknown, detail: RegExp) => {
      const res = await staffPost(t, legalWorker, `/cases/${sub.caseId}/staff-keys`, body).expect(422);
      expect(res.body.detail).toMatch(detail);
    };
    await refused({ epoch: 1, bind, envelopes: [to(desks.legal!.id)] }, /each desk that holds the case/);
    await refused({ epoch: 1, bind, envelopes: [to(desks.legal!.id), to(desks.medical!.id)] }, /each desk that holds the case/);
    await refused({ epoch: 1, bind, envelopes: [to(desks.legal!.id), to(desks.intake!.id, generateIdentityKeys())] }, /envelopes\[1\]: sealerKid/);
    // A case key envelope in place of a staff-only key envelope: its signature is of the other purpose.
    await refused({ epoch: 1, bind, envelopes: [to(desks.legal!.id), { deskId: desks.intake!.id, version: 1, ...sealCaseKey(caseKey, sub.caseId, desk(desks.intake!.id), legalWorker.identity) }] }, /envelopes\[1\]: the signature/);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/staff-keys`, { epoch: 2, bind, envelopes: [to(desks.legal!.id), to(desks.intake!.id)] }).expect(409);
    await staffPost(t, medicalWorker, `/cases/${sub.caseId}/staff-keys`, { epoch: 1, bind, envelopes: [to(desks.legal!.id), to(desks.intake!.id)] }).expect(404);
    await staffPost(t, auditor, `/cases/${sub.caseId}/staff-keys`, { epoch: 1, bind, envelopes: [to(desks.legal!.id), to(desks.intake!.id)] }).expect(403);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_staff_keys WHERE case_id = $1`, [sub.caseId]))[0].n).toBe(0);

    await staffPost(t, legalWorker, `/cases/${sub.caseId}/staff-keys`, { epoch: 1, bind, envelopes: [to(desks.legal!.id), to(desks.intake!.id)] }).expect(201, { epoch: 1 });
    // Once per epoch: a second one (someone else's, made meanwhile) is refused and writes nothing.
    await staffPost(t, legalLead, `/cases/${sub.caseId}/staff-keys`, { epoch: 1, bind, envelopes: [to(desks.legal!.id, legalLead.identity), to(desks.intake!.id, legalLead.identity)] }).expect(409);
    staffKey = key;

    // Each desk's members see it; the requester's view never holds it.
    const v = await view(legalLead);
    expect(v.staffKeys).toEqual([{ epoch: 1, bind, link: null, createdBy: legalWorker.id }]);
    expect(v.envelopes.map((g) => [g.keyKind, g.epoch, g.recipient])).toEqual([
      ['case', 1, { kind: 'desk', deskId: desks.legal!.id, version: 1 }],
      ['staff', 1, { kind: 'desk', deskId: desks.legal!.id, version: 1 }],
    ]);
    expect((await view(intakeWorker)).envelopes.filter((g) => g.keyKind === 'staff').map((g) => g.recipient)).toEqual([{ kind: 'desk', deskId: desks.intake!.id, version: 1 }]);
  });

  it('takes notes and messages signed by the caller’s certified key; the first message is the first response', async () => {
    const note = record(sub.caseId, 'note', MARKERS.note, legalWorker);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, note).expect(201, { id: note.id });
    // Signed with a key that is not the caller's certified one.
    const impostor = { ...record(sub.caseId, 'note', 'x', legalWorker), authorKid: kidOf(generateIdentityKeys().signPk) };
    expect(JSON.parse((await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, impostor).expect(422)).text).detail).toMatch(/authorKid/);
    // Not a case record ciphertext; the same record id twice.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, { ...record(sub.caseId, 'note', 'x', legalWorker), ciphertext: 'a1.AAAA.BBBB.CCCC' }).expect(422);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, note).expect(409);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, { ...note, id: sub.recordId }).expect(409);

    const [before] = await t.dataSource.query(`SELECT first_responded_at FROM aid_cases WHERE id = $1`, [sub.caseId]);
    expect(before.first_responded_at).toBeNull();
    const message = record(sub.caseId, 'message', MARKERS.message, legalWorker);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/messages`, message).expect(201, { id: message.id });
    const [after] = await t.dataSource.query(`SELECT first_responded_at FROM aid_cases WHERE id = $1`, [sub.caseId]);
    expect(after.first_responded_at).toBeInstanceOf(Date);

    const v = await view(legalLead);
    expect(v.records.map((r) => r.kind)).toEqual(['request', 'note', 'message']);
    const authorKey = parseSignPublicKey((await request(t.http).get(`/api/v1/keys/staff/${legalWorker.id}`).expect(200)).body.signPk);
    const [, n, m] = v.records;
    expect(n!.author).toEqual({ kind: 'staff', id: legalWorker.id });
    expect([n!.keyKind, n!.epoch, m!.keyKind, m!.epoch]).toEqual(['staff', 1, 'case', 1]);
    expect(decryptRecord(staffKey, { caseId: sub.caseId, recordId: n!.id, recordKind: 'note' }, n!, authorKey)).toEqual({ text: MARKERS.note });
    // The note is not under the case key the requester holds.
    expect(() => decryptRecord(caseKey, { caseId: sub.caseId, recordId: n!.id, recordKind: 'note' }, n!, authorKey)).toThrow(expect.objectContaining({ code: 'wrong_key' }));
    expect(decryptRecord(caseKey, { caseId: sub.caseId, recordId: m!.id, recordKind: 'message' }, m!, authorKey)).toEqual({ text: MARKERS.message });
    // A record under another epoch than the case's newest is refused.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/messages`, { ...record(sub.caseId, 'message', 'x', legalWorker), epoch: 2 }).expect(409);
  });

  it('shows the requester their status, envelope, request and messages, never a note', async () => {
    requester = await requesterSignIn(t, sub.keys);
    const res = await request(t.http).get('/api/v1/requester/case').set('cookie', requester.cookie).expect(200);
    const v = res.body as RequesterCaseView;
    // The staff message took the case up (statusAfterWork), and staff wrote last: answered.
    expect(v.case).toEqual({ id: sub.caseId, requestType: 'legal', status: 'in_progress', requesterStatus: 'answered', createdAt: expect.any(String) });
    // Staff appear by id and the pseudonym they chose (none here), never by name.
    expect(v.staff).toEqual([{ id: legalWorker.id, pseudonym: null }]);
    expect(res.text).not.toContain('Legal worker');
    expect(v.records.map((r) => r.kind)).toEqual(['request', 'message']);
    expect(res.text).not.toContain(MARKERS.note);
    // Their envelope is of the case key; no staff-only key ever reaches them.
    expect(v.envelope).toMatchObject({ keyKind: 'case', epoch: 1, recipient: { kind: 'requester' } });
    const staffSealed = (await t.dataSource.query(`SELECT sealed_key FROM case_key_envelopes WHERE case_id = $1 AND key_kind = 'staff'`, [sub.caseId])) as { sealed_key: string }[];
    expect(staffSealed.length).toBeGreaterThan(0);
    for (const { sealed_key } of staffSealed) expect(res.text).not.toContain(sealed_key);
    const key = openCaseKeyEnvelope(v.envelope as unknown as CaseKeyEnvelope, sub.caseId, sub.keys, sub.keys.signPk);
    const staffKey = parseSignPublicKey((await request(t.http).get(`/api/v1/keys/staff/${v.records[1]!.author.id}`).expect(200)).body.signPk);
    expect(decryptRecord(key, { caseId: sub.caseId, recordId: v.records[1]!.id, recordKind: 'message' }, v.records[1]!, staffKey)).toEqual({ text: MARKERS.message });
    // The staff routes are not theirs, not even for their own case.
    await request(t.http).get(`/api/v1/cases/${sub.caseId}`).set('cookie', requester.cookie).expect(403);
    await request(t.http).get(`/api/v1/cases?deskId=${desks.legal!.id}`).set('cookie', requester.cookie).expect(403);
  });

  it('moves through the lifecycle as each actor may, and refuses the rest', async () => {
    const move = (who: TestPerson, to: string) => staffPost(t, who, `/cases/${sub.caseId}/transitions`, { to });
    // The first message to the requester already took the case from new through triaged to in_progress (audited as triage, start).
    expect((await view(legalWorker)).case.status).toBe('in_progress');
    const invalid = await move(legalWorker, 'closed').expect(409);
    expect(JSON.parse(invalid.text)).toMatchObject({ type: 'urn:ashar:problem:invalid-transition', detail: 'a case cannot go from in_progress to closed' });
    await move(legalWorker, 'triaged').expect(409);
    await move(intakeWorker, 'awaiting_requester').expect(200);

    // The requester replies: the case goes back to the desk.
    const reply = encryptRecord(caseKey, { caseId: sub.caseId, recordId: randomUUID(), recordKind: 'message' }, { text: MARKERS.reply }, sub.keys);
    const replyId = randomUUID();
    const signed = encryptRecord(caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: MARKERS.reply }, sub.keys);
    await requesterPost('/requester/case/messages', { id: randomUUID(), ciphertext: reply.ciphertext, authorKid: kidOf(generateIdentityKeys().signPk) }).expect(422);
    const replied = await requesterPost('/requester/case/messages', { id: replyId, ciphertext: signed.ciphertext, authorKid: signed.authorKid }).expect(201);
    expect(replied.body).toEqual({ id: replyId, status: 'in_progress' });
    const v = await view(legalWorker);
    expect(v.case.status).toBe('in_progress');
    const last = v.records[v.records.length - 1]!;
    expect(last).toMatchObject({ id: replyId, kind: 'message', author: { kind: 'requester' } });
    expect(decryptRecord(caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, last, sub.keys.signPk)).toEqual({ text: MARKERS.reply });

    await move(legalWorker, 'resolved').expect(200);
    const closed = await move(legalWorker, 'closed').expect(200);
    expect(closed.body.closedAt).toEqual(expect.any(String));
    const [row] = await t.dataSource.query(`SELECT closed_at, purge_after, outcome FROM aid_cases WHERE id = $1`, [sub.caseId]);
    expect(row.outcome).toBe('resolved');
    expect(Math.round((row.purge_after.getTime() - row.closed_at.getTime()) / 86400_000)).toBe(30);
    // Nothing new on a closed case, from either side.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/notes`, record(sub.caseId, 'note', 'late', legalWorker)).expect(409);
    const late = encryptRecord(caseKey, { caseId: sub.caseId, recordId: randomUUID(), recordKind: 'message' }, { text: 'late' }, sub.keys);
    await requesterPost('/requester/case/messages', { id: randomUUID(), ciphertext: late.ciphertext, authorKid: late.authorKid }).expect(409);

    // Reopening is the lead's call; purging is the retention job's.
    expect(JSON.parse((await move(legalWorker, 'in_progress').expect(403)).text).type).toBe('urn:ashar:problem:transition-forbidden');
    expect(JSON.parse((await move(legalLead, 'purged').expect(403)).text).type).toBe('urn:ashar:problem:transition-forbidden');
    const reopened = await move(legalLead, 'in_progress').expect(200);
    expect(reopened.body.closedAt).toBeNull();
    const [open] = await t.dataSource.query(`SELECT closed_at, purge_after, outcome FROM aid_cases WHERE id = $1`, [sub.caseId]);
    expect(open).toEqual({ closed_at: null, purge_after: null, outcome: null });
  });

  it('lists whom the lead may assign the case to: active caseworkers and leads of the desks that hold it, by name', async () => {
    const listed = async () => (await staffGet(t, legalLead, `/cases/${sub.caseId}/assignees`).expect(200)).body as { staffId: string; displayName: string }[];
    // The case is held by the legal desk (owner) and the intake desk; the medical desk's people are not listed.
    expect(await listed()).toEqual([
      { staffId: legalWorker.id, displayName: 'Legal worker' },
      { staffId: intakeWorker.id, displayName: 'Test caseworker' },
      { staffId: legalLead.id, displayName: 'Test caseworker+desk_lead' },
    ]);
    // Someone suspended, or a member without a caseworker's role, is not offered (assigning them is refused).
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [intakeWorker.id]);
    const clerk = await createPerson(t, { roles: ['finance_officer'], deskIds: [desks.legal!.id], name: 'A legal desk clerk' });
    try {
      expect((await listed()).map((a) => a.staffId)).toEqual([legalWorker.id, legalLead.id]);
      for (const refused of [intakeWorker, clerk]) await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: refused.id }).expect(422);
    } finally {
      await t.dataSource.query(`UPDATE staff_members SET status = 'active' WHERE id = $1`, [intakeWorker.id]);
    }
    // As for assigning: a caseworker may not ask, the lead of a desk that does not hold the case gets 404.
    await staffGet(t, legalWorker, `/cases/${sub.caseId}/assignees`).expect(403);
    await staffGet(t, medicalLead, `/cases/${sub.caseId}/assignees`).expect(404);
    await staffGet(t, legalLead, `/cases/${randomUUID()}/assignees`).expect(404);
  });

  it('lets the lead of the owning desk assign the case to a caseworker of a desk that holds it', async () => {
    // A caseworker has no assign right at all; the lead of another desk cannot even see the case.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker.id }).expect(403);
    await staffPost(t, medicalLead, `/cases/${sub.caseId}/assign`, { assigneeId: medicalWorker.id }).expect(404);
    await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: medicalWorker.id }).expect(422);
    const res = await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker.id }).expect(200);
    expect(res.body.assigneeId).toBe(legalWorker.id);
    const mine = await staffGet(t, legalWorker, '/cases?assignee=me').expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([sub.caseId]);
  });

  it('refers the case to another desk, sealed to that desk’s key, which then reads it', async () => {
    const directory = (await request(t.http).get('/api/v1/desks')).body as { id: string; key: { chain: unknown[]; version: number } | null }[];
    const medical = verifyCertificateChain(directory.find((d) => d.id === desks.medical!.id)!.key!.chain, root.signPk, new Date()) as VerifiedDesk;
    const envelope = sealCaseKey(caseKey, sub.caseId, medical, legalWorker.identity);
    const staffEnvelope = sealStaffKey(staffKey, sub.caseId, 1, medical, legalWorker.identity);
    // The case has a staff-only key: a referral must seal it too, to the same desk key.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 } }).expect(422);
    const intakeDesk = verifyCertificateChain(directory.find((d) => d.id === desks.intake!.id)!.key!.chain, root.signPk, new Date()) as VerifiedDesk;
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 }, staffEnvelope: sealStaffKey(staffKey, sub.caseId, 1, intakeDesk, legalWorker.identity) }).expect(422);
    // Sealed to the right desk but signed by someone else, or sealed to another key.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...sealCaseKey(caseKey, sub.caseId, medical, generateIdentityKeys()), version: 1 } }).expect(422);
    const legal = verifyCertificateChain(directory.find((d) => d.id === desks.legal!.id)!.key!.chain, root.signPk, new Date()) as VerifiedDesk;
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...sealCaseKey(caseKey, sub.caseId, legal, legalWorker.identity), version: 1 } }).expect(422);
    await staffPost(t, medicalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 } }).expect(404);

    const res = await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 }, staffEnvelope }).expect(201);
    expect(res.body.collaboratorDeskIds).toEqual([desks.intake!.id, desks.medical!.id]);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 }, staffEnvelope }).expect(409);

    const v = await view(medicalWorker);
    // With the time the server stored it: readers check the sealer's certificate as of then.
    const [stored] = await t.dataSource.query(`SELECT created_at FROM case_key_envelopes WHERE case_id = $1 AND recipient_id = $2 AND key_kind = 'case'`, [sub.caseId, desks.medical!.id]);
    expect(v.envelopes.filter((g) => g.keyKind === 'staff').map((g) => [g.epoch, g.sealedKey])).toEqual([[1, staffEnvelope.sealedKey]]);
    expect(v.envelopes.filter((g) => g.keyKind === 'case')).toEqual([
      {
        keyKind: 'case',
        epoch: 1,
        recipient: { kind: 'desk', deskId: desks.medical!.id, version: 1 },
        sealer: { kind: 'staff', id: legalWorker.id },
        sealedKey: envelope.sealedKey,
        sealerKid: envelope.sealerKid,
        signature: envelope.signature,
        createdAt: (stored.created_at as Date).toISOString(),
      },
    ]);
    expect(Buffer.from(await openCaseKeyAsStaff(t, root, medicalWorker, v)).equals(Buffer.from(caseKey))).toBe(true);
    const inbox = await staffGet(t, medicalWorker, `/cases?deskId=${desks.medical!.id}`).expect(200);
    expect(inbox.body.items.map((c: { id: string }) => c.id)).toEqual([sub.caseId]);
  });

  it('keeps a requester to their own case', async () => {
    const other = await submitIntake(t, root, { type: 'legal', country: 'KG', language: 'ky', body: { type: 'legal', description: 'another person' } });
    const session = await requesterSignIn(t, other.keys);
    const res = await request(t.http).get('/api/v1/requester/case').set('cookie', session.cookie).expect(200);
    expect(res.body.case.id).toBe(other.caseId);
    expect(res.text).not.toContain(sub.caseId);
    // An account with no case (there is none to find) gets 404, for reading and replying alike.
    const [account] = await t.dataSource.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $2) RETURNING id`, ['Q'.repeat(22), 'E'.repeat(43)]);
    const { sid, session: bare } = await t.app.get(SessionStore).create({ kind: 'requester', requesterId: account.id });
    await request(t.http).get('/api/v1/requester/case').set('cookie', `__Host-ashar_sid=${sid}`).expect(404);
    const message = encryptRecord(caseKey, { caseId: sub.caseId, recordId: randomUUID(), recordKind: 'message' }, { text: 'x' }, sub.keys);
    await request(t.http)
      .post('/api/v1/requester/case/messages')
      .set('cookie', `__Host-ashar_sid=${sid}`)
      .set('x-csrf-token', bare.csrfToken)
      .send({ id: randomUUID(), ciphertext: message.ciphertext, authorKid: message.authorKid })
      .expect(404);
  });

  it('records every read and every change in the audit log, with ids only', async () => {
    const rows: { action: string; actor_kind: string; data: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT action, actor_kind, data FROM audit_events WHERE subject_type = 'case' AND subject_id = $1 ORDER BY seq`,
      [sub.caseId],
    );
    const actions = rows.map((r) => r.action);
    expect(actions[0]).toBe('case.created');
    expect(actions).toEqual(expect.arrayContaining(['case.read', 'case.note_added', 'case.message_added', 'case.status_changed', 'case.assigned', 'case.referred', 'case.key_sealed']));
    expect(rows.filter((r) => r.action === 'case.read' && r.actor_kind === 'requester')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'case.status_changed').map((r) => r.data['transition'])).toEqual(['triage', 'start', 'await_requester', 'resume', 'resolve', 'close', 'reopen']);
    // Refused acts left no event.
    expect(rows.filter((r) => r.action === 'case.note_added')).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/MARKER/);
  });

  it('holds no plaintext: no text, json or bytea column of any table contains a marker', async () => {
    const columns: { table_name: string; column_name: string; data_type: string }[] = await t.dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(expect.arrayContaining(['case_records.ciphertext', 'case_key_envelopes.sealed_key', 'outbox.payload', 'audit_events.data']));
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
    // ...and none of what people wrote, nor its base64url.
    for (const marker of [...Object.values(MARKERS), ...Object.values(MARKERS).map((m) => Buffer.from(m).toString('base64url'))]) {
      expect({ marker, columns: await columnsHolding(marker) }).toEqual({ marker, columns: [] });
    }
  });
});
