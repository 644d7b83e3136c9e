import { randomUUID } from 'node:crypto';
import { type CaseKey, type RootKeys, type VerifiedDesk, encodePublicKey, encryptRecord, generateRootKeys, openSubject, ready, sealCaseKey, sealSubject, verifyCertificateChain } from '@ashar/crypto';
import { type InboxPage, type RequesterCaseView, type StaffNotificationView } from '@ashar/domain';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, prepareIntake, requesterSignIn, staffGet, staffPost, type TestDesk } from './cases-support';
import { encryptTestFile, plaintextOf, uploadWhole } from './files-support';
import { createPerson, type TestPerson } from './people';
import { POW_HEADER, powProof } from './pow';

/** A name that must never reach a requester (issue 16, "Requesters see too much of staff"). */
const REAL_NAME = 'Aigerim Realname-Nurlanovna';
const SUBJECT = 'Brother detained in Almaty — need a lawyer';

/**
 * A team's first week (issue 16), api side: statuses follow the work, the requester is told the
 * truth, staff are notified (kind and where only) and see unread markers, the requester's subject
 * line reaches the inbox sealed, and requesters meet staff only under their pseudonyms.
 */
describe('a team’s first week: statuses, notifications, unread markers, subjects and pseudonyms', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let legalWorker: TestPerson;
  let legalWorker2: TestPerson;
  let legalLead: TestPerson;
  let medicalWorker: TestPerson;
  let intakeWorker: TestPerson;
  const desks: Record<string, TestDesk> = {};

  const submit = async (subject?: string): Promise<Submission> => {
    const sub = await prepareIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'help' } });
    const body = subject === undefined ? sub.body : { ...sub.body, subject: sealSubject(sub.caseKey, sub.caseId, subject) };
    await request(t.http).post('/api/v1/intake').set(POW_HEADER, await powProof(t.http, 'intake')).send(body).expect(201);
    return sub;
  };
  const notifications = async (who: TestPerson): Promise<StaffNotificationView[]> => (await staffGet(t, who, '/notifications?limit=100').expect(200)).body.items as StaffNotificationView[];
  const notified = async (who: TestPerson, kind: string, where: { caseId?: string; grantId?: string }) =>
    (await notifications(who)).filter((n) => n.kind === kind && (where.caseId === undefined || n.caseId === where.caseId) && (where.grantId === undefined || n.grantId === where.grantId)).length;
  const message = (caseId: string, caseKey: CaseKey, author: TestPerson, text: string) => {
    const id = randomUUID();
    const enc = encryptRecord(caseKey, { caseId, recordId: id, recordKind: 'message' }, { text }, author.identity);
    return { id, ciphertext: enc.ciphertext, authorKid: enc.authorKid };
  };
  const statusAudits = async (caseId: string) =>
    ((await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'case.status_changed' AND subject_type = 'case' AND subject_id = $1 ORDER BY seq`, [caseId])) as { data: { from: string; to: string; transition: string } }[]).map(
      (r) => `${r.data.from}>${r.data.to}:${r.data.transition}`,
    );
  const status = async (caseId: string) => ((await t.dataSource.query(`SELECT status FROM aid_cases WHERE id = $1`, [caseId])) as { status: string }[])[0]?.status;

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, INTAKE_LIMIT_PER_CLIENT: '100' });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const certify = { certifyWith: { admin } } as const;
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify, name: REAL_NAME });
    legalWorker2 = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    legalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    intakeWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.intake!], ...certify });
    desks.intake = await certifiedDesk(t, admin, 'intake', [intakeWorker]);
    desks.legal = await certifiedDesk(t, admin, 'legal', [legalWorker, legalWorker2, legalLead]);
    desks.medical = await certifiedDesk(t, admin, 'medical', [medicalWorker]);
  });
  afterAll(() => t.close());

  it('notifies every active member of the owning desk of a new case, once, and nobody else', async () => {
    const suspended = await createPerson(t, { roles: ['caseworker'], deskIds: [desks.legal!.id] });
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    // A member of the desk without a case role cannot open its cases, so is not told of them.
    const clerk = await createPerson(t, { roles: ['finance_officer'], deskIds: [desks.legal!.id] });
    const sub = await submit();
    for (const who of [legalWorker, legalWorker2, legalLead]) {
      const mine = (await notifications(who)).filter((n) => n.caseId === sub.caseId);
      expect(mine).toEqual([expect.objectContaining({ kind: 'case_new', caseId: sub.caseId, deskId: desks.legal!.id, grantId: null, readAt: null })]);
    }
    // The intake desk holds an envelope but does not own the case; other desks, admins and the suspended hear nothing.
    for (const who of [intakeWorker, medicalWorker, admin, clerk]) expect(await notified(who, 'case_new', { caseId: sub.caseId })).toBe(0);
    expect(await t.dataSource.query(`SELECT 1 FROM staff_notifications WHERE recipient_id = $1`, [suspended.id])).toEqual([]);
    // Kind and where only: the notification is to the minute, as every requester-caused time.
    const [row] = (await t.dataSource.query(`SELECT created_at FROM staff_notifications WHERE case_id = $1 LIMIT 1`, [sub.caseId])) as { created_at: Date }[];
    expect(row!.created_at.getUTCSeconds()).toBe(0);
  });

  it('shows the inbox what a caseworker needs to choose, with the sealed subject and an unread marker until the case is opened', async () => {
    const sub = await submit(SUBJECT);
    const page = async (who: TestPerson) => ((await staffGet(t, who, `/cases?deskId=${desks.legal!.id}&limit=100`).expect(200)).body as InboxPage).items.find((i) => i.id === sub.caseId)!;
    const before = await page(legalWorker);
    expect(before).toMatchObject({ requestType: 'legal', country: 'KZ', urgency: 'normal', status: 'new', assigneeId: null, assigneeName: null, unread: true });
    expect(before.lastActivityAt).toBe(before.createdAt);
    expect(before.subject).toHaveLength(763);
    // The server stores and returns ciphertext only; the staff browser opens it with the case key.
    expect(JSON.stringify(before)).not.toContain('Almaty');
    expect(openSubject(sub.caseKey, sub.caseId, before.subject!)).toBe(SUBJECT);
    // Opening the case (the case page's GET /cases/:id) marks it read for the reader only.
    const view = (await staffGet(t, legalWorker, `/cases/${sub.caseId}`).expect(200)).body as { subject: string | null };
    expect(view.subject).toBe(before.subject);
    expect((await page(legalWorker)).unread).toBe(false);
    expect((await page(legalLead)).unread).toBe(true);
    // Assigned: the assignee's name shows (staff see real names among themselves).
    await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker.id }).expect(200);
    expect(await page(legalLead)).toMatchObject({ assigneeId: legalWorker.id, assigneeName: REAL_NAME });
    // A requester's reply is activity since the last read: unread again.
    const requester = await requesterSignIn(t, sub.keys);
    const replyId = randomUUID();
    const signed = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: 'reply' }, sub.keys);
    await request(t.http).post('/api/v1/requester/case/messages').set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send({ id: replyId, ciphertext: signed.ciphertext, authorKid: signed.authorKid }).expect(201);
    const after = await page(legalWorker);
    expect(after.unread).toBe(true);
    expect(after.lastActivityAt >= before.lastActivityAt).toBe(true);
    expect(after.lastActivityAt.slice(17)).toBe('00.000Z');
  });

  it('refuses a subject that is not a sealed subject line, writing nothing', async () => {
    const sub = await prepareIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'help' } });
    const sealed = sealSubject(sub.caseKey, sub.caseId, 'x');
    for (const subject of ['hello', `${sealed}A`, sealed.slice(0, -1), 'a1.' + 'A'.repeat(760)]) {
      await request(t.http).post('/api/v1/intake').set(POW_HEADER, await powProof(t.http, 'intake')).send({ ...sub.body, subject }).expect(422);
    }
    expect(await t.dataSource.query(`SELECT 1 FROM aid_cases WHERE id = $1`, [sub.caseId])).toEqual([]);
  });

  it('moves a new case to in_progress on assignment, audited edge by edge, and notifies the assignee but not the one who assigned', async () => {
    const sub = await submit();
    const res = await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker.id }).expect(200);
    expect(res.body.status).toBe('in_progress');
    expect(await status(sub.caseId)).toBe('in_progress');
    expect(await statusAudits(sub.caseId)).toEqual(['new>triaged:triage', 'triaged>in_progress:start']);
    expect(await notified(legalWorker, 'case_assigned', { caseId: sub.caseId })).toBe(1);
    for (const who of [legalLead, legalWorker2, admin]) expect(await notified(who, 'case_assigned', { caseId: sub.caseId })).toBe(0);
    // Assigning oneself notifies nobody; a second assignment moves no status.
    await staffPost(t, legalWorker2, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker2.id }).expect(403);
    await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: legalLead.id }).expect(200);
    expect(await notified(legalLead, 'case_assigned', { caseId: sub.caseId })).toBe(0);
    expect(await statusAudits(sub.caseId)).toHaveLength(2);
  });

  it('counts a first staff message as taking the case up, and tells the requester the truth at each step', async () => {
    const sub = await submit();
    const requester = await requesterSignIn(t, sub.keys);
    const requesterView = async () => (await request(t.http).get('/api/v1/requester/case').set('cookie', requester.cookie).expect(200)).body as RequesterCaseView;
    expect((await requesterView()).case).toMatchObject({ status: 'new', requesterStatus: 'received' });

    await staffPost(t, legalWorker, `/cases/${sub.caseId}/messages`, message(sub.caseId, sub.caseKey, legalWorker, 'we read you')).expect(201);
    expect(await status(sub.caseId)).toBe('in_progress');
    expect(await statusAudits(sub.caseId)).toEqual(['new>triaged:triage', 'triaged>in_progress:start']);
    const audits = (await t.dataSource.query(`SELECT actor_kind, actor_id FROM audit_events WHERE action = 'case.status_changed' AND subject_id = $1`, [sub.caseId])) as { actor_kind: string; actor_id: string }[];
    expect(audits.every((a) => a.actor_kind === 'staff' && a.actor_id === legalWorker.id)).toBe(true);
    expect((await requesterView()).case).toMatchObject({ status: 'in_progress', requesterStatus: 'answered' });

    await staffPost(t, legalWorker, `/cases/${sub.caseId}/transitions`, { to: 'awaiting_requester' }).expect(200);
    expect((await requesterView()).case.requesterStatus).toBe('waiting_for_you');

    // The requester's reply hands the case back (resume), and the requester wrote last: received.
    const replyId = randomUUID();
    const reply = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: 'thanks' }, sub.keys);
    const replied = await request(t.http)
      .post('/api/v1/requester/case/messages')
      .set('cookie', requester.cookie)
      .set('x-csrf-token', requester.csrf)
      .send({ id: replyId, ciphertext: reply.ciphertext, authorKid: reply.authorKid })
      .expect(201);
    expect(replied.body.status).toBe('in_progress');
    expect((await statusAudits(sub.caseId)).at(-1)).toBe('awaiting_requester>in_progress:resume');
    expect((await requesterView()).case.requesterStatus).toBe('received');

    // Unassigned: every member of the desks holding the case hears of the reply; the medical desk does not.
    for (const who of [legalWorker, legalWorker2, legalLead, intakeWorker]) expect(await notified(who, 'requester_message', { caseId: sub.caseId })).toBe(1);
    for (const who of [medicalWorker, admin]) expect(await notified(who, 'requester_message', { caseId: sub.caseId })).toBe(0);

    await staffPost(t, legalWorker, `/cases/${sub.caseId}/transitions`, { to: 'resolved' }).expect(200);
    expect((await requesterView()).case.requesterStatus).toBe('closed');
  });

  it('notifies only the assignee of a requester’s reply and file on an assigned case', async () => {
    const sub = await submit();
    await staffPost(t, legalLead, `/cases/${sub.caseId}/assign`, { assigneeId: legalWorker2.id }).expect(200);
    const requester = await requesterSignIn(t, sub.keys);
    const replyId = randomUUID();
    const reply = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: 'more' }, sub.keys);
    await request(t.http).post('/api/v1/requester/case/messages').set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send({ id: replyId, ciphertext: reply.ciphertext, authorKid: reply.authorKid }).expect(201);
    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(2000, 'FILE'), 'scan.pdf', 'message');
    await uploadWhole(t, requester, sub.caseId, file);
    expect(await notified(legalWorker2, 'requester_message', { caseId: sub.caseId })).toBe(1);
    expect(await notified(legalWorker2, 'requester_file', { caseId: sub.caseId })).toBe(1);
    for (const who of [legalWorker, legalLead, intakeWorker, admin]) {
      expect(await notified(who, 'requester_message', { caseId: sub.caseId })).toBe(0);
      expect(await notified(who, 'requester_file', { caseId: sub.caseId })).toBe(0);
    }
    // Completing the file again notifies no one twice (idempotent).
    await request(t.http).post(`/api/v1/cases/${sub.caseId}/files/${file.fileId}/complete`).set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).expect(204);
    expect(await notified(legalWorker2, 'requester_file', { caseId: sub.caseId })).toBe(1);
    const [activity] = (await t.dataSource.query(`SELECT requester_activity AS n FROM aid_cases WHERE id = $1`, [sub.caseId])) as { n: number }[];
    expect(activity!.n).toBe(3);
  });

  it('notifies the members of the desk a case is referred to, but not the one who referred it', async () => {
    const sub = await submit();
    const directory = (await request(t.http).get('/api/v1/desks')).body as { id: string; key: { chain: unknown[] } | null }[];
    const medical = verifyCertificateChain(directory.find((d) => d.id === desks.medical!.id)!.key!.chain, root.signPk, new Date()) as VerifiedDesk;
    const envelope = sealCaseKey(sub.caseKey, sub.caseId, medical, legalWorker.identity);
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/referrals`, { deskId: desks.medical!.id, envelope: { ...envelope, version: 1 } }).expect(201);
    expect((await notifications(medicalWorker)).filter((n) => n.caseId === sub.caseId)).toEqual([expect.objectContaining({ kind: 'case_referred', deskId: desks.medical!.id })]);
    for (const who of [legalWorker, legalLead, intakeWorker, admin]) expect(await notified(who, 'case_referred', { caseId: sub.caseId })).toBe(0);
  });

  it('shows requesters a pseudonym the member of staff chose, never their name; staff keep real names', async () => {
    const pseudonym = (who: TestPerson) => request(t.http).put('/api/v1/staff/me/pseudonym').set('cookie', who.cookie).set('x-csrf-token', who.csrf);
    // Validation: control characters, too long, empty, unknown fields; nothing changes.
    for (const body of [{ pseudonym: 'Aigerim\nlegal' }, { pseudonym: 'x'.repeat(61) }, { pseudonym: '   ' }, { pseudonym: 'A', extra: 1 }, {}]) await pseudonym(legalWorker).send(body).expect(422);
    expect((await staffGet(t, legalWorker, '/staff/me/pseudonym').expect(200)).body).toEqual({ pseudonym: null });
    await request(t.http).get('/api/v1/staff/me/pseudonym').expect(401);

    const sub = await submit();
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/messages`, message(sub.caseId, sub.caseKey, legalWorker, 'hello')).expect(201);
    const requester = await requesterSignIn(t, sub.keys);
    const look = async () => {
      const view = await request(t.http).get('/api/v1/requester/case').set('cookie', requester.cookie).expect(200);
      const keys = await request(t.http).get(`/api/v1/keys/staff/${legalWorker.id}`).set('cookie', requester.cookie).expect(200);
      for (const text of [view.text, keys.text]) {
        expect(text).not.toContain(REAL_NAME);
        expect(text).not.toContain('Aigerim Realname');
      }
      return { view: view.body as RequesterCaseView, keys: keys.body as { displayName: string | null } };
    };
    // None chosen yet: the requester learns no name at all.
    let seen = await look();
    expect(seen.view.staff).toEqual([{ id: legalWorker.id, pseudonym: null }]);
    expect(seen.keys.displayName).toBeNull();

    await pseudonym(legalWorker).send({ pseudonym: '  Aigerim, legal desk  ' }).expect(204);
    expect((await staffGet(t, legalWorker, '/staff/me/pseudonym').expect(200)).body).toEqual({ pseudonym: 'Aigerim, legal desk' });
    seen = await look();
    expect(seen.view.staff).toEqual([{ id: legalWorker.id, pseudonym: 'Aigerim, legal desk' }]);
    expect(seen.keys.displayName).toBe('Aigerim, legal desk');
    // Staff see the real name, not the pseudonym.
    expect((await staffGet(t, legalLead, `/keys/staff/${legalWorker.id}`).expect(200)).body.displayName).toBe(REAL_NAME);
    const [audit] = (await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'staff.pseudonym_changed' AND actor_id = $1`, [legalWorker.id])) as { data: unknown }[];
    expect(audit!.data).toEqual({ set: true });
    expect(JSON.stringify(audit)).not.toContain('Aigerim');
    // Removing it again.
    await pseudonym(legalWorker).send({ pseudonym: null }).expect(204);
    expect((await look()).view.staff).toEqual([{ id: legalWorker.id, pseudonym: null }]);
  });

  it('lists notifications of the caller only, and marks them read', async () => {
    const mine = await notifications(legalWorker2);
    expect(mine.length).toBeGreaterThan(0);
    await request(t.http).post(`/api/v1/notifications/${mine[0]!.id}/read`).set('cookie', legalLead.cookie).set('x-csrf-token', legalLead.csrf).expect(404);
    await request(t.http).post(`/api/v1/notifications/${mine[0]!.id}/read`).set('cookie', legalWorker2.cookie).set('x-csrf-token', legalWorker2.csrf).expect(204);
    const unread = (await staffGet(t, legalWorker2, '/notifications?unread=true&limit=100').expect(200)).body.items as StaffNotificationView[];
    expect(unread.map((n) => n.id)).not.toContain(mine[0]!.id);
  });
});
