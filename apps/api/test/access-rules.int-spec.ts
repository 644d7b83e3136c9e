import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type RootKeys,
  type VerifiedPerson,
  deskSubjectId,
  encodePublicKey,
  encryptRecord,
  generateDeskKeyPair,
  generateRootKeys,
  deskVersionKeys,
  issueCertificate,
  issueRevocation,
  kidOf,
  ready,
  sealCaseKey,
  sealDeskKey,
  signDeskApproval,
} from '@ashar/crypto';
import { MASS_CLOSING, type StaffRole } from '@ashar/domain';
import request from 'supertest';
import { SessionStore } from '../src/auth/session.store';
import { RedisStore } from '../src/redis/redis.module';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, type TestDesk, certifiedDesk, makeStaffKey, openCaseKeyAsStaff, requesterSignIn, submitIntake } from './cases-support';
import { encryptTestFile } from './files-support';
import { createPerson, deskId, type TestPerson } from './people';
import { registeredRoutes } from './routes';

/*
 * The access rules the server enforces (libs/crypto SPEC.md §17; issue 13 findings 1, 2, 7, 8):
 * the admin role kept apart from case work and desks, desk membership in its leads' hands,
 * removal and suspension ending every access at once, step-up on what changes trust, and the
 * staff directory and names kept to those who need them.
 */

const YEAR = 365 * 86400_000;
const STEP_UP = 'urn:ashar:problem:step-up-required';

type Who = TestPerson | { cookie: string; csrf: string } | null;

