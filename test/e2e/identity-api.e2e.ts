import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type IdentityKeys,
  createVault,
  deriveRequesterKeys,
  encodePublicKey,
  generateIdentityKeys,
  generateReceiptCode,
  generateRecoveryCode,
  generateRootKeys,
  issueCertificate,
  kidOf,
  parseSignPublicKey,
  ready,
  signChallenge,
  verifyCertificateChain,
  wrapVaultKey,
} from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, startSystem, type RunningSystem } from '../support/system';
import { guardLocalOnly } from './support';
import { nodePowProof } from './node-requester';
import { Authenticators, call, createCredential, getAssertion } from './webauthn';

/*
 * The identity api through a real browser: Chromium's virtual authenticator
 * makes and uses the passkeys, the api verifies them with @simplewebauthn/server,
 * and the keys and vaults are made here with libs/crypto as a client would.
 * Each group of tests runs its own system, so that it owns the first-run setup
 * token; the tests of a group share only its first admin, and each enrols
 * whoever else it needs, so one failure does not stop the others. Each test
 * checks the audit events of what it did, and that the log holds none of the
 * secrets it used.
 */

interface Session {
  csrfToken: string;
  staff: { id: string; roles: string[]; displayName: string };
  credentialId: string;
  wraps: { method: string }[];
  vault: string;
}

/** One enrolled person at one browser, with a virtual authenticator holding their passkey. */
interface Person {
  context: BrowserContext;
  page: Page;
  auth: Authenticators;
  authenticatorId: string;
  session: Session;
  identity: IdentityKeys;
  /** Requests of this browser that would have left the machine. */
  outside: string[];
}

const PASSPHRASE = 'correct horse battery staple';
let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
const root = { keys: undefined as unknown as ReturnType<typeof generateRootKeys> };
/** The browsers of the group running now, closed with its system. */
const contexts: BrowserContext[] = [];

function base(): string {
  if (!system) throw new Error('the system did not start');
  return system.url;
}

/** A system of its own for a group of tests, with a root of its own, fresh database and setup token. */
async function startOwnSystem(label: string): Promise<void> {
  await ready();
  root.keys = generateRootKeys();
  env = await createTestEnvironment(label);
  system = await startSystem(env, join(__dirname, `../../tmp/${label}-server.log`), { ROOT_PUBLIC_KEY: encodePublicKey(root.keys.signPk) });
}

async function stopOwnSystem(): Promise<void> {
  for (const context of contexts.splice(0)) await context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
  system = undefined;
  env = undefined;
}

/** A browser with a virtual authenticator, on the system's origin. */
async function browserWithAuthenticator(browser: Browser): Promise<{ context: BrowserContext; page: Page; auth: Authenticators; authenticatorId: string; outside: string[] }> {
  const context = await browser.newContext();
  contexts.push(context);
  const outside = await guardLocalOnly(context);
  const page = await open(context);
  const auth = await Authenticators.attach(context, page);
  return { context, page, auth, authenticatorId: await auth.add(), outside };
}

/** The first-run setup token the system logged. */
async function setupToken(): Promise<string | undefined> {
  if (!system) throw new Error('the system did not start');
  return /\/setup#([A-Za-z0-9_-]{43})/.exec(await readSystemLog(system))?.[1];
}

/** The first admin through the setup api, as the setup screen does it (the first test checks each step). */
async function enrolFirstAdmin(browser: Browser): Promise<Person> {
  const token = await setupToken();
  const person = await browserWithAuthenticator(browser);
  const options = (await call(person.page, 'POST', '/setup/options', { token, displayName: 'Aigerim (admin)' })).body as { ceremonyId: string; options: unknown; staffId: string };
  const response = await createCredential(person.page, options.options);
  const { identity, body } = newIdentity(options.staffId);
  const done = await call(person.page, 'POST', '/setup/complete', { token, ceremonyId: options.ceremonyId, response, ...body });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  return { ...person, identity, session: done.body as Session };
}

