import {
  type DeskKeyPair,
  type RootKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  generateDeskKeyPair,
  generateRootKeys,
  issueCertificate,
  openDeskKey,
  parseSignPublicKey,
  ready,
  sealDeskKey,
  signDeskApproval,
  verifyCertificateChain,
  type VerifiedDesk,
  type VerifiedPerson,
} from '@ashar/crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { createPerson, deskId, type TestPerson } from './people';

describe('desk keys: made by a lead, certified by an admin, sealed to members', () => {
  let t: TestApp;
  let root: RootKeys;
  let legal: string;
  let admin: TestPerson;
  let lead: TestPerson;
  let member: TestPerson;
  let outsider: TestPerson;
  let approver: TestPerson;
  let desk: DeskKeyPair;

  const verified = (p: TestPerson, by: TestPerson) => verifyCertificateChain([p.certificate, by.certificate], root.signPk, new Date()) as VerifiedPerson;
  const post = (who: TestPerson, path: string, body: unknown) => request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    legal = await deskId(t, 'legal');
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal], certifyWith: { admin }, steppedUp: true });
    member = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin }, steppedUp: true });
    outsider = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [await deskId(t, 'medical')], certifyWith: { admin }, steppedUp: true });
    approver = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    desk = generateDeskKeyPair(legal, 1);
  });
  afterAll(() => t.close());

  it('needs a fresh step-up from the lead', async () => {
    const notStepped = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal], certifyWith: { admin } });
    const res = await post(notStepped, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(notStepped, admin)) }).expect(403);
    expect(JSON.parse(res.text).type).toBe('urn:ashar:problem:step-up-required');
  });

  it('refuses admins and leads of other desks', async () => {
    await post(admin, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(lead, admin)) }).expect(403);
    await post(outsider, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(outsider, admin)) }).expect(403);
  });

  it('lets the lead add version 1 sealed to themselves, and only the next version', async () => {
    await post(lead, `/desks/${legal}/keys`, { version: 2, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(lead, admin)) }).expect(409);
    // A key sealed to someone else is refused: the server checks the recipient key id.
    await post(lead, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(member, admin)) }).expect(422);
    await post(lead, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(lead, admin)) }).expect(204);
  });

  it('is certified by an admin, and published with a chain that verifies to the root', async () => {
    const other = generateDeskKeyPair(legal, 1);
    const wrong = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(legal, 1), encPk: other.encPk, signPk: desk.signPk, notAfter: new Date(Date.now() + 86400_000 * 365) });
    await post(admin, `/desks/${legal}/keys/1/certificate`, { certificate: wrong }).expect(422);
    // The signing key is certified too: a certificate for another one is refused.
    const wrongSign = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(legal, 1), encPk: desk.encPk, signPk: other.signPk, notAfter: new Date(Date.now() + 86400_000 * 365) });
    await post(admin, `/desks/${legal}/keys/1/certificate`, { certificate: wrongSign }).expect(422);
    const certificate = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(legal, 1), encPk: desk.encPk, signPk: desk.signPk, notAfter: new Date(Date.now() + 86400_000 * 365) });
    await post(lead, `/desks/${legal}/keys/1/certificate`, { certificate }).expect(403);
    await post(admin, `/desks/${legal}/keys/1/certificate`, { certificate }).expect(204);
    // Version 1 is published once a second admin approves it (libs/crypto SPEC.md §8.2).
    expect((await request(t.http).get('/api/v1/desks').expect(200)).body.find((d: { slug: string }) => d.slug === 'legal').key).toBeNull();
    await post(approver, `/desks/${legal}/keys/1/approval`, { signature: signDeskApproval(approver.identity, deskVersionKeys(desk)) }).expect(204);

    const directory = await request(t.http).get('/api/v1/desks').expect(200);
    const entry = directory.body.find((d: { slug: string }) => d.slug === 'legal');
    expect(entry.key.version).toBe(1);
    const published = verifyCertificateChain(entry.key.chain, parseSignPublicKey(encodePublicKey(root.signPk)), new Date());
    expect(published.kind).toBe('desk');
    expect(encodePublicKey(published.encPk)).toBe(encodePublicKey(desk.encPk));
  });

  it('lists every key version to the desk and admins, with the maker and the chain once certified', async () => {
    const listed = await request(t.http).get(`/api/v1/desks/${legal}/keys`).set('cookie', member.cookie).expect(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ version: 1, encPk: encodePublicKey(desk.encPk), createdBy: { id: lead.id } });
    expect(listed.body[0].certifiedAt).toEqual(expect.any(String));
    expect(verifyCertificateChain(listed.body[0].chain, root.signPk, new Date()).kind).toBe('desk');
    await request(t.http).get(`/api/v1/desks/${legal}/keys`).set('cookie', admin.cookie).expect(200);
    await request(t.http).get(`/api/v1/desks/${legal}/keys`).set('cookie', outsider.cookie).expect(404);
    // The conflict says which version comes next, in a field a client can read.
    const conflict = await post(lead, `/desks/${legal}/keys`, { version: 1, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk), link: null, sealedKey: sealDeskKey(desk, verified(lead, admin)) }).expect(409);
    expect(JSON.parse(conflict.text).nextVersion).toBe(2);
  });

  it('is sealed by the lead to a member, who opens it and gets the certified key', async () => {
    await post(lead, `/desks/${legal}/envelopes`, { version: 1, staffId: outsider.id, sealedKey: sealDeskKey(desk, verified(outsider, admin)) }).expect(422);
    await post(member, `/desks/${legal}/envelopes`, { version: 1, staffId: member.id, sealedKey: sealDeskKey(desk, verified(member, admin)) }).expect(403);
    await post(lead, `/desks/${legal}/envelopes`, { version: 1, staffId: member.id, sealedKey: sealDeskKey(desk, verified(member, admin)) }).expect(204);

    const mine = await request(t.http).get(`/api/v1/desks/${legal}/envelopes/mine`).set('cookie', member.cookie).expect(200);
    expect(mine.body).toHaveLength(1);
    const directory = await request(t.http).get('/api/v1/desks').expect(200);
    const chain = directory.body.find((d: { slug: string }) => d.slug === 'legal').key.chain;
    const verifiedDesk = verifyCertificateChain(chain, root.signPk, new Date()) as VerifiedDesk;
    const opened = openDeskKey(mine.body[0].sealedKey, member.identity, verifiedDesk);
    expect(Buffer.from(opened.deskSk).equals(Buffer.from(desk.deskSk))).toBe(true);
  });

  it('shows members and their key versions, and removing a member drops their envelopes', async () => {
    const members = await request(t.http).get(`/api/v1/desks/${legal}/members`).set('cookie', lead.cookie).expect(200);
    expect(members.body.find((m: { staffId: string }) => m.staffId === member.id).keyVersions).toEqual([1]);
    await request(t.http).delete(`/api/v1/desks/${legal}/members/${member.id}`).set('cookie', lead.cookie).set('x-csrf-token', lead.csrf).expect(204);
    const mine = await request(t.http).get(`/api/v1/desks/${legal}/envelopes/mine`).set('cookie', member.cookie).expect(200);
    expect(mine.body).toEqual([]);
  });

  it('audits every key act', async () => {
    const rows: { action: string }[] = await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_type = 'desk' ORDER BY seq`);
    expect(rows.map((r) => r.action)).toEqual(['desk.key_rotated', 'keys.certify', 'desk.key_approved', 'desk.key_sealed', 'desk.member_removed']);
  });
});
