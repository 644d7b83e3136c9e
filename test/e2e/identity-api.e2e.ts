import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type BrowserContext, type Page, expect, test } from '@playwright/test';
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
import { Authenticators, call, createCredential, getAssertion } from './webauthn';

/*
 * The identity api through a real browser: Chromium's virtual authenticator
 * makes and uses the passkeys, the api verifies them with @simplewebauthn/server,
 * and the keys and vaults are made here with libs/crypto as a client would.
 * This file runs its own system so that it owns the first-run setup token.
 */

interface Session {
  csrfToken: string;
  staff: { id: string; roles: string[]; displayName: string };
  credentialId: string;
  wraps: { method: string }[];
  vault: string;
}

const PASSPHRASE = 'correct horse battery staple';
let env: TestEnvironment;
let system: RunningSystem;
const root = { keys: undefined as unknown as ReturnType<typeof generateRootKeys> };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await ready();
  root.keys = generateRootKeys();
  env = await createTestEnvironment('idapi');
  system = await startSystem(env, join(__dirname, '../../tmp/identity-api-server.log'), { ROOT_PUBLIC_KEY: encodePublicKey(root.keys.signPk) });
});

test.afterAll(async () => {
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${system.url}/`);
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

const state = {} as {
  adminContext: BrowserContext;
  admin: Page;
  adminAuth: Authenticators;
  adminAuthenticator: string;
  workerAuth: Authenticators;
  workerAuthenticator: string;
  adminSession: Session;
  adminIdentity: IdentityKeys;
  workerContext: BrowserContext;
  worker: Page;
  workerSession: Session;
  workerIdentity: IdentityKeys;
  outside: string[];
};

test('the first admin enrols with a passkey from the setup link', async ({ browser }) => {
  const token = /\/setup#([A-Za-z0-9_-]{43})/.exec(await readLog())?.[1];
  expect(token).toBeDefined();
  state.adminContext = await browser.newContext();
  state.outside = await guardLocalOnly(state.adminContext);
  state.admin = await open(state.adminContext);
  state.adminAuth = await Authenticators.attach(state.adminContext, state.admin);
  state.adminAuthenticator = await state.adminAuth.add();

  const options = await call(state.admin, 'POST', '/setup/options', { token, displayName: 'Aigerim (admin)' });
  expect(options.status).toBe(200);
  const { ceremonyId, staffId } = options.body as { ceremonyId: string; options: unknown; staffId: string };
  const response = await createCredential(state.admin, (options.body as { options: unknown }).options);
  const { identity, body } = newIdentity(staffId);
  state.adminIdentity = identity;

  const done = await call(state.admin, 'POST', '/setup/complete', { token, ceremonyId, response, ...body });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  state.adminSession = done.body as Session;
  expect(state.adminSession.staff).toMatchObject({ id: staffId, roles: ['admin'], displayName: 'Aigerim (admin)' });
  expect(state.adminSession.wraps.map((w) => w.method).sort()).toEqual(['passphrase', 'recovery-code']);

  const cookie = (await state.adminContext.cookies()).find((c) => c.name === 'ashar_sid');
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });

  // The token is spent, and the same ceremony cannot be replayed.
  expect((await call(state.admin, 'POST', '/setup/check', { token })).status).toBe(404);
  expect((await call(state.admin, 'POST', '/setup/complete', { token, ceremonyId, response, ...body })).status).toBe(400);
  expect((await call(state.admin, 'GET', '/auth/session')).status).toBe(200);
});

test('state-changing calls need the CSRF token of the session', async () => {
  const invite = { displayName: 'Daniyar', roles: ['caseworker'], deskIds: [] };
  const without = await call(state.admin, 'POST', '/staff/invitations', invite);
  expect(without.status).toBe(403);
  expect((without.body as { type: string }).type).toBe('urn:ashar:problem:csrf');
  const wrong = await call(state.admin, 'POST', '/staff/invitations', invite, 'A'.repeat(43));
  expect(wrong.status).toBe(403);
});

test('an admin invites a caseworker, who enrols with a passkey in another browser', async ({ browser }) => {
  const invited = await call(state.admin, 'POST', '/staff/invitations', { displayName: 'Daniyar', roles: ['caseworker'], deskIds: [] }, state.adminSession.csrfToken);
  expect(invited.status).toBe(201);
  const { token, staffId } = invited.body as { token: string; staffId: string };

  state.workerContext = await browser.newContext();
  const outside = await guardLocalOnly(state.workerContext);
  state.worker = await open(state.workerContext);
  state.workerAuth = await Authenticators.attach(state.workerContext, state.worker);
  state.workerAuthenticator = await state.workerAuth.add();
  expect((await call(state.worker, 'POST', '/enrol/check', { token })).body).toEqual({ displayName: 'Daniyar', roles: ['caseworker'] });

  const options = (await call(state.worker, 'POST', '/enrol/options', { token })).body as { ceremonyId: string; options: unknown; staffId: string };
  expect(options.staffId).toBe(staffId);
  const response = await createCredential(state.worker, options.options);
  const { identity, body } = newIdentity(staffId);
  state.workerIdentity = identity;
  const done = await call(state.worker, 'POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...body });
  expect(done.status).toBe(201);
  state.workerSession = done.body as Session;
  expect(state.workerSession.staff).toMatchObject({ id: staffId, roles: ['caseworker'] });

  // Single use.
  expect((await call(state.worker, 'POST', '/enrol/check', { token })).status).toBe(404);
  // A caseworker may not invite.
  const refused = await call(state.worker, 'POST', '/staff/invitations', { displayName: 'X', roles: ['admin'], deskIds: [] }, state.workerSession.csrfToken);
  expect(refused.status).toBe(403);
  expect(outside).toEqual([]);
});

test('sign out, then sign back in usernameless with a new session id', async () => {
  const before = (await state.workerContext.cookies()).find((c) => c.name === 'ashar_sid')?.value;
  expect((await call(state.worker, 'POST', '/auth/sign-out', undefined, state.workerSession.csrfToken)).status).toBe(204);
  expect((await call(state.worker, 'GET', '/auth/session')).status).toBe(401);

  const signedIn = await signIn(state.worker);
  expect(signedIn.status).toBe(200);
  const session = signedIn.body as Session;
  expect(session.staff.id).toBe(state.workerSession.staff.id);
  expect(session.vault).toBe(state.workerSession.vault);
  expect(session.csrfToken).not.toBe(state.workerSession.csrfToken);
  const after = (await state.workerContext.cookies()).find((c) => c.name === 'ashar_sid')?.value;
  expect(after).toBeDefined();
  expect(after).not.toBe(before);
  state.workerSession = session;
});

test('a revoked passkey can no longer sign in; the remaining one can', async () => {
  const auth = state.workerAuth;
  const first = await auth.credentials(state.workerAuthenticator);
  expect(first).toHaveLength(1);
  const firstCredential = first[0]!;

  // Register a second passkey on a second authenticator.
  await auth.remove(state.workerAuthenticator);
  const secondId = await auth.add();
  const csrf = state.workerSession.csrfToken;
  const start = (await call(state.worker, 'POST', '/auth/passkeys/options', {}, csrf)).body as { ceremonyId: string; options: unknown };
  const response = await createCredential(state.worker, start.options);
  expect((await call(state.worker, 'POST', '/auth/passkeys', { ceremonyId: start.ceremonyId, response }, csrf)).status).toBe(201);
  const passkeys = (await call(state.worker, 'GET', '/auth/passkeys')).body as { id: string; credentialId: string; current: boolean }[];
  expect(passkeys).toHaveLength(2);
  const old = passkeys.find((p) => p.current)!;
  const secondCredential = (await auth.credentials(secondId))[0]!;

  // Revoke the first; the current session used it, so it ends too.
  expect((await call(state.worker, 'DELETE', `/auth/passkeys/${old.id}`, undefined, csrf)).status).toBe(204);
  expect((await call(state.worker, 'GET', '/auth/session')).status).toBe(401);

  // The revoked credential, back in an authenticator, is refused.
  await auth.remove(secondId);
  const third = await auth.add();
  await auth.addCredential(third, firstCredential);
  const refused = await signIn(state.worker);
  expect(refused.status).toBe(401);
  expect((refused.body as { type: string }).type).toBe('urn:ashar:problem:sign-in-failed');

  // The other one still works, and the last passkey cannot be removed.
  await auth.remove(third);
  const fourth = await auth.add();
  await auth.addCredential(fourth, secondCredential);
  const ok = await signIn(state.worker);
  expect(ok.status).toBe(200);
  state.workerSession = ok.body as Session;
  const remaining = (await call(state.worker, 'GET', '/auth/passkeys')).body as { id: string }[];
  expect(remaining).toHaveLength(1);
  expect((await call(state.worker, 'DELETE', `/auth/passkeys/${remaining[0]!.id}`, undefined, state.workerSession.csrfToken)).status).toBe(409);
});

test('certifying needs a step-up; the admin brings the root certificate, then certifies the caseworker', async () => {
  const adminId = state.adminSession.staff.id;
  const workerId = state.workerSession.staff.id;
  const adminCert = issueCertificate(root.keys, {
    kind: 'admin',
    subjectId: adminId,
    encPk: state.adminIdentity.encPk,
    signPk: state.adminIdentity.signPk,
    notAfter: new Date(Date.now() + 365 * 86400_000),
  });
  const csrf = state.adminSession.csrfToken;
  const early = await call(state.admin, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, csrf);
  expect(early.status).toBe(403);
  expect((early.body as { type: string }).type).toBe('urn:ashar:problem:step-up-required');

  await stepUp(state.admin, csrf);
  expect((await call(state.admin, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, csrf)).status).toBe(204);

  // A certificate for other keys is refused.
  const wrongKeys = issueCertificate(state.adminIdentity, {
    kind: 'staff',
    subjectId: workerId,
    encPk: generateIdentityKeys().encPk,
    signPk: state.workerIdentity.signPk,
    notAfter: new Date(Date.now() + 365 * 86400_000),
  });
  expect((await call(state.admin, 'POST', `/keys/staff/${workerId}/certificate`, { certificate: wrongKeys }, csrf)).status).toBe(422);

  const workerCert = issueCertificate(state.adminIdentity, {
    kind: 'staff',
    subjectId: workerId,
    encPk: state.workerIdentity.encPk,
    signPk: state.workerIdentity.signPk,
    notAfter: new Date(Date.now() + 365 * 86400_000),
  });
  expect((await call(state.admin, 'POST', `/keys/staff/${workerId}/certificate`, { certificate: workerCert }, csrf)).status).toBe(204);

  const published = (await call(state.worker, 'GET', `/keys/staff/${workerId}`)).body as { chain: unknown[] };
  expect(published.chain).toHaveLength(2);
  const verified = verifyCertificateChain(published.chain, parseSignPublicKey(encodePublicKey(root.keys.signPk)), new Date());
  expect(verified.subjectId).toBe(workerId);

  // A caseworker cannot certify anyone, even after a step-up.
  await stepUp(state.worker, state.workerSession.csrfToken);
  const refused = await call(state.worker, 'POST', `/keys/staff/${adminId}/certificate`, { certificate: adminCert }, state.workerSession.csrfToken);
  expect(refused.status).toBe(422);
  const staffList = await call(state.worker, 'GET', '/staff');
  expect(staffList.status).toBe(200);
  expect((staffList.body as { id: string; certified: boolean }[]).find((s) => s.id === workerId)?.certified).toBe(true);
});

test('sign out everywhere ends every session of the person', async ({ browser }) => {
  // A second browser for the admin, with the same passkey.
  const credentials = await state.adminAuth.credentials(state.adminAuthenticator);
  const other = await browser.newContext();
  const page = await open(other);
  const auth = await Authenticators.attach(other, page);
  await auth.addCredential(await auth.add(), credentials[0]!);
  expect((await signIn(page)).status).toBe(200);
  expect((await call(page, 'GET', '/auth/session')).status).toBe(200);

  expect((await call(state.admin, 'POST', '/auth/sign-out-everywhere', undefined, state.adminSession.csrfToken)).status).toBe(204);
  expect((await call(state.admin, 'GET', '/auth/session')).status).toBe(401);
  expect((await call(page, 'GET', '/auth/session')).status).toBe(401);
  await other.close();
});

test('staff sign-in is rate limited with a 429 and Retry-After', async () => {
  let last = { status: 0, headers: {} as Record<string, string>, body: null as unknown };
  for (let i = 0; i < 70 && last.status !== 429; i++) last = await call(state.worker, 'POST', '/auth/options', {});
  expect(last.status).toBe(429);
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  expect((last.body as { type: string }).type).toBe('urn:ashar:problem:rate-limited');
  expect(state.outside).toEqual([]);
});

test('every sign-in, failure, step-up, enrolment, invitation and certification is in the audit log', async () => {
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ action: string }>(`SELECT action FROM audit_events ORDER BY seq`);
    const actions = rows.map((r) => r.action);
    for (const action of [
      'setup.admin_enrolled',
      'staff.invited',
      'staff.enrolled',
      'auth.sign_out',
      'auth.sign_in',
      'auth.sign_in_failed',
      'auth.passkey_added',
      'auth.passkey_removed',
      'auth.step_up',
      'keys.root_certified',
      'keys.certify',
      'auth.sign_out_everywhere',
    ]) {
      expect(actions).toContain(action);
    }
  } finally {
    await db.end();
  }
});

const receipt = { code: '', challenge: '', signature: '' };

test('a requester signs in with a receipt code (key derived here, challenge signed here)', async ({ browser }) => {
  receipt.code = generateReceiptCode();
  const keys = deriveRequesterKeys(receipt.code, 'ashar');
  const kid = kidOf(keys.signPk);
  // The account a first submission creates: public keys only.
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    await db.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3)`, [kid, encodePublicKey(keys.encPk), encodePublicKey(keys.signPk)]);
  } finally {
    await db.end();
  }
  const context = await browser.newContext();
  const outside = await guardLocalOnly(context);
  const page = await open(context);
  const challenge = (await call(page, 'POST', '/requester/challenge', { kid })).body as { ceremonyId: string; challenge: string; instanceId: string };
  receipt.challenge = challenge.challenge;
  receipt.signature = signChallenge(keys, challenge.instanceId, challenge.challenge);
  expect((await call(page, 'POST', '/requester/sign-in', { ceremonyId: challenge.ceremonyId, signature: receipt.signature })).status).toBe(204);
  expect((await call(page, 'GET', '/requester/session')).status).toBe(200);
  expect((await call(page, 'GET', '/auth/session')).status).toBe(403);
  expect(outside).toEqual([]);
  await context.close();
});

test('the log of the whole run holds no key, challenge, session id, CSRF token or client address', async () => {
  await state.adminContext.close();
  await state.workerContext.close();
  const log = await readLog();
  const secrets = [
    state.adminSession.csrfToken,
    state.workerSession.csrfToken,
    encodePublicKey(state.adminIdentity.encPk),
    encodePublicKey(state.workerIdentity.signPk),
    state.adminSession.vault,
    PASSPHRASE,
    receipt.code,
    receipt.code.replace(/-/g, ''),
    receipt.challenge,
    receipt.signature,
  ];
  for (const secret of secrets) expect(secret.length).toBeGreaterThan(10);
  for (const secret of secrets) expect(log).not.toContain(secret);
  expect(log).not.toMatch(/ashar_sid=/);
  expect(log).not.toMatch(/"challenge"/);
  expect(log).not.toMatch(/127\.0\.0\.1(?!:\d)|::1|remoteAddress|x-forwarded-for/i);
});

function readLog(): Promise<string> {
  return readSystemLog(system);
}