describe('access rules the server enforces', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  /** Version 1 of the legal desk key, certified; sealed to members with `sealLegalTo`. */
  let legalKey: TestDesk;

  const api = (who: Who) => {
    const sign = (r: request.Test) => (who ? r.set('cookie', who.cookie).set('x-csrf-token', who.csrf) : r);
    return {
      get: (path: string) => (who ? request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie) : request(t.http).get(`/api/v1${path}`)),
      post: (path: string, body?: unknown) => (body === undefined ? sign(request(t.http).post(`/api/v1${path}`)) : sign(request(t.http).post(`/api/v1${path}`)).send(body as object)),
      put: (path: string, body: unknown) => sign(request(t.http).put(`/api/v1${path}`)).send(body as object),
      delete: (path: string) => sign(request(t.http).delete(`/api/v1${path}`)),
    };
  };
  const typeOf = (res: { text: string }) => (JSON.parse(res.text) as { type: string }).type;
  const person = (roles: StaffRole[], over: { deskIds?: string[]; leadDeskIds?: string[]; steppedUp?: boolean; name?: string } = {}) =>
    createPerson(t, { roles, certifyWith: { admin }, steppedUp: true, ...over });
  /** A desk of its own for each test that changes membership, so tests do not see each other's members. */
  const newDesk = async (slug: string): Promise<string> => (await t.dataSource.query(`INSERT INTO desks (slug, name) VALUES ($1, $1) RETURNING id`, [slug]))[0].id as string;
  const membersOf = async (desk: string) =>
    ((await t.dataSource.query(`SELECT staff_id, is_lead FROM desk_members WHERE desk_id = $1 ORDER BY staff_id`, [desk])) as { staff_id: string; is_lead: boolean }[]).map(
      (r) => `${r.staff_id}${r.is_lead ? ' lead' : ''}`,
    );
  const countOf = async (table: string) => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0] as { n: number }).n;
  const auditOf = async (action: string, subjectId: string) =>
    (await t.dataSource.query(`SELECT data FROM audit_events WHERE action = $1 AND subject_id = $2 ORDER BY seq`, [action, subjectId])) as { data: Record<string, unknown> }[];

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true, name: 'Amina Admin' });
    await certifiedDesk(t, admin, 'intake');
    legalKey = await certifiedDesk(t, admin, 'legal');
  });
  /** The legal desk key sealed to a member, as their lead's browser does. */
  const sealLegalTo = async (member: TestPerson) => {
    const verified = { kind: 'staff', subjectId: member.id, encPk: member.identity.encPk, signPk: member.identity.signPk } as unknown as VerifiedPerson;
    await t.dataSource.query(`INSERT INTO desk_key_envelopes (desk_id, version, staff_id, sealed_key, sealed_by) VALUES ($1, 1, $2, $3, $4)`, [legalKey.id, member.id, sealDeskKey(legalKey.key, verified), admin.id]);
  };
  afterAll(() => t.close());
  // The admin's step-up lasts five minutes; renewed before each test, so a slow run never depends on the clock.
  beforeEach(async () => {
    const sessions = t.app.get(SessionStore);
    await sessions.markSteppedUp((await sessions.read(admin.cookie.slice('__Host-ashar_sid='.length)))!);
  });

  describe('§17.1 the admin role is kept apart from case work and desks (finding 1)', () => {
    it('refuses an invitation that mixes admin with a case, money or programme role, or with a desk, with a 422 that says why, and writes nothing', async () => {
      const empty = await newDesk('mix-empty');
      const before = { staff: await countOf('staff_members'), invitations: await countOf('invitations') };
      for (const [roles, leadDeskIds, why] of [
        [['admin', 'caseworker'], [], 'the admin role is never combined with caseworker'],
        [['admin', 'desk_lead'], [empty], 'the admin role is never combined with desk_lead'],
        [['admin', 'finance_approver'], [], 'the admin role is never combined with finance_approver'],
        [['admin'], [empty], 'an admin is never a member or lead of a desk'],
      ] as const) {
        const res = await api(admin).post('/staff/invitations', { displayName: 'Stand-in', roles, deskIds: [], leadDeskIds }).expect(422);
        expect(typeOf(res)).toBe('urn:ashar:problem:validation');
        expect(JSON.stringify(res.body)).toContain(why);
      }
      expect({ staff: await countOf('staff_members'), invitations: await countOf('invitations') }).toEqual(before);
    });

    it('keeps the mix out of the database too: a row with admin and a case role is refused by a CHECK', async () => {
      await expect(createPerson(t, { roles: ['admin', 'caseworker'] })).rejects.toThrow(/staff_members_admin_exclusive/);
    });

    it('gives an admin no case access even when the data puts them on a desk and assigns them a case', async () => {
      const legal = await deskId(t, 'legal');
      const other = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
      await t.dataSource.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, true)`, [legal, other.id]);
      const caseId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, assignee_id, first_response_due_at)
         VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, $3, now() + interval '3 days')`,
        [caseId, legal, other.id],
      );
      await api(other).get(`/cases/${caseId}`).expect(403);
      await api(other).get(`/cases?deskId=${legal}`).expect(403);
      await api(other).get(`/desks/${legal}/reseal`).expect(403);
      await api(other).post(`/cases/${caseId}/transitions`, { to: 'triaged' }).expect(403);
    });

    it('never puts an admin on a desk, even at a lead’s request', async () => {
      const desk = await newDesk('no-admins');
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk] });
      const other = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
      const res = await api(lead).post(`/desks/${desk}/members`, { staffId: other.id }).expect(422);
      expect(typeOf(res)).toBe('urn:ashar:problem:admin-exclusive');
      expect(await membersOf(desk)).toEqual([lead.id + ' lead']);
    });
  });

  describe('§17.2 a desk with members changes only through its leads (finding 2)', () => {
    it('lets an admin give an empty desk its first lead, and nothing more', async () => {
      const desk = await newDesk('first-lead');
      const lead = await person(['caseworker', 'desk_lead']);
      const worker = await person(['caseworker']);
      const second = await person(['caseworker', 'desk_lead']);
      // Not a plain member, not a lead without the role.
      expect(typeOf(await api(admin).post(`/desks/${desk}/members`, { staffId: worker.id }).expect(403))).toBe('urn:ashar:problem:desk-lead-only');
      await api(admin).post(`/desks/${desk}/members`, { staffId: worker.id, lead: true }).expect(422);
      expect(await membersOf(desk)).toEqual([]);
      await api(admin).post(`/desks/${desk}/members`, { staffId: lead.id, lead: true }).expect(204);
      // From the first member on, the admin can neither add nor remove.
      const refused = await api(admin).post(`/desks/${desk}/members`, { staffId: second.id, lead: true }).expect(403);
      expect(typeOf(refused)).toBe('urn:ashar:problem:desk-lead-only');
      expect(refused.body.detail).toBe('This desk has members: only one of its leads adds or removes people.');
      // An admin has no `delete` on memberships at all: the guard refuses.
      await api(admin).delete(`/desks/${desk}/members/${lead.id}`).expect(403);
      expect(await membersOf(desk)).toEqual([lead.id + ' lead']);
    });

    it('lets the desk’s lead add and remove members, and no lead of another desk', async () => {
      const desk = await newDesk('lead-only');
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk] });
      const stranger = await person(['caseworker', 'desk_lead'], { leadDeskIds: [await newDesk('lead-other')] });
      const worker = await person(['caseworker']);
      const finance = await person(['finance_officer']);
      await api(stranger).post(`/desks/${desk}/members`, { staffId: worker.id }).expect(403);
      await api(lead).post(`/desks/${desk}/members`, { staffId: finance.id }).expect(422);
      await api(lead).post(`/desks/${desk}/members`, { staffId: worker.id }).expect(204);
      expect(await membersOf(desk)).toEqual([lead.id + ' lead', worker.id].sort());
      await api(stranger).delete(`/desks/${desk}/members/${worker.id}`).expect(403);
      await api(lead).delete(`/desks/${desk}/members/${worker.id}`).expect(204);
      expect(await membersOf(desk)).toEqual([lead.id + ' lead']);
    });

    it('takes finance officers on the finance desk only (grant keys are sealed to it), never a finance approver, and lists them as its candidates', async () => {
      const financeDesk = ((await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'finance'`)) as { id: string }[])[0]?.id as string;
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [financeDesk] });
      const officer = await person(['finance_officer']);
      const approver = await person(['finance_approver']);
      const candidates = (await api(lead).get(`/desks/${financeDesk}/candidates`).expect(200)).body as { staffId: string }[];
      expect(candidates.map((c) => c.staffId)).toContain(officer.id);
      expect(candidates.map((c) => c.staffId)).not.toContain(approver.id);
      await api(lead).post(`/desks/${financeDesk}/members`, { staffId: approver.id }).expect(422);
      await api(lead).post(`/desks/${financeDesk}/members`, { staffId: officer.id }).expect(204);
      expect(await membersOf(financeDesk)).toEqual([lead.id + ' lead', officer.id].sort());
    });

    it('takes programme managers on the programme desk only (applications are sealed to it) and lists them as its candidates', async () => {
      const programmeDesk = ((await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'programme'`)) as { id: string }[])[0]?.id as string;
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [programmeDesk] });
      const manager = await person(['programme_manager']);
      const officer = await person(['finance_officer']);
      const candidates = (await api(lead).get(`/desks/${programmeDesk}/candidates`).expect(200)).body as { staffId: string }[];
      expect(candidates.map((c) => c.staffId)).toContain(manager.id);
      expect(candidates.map((c) => c.staffId)).not.toContain(officer.id);
      await api(lead).post(`/desks/${programmeDesk}/members`, { staffId: officer.id }).expect(422);
      await api(lead).post(`/desks/${programmeDesk}/members`, { staffId: manager.id }).expect(204);
      expect(await membersOf(programmeDesk)).toEqual([lead.id + ' lead', manager.id].sort());
      // Never on a desk of aid cases.
      const legal = await newDesk('pm-legal');
      const legalLead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [legal] });
      await api(legalLead).post(`/desks/${legal}/members`, { staffId: manager.id }).expect(422);
    });

    it('keeps an active lead on a desk that has members', async () => {
      const desk = await newDesk('last-lead');
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk] });
      const worker = await person(['caseworker', 'desk_lead'], { deskIds: [desk] });
      expect(typeOf(await api(lead).delete(`/desks/${desk}/members/${lead.id}`).expect(409))).toBe('urn:ashar:problem:last-desk-lead');
      await api(lead).post(`/desks/${desk}/members`, { staffId: worker.id, lead: true }).expect(204);
      await api(lead).delete(`/desks/${desk}/members/${lead.id}`).expect(204);
      expect(await membersOf(desk)).toEqual([worker.id + ' lead']);
    });

    it('refuses an invitation to a desk that has members, or as a plain member, and makes the first lead of an empty one', async () => {
      const staffed = await newDesk('inv-staffed');
      const empty = await newDesk('inv-empty');
      await person(['caseworker', 'desk_lead'], { leadDeskIds: [staffed] });
      const before = await countOf('invitations');
      const toStaffed = await api(admin).post('/staff/invitations', { displayName: 'Stand-in', roles: ['caseworker', 'desk_lead'], leadDeskIds: [staffed] }).expect(422);
      expect(toStaffed.body).toMatchObject({ type: 'urn:ashar:problem:validation', deskIds: [staffed] });
      expect(toStaffed.body.detail).toMatch(/changes only through its leads/);
      await api(admin).post('/staff/invitations', { displayName: 'Member', roles: ['caseworker'], deskIds: [empty] }).expect(422);
      await api(admin).post('/staff/invitations', { displayName: 'Lead', roles: ['caseworker'], leadDeskIds: [empty] }).expect(422);
      expect(await countOf('invitations')).toBe(before);
      await api(admin).post('/staff/invitations', { displayName: 'Lead', roles: ['caseworker', 'desk_lead'], leadDeskIds: [empty] }).expect(201);
    });

    it('gives a lead a narrow list of whom they may add, and the admin only while the desk is empty', async () => {
      const desk = await newDesk('candidates');
      const empty = await newDesk('candidates-empty');
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], name: 'Cand Lead' });
      const worker = await person(['caseworker'], { name: 'Cand Worker' });
      const member = await person(['caseworker'], { deskIds: [desk] });
      const suspended = await person(['caseworker'], { name: 'Cand Suspended' });
      await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [suspended.id]);
      const list = (await api(lead).get(`/desks/${desk}/candidates`).expect(200)).body as { staffId: string; displayName: string; mayLead: boolean; status: string; certified: boolean }[];
      const ids = list.map((c) => c.staffId);
      expect(ids).toContain(worker.id);
      for (const absent of [lead.id, member.id, suspended.id, admin.id]) expect(ids).not.toContain(absent);
      expect(list.find((c) => c.staffId === worker.id)).toEqual({ staffId: worker.id, displayName: 'Cand Worker', mayLead: false, status: 'active', certified: true });
      await api(member).get(`/desks/${desk}/candidates`).expect(403);
      expect(typeOf(await api(admin).get(`/desks/${desk}/candidates`).expect(403))).toBe('urn:ashar:problem:desk-lead-only');
      await api(admin).get(`/desks/${empty}/candidates`).expect(200);
    });
  });

  describe('§17.3 removal from a desk ends every access at once (finding 2, the probe)', () => {
    let sub: Submission;
    let caseKey: CaseKey;
    let legal: string;
    let lead: TestPerson;
    let carla: TestPerson;
    let fileId: string;

    beforeAll(async () => {
      legal = await deskId(t, 'legal');
      lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [legal], name: 'Leo Lead' });
      carla = await person(['caseworker'], { deskIds: [legal], name: 'Carla Caseworker' });
      await sealLegalTo(lead);
      await sealLegalTo(carla);
      sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'the probe' } });
      const view = (await api(carla).get(`/cases/${sub.caseId}`).expect(200)).body;
      caseKey = await openCaseKeyAsStaff(t, root, carla, view);
      // The lead assigns the case to Carla; she writes a note and attaches a file.
      await api(lead).post(`/cases/${sub.caseId}/assign`, { assigneeId: carla.id }).expect(200);
      const noteId = randomUUID();
      // A note goes under the case's staff-only key (SPEC.md §9.2), made by her browser first.
      const staffKey = await makeStaffKey(t, root, carla, sub.caseId, caseKey);
      const note = encryptRecord(staffKey, { caseId: sub.caseId, recordId: noteId, recordKind: 'note' }, { text: 'before leaving' }, carla.identity);
      await api(carla).post(`/cases/${sub.caseId}/notes`, { id: noteId, ciphertext: note.ciphertext, authorKid: note.authorKid }).expect(201);
      const file = encryptTestFile(caseKey, sub.caseId, randomUUID(), Buffer.from('a file of the case'), 'f.txt');
      fileId = file.fileId;
      await api(carla).post(`/cases/${sub.caseId}/files`, file.body).expect(201);
      // A case key envelope addressed to Carla herself (the schema allows them; SPEC.md §9).
      const envelope = sealCaseKey(caseKey, sub.caseId, { kind: 'staff', subjectId: carla.id, encPk: carla.identity.encPk, signPk: carla.identity.signPk } as unknown as VerifiedPerson, lead.identity);
      await t.dataSource.query(
        `INSERT INTO case_key_envelopes (case_id, recipient_kind, recipient_id, sealed_key, sealer_kind, sealer_id, sealer_kid, signature) VALUES ($1, 'staff', $2, $3, 'staff', $4, $5, $6)`,
        [sub.caseId, carla.id, envelope.sealedKey, lead.id, envelope.sealerKid, envelope.signature],
      );
    });

    it('before: the assigned caseworker reads, lists and works the case', async () => {
      const view = (await api(carla).get(`/cases/${sub.caseId}`).expect(200)).body as { records: { ciphertext: string }[]; envelopes: { recipient: { kind: string } }[] };
      expect(view.records.length).toBeGreaterThan(0);
      expect(view.envelopes.map((e) => e.recipient.kind)).toContain('staff');
      const mine = (await api(carla).get('/cases?assignee=me').expect(200)).body as { items: { id: string }[] };
      expect(mine.items.map((c) => c.id)).toEqual([sub.caseId]);
    });

    it('after the lead removes her: every route answers 404 at once, the case is back in the queue, her envelope withdrawn, all audited', async () => {
      await api(lead).delete(`/desks/${legal}/members/${carla.id}`).expect(204);
      const c = `/cases/${sub.caseId}`;
      const record = (kind: 'note' | 'message') => {
        const id = randomUUID();
        const enc = encryptRecord(caseKey, { caseId: sub.caseId, recordId: id, recordKind: kind }, { text: 'after leaving' }, carla.identity);
        return { id, ciphertext: enc.ciphertext, authorKid: enc.authorKid };
      };
      const statuses = {
        read: (await api(carla).get(c)).status,
        deskList: (await api(carla).get(`/cases?deskId=${legal}`)).status,
        status: (await api(carla).post(`${c}/transitions`, { to: 'triaged' })).status,
        urgency: (await api(carla).post(`${c}/urgency`, { urgency: 'critical' })).status,
        note: (await api(carla).post(`${c}/notes`, record('note'))).status,
        message: (await api(carla).post(`${c}/messages`, record('message'))).status,
        files: (await api(carla).get(`${c}/files`)).status,
        file: (await api(carla).get(`${c}/files/${fileId}`)).status,
        newFile: (await api(carla).post(`${c}/files`, encryptTestFile(caseKey, sub.caseId, randomUUID(), Buffer.from('x'), 'x.txt').body)).status,
      };
      expect(statuses).toEqual({ read: 404, deskList: 404, status: 404, urgency: 404, note: 404, message: 404, files: 404, file: 404, newFile: 404 });
      const mine = (await api(carla).get('/cases?assignee=me').expect(200)).body as { items: unknown[] };
      expect(mine.items).toEqual([]);
      expect((await api(carla).get(`/desks/${legal}/envelopes/mine`).expect(200)).body).toEqual([]);

      const [row] = await t.dataSource.query(`SELECT assignee_id, status, urgency FROM aid_cases WHERE id = $1`, [sub.caseId]);
      // Nothing she tried changed it; the assignment had taken it up (in_progress, libs/domain statusAfterWork).
      expect(row).toEqual({ assignee_id: null, status: 'in_progress', urgency: 'normal' });
      expect(await t.dataSource.query(`SELECT 1 FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'staff'`, [sub.caseId])).toEqual([]);
      const unassigned = (await api(lead).get(`/cases?deskId=${legal}&assignee=none`).expect(200)).body as { items: { id: string }[] };
      expect(unassigned.items.map((i) => i.id)).toContain(sub.caseId);
      expect(await auditOf('case.unassigned', sub.caseId)).toEqual([{ data: { staffId: carla.id, reason: 'removed_from_desk', deskId: legal } }]);
      expect(await auditOf('case.key_withdrawn', sub.caseId)).toEqual([{ data: { staffId: carla.id, reason: 'removed_from_desk', deskId: legal } }]);
      expect(await auditOf('desk.member_removed', legal)).toContainEqual({ data: { staffId: carla.id, unassignedCases: 1, withdrawnFrom: 1 } });
    });

    it('keeps an assignment that another desk of the person still covers', async () => {
      const medical = await deskId(t, 'medical');
      const both = await person(['caseworker'], { deskIds: [legal, medical] });
      const caseId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, assignee_id, first_response_due_at)
         VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, $3, $4, now() + interval '3 days')`,
        [caseId, legal, [medical], both.id],
      );
      await api(lead).delete(`/desks/${legal}/members/${both.id}`).expect(204);
      await api(both).get(`/cases/${caseId}`).expect(200);
      expect((await t.dataSource.query(`SELECT assignee_id FROM aid_cases WHERE id = $1`, [caseId]))[0].assignee_id).toBe(both.id);
    });
  });

  describe('§17.3 suspension (finding 2)', () => {
    it('ends the person’s sessions, releases their assignments and envelopes, and answers them as signed out; reinstating lets them back', async () => {
      const legal = await deskId(t, 'legal');
      const worker = await person(['caseworker'], { deskIds: [legal], name: 'Sam Suspended' });
      const second = await t.app.get(SessionStore).create({ kind: 'staff', staffId: worker.id, credentialId: 'second' });
      const caseId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, assignee_id, first_response_due_at)
         VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, $3, now() + interval '3 days')`,
        [caseId, legal, worker.id],
      );
      await api(worker).get(`/cases/${caseId}`).expect(200);
      const redis = t.app.get(RedisStore);
      expect(await redis.client.scard(redis.key('sessions-of', 'staff', worker.id))).toBe(2);

      // Not without a fresh step-up, not by a non-admin, not oneself.
      const notStepped = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
      expect(typeOf(await api(notStepped).post(`/staff/${worker.id}/suspend`).expect(403))).toBe(STEP_UP);
      await api(await person(['caseworker', 'desk_lead'], { leadDeskIds: [legal] })).post(`/staff/${worker.id}/suspend`).expect(403);
      await api(admin).post(`/staff/${admin.id}/suspend`).expect(403);
      await api(admin).post(`/staff/${randomUUID()}/suspend`).expect(404);

      await api(admin).post(`/staff/${worker.id}/suspend`).expect(204);
      expect(await redis.client.scard(redis.key('sessions-of', 'staff', worker.id))).toBe(0);
      await api(worker).get('/auth/session').expect(401);
      await api({ cookie: `__Host-ashar_sid=${second.sid}`, csrf: second.session.csrfToken }).get(`/cases/${caseId}`).expect(401);
      // A fresh session made behind the store's back is refused and ended on its first use.
      const sneaked = await t.app.get(SessionStore).create({ kind: 'staff', staffId: worker.id, credentialId: 'sneaked' });
      await api({ cookie: `__Host-ashar_sid=${sneaked.sid}`, csrf: sneaked.session.csrfToken }).get(`/cases/${caseId}`).expect(401);
      // Public routes treat them as anyone: no staff name.
      expect((await api({ cookie: `__Host-ashar_sid=${sneaked.sid}`, csrf: '' }).get(`/keys/staff/${admin.id}`).expect(200)).body.displayName).toBeNull();
      expect((await t.dataSource.query(`SELECT assignee_id, status FROM aid_cases WHERE id = $1`, [caseId]))[0]).toEqual({ assignee_id: null, status: 'new' });
      expect(await auditOf('case.unassigned', caseId)).toEqual([{ data: { staffId: worker.id, reason: 'suspended' } }]);
      expect(await auditOf('staff.suspended', worker.id)).toEqual([{ data: { unassignedCases: 1, withdrawnFrom: 0 } }]);
      expect((await api(admin).get('/staff').expect(200)).body).toContainEqual(expect.objectContaining({ id: worker.id, status: 'suspended' }));
      await api(admin).post(`/staff/${worker.id}/suspend`).expect(409);

      await api(admin).post(`/staff/${worker.id}/reinstate`).expect(204);
      await api(admin).post(`/staff/${worker.id}/reinstate`).expect(409);
      const back = await t.app.get(SessionStore).create({ kind: 'staff', staffId: worker.id, credentialId: 'back' });
      await api({ cookie: `__Host-ashar_sid=${back.sid}`, csrf: back.session.csrfToken }).get(`/cases/${caseId}`).expect(200);
      expect((await t.dataSource.query(`SELECT assignee_id FROM aid_cases WHERE id = $1`, [caseId]))[0].assignee_id).toBeNull();
      expect(await auditOf('staff.reactivated', worker.id)).toHaveLength(1);
    });

    it('makes a suspended invitee’s link invalid', async () => {
      const invited = (await api(admin).post('/staff/invitations', { displayName: 'Ivan Invited', roles: ['caseworker'] }).expect(201)).body as { token: string; staffId: string };
      await request(t.http).post('/api/v1/enrol/check').send({ token: invited.token }).expect(200);
      await api(admin).post(`/staff/${invited.staffId}/suspend`).expect(204);
      await request(t.http).post('/api/v1/enrol/check').send({ token: invited.token }).expect(404);
      await request(t.http).post('/api/v1/enrol/options').send({ token: invited.token }).expect(404);
      await api(admin).post(`/staff/${invited.staffId}/reinstate`).expect(204);
      expect((await t.dataSource.query(`SELECT status FROM staff_members WHERE id = $1`, [invited.staffId]))[0].status).toBe('invited');
      await request(t.http).post('/api/v1/enrol/check').send({ token: invited.token }).expect(200);
    });
  });

  describe('§17.4 step-up for what changes trust (finding 7)', () => {
    interface StepUpRow {
      route: string;
      /** Makes what the request needs, as the caller it returns; `stepped` says whether that caller's session has a fresh step-up. */
      prepare: (stepped: boolean) => Promise<{ who: TestPerson; path: string; body?: unknown }>;
      /** The status once stepped up: past the guard, as far as the body takes it. */
      passes: number;
    }

    /** Desk key version `version`, made by `lead`; when `certified`, certified by the admin and approved by a second admin (published, SPEC §8.2). */
    const deskKeyVersion = async (lead: TestPerson, desk: string, version: number, certified: boolean) => {
      const key = generateDeskKeyPair(desk, version);
      const certificate = certified ? JSON.stringify(issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(desk, version), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) })) : null;
      const approver = certified ? await anAdmin(false) : null;
      await t.dataSource.query(
        `INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, certificate, created_by, certified_by, certifier_certificate, certified_at, approval_signature, approved_by, approval_certificate, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $9)`,
        [
          desk,
          version,
          encodePublicKey(key.encPk),
          encodePublicKey(key.signPk),
          certificate,
          lead.id,
          certified ? admin.id : null,
          certified ? JSON.stringify(admin.certificate) : null,
          certified ? new Date() : null,
          approver ? signDeskApproval(approver.identity, deskVersionKeys(key)) : null,
          approver?.id ?? null,
          approver ? JSON.stringify(approver.certificate) : null,
        ],
      );
      return key;
    };
    const verifiedOf = (p: TestPerson) => ({ kind: 'staff', subjectId: p.id, encPk: p.identity.encPk, signPk: p.identity.signPk }) as unknown as VerifiedPerson;
    let n = 0;
    const fresh = () => `su-${(n += 1)}`;
    const anAdmin = (stepped: boolean) => createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: stepped });

    const ROWS: StepUpRow[] = [
      {
        route: 'POST /api/v1/auth/passkeys',
        prepare: async (stepped) => ({ who: await person(['caseworker'], { steppedUp: stepped }), path: '/auth/passkeys', body: {} }),
        passes: 422,
      },
      {
        route: 'DELETE /api/v1/auth/passkeys/:id',
        prepare: async (stepped) => {
          const who = await person(['caseworker'], { steppedUp: stepped });
          const ids: string[] = [];
          for (let i = 0; i < 2; i += 1) {
            const [row] = await t.dataSource.query(`INSERT INTO staff_passkeys (staff_id, credential_id, public_key) VALUES ($1, $2, $3) RETURNING id`, [who.id, randomBytes(16).toString('base64url'), randomBytes(77)]);
            ids.push(row.id as string);
          }
          return { who, path: `/auth/passkeys/${ids[0]}` };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/staff/invitations',
        prepare: async (stepped) => ({ who: await anAdmin(stepped), path: '/staff/invitations', body: { displayName: 'Invited', roles: ['caseworker'] } }),
        passes: 201,
      },
      {
        route: 'POST /api/v1/staff/:id/suspend',
        prepare: async (stepped) => ({ who: await anAdmin(stepped), path: `/staff/${(await person(['caseworker'])).id}/suspend` }),
        passes: 204,
      },
      {
        route: 'POST /api/v1/staff/:id/reinstate',
        prepare: async (stepped) => {
          const who = await person(['caseworker']);
          await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [who.id]);
          return { who: await anAdmin(stepped), path: `/staff/${who.id}/reinstate` };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/keys/staff/:id/certificate',
        prepare: async (stepped) => {
          const issuer = await anAdmin(stepped);
          const subject = await createPerson(t, { roles: ['caseworker'] });
          const certificate = issueCertificate(issuer.identity, { kind: 'staff', subjectId: subject.id, encPk: subject.identity.encPk, signPk: subject.identity.signPk, notAfter: new Date(Date.now() + YEAR) });
          return { who: issuer, path: `/keys/staff/${subject.id}/certificate`, body: { certificate } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/members',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          return { who: await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: stepped }), path: `/desks/${desk}/members`, body: { staffId: (await person(['caseworker'])).id } };
        },
        passes: 204,
      },
      {
        route: 'DELETE /api/v1/desks/:deskId/members/:staffId',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const member = await person(['caseworker'], { deskIds: [desk] });
          return { who: await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: stepped }), path: `/desks/${desk}/members/${member.id}` };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/keys',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: stepped });
          const key = generateDeskKeyPair(desk, 1);
          return { who: lead, path: `/desks/${desk}/keys`, body: { version: 1, encPk: encodePublicKey(key.encPk), signPk: encodePublicKey(key.signPk), sealedKey: sealDeskKey(key, verifiedOf(lead)), link: null } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/keys/:version/certificate',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk] });
          const key = await deskKeyVersion(lead, desk, 1, false);
          const issuer = await anAdmin(stepped);
          const certificate = issueCertificate(issuer.identity, { kind: 'desk', subjectId: deskSubjectId(desk, 1), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) });
          return { who: issuer, path: `/desks/${desk}/keys/1/certificate`, body: { certificate } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/keys/:version/approval',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk] });
          const key = await deskKeyVersion(lead, desk, 1, false);
          await t.dataSource.query(`UPDATE desk_keys SET certificate = $3, certified_by = $4, certifier_certificate = $5, certified_at = now() WHERE desk_id = $1 AND version = $2`, [
            desk,
            1,
            JSON.stringify(issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(desk, 1), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) })),
            admin.id,
            JSON.stringify(admin.certificate),
          ]);
          const approver = await anAdmin(stepped);
          return { who: approver, path: `/desks/${desk}/keys/1/approval`, body: { signature: signDeskApproval(approver.identity, deskVersionKeys(key)) } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/keys/revocations',
        prepare: async (stepped) => {
          const issuer = await anAdmin(stepped);
          const subject = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
          const statement = issueRevocation(issuer.identity, { kind: 'staff', subjectId: subject.id, kid: kidOf(subject.identity.signPk), revokedAt: new Date() });
          return { who: issuer, path: '/keys/revocations', body: { statement } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/envelopes',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: stepped });
          const member = await person(['caseworker'], { deskIds: [desk] });
          const key = await deskKeyVersion(lead, desk, 1, true);
          return { who: lead, path: `/desks/${desk}/envelopes`, body: { version: 1, staffId: member.id, sealedKey: sealDeskKey(key, verifiedOf(member)) } };
        },
        passes: 204,
      },
      {
        route: 'POST /api/v1/desks/:deskId/reseal',
        prepare: async (stepped) => {
          const desk = await newDesk(fresh());
          const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: stepped });
          return { who: lead, path: `/desks/${desk}/reseal`, body: { version: 1, envelopes: [{ caseId: randomUUID(), sealedKey: `s1.${'K'.repeat(22)}.${'S'.repeat(128)}`, sealerKid: 'G'.repeat(22), signature: 'Z'.repeat(86) }] } };
        },
        passes: 422,
      },
      {
        route: 'POST /api/v1/routing-rules',
        prepare: async (stepped) => ({ who: await anAdmin(stepped), path: '/routing-rules', body: { priority: 50, country: 'KG', deskSlug: 'legal' } }),
        passes: 201,
      },
      {
        route: 'PUT /api/v1/routing-rules/:id',
        prepare: async (stepped) => {
          const [rule] = await t.dataSource.query(`INSERT INTO routing_rules (priority, desk_id) VALUES (7, $1) RETURNING id`, [await deskId(t, 'legal')]);
          return { who: await anAdmin(stepped), path: `/routing-rules/${rule.id}`, body: { priority: 8, deskSlug: 'legal' } };
        },
        passes: 200,
      },
      {
        route: 'DELETE /api/v1/routing-rules/:id',
        prepare: async (stepped) => {
          const [rule] = await t.dataSource.query(`INSERT INTO routing_rules (priority, desk_id) VALUES (9, $1) RETURNING id`, [await deskId(t, 'legal')]);
          return { who: await anAdmin(stepped), path: `/routing-rules/${rule.id}` };
        },
        passes: 204,
      },
    ];
    const send = (who: TestPerson, method: string, path: string, body: unknown) => {
      const r = api(who);
      if (method === 'DELETE') return r.delete(path);
      if (method === 'PUT') return r.put(path, body);
      return r.post(path, body);
    };

    it('covers every route marked @StepUp, and only those', () => {
      const marked = registeredRoutes(t.app)
        .filter((r) => r.stepUp)
        .map((r) => r.key)
        .sort();
      expect(marked).toEqual(ROWS.map((r) => r.route).sort());
    });

    for (const row of ROWS) {
      it(`${row.route}: 403 step-up-required without a fresh assertion, and changes nothing; passes with one`, async () => {
        const [method] = row.route.split(' ') as [string];
        const without = await row.prepare(false);
        const audited = await countOf('audit_events');
        const refused = await send(without.who, method, without.path, without.body);
        expect({ status: refused.status, type: typeOf(refused) }).toEqual({ status: 403, type: STEP_UP });
        expect(await countOf('audit_events')).toBe(audited);
        const withIt = await row.prepare(true);
        const passed = await send(withIt.who, method, withIt.path, withIt.body);
        expect({ route: row.route, status: passed.status }).toEqual({ route: row.route, status: row.passes });
      });
    }

    it(`closing or declining: ${MASS_CLOSING.free} in a window without a step-up, then each one more needs it`, async () => {
      const desk = await newDesk('mass-closing');
      const lead = await person(['caseworker', 'desk_lead'], { leadDeskIds: [desk], steppedUp: false });
      const cases: string[] = [];
      for (let i = 0; i < MASS_CLOSING.free + 2; i += 1) {
        const id = randomUUID();
        await t.dataSource.query(
          `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, first_response_due_at)
           VALUES ($1, 'legal', 'KZ', 'ru', 'normal', 'new', $2, now() + interval '3 days')`,
          [id, desk],
        );
        cases.push(id);
      }
      // Other moves never count.
      await api(lead).post(`/cases/${cases[0]}/transitions`, { to: 'triaged' }).expect(200);
      for (const id of cases.slice(0, MASS_CLOSING.free)) await api(lead).post(`/cases/${id}/transitions`, { to: 'declined' }).expect(200);
      const refused = await api(lead).post(`/cases/${cases[MASS_CLOSING.free]}/transitions`, { to: 'declined' }).expect(403);
      expect(typeOf(refused)).toBe(STEP_UP);
      expect(refused.body.detail).toMatch(/closed or declined more than 5 cases in a short time/);
      expect((await t.dataSource.query(`SELECT status FROM aid_cases WHERE id = $1`, [cases[MASS_CLOSING.free]]))[0].status).toBe('new');
      // A move that is not a close or decline still goes through.
      await api(lead).post(`/cases/${cases[MASS_CLOSING.free + 1]}/transitions`, { to: 'triaged' }).expect(200);
      // With a fresh step-up, the next ones pass.
      const sessions = t.app.get(SessionStore);
      const session = await sessions.read(lead.cookie.slice('__Host-ashar_sid='.length));
      await sessions.markSteppedUp(session!);
      await api(lead).post(`/cases/${cases[MASS_CLOSING.free]}/transitions`, { to: 'declined' }).expect(200);
      await api(lead).post(`/cases/${cases[0]}/transitions`, { to: 'closed' }).expect(200);
    });
  });

  describe('§17.5 the staff directory and staff names (finding 8)', () => {
    it('gives GET /staff to admins only', async () => {
      const legal = await deskId(t, 'legal');
      for (const roles of [['caseworker'], ['caseworker', 'desk_lead'], ['auditor'], ['finance_officer']] as StaffRole[][]) {
        await api(await person(roles, { leadDeskIds: roles.includes('desk_lead') ? [legal] : [] })).get('/staff').expect(403);
      }
      await api(null).get('/staff').expect(401);
      await api(admin).get('/staff').expect(200);
    });

    it('serves a staff member’s keys to anyone, but their name only to staff and to a requester they wrote to', async () => {
      const legal = await deskId(t, 'legal');
      const writer = await person(['caseworker'], { deskIds: [legal], name: 'Wanda Writer' });
      const silent = await person(['caseworker'], { deskIds: [legal], name: 'Sid Silent' });
      await sealLegalTo(writer);
      const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'names' } });
      const view = (await api(writer).get(`/cases/${sub.caseId}`).expect(200)).body;
      const key = await openCaseKeyAsStaff(t, root, writer, view);
      const messageId = randomUUID();
      const message = encryptRecord(key, { caseId: sub.caseId, recordId: messageId, recordKind: 'message' }, { text: 'hello' }, writer.identity);
      await api(writer).post(`/cases/${sub.caseId}/messages`, { id: messageId, ciphertext: message.ciphertext, authorKid: message.authorKid }).expect(201);
      const noteId = randomUUID();
      const staffKey = await makeStaffKey(t, root, silent, sub.caseId, key);
      const note = encryptRecord(staffKey, { caseId: sub.caseId, recordId: noteId, recordKind: 'note' }, { text: 'staff only' }, silent.identity);
      await api(silent).post(`/cases/${sub.caseId}/notes`, { id: noteId, ciphertext: note.ciphertext, authorKid: note.authorKid }).expect(201);
      const requester = await requesterSignIn(t, sub.keys);

      const anonymous = (await api(null).get(`/keys/staff/${writer.id}`).expect(200)).body;
      expect(anonymous).toEqual({ id: writer.id, displayName: null, encPk: encodePublicKey(writer.identity.encPk), signPk: encodePublicKey(writer.identity.signPk), chain: [writer.certificate, admin.certificate], revoked: false });
      expect((await api(silent).get(`/keys/staff/${writer.id}`).expect(200)).body.displayName).toBe('Wanda Writer');
      // A requester never learns the real name (issue 16): the pseudonym the writer chose, none yet.
      expect((await api(requester).get(`/keys/staff/${writer.id}`).expect(200)).body.displayName).toBeNull();
      await api(writer).put('/staff/me/pseudonym', { pseudonym: 'Wanda, legal desk' }).expect(204);
      expect((await api(requester).get(`/keys/staff/${writer.id}`).expect(200)).body.displayName).toBe('Wanda, legal desk');
      await api(silent).put('/staff/me/pseudonym', { pseudonym: 'Sid, legal desk' }).expect(204);
      // A note's author is not someone the requester hears from.
      expect((await api(requester).get(`/keys/staff/${silent.id}`).expect(200)).body.displayName).toBeNull();
      expect((await api(requester).get(`/keys/staff/${admin.id}`).expect(200)).body.displayName).toBeNull();
    });
  });
});