/** The admin invites a caseworker, who enrols with a passkey in a browser of their own (the invitation test checks each step). */
async function enrolCaseworker(browser: Browser, admin: Person, displayName: string, extra: Record<string, unknown> = {}): Promise<Person> {
  await stepUp(admin.page, admin.session.csrfToken);
  const invited = await call(admin.page, 'POST', '/staff/invitations', { displayName, roles: ['caseworker'], deskIds: [] }, admin.session.csrfToken);
  expect(invited.status).toBe(201);
  const { token } = invited.body as { token: string };
  const person = await browserWithAuthenticator(browser);
  const options = (await call(person.page, 'POST', '/enrol/options', { token })).body as { ceremonyId: string; options: unknown; staffId: string };
  const response = await createCredential(person.page, options.options);
  const { identity, body } = newIdentity(options.staffId);
  const done = await call(person.page, 'POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...body, ...extra });
  expect(done.status).toBe(201);
  return { ...person, identity, session: done.body as Session };
}

/** The actions of the audit log, in order. */
async function auditActions(): Promise<string[]> {
  const db = new Client({ connectionString: need(env).databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_events ORDER BY seq`);
    return rows.map((r) => r.action);
  } finally {
    await db.end();
  }
}

async function expectAudited(actions: string[]): Promise<void> {
  const recorded = await auditActions();
  for (const action of actions) expect(recorded).toContain(action);
}

/** The log so far holds none of `secrets`, and no challenge, session id, CSRF token or client address. */
async function expectLogHoldsNone(secrets: string[]): Promise<void> {
  const log = await readSystemLog(need(system));
  for (const secret of secrets) expect(secret.length).toBeGreaterThan(10);
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/ashar_sid=/); // with or without its __Host- prefix
  expect(log).not.toMatch(/"challenge"/);
  expect(log).not.toMatch(/127\.0\.0\.1(?!:\d)|::1|remoteAddress|x-forwarded-for/i);
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the system did not start');
  return value;
}

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base()}/`);
  return page;
}

/** A new identity and vault, wrapped by passphrase and recovery code, as the browser would make them. */
function newIdentity(staffId: string): { identity: IdentityKeys; body: Record<string, unknown> } {
  const identity = generateIdentityKeys();
  const { vaultKey, vault } = createVault(identity, staffId);
  const passphraseWrapId = randomUUID();
  const recoveryWrapId = randomUUID();
  return {
    identity,
    body: {
      identity: { encPk: encodePublicKey(identity.encPk), signPk: encodePublicKey(identity.signPk) },
      vault,
      wraps: [
        { id: passphraseWrapId, method: 'passphrase', wrap: wrapVaultKey(vaultKey, { userId: staffId, unlockMethodId: passphraseWrapId }, { method: 'passphrase', passphrase: PASSPHRASE }) },
        { id: recoveryWrapId, method: 'recovery-code', wrap: wrapVaultKey(vaultKey, { userId: staffId, unlockMethodId: recoveryWrapId }, { method: 'recovery-code', code: generateRecoveryCode() }) },
      ],
    },
  };
}

async function signIn(page: Page): Promise<{ status: number; body: unknown }> {
  const start = (await call(page, 'POST', '/auth/options', {})).body as { ceremonyId: string; options: unknown };
  const response = await getAssertion(page, start.options);
  return call(page, 'POST', '/auth/sign-in', { ceremonyId: start.ceremonyId, response });
}

async function stepUp(page: Page, csrf: string): Promise<void> {
  const start = (await call(page, 'POST', '/auth/step-up/options', {}, csrf)).body as { ceremonyId: string; options: unknown };
  const response = await getAssertion(page, start.options);
  const done = await call(page, 'POST', '/auth/step-up', { ceremonyId: start.ceremonyId, response }, csrf);
  expect(done.status).toBe(200);
}

test.describe('first run', () => {
  test.beforeAll(() => startOwnSystem('idapifirst'));
  test.afterAll(stopOwnSystem);

  test('the first admin enrols with a passkey from the setup link', async ({ browser }) => {
    const token = await setupToken();
    expect(token).toBeDefined();
    const admin = await browserWithAuthenticator(browser);

    const options = await call(admin.page, 'POST', '/setup/options', { token, displayName: 'Aigerim (admin)' });
    expect(options.status).toBe(200);
    const { ceremonyId, staffId } = options.body as { ceremonyId: string; options: unknown; staffId: string };
    const response = await createCredential(admin.page, (options.body as { options: unknown }).options);
    const { identity, body } = newIdentity(staffId);

    const completed = admin.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/setup/complete');
    const done = await call(admin.page, 'POST', '/setup/complete', { token, ceremonyId, response, ...body });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    // The session cookie carries the __Host- prefix and what it demands: Secure, Path=/, no Domain.
    const setCookie = (await (await completed).headerValue('set-cookie')) ?? '';
    expect(setCookie).toMatch(/^__Host-ashar_sid=[A-Za-z0-9_-]{43}; /);
    expect(setCookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
    const session = done.body as Session;
    expect(session.staff).toMatchObject({ id: staffId, roles: ['admin'], displayName: 'Aigerim (admin)' });
    expect(session.wraps.map((w) => w.method).sort()).toEqual(['passphrase', 'recovery-code']);

    // Chromium kept it on this http://localhost origin (a secure context) as a host-only cookie.
    const cookie = (await admin.context.cookies()).find((c) => c.name === '__Host-ashar_sid');
    expect(cookie).toMatchObject({ domain: 'localhost', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect((await admin.context.cookies()).map((c) => c.name)).not.toContain('ashar_sid');

    // The token is spent, and the same ceremony cannot be replayed.
    expect((await call(admin.page, 'POST', '/setup/check', { token })).status).toBe(404);
    expect((await call(admin.page, 'POST', '/setup/complete', { token, ceremonyId, response, ...body })).status).toBe(400);
    expect((await call(admin.page, 'GET', '/auth/session')).status).toBe(200);
    expect(admin.outside).toEqual([]);

    await expectAudited(['setup.admin_enrolled']);
    await expectLogHoldsNone([session.csrfToken, encodePublicKey(identity.encPk), encodePublicKey(identity.signPk), session.vault, PASSPHRASE]);
  });
});

test.describe('with a first admin', () => {
  /** Enrolled through the setup api before the tests; each test enrols whoever else it needs. */
  let firstAdmin: Person | undefined;

  test.beforeAll(async ({ browser }) => {
    await startOwnSystem('idapi');
    firstAdmin = await enrolFirstAdmin(browser);
  });
  test.afterAll(stopOwnSystem);

  test('state-changing calls need the CSRF token of the session', async () => {
    const admin = need(firstAdmin);
    const invite = { displayName: 'Daniyar', roles: ['caseworker'], deskIds: [] };
    const without = await call(admin.page, 'POST', '/staff/invitations', invite);
    expect(without.status).toBe(403);
    expect((without.body as { type: string }).type).toBe('urn:ashar:problem:csrf');
    const wrong = await call(admin.page, 'POST', '/staff/invitations', invite, 'A'.repeat(43));
    expect(wrong.status).toBe(403);
  });

  test('an admin invites a caseworker, who enrols with a passkey in another browser', async ({ browser }) => {
    const admin = need(firstAdmin);
    // Inviting changes who is trusted: it needs a fresh passkey assertion, not only the session.
    const early = await call(admin.page, 'POST', '/staff/invitations', { displayName: 'Daniyar', roles: ['caseworker'], deskIds: [] }, admin.session.csrfToken);
    expect({ status: early.status, type: (early.body as { type: string }).type }).toEqual({ status: 403, type: 'urn:ashar:problem:step-up-required' });
    await stepUp(admin.page, admin.session.csrfToken);
    // The admin role is never mixed with case work.
    const mixed = await call(admin.page, 'POST', '/staff/invitations', { displayName: 'Stand-in', roles: ['admin', 'caseworker'] }, admin.session.csrfToken);
    expect(mixed.status).toBe(422);
    const invited = await call(admin.page, 'POST', '/staff/invitations', { displayName: 'Daniyar', roles: ['caseworker'], deskIds: [] }, admin.session.csrfToken);
    expect(invited.status).toBe(201);
    const { token, staffId } = invited.body as { token: string; staffId: string };

    const worker = await browserWithAuthenticator(browser);
    expect((await call(worker.page, 'POST', '/enrol/check', { token })).body).toEqual({ displayName: 'Daniyar', roles: ['caseworker'] });

    const options = (await call(worker.page, 'POST', '/enrol/options', { token })).body as { ceremonyId: string; options: unknown; staffId: string };
    expect(options.staffId).toBe(staffId);
    const response = await createCredential(worker.page, options.options);
    const { identity, body } = newIdentity(staffId);
    const done = await call(worker.page, 'POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...body });
    expect(done.status).toBe(201);
    const session = done.body as Session;
    expect(session.staff).toMatchObject({ id: staffId, roles: ['caseworker'] });

    // Single use.
    expect((await call(worker.page, 'POST', '/enrol/check', { token })).status).toBe(404);
    // A caseworker may not invite.
    const refused = await call(worker.page, 'POST', '/staff/invitations', { displayName: 'X', roles: ['admin'], deskIds: [] }, session.csrfToken);
    expect(refused.status).toBe(403);
    expect(worker.outside).toEqual([]);

    await expectAudited(['staff.invited', 'staff.enrolled']);
    await expectLogHoldsNone([session.csrfToken, admin.session.csrfToken, encodePublicKey(identity.signPk), session.vault, PASSPHRASE]);
  });

  test('sign out, then sign back in usernameless with a new session id', async ({ browser }) => {
    const worker = await enrolCaseworker(browser, need(firstAdmin), 'Saule Signs-in');
    const before = (await worker.context.cookies()).find((c) => c.name === '__Host-ashar_sid')?.value;
    expect((await call(worker.page, 'POST', '/auth/sign-out', undefined, worker.session.csrfToken)).status).toBe(204);
    expect((await call(worker.page, 'GET', '/auth/session')).status).toBe(401);

    const signedIn = await signIn(worker.page);
    expect(signedIn.status).toBe(200);
    const session = signedIn.body as Session;
    expect(session.staff.id).toBe(worker.session.staff.id);
    expect(session.vault).toBe(worker.session.vault);
    expect(session.csrfToken).not.toBe(worker.session.csrfToken);
    const after = (await worker.context.cookies()).find((c) => c.name === '__Host-ashar_sid')?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    await expectAudited(['auth.sign_out', 'auth.sign_in']);
    await expectLogHoldsNone([worker.session.csrfToken, session.csrfToken]);
  });

  test('the passkey that opens a session counts as used: at enrolment and at each sign-in (issue 16)', async ({ browser }) => {
    const worker = await enrolCaseworker(browser, need(firstAdmin), 'Lola Last-used');
    type Listed = { createdAt: string; lastUsedAt: string | null; current: boolean }[];
    const listed = async () => (await call(worker.page, 'GET', '/auth/passkeys')).body as Listed;
    const [enrolled] = await listed();
    expect(enrolled?.current).toBe(true);
    // Enrolment's session was opened by this passkey: used now, not "never".
    expect(enrolled?.lastUsedAt).toEqual(expect.any(String));
    expect(Date.parse(need(enrolled?.lastUsedAt ?? undefined))).toBeGreaterThanOrEqual(Date.parse(need(enrolled?.createdAt)));

    const session = (await call(worker.page, 'GET', '/auth/session')).body as Session;
    expect((await call(worker.page, 'POST', '/auth/sign-out', undefined, session.csrfToken)).status).toBe(204);
    expect((await signIn(worker.page)).status).toBe(200);
    const [signedIn] = await listed();
    expect(signedIn?.current).toBe(true);
    expect(Date.parse(need(signedIn?.lastUsedAt ?? undefined))).toBeGreaterThan(Date.parse(need(enrolled?.lastUsedAt ?? undefined)));
  });

  test('a pseudonym chosen at enrolment is kept; a bad one is refused and changes nothing', async ({ browser }) => {
    const admin = need(firstAdmin);
    await stepUp(admin.page, admin.session.csrfToken);
    const invited = await call(admin.page, 'POST', '/staff/invitations', { displayName: 'Aigerim Pseudonym', roles: ['caseworker'], deskIds: [] }, admin.session.csrfToken);
    expect(invited.status).toBe(201);
    const { token, staffId } = invited.body as { token: string; staffId: string };
    const person = await browserWithAuthenticator(browser);
    const options = (await call(person.page, 'POST', '/enrol/options', { token })).body as { ceremonyId: string; options: unknown; staffId: string };
    const response = await createCredential(person.page, options.options);
    const { body } = newIdentity(staffId);
    for (const pseudonym of ['Aigerim\nlegal desk', 'x'.repeat(61), '   ']) {
      const refused = await call(person.page, 'POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...body, pseudonym });
      expect(refused.status).toBe(422);
    }
    expect((await call(person.page, 'POST', '/enrol/check', { token })).status).toBe(200);
    const done = await call(person.page, 'POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...body, pseudonym: ' Aigerim, legal desk ' });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect((await call(person.page, 'GET', '/staff/me/pseudonym')).body).toEqual({ pseudonym: 'Aigerim, legal desk' });
  });

  test('a revoked passkey can no longer sign in; the remaining one can', async ({ browser }) => {
    const worker = await enrolCaseworker(browser, need(firstAdmin), 'Ruslan Revokes');
    const auth = worker.auth;
    const first = await auth.credentials(worker.authenticatorId);
    expect(first).toHaveLength(1);
    const firstCredential = first[0]!;

    // Adding and removing passkeys need a fresh assertion with a passkey already held (five minutes).
    const csrf = worker.session.csrfToken;
    const early = await call(worker.page, 'POST', '/auth/passkeys', { ceremonyId: randomUUID(), response: {} }, csrf);
    expect((early.body as { type: string }).type).toBe('urn:ashar:problem:step-up-required');
    await stepUp(worker.page, csrf);

    // Register a second passkey on a second authenticator.
    await auth.remove(worker.authenticatorId);
    const secondId = await auth.add();
    const start = (await call(worker.page, 'POST', '/auth/passkeys/options', {}, csrf)).body as { ceremonyId: string; options: unknown };
    const response = await createCredential(worker.page, start.options);
    expect((await call(worker.page, 'POST', '/auth/passkeys', { ceremonyId: start.ceremonyId, response }, csrf)).status).toBe(201);
    const passkeys = (await call(worker.page, 'GET', '/auth/passkeys')).body as { id: string; credentialId: string; current: boolean }[];
    expect(passkeys).toHaveLength(2);
    const old = passkeys.find((p) => p.current)!;
    const secondCredential = (await auth.credentials(secondId))[0]!;

    // Revoke the first; the current session used it, so it ends too.
    expect((await call(worker.page, 'DELETE', `/auth/passkeys/${old.id}`, undefined, csrf)).status).toBe(204);
    expect((await call(worker.page, 'GET', '/auth/session')).status).toBe(401);

    // The revoked credential, back in an authenticator, is refused.
    await auth.remove(secondId);
    const third = await auth.add();
    await auth.addCredential(third, firstCredential);
    const refused = await signIn(worker.page);
    expect(refused.status).toBe(401);
    expect((refused.body as { type: string }).type).toBe('urn:ashar:problem:sign-in-failed');

    // The other one still works, and the last passkey cannot be removed.
    await auth.remove(third);
    const fourth = await auth.add();
    await auth.addCredential(fourth, secondCredential);
    const ok = await signIn(worker.page);
    expect(ok.status).toBe(200);
    const session = ok.body as Session;
    const remaining = (await call(worker.page, 'GET', '/auth/passkeys')).body as { id: string }[];
    expect(remaining).toHaveLength(1);
    await stepUp(worker.page, session.csrfToken);
    expect((await call(worker.page, 'DELETE', `/auth/passkeys/${remaining[0]!.id}`, undefined, session.csrfToken)).status).toBe(409);

    await expectAudited(['auth.passkey_added', 'auth.passkey_removed', 'auth.sign_in_failed', 'auth.sign_in']);
  });

  test('certifying needs a step-up; the admin brings the root certificate, then certifies the caseworker', async ({ browser }) => {
    const admin = need(firstAdmin);
    const worker = await enrolCaseworker(browser, admin, 'Kanat Certified');
    const adminId = admin.session.staff.id;
    const workerId = worker.session.staff.id;
    const adminCert = issueCertificate(root.keys, {
      kind: 'admin',
      subjectId: adminId,
      encPk: admin.identity.encPk,
      signPk: admin.identity.signPk,
      notAfter: new Date(Date.now() + 365 * 86400_000),
    });
    // A new session (the invitation above stepped the old one up): certifying needs its own fresh assertion.
    const again = await signIn(admin.page);
    expect(again.status).toBe(200);
    admin.session = again.body as Session;
    const csrf = admin.session.csrfToken;
    const early = await call(admin.page, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, csrf);
    expect(early.status).toBe(403);
    expect((early.body as { type: string }).type).toBe('urn:ashar:problem:step-up-required');

    await stepUp(admin.page, csrf);
    expect((await call(admin.page, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, csrf)).status).toBe(204);

    // A certificate for other keys is refused.
    const wrongKeys = issueCertificate(admin.identity, {
      kind: 'staff',
      subjectId: workerId,
      encPk: generateIdentityKeys().encPk,
      signPk: worker.identity.signPk,
      notAfter: new Date(Date.now() + 365 * 86400_000),
    });
    expect((await call(admin.page, 'POST', `/keys/staff/${workerId}/certificate`, { certificate: wrongKeys }, csrf)).status).toBe(422);

    const workerCert = issueCertificate(admin.identity, {
      kind: 'staff',
      subjectId: workerId,
      encPk: worker.identity.encPk,
      signPk: worker.identity.signPk,
      notAfter: new Date(Date.now() + 365 * 86400_000),
    });
    expect((await call(admin.page, 'POST', `/keys/staff/${workerId}/certificate`, { certificate: workerCert }, csrf)).status).toBe(204);

    const published = (await call(worker.page, 'GET', `/keys/staff/${workerId}`)).body as { chain: unknown[] };
    expect(published.chain).toHaveLength(2);
    const verified = verifyCertificateChain(published.chain, parseSignPublicKey(encodePublicKey(root.keys.signPk)), new Date());
    expect(verified.subjectId).toBe(workerId);

    // A caseworker cannot certify anyone, even after a step-up.
    await stepUp(worker.page, worker.session.csrfToken);
    const refused = await call(worker.page, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, worker.session.csrfToken);
    expect(refused.status).toBe(422);
    // The directory is the admins' alone.
    expect((await call(worker.page, 'GET', '/staff')).status).toBe(403);
    const staffList = await call(admin.page, 'GET', '/staff');
    expect(staffList.status).toBe(200);
    expect((staffList.body as { id: string; certified: boolean }[]).find((s) => s.id === workerId)?.certified).toBe(true);

    await expectAudited(['auth.step_up', 'keys.root_certified', 'keys.certify']);
  });

  test('sign out everywhere ends every session of the person', async ({ browser }) => {
    const person = await enrolCaseworker(browser, need(firstAdmin), 'Elmira Everywhere');
    // A second browser for the same person, with the same passkey.
    const credentials = await person.auth.credentials(person.authenticatorId);
    const other = await browser.newContext();
    contexts.push(other);
    const page = await open(other);
    const auth = await Authenticators.attach(other, page);
    await auth.addCredential(await auth.add(), credentials[0]!);
    expect((await signIn(page)).status).toBe(200);
    expect((await call(page, 'GET', '/auth/session')).status).toBe(200);

    expect((await call(person.page, 'POST', '/auth/sign-out-everywhere', undefined, person.session.csrfToken)).status).toBe(204);
    expect((await call(person.page, 'GET', '/auth/session')).status).toBe(401);
    expect((await call(page, 'GET', '/auth/session')).status).toBe(401);
    expect(person.outside).toEqual([]);
    await expectAudited(['auth.sign_out_everywhere']);
  });

  test('a requester signs in with a receipt code (key derived here, challenge signed here)', async ({ browser }) => {
    const code = generateReceiptCode();
    const keys = deriveRequesterKeys(code, 'ashar');
    const kid = kidOf(keys.signPk);
    // The account a first submission creates: public keys only.
    const db = new Client({ connectionString: need(env).databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3)`, [kid, encodePublicKey(keys.encPk), encodePublicKey(keys.signPk)]);
    } finally {
      await db.end();
    }
    const context = await browser.newContext();
    contexts.push(context);
    const outside = await guardLocalOnly(context);
    const page = await open(context);
    const challenge = (await call(page, 'POST', '/requester/challenge', { kid }, undefined, await nodePowProof(base(), 'requester-challenge'))).body as { ceremonyId: string; challenge: string; instanceId: string };
    const signature = signChallenge(keys, challenge.instanceId, challenge.challenge);
    expect((await call(page, 'POST', '/requester/sign-in', { ceremonyId: challenge.ceremonyId, signature })).status).toBe(204);
    expect((await call(page, 'GET', '/requester/session')).status).toBe(200);
    expect((await call(page, 'GET', '/auth/session')).status).toBe(403);
    expect(outside).toEqual([]);
    await expectLogHoldsNone([code, code.replace(/-/g, ''), challenge.challenge, signature]);
  });

  // Limited per account (the credential a sign-in names; 10 a minute) and for everyone, never per address (apps/api/test/pow.int-spec.ts).
  test('staff sign-in is rate limited per account with a 429 and Retry-After', async ({ browser }) => {
    const { page, outside } = await browserWithAuthenticator(browser);
    let last = { status: 0, headers: {} as Record<string, string>, body: null as unknown };
    const account = `guessed-${randomUUID()}`;
    for (let i = 0; i < 25 && last.status !== 429; i++) last = await call(page, 'POST', '/auth/sign-in', { ceremonyId: randomUUID(), response: { id: account } });
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect((last.body as { type: string }).type).toBe('urn:ashar:problem:rate-limited');
    expect(outside).toEqual([]);
  });
});
