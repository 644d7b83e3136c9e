import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type JsonValue,
  type RequesterKeys,
  type RootKeys,
  type StaffKey,
  type VerifiedDesk,
  type VerifiedPerson,
  bindStaffKey,
  deriveRequesterKeys,
  deskSubjectId,
  deskVersionKeys,
  signDeskApproval,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateDeskKeyPair,
  generateStaffKey,
  generateReceiptCode,
  sealCaseKey,
  issueCertificate,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  parseSignPublicKey,
  requesterPublicKeys,
  sealDeskKey,
  sealStaffKey,
  signChallenge,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
} from '@ashar/crypto';
import { INTAKE_DESK_SLUG, type IntakeRequest, type RequestType, type RoutingRule, routeRequest } from '@ashar/domain';
import request from 'supertest';
import { type TestApp } from './app';
import { createPerson, deskId, rootOf, type TestPerson } from './people';
import { POW_HEADER, powProof } from './pow';

const YEAR = 365 * 86400_000;
export const INSTANCE_ID = 'test-instance';

/** A desk with a certified key version, as its lead made it and an admin certified it. */
export interface TestDesk {
  id: string;
  slug: string;
  key: DeskKeyPair;
}

/** A second admin per test app, to approve the desk key versions fixtures put in place (SPEC.md §8.2). */
const approvers = new WeakMap<TestApp, Promise<TestPerson>>();

/** The test app's second admin (made on first use, certified by the same root as the first). */
export function secondAdmin(t: TestApp): Promise<TestPerson> {
  let approver = approvers.get(t);
  if (!approver) {
    approver = createPerson(t, { roles: ['admin'], certifyWith: { root: rootOf(t) }, name: 'Second admin' });
    approvers.set(t, approver);
  }
  return approver;
}

/**
 * Gives a desk key version `version`, certified by `admin` and approved by a second admin (so it
 * is published: clients seal to it), straight in the database (the desk-key routes have tests of
 * their own), and seals it to each member in `members`.
 */
