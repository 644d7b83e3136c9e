/**
 * Desk key continuity and revocation through the api (libs/crypto SPEC.md §8.2, §8.3; issue 13,
 * findings 1 and 2). The rule is the clients' (they verify the published history themselves, as
 * the test does with verifyDeskHistory); the api checks links and approvals too, publishes only
 * versions that are linked or approved, needs a second admin for approvals, and stops using
 * revoked keys.
 */
import {
  type DeskKeyPair,
  type RootKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRootKeys,
  issueCertificate,
  issueRevocation,
  kidOf,
  ready,
  sealDeskKey,
  signDeskApproval,
  signDeskLink,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
  type VerifiedPerson,
} from '@ashar/crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { certifiedDesk, prepareIntake, staffGet, staffPost } from './cases-support';
import { createPerson, deskId, type TestPerson } from './people';
import { withPow } from './pow';

const YEAR = 365 * 86400_000;

describe('desk key continuity and revocation', () => {
  let t: TestApp;
  let root: RootKeys;
  let intake: string;
  let amina: TestPerson;
  let bilal: TestPerson;
  let lead: TestPerson;
  let member: TestPerson;
  let standIn: TestPerson;
  const keys: DeskKeyPair[] = [];

  const verified = (p: TestPerson) => verifyCertificateChain([p.certificate, amina.certificate], root.signPk, new Date()) as VerifiedPerson;
  const newKey = (who: TestPerson, key: DeskKeyPair, link: string | null) =>
    staffPost(t, who, `/desks/${intake}/keys`, { version: key.version, encPk: encodePublicKey(key.encPk), signPk: encodePublicKey(key.signPk), sealedKey: sealDeskKey(key, verified(who)), link });
  const certify = (admin: TestPerson, key: DeskKeyPair) =>
    staffPost(t, admin, `/desks/${intake}/keys/${key.version}/certificate`, {
      certificate: issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(intake, key.version), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) }),
    });
  const approve = (admin: TestPerson, key: DeskKeyPair) => staffPost(t, admin, `/desks/${intake}/keys/${key.version}/approval`, { signature: signDeskApproval(admin.identity, deskVersionKeys(key)) });
  const history = async () => (await request(t.http).get(`/api/v1/desks/${intake}/history`).expect(200)).body as { deskId: string; versions: { version: number }[] };
  const revocations = async () => verifyRevocations((await request(t.http).get('/api/v1/keys/revocations').expect(200)).body as unknown[], root.signPk, new Date());
  const clientView = async () => verifyDeskHistory(intake, (await history()).versions, root.signPk, new Date(), { revocations: await revocations() });
  const directoryKey = async () => ((await request(t.http).get('/api/v1/desks').expect(200)).body as { id: string; key: { version: number } | null }[]).find((d) => d.id === intake)?.key ?? null;
  const problem = (res: { text: string }) => (JSON.parse(res.text) as { type: string }).type.replace('urn:ashar:problem:', '');

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    intake = await deskId(t, 'intake');
    amina = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true, name: 'Amina' });
    bilal = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true, name: 'Bilal' });
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [intake], certifyWith: { admin: amina }, steppedUp: true });
    member = await createPerson(t, { roles: ['caseworker'], deskIds: [intake], certifyWith: { admin: amina }, steppedUp: true });
    // The stand-in: an account the admin made and certified, lead of the desk.
    standIn = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [intake], certifyWith: { admin: amina }, steppedUp: true, name: 'Stand-in' });
    // Legal requests also go to the legal desk, which has a published key of its own.
    await certifiedDesk(t, amina, 'legal');
  });
  afterAll(() => t.close());

  it('publishes version 1 only once a second admin approves it; the certifying admin cannot approve', async () => {
    keys[1] = generateDeskKeyPair(intake, 1);
    await newKey(lead, keys[1], null).expect(204);
    await certify(amina, keys[1]).expect(204);
    expect((await history()).versions).toEqual([]);
    expect(await directoryKey()).toBeNull();
    const self = await approve(amina, keys[1]).expect(409);
    expect(problem(self)).toBe('second-admin-required');
    // Another account with Amina's keys is not a second admin either.
    const twin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true, identity: amina.identity, name: 'Amina again' });
    expect(problem(await approve(twin, keys[1]).expect(409))).toBe('second-admin-required');
    // A signature that is not Bilal's over these keys is refused.
    const forged = await staffPost(t, bilal, `/desks/${intake}/keys/1/approval`, { signature: signDeskApproval(amina.identity, deskVersionKeys(keys[1])) }).expect(422);
    expect(problem(forged)).toBe('desk-continuity-rejected');
    await approve(bilal, keys[1]).expect(204);
    const view = await clientView();
    expect(view.current.version).toBe(1);
    expect(view.versions[0]).toEqual(expect.objectContaining({ continuity: 'approved', certifiedBy: amina.id, approvedBy: bilal.id }));
    expect((await directoryKey())?.version).toBe(1);
  });

  it('publishes a version the lead links from the one before, without an approval', async () => {
    keys[2] = generateDeskKeyPair(intake, 2);
    // A link signed with anything but version 1's key is refused.
    const wrong = await newKey(lead, keys[2], signDeskLink(generateDeskKeyPair(intake, 1), deskVersionKeys(keys[2]))).expect(422);
    expect(problem(wrong)).toBe('desk-continuity-rejected');
    await newKey(lead, keys[2], signDeskLink(keys[1] as DeskKeyPair, deskVersionKeys(keys[2]))).expect(204);
    await certify(amina, keys[2]).expect(204);
    const view = await clientView();
    expect(view.current.version).toBe(2);
    expect(view.versions.map((v) => v.continuity)).toEqual(['approved', 'linked']);
  });

  it('the attack: an admin’s stand-in makes version 3 without version 2, the admin certifies it — it is never published, and clients keep sealing to version 2', async () => {
    keys[3] = generateDeskKeyPair(intake, 3);
    await newKey(standIn, keys[3], null).expect(204);
    await certify(amina, keys[3]).expect(204);
    expect(problem(await approve(amina, keys[3]).expect(409))).toBe('second-admin-required');
    expect((await history()).versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await directoryKey())?.version).toBe(2);
    // The portal's path: it verifies the history and seals to version 2 only; the api accepts that.
    const submission = await prepareIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'after the attack' } });
    expect(submission.body.envelopes.filter((e) => e.recipient.kind === 'desk' && e.recipient.deskId === intake)).toEqual([expect.objectContaining({ recipient: { kind: 'desk', deskId: intake, version: 2 } })]);
    await withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').send(submission.body).expect(201);
    // Even if a server published it, clients refuse the history (the rule is theirs).
    const forgedHistory = [...(await history()).versions, { version: 3, encPk: encodePublicKey(keys[3].encPk), signPk: encodePublicKey(keys[3].signPk), chain: (await staffGet(t, amina, `/desks/${intake}/keys`).expect(200)).body[0].chain, certifiedAt: new Date().toISOString(), link: null, approval: null }];
    expect(() => verifyDeskHistory(intake, forgedHistory, root.signPk, new Date())).toThrow(expect.objectContaining({ code: 'untrusted_history' }));
  });

  it('certifies and approves only the newest version made', async () => {
    // Version 3 waits; the real lead makes version 4 linked from version 2; version 3 can no longer be approved.
    keys[4] = generateDeskKeyPair(intake, 4);
    await newKey(lead, keys[4], signDeskLink(keys[2] as DeskKeyPair, deskVersionKeys(keys[4]))).expect(204);
    await approve(bilal, keys[3] as DeskKeyPair).expect(409);
    await certify(bilal, keys[4]).expect(204);
    expect((await clientView()).current.version).toBe(4);
    const listed = (await staffGet(t, lead, `/desks/${intake}/keys`).expect(200)).body as { version: number; linked: boolean; published: boolean; certifiedBy: { id: string } | null; approval: unknown }[];
    expect(listed.map((k) => [k.version, k.linked, k.published])).toEqual([
      [4, true, true],
      [3, false, false],
      [2, true, true],
      [1, false, true],
    ]);
    expect(listed[0]?.certifiedBy?.id).toBe(bilal.id);
  });

  it('revokes a desk version with a signed statement: it stops being the current key, and its link no longer counts', async () => {
    const v4 = keys[4] as DeskKeyPair;
    const statement = (revokedAt: Date, by = bilal) => issueRevocation(by.identity, { kind: 'desk', subjectId: deskSubjectId(intake, 4), kid: kidOf(v4.encPk), revokedAt });
    // Signed with someone else's keys, dated far from now, naming another key, or by a non-admin: refused.
    expect(problem(await staffPost(t, bilal, '/keys/revocations', { statement: statement(new Date(), amina) }).expect(422))).toBe('revocation-rejected');
    expect(problem(await staffPost(t, bilal, '/keys/revocations', { statement: statement(new Date(Date.now() - 3600_000)) }).expect(422))).toBe('revocation-rejected');
    const otherKid = issueRevocation(bilal.identity, { kind: 'desk', subjectId: deskSubjectId(intake, 4), kid: kidOf(generateDeskKeyPair(intake, 4).encPk), revokedAt: new Date() });
    expect(problem(await staffPost(t, bilal, '/keys/revocations', { statement: otherKid }).expect(422))).toBe('revocation-rejected');
    await staffPost(t, lead, '/keys/revocations', { statement: statement(new Date()) }).expect(403);
    const notStepped = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    expect(problem(await staffPost(t, notStepped, '/keys/revocations', { statement: statement(new Date(), notStepped) }).expect(403))).toBe('step-up-required');

    // A request the portal sealed to version 4 just before the revocation.
    const sealedBefore = await prepareIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'sealed before the revocation' } });
    await staffPost(t, bilal, '/keys/revocations', { statement: statement(new Date()) }).expect(204);
    const list = await revocations();
    expect(list.revocations).toEqual([expect.objectContaining({ kind: 'desk', subjectId: deskSubjectId(intake, 4), issuerId: bilal.id })]);
    expect(await directoryKey()).toBeNull();
    await expect(clientView()).rejects.toEqual(expect.objectContaining({ code: 'revoked' }));
    // Clients refuse to seal to it, and the api refuses what was sealed to it.
    await expect(prepareIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'to a revoked key' } })).rejects.toEqual(expect.objectContaining({ code: 'revoked' }));
    expect(problem(await withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').send(sealedBefore.body).expect(503))).toBe('unavailable');
    // Sealing the revoked version to a member is refused.
    const sealed = await staffPost(t, lead, `/desks/${intake}/envelopes`, { version: 4, staffId: member.id, sealedKey: sealDeskKey(v4, verified(member)) }).expect(409);
    expect(problem(sealed)).toBe('key-revoked');
    // A link from the revoked version does not count: version 5 needs a second admin.
    keys[5] = generateDeskKeyPair(intake, 5);
    expect(problem(await newKey(lead, keys[5], signDeskLink(v4, deskVersionKeys(keys[5]))).expect(422))).toBe('desk-continuity-rejected');
    await newKey(lead, keys[5], null).expect(204);
    await certify(amina, keys[5]).expect(204);
    await approve(bilal, keys[5]).expect(204);
    const view = await clientView();
    expect(view.current.version).toBe(5);
    expect(view.versions.map((v) => v.continuity)).toEqual(['approved', 'linked', 'linked', 'approved']);
  });

  it('revokes a staff member’s keys: desk keys are no longer sealed to them, and the key directory says so', async () => {
    const sign = kidOf(member.identity.signPk);
    const statement = issueRevocation(amina.identity, { kind: 'staff', subjectId: member.id, kid: sign, revokedAt: new Date() });
    await staffPost(t, amina, '/keys/revocations', { statement }).expect(204);
    // The same statement again changes nothing (one statement, one audit event).
    await staffPost(t, amina, '/keys/revocations', { statement }).expect(204);
    expect((await request(t.http).get(`/api/v1/keys/staff/${member.id}`).expect(200)).body.revoked).toBe(true);
    expect((await request(t.http).get(`/api/v1/keys/staff/${lead.id}`).expect(200)).body.revoked).toBe(false);
    const sealed = await staffPost(t, lead, `/desks/${intake}/envelopes`, { version: 5, staffId: member.id, sealedKey: sealDeskKey(keys[5] as DeskKeyPair, verified(member)) }).expect(409);
    expect(problem(sealed)).toBe('key-revoked');
    // An admin does not revoke their own keys here.
    expect(problem(await staffPost(t, amina, '/keys/revocations', { statement: issueRevocation(amina.identity, { kind: 'staff', subjectId: amina.id, kid: kidOf(amina.identity.signPk), revokedAt: new Date() }) }).expect(422))).toBe(
      'revocation-rejected',
    );
    expect((await revocations()).revocations).toHaveLength(2);
  });

  it('audits approvals and revocations', async () => {
    const rows: { action: string; data: Record<string, unknown> }[] = await t.dataSource.query(`SELECT action, data FROM audit_events WHERE action IN ('desk.key_approved', 'keys.revoked', 'desk.key_rotated') ORDER BY seq`);
    expect(rows.map((r) => r.action)).toEqual([
      'desk.key_rotated',
      'desk.key_approved',
      'desk.key_rotated',
      'desk.key_rotated',
      'desk.key_rotated',
      'keys.revoked',
      'desk.key_rotated',
      'desk.key_approved',
      'keys.revoked',
    ]);
    expect(rows.filter((r) => r.action === 'desk.key_rotated').map((r) => r.data['linked'])).toEqual([false, true, false, true, false]);
  });

  it('keeps verifying after the admin who certified old versions enrols new keys', async () => {
    const before = await clientView();
    const renewed = generateIdentityKeys();
    const certificate = issueCertificate(root, { kind: 'admin', subjectId: amina.id, encPk: renewed.encPk, signPk: renewed.signPk, notAfter: new Date(Date.now() + YEAR) });
    await t.dataSource.query(`UPDATE staff_members SET enc_pk = $2, sign_pk = $3, certificate = $4 WHERE id = $1`, [
      amina.id,
      encodePublicKey(renewed.encPk),
      encodePublicKey(renewed.signPk),
      JSON.stringify(certificate),
    ]);
    const after = await clientView();
    expect(after.current.version).toBe(before.current.version);
    expect(after.versions.map((v) => v.continuity)).toEqual(before.versions.map((v) => v.continuity));
  });
});
