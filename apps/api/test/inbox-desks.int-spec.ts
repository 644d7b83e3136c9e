import { randomUUID } from 'node:crypto';
import { type RootKeys, encodePublicKey, encryptRecord, generateRootKeys, openSubject, ready, sealSubject } from '@ashar/crypto';
import { type InboxDesks, type InboxKeys, type InboxPage } from '@ashar/domain';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, openCaseKeyAsStaff, prepareIntake, requesterSignIn, staffGet, staffPost, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { POW_HEADER, powProof } from './pow';

/**
 * The staff inbox besides its pages (issue 16): each desk's open work, so a lead's inbox opens on
 * the most urgent one, and the caller's case key envelopes of a page's cases, so the browser opens
 * their subject lines without reading (or marking read) the cases.
 */
describe('inbox desks and inbox keys', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let lead: TestPerson;
  let medicalWorker: TestPerson;
  let psychWorker: TestPerson;
  const ids: Record<string, string> = {};
  const desks: Record<string, TestDesk> = {};

  const submit = async (type: 'legal' | 'psychological', subject?: string): Promise<Submission> => {
    const sub = await prepareIntake(t, root, { type, country: 'KZ', language: 'ru', body: { type, description: 'help' } });
    const body = subject === undefined ? sub.body : { ...sub.body, subject: sealSubject(sub.caseKey, sub.caseId, subject) };
    await request(t.http).post('/api/v1/intake').set(POW_HEADER, await powProof(t.http, 'intake')).send(body).expect(201);
    return sub;
  };
  const loads = async (who: TestPerson) => ((await staffGet(t, who, '/cases/inbox/desks').expect(200)).body as InboxDesks).desks;
  const loadOf = async (who: TestPerson, slug: string) => (await loads(who)).find((d) => d.deskId === ids[slug]);

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, INTAKE_LIMIT_PER_CLIENT: '100' });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    for (const slug of ['intake', 'legal', 'medical', 'psychological']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    const certify = { certifyWith: { admin } } as const;
    // A lead of the legal desk who also works in medical; a caseworker of medical only; one of psychological only.
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], deskIds: [ids.medical!], leadDeskIds: [ids.legal!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    psychWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.psychological!], ...certify });
    const intakeWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.intake!], ...certify });
    desks.intake = await certifiedDesk(t, admin, 'intake', [intakeWorker]);
    desks.legal = await certifiedDesk(t, admin, 'legal', [lead]);
    desks.medical = await certifiedDesk(t, admin, 'medical', [lead, medicalWorker]);
    desks.psychological = await certifiedDesk(t, admin, 'psychological', [psychWorker]);
  });
  afterAll(() => t.close());

  it('counts each member desk’s open work: by urgency, overdue and unread for the caller; other desks are not listed', async () => {
    const before = await loads(lead);
    expect(before.map((d) => d.deskId).sort()).toEqual([ids.legal!, ids.medical!].sort());
    const legalBefore = before.find((d) => d.deskId === ids.legal)!;

    const sub = await submit('legal');
    const legal = await loadOf(lead, 'legal');
    expect(legal).toEqual({ ...legalBefore, open: { ...legalBefore.open, normal: legalBefore.open.normal + 1 }, unread: legalBefore.unread + 1 });
    // Another desk of the lead's holds nothing of it.
    expect(await loadOf(lead, 'medical')).toEqual(before.find((d) => d.deskId === ids.medical));
    // Made critical and past its due time: overdue; opened: no longer unread.
    await staffPost(t, lead, `/cases/${sub.caseId}/urgency`, { urgency: 'critical' }).expect(200);
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = now() - interval '1 hour' WHERE id = $1`, [sub.caseId]);
    await staffGet(t, lead, `/cases/${sub.caseId}`).expect(200);
    expect(await loadOf(lead, 'legal')).toEqual({ ...legalBefore, overdue: legalBefore.overdue + 1, open: { ...legalBefore.open, critical: legalBefore.open.critical + 1 }, unread: legalBefore.unread });
    // A requester reply makes it unread again.
    const requester = await requesterSignIn(t, sub.keys);
    const replyId = randomUUID();
    const signed = encryptRecord(sub.caseKey, { caseId: sub.caseId, recordId: replyId, recordKind: 'message' }, { text: 'reply' }, sub.keys);
    await request(t.http).post('/api/v1/requester/case/messages').set('cookie', requester.cookie).set('x-csrf-token', requester.csrf).send({ id: replyId, ciphertext: signed.ciphertext, authorKid: signed.authorKid }).expect(201);
    expect((await loadOf(lead, 'legal'))!.unread).toBe(legalBefore.unread + 1);
    // Closed cases are not open work.
    await t.dataSource.query(`UPDATE aid_cases SET status = 'closed', closed_at = now(), purge_after = now() + interval '30 days', outcome = 'resolved' WHERE id = $1`, [sub.caseId]);
    expect(await loadOf(lead, 'legal')).toEqual(legalBefore);
    // The medical caseworker sees only their desk, and the counts are theirs.
    expect((await loads(medicalWorker)).map((d) => d.deskId)).toEqual([ids.medical]);
  });

  it('gives the caller’s case key envelopes and links of readable cases only, which open the subject, and marks nothing read', async () => {
    const withSubject = await submit('legal', 'Detained at the border');
    const other = await submit('psychological', 'Not for the legal desk');
    const keys = (await staffGet(t, lead, `/cases/inbox/keys?ids=${withSubject.caseId},${other.caseId}`).expect(200)).body as InboxKeys;
    // The psychological case is not the lead's: left out as if it did not exist.
    expect(keys.items.map((k) => k.caseId)).toEqual([withSubject.caseId]);
    const item = keys.items[0]!;
    expect(item).toMatchObject({ epoch: 1, caseKeyLinks: [], requester: withSubject.body.requester });
    // Case keys only, to the lead's desk (legal: not the intake desk's, nor the requester's own).
    expect(item.envelopes.map((e) => [e.keyKind, e.recipient])).toEqual([['case', { kind: 'desk', deskId: ids.legal, version: 1 }]]);

    // What the browser does with them: the desk key opens the case key, which opens the subject of the inbox row.
    const caseKey = await openCaseKeyAsStaff(t, root, lead, { envelopes: item.envelopes, requester: item.requester, case: { id: item.caseId } });
    const page = (await staffGet(t, lead, `/cases?deskId=${ids.legal}&sort=created&limit=100`).expect(200)).body as InboxPage;
    const row = page.items.find((c) => c.id === withSubject.caseId)!;
    expect(openSubject(caseKey, row.id, row.subject!)).toBe('Detained at the border');
    // Asking for the keys is not opening the case: still unread, and no case.read audit.
    expect(row.unread).toBe(true);
    const audits = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.read' AND subject_id = $1`, [withSubject.caseId])) as { n: number }[];
    expect(audits[0]!.n).toBe(0);
  });

  it('refuses a bad id list with a problem, and answers nothing for cases of other desks', async () => {
    await staffGet(t, lead, '/cases/inbox/keys').expect(422);
    const bad = await staffGet(t, lead, '/cases/inbox/keys?ids=not-an-id').expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const many = Array.from({ length: 101 }, () => randomUUID()).join(',');
    await staffGet(t, lead, `/cases/inbox/keys?ids=${many}`).expect(422);
    const psych = await submit('psychological');
    expect(((await staffGet(t, psychWorker, `/cases/inbox/keys?ids=${psych.caseId}`).expect(200)).body as InboxKeys).items).toHaveLength(1);
    expect(((await staffGet(t, lead, `/cases/inbox/keys?ids=${psych.caseId}`).expect(200)).body as InboxKeys).items).toEqual([]);
  });
});