export async function certifiedDesk(t: TestApp, admin: TestPerson, slug: string, members: TestPerson[] = [], version = 1): Promise<TestDesk> {
  const id = await deskId(t, slug);
  const key = generateDeskKeyPair(id, version);
  const certificate = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(id, version), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) });
  const approver = await secondAdmin(t);
  const approval = signDeskApproval(approver.identity, deskVersionKeys(key));
  await t.dataSource.query(
    `INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, certificate, created_by, certified_by, certifier_certificate, certified_at, approval_signature, approved_by, approval_certificate, approved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, now(), $8, $9, $10, now())`,
    [id, version, encodePublicKey(key.encPk), encodePublicKey(key.signPk), JSON.stringify(certificate), admin.id, JSON.stringify(admin.certificate), approval, approver.id, JSON.stringify(approver.certificate)],
  );
  for (const member of members) {
    const verified = { kind: 'staff', subjectId: member.id, encPk: member.identity.encPk, signPk: member.identity.signPk } as unknown as VerifiedPerson;
    await t.dataSource.query(`INSERT INTO desk_key_envelopes (desk_id, version, staff_id, sealed_key, sealed_by) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      version,
      member.id,
      sealDeskKey(key, verified),
      admin.id,
    ]);
  }
  return { id, slug, key };
}

/** What the requester's browser keeps: the receipt keys, the case key and the ids it chose. */
export interface Submission {
  body: IntakeRequest;
  code: string;
  keys: RequesterKeys;
  caseKey: CaseKey;
  caseId: string;
  recordId: string;
  routedSlug: string;
}

/**
 * Does what the portal does before submitting: derives the requester's keys from a new receipt
 * code, routes the request over the public routing rules, verifies the desks' key histories up
 * to the root (SPEC.md §8.2), encrypts and signs the request record and seals the case key to the intake desk,
 * the routed desk and the requester.
 */
export async function prepareIntake(
  t: TestApp,
  root: RootKeys,
  form: { type: RequestType; country: string; language: string; body: JsonValue },
  options: { keys?: RequesterKeys } = {},
): Promise<Submission> {
  const code = generateReceiptCode();
  const { instanceId } = (await request(t.http).get('/api/v1/intake/config').expect(200)).body as { instanceId: string };
  const keys = options.keys ?? deriveRequesterKeys(code, instanceId);
  const rules = (await request(t.http).get('/api/v1/routing-rules').expect(200)).body as (RoutingRule & { id: string })[];
  const routed = routeRequest(rules, { type: form.type, country: form.country as never, language: form.language }).deskSlug;
  const directory = (await request(t.http).get('/api/v1/desks').expect(200)).body as { id: string; slug: string }[];
  const slugs = [...new Set([INTAKE_DESK_SLUG, routed])];
  // Each desk's whole published history is verified with the published revocations, and only its
  // newest version sealed to (SPEC.md §8.2, §8.3).
  const revocations = verifyRevocations((await request(t.http).get('/api/v1/keys/revocations').expect(200)).body as unknown[], root.signPk, new Date());
  const desks = new Map<string, VerifiedDesk>();
  for (const slug of slugs) {
    const entry = directory.find((d) => d.slug === slug);
    if (!entry) throw new Error(`no desk ${slug}`);
    const history = (await request(t.http).get(`/api/v1/desks/${entry.id}/history`).expect(200)).body as { versions: unknown[] };
    desks.set(slug, verifyDeskHistory(entry.id, history.versions, root.signPk, new Date(), { revocations }).current);
  }
  const deskEnvelope = (caseId: string, caseKey: CaseKey, slug: string) => {
    const verified = desks.get(slug) as VerifiedDesk;
    return { ...sealCaseKey(caseKey, caseId, verified, keys), recipient: { kind: 'desk' as const, deskId: verified.deskId, version: verified.version } };
  };
  const caseId = randomUUID();
  const recordId = randomUUID();
  const caseKey = generateCaseKey();
  const record = encryptRecord(caseKey, { caseId, recordId, recordKind: 'request' }, form.body, keys);
  const body: IntakeRequest = {
    caseId,
    requestType: form.type,
    country: form.country as IntakeRequest['country'],
    language: form.language,
    requester: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
    record: { id: recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
    envelopes: [...slugs.map((slug) => deskEnvelope(caseId, caseKey, slug)), { ...sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' } }],
  };
  return { body, code, keys, caseKey, caseId, recordId, routedSlug: routed };
}

export async function submitIntake(t: TestApp, root: RootKeys, form: Parameters<typeof prepareIntake>[2]): Promise<Submission> {
  const submission = await prepareIntake(t, root, form);
  await request(t.http).post('/api/v1/intake').set(POW_HEADER, await powProof(t.http, 'intake')).send(submission.body).expect(201);
  return submission;
}

/** Signs in with a receipt code's keys as the requester's browser does; returns the cookie and CSRF token. */
export async function requesterSignIn(t: TestApp, keys: RequesterKeys): Promise<{ cookie: string; csrf: string }> {
  const challenge = await request(t.http).post('/api/v1/requester/challenge').set(POW_HEADER, await powProof(t.http, 'requester-challenge')).send({ kid: kidOf(keys.signPk) }).expect(200);
  const signature = signChallenge(keys, challenge.body.instanceId, challenge.body.challenge);
  const res = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: challenge.body.ceremonyId, signature }).expect(204);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  const session = await request(t.http).get('/api/v1/requester/session').set('cookie', cookie).expect(200);
  return { cookie, csrf: session.body.csrfToken as string };
}

/** A staff member's browser: opens their desk's key from their envelope, then the case key from the desk's envelope. */
export async function openCaseKeyAsStaff(
  t: TestApp,
  root: RootKeys,
  person: TestPerson,
  view: { envelopes: { keyKind?: string; recipient: { kind: string; deskId?: string; version?: number }; sealer: { kind: string; id: string }; sealedKey: string; sealerKid: string; signature: string }[]; requester: { signPk: string } | null; case: { id: string } },
): Promise<CaseKey> {
  const envelope = view.envelopes.find((g) => g.recipient.kind === 'desk' && (g.keyKind ?? 'case') === 'case');
  if (!envelope?.recipient.deskId) throw new Error('no desk envelope in the case view');
  const mine = await request(t.http).get(`/api/v1/desks/${envelope.recipient.deskId}/envelopes/mine`).set('cookie', person.cookie).expect(200);
  const sealedDesk = (mine.body as { version: number; sealedKey: string }[]).find((g) => g.version === envelope.recipient.version);
  if (!sealedDesk) throw new Error('no envelope of that desk key version');
  const directory = (await request(t.http).get('/api/v1/desks').expect(200)).body as { id: string; key: { chain: unknown[] } | null }[];
  const chain = directory.find((d) => d.id === envelope.recipient.deskId)?.key?.chain;
  const desk = openDeskKey(sealedDesk.sealedKey, person.identity, verifyCertificateChain(chain ?? [], root.signPk, new Date()) as VerifiedDesk);
  const sealerKey = parseSignPublicKey(
    envelope.sealer.kind === 'requester' ? view.requester!.signPk : (await request(t.http).get(`/api/v1/keys/staff/${envelope.sealer.id}`).expect(200)).body.signPk,
  );
  return openCaseKeyEnvelope(envelope as unknown as CaseKeyEnvelope, view.case.id, desk, sealerKey);
}

/**
 * Gives a case a staff-only key row for `epoch` straight in the database (a binding made with keys
 * nobody holds): what a test needs to attach note files or write notes it never reads. The
 * staff-keys route has tests of its own.
 */
export async function staffKeyRow(t: TestApp, caseId: string, createdBy: string, epoch = 1): Promise<void> {
  const bind = bindStaffKey(generateStaffKey(), caseId, epoch, generateCaseKey());
  await t.dataSource.query(`INSERT INTO case_staff_keys (case_id, epoch, bind, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [caseId, epoch, bind, createdBy]);
}

/**
 * A staff member's browser makes the staff-only key of the case's epoch 1 (SPEC.md §9.2): bound to the
 * case key, sealed to each desk holding the case (their current certified keys, chains verified to
 * `root`), signed by `person`, and sent. Returns the key.
 */
export async function makeStaffKey(t: TestApp, root: RootKeys, person: TestPerson, caseId: string, caseKey: CaseKey, epoch = 1): Promise<StaffKey> {
  const view = (await staffGet(t, person, `/cases/${caseId}`).expect(200)).body as { case: { ownerDeskId: string; collaboratorDeskIds: string[] } };
  const directory = (await request(t.http).get('/api/v1/desks').expect(200)).body as { id: string; key: { version: number; chain: unknown[] } | null }[];
  const staffKey = generateStaffKey();
  const envelopes = [view.case.ownerDeskId, ...view.case.collaboratorDeskIds].map((deskId) => {
    const entry = directory.find((d) => d.id === deskId);
    const desk = verifyCertificateChain(entry?.key?.chain ?? [], root.signPk, new Date()) as VerifiedDesk;
    return { deskId, version: desk.version, ...sealStaffKey(staffKey, caseId, epoch, desk, person.identity) };
  });
  await staffPost(t, person, `/cases/${caseId}/staff-keys`, { epoch, bind: bindStaffKey(staffKey, caseId, epoch, caseKey), envelopes }).expect(201);
  return staffKey;
}

/** Signed POST as a member of staff. */
export function staffPost(t: TestApp, who: TestPerson, path: string, body: unknown) {
  return request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);
}

export function staffGet(t: TestApp, who: TestPerson, path: string) {
  return request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);
}

/** Row counts of every table a submission writes to, to show that a refusal wrote nothing. */
export async function writtenCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['requesters', 'aid_cases', 'case_desks', 'case_records', 'case_key_envelopes', 'outbox', 'audit_events']) {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = row.n as number;
  }
  return out;
}
