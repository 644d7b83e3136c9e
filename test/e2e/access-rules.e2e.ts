/**
 * Issue 13, findings 1, 2 and 7 in Chromium (libs/crypto SPEC.md §17), on a system of its own:
 * the access rules the server enforces, as the people who meet them see them.
 *
 * - An invitation asks for a passkey confirmation (step-up): with an authenticator that does not
 *   verify the person, nothing is created; once it does, the invitation is made after the
 *   assertion, in that order.
 * - A caseworker assigned a case and then removed from the desk by its lead loses it at once:
 *   their console neither lists it nor opens it, and the api answers 404.
 * - The admin suspends a caseworker on the Staff page: their console is signed out at its next
 *   request and their passkey no longer signs in; reinstated, they sign in again.
 * - An invitation made before the rule that mixes admin with case work cannot be used to enrol.
 *
 * Set-up through the api as in aid-flow.e2e.ts (staff-team.ts): a certified admin, a lead of the
 * intake, legal and medical desks, a legal and a medical caseworker, certified desk keys.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import { ready } from '@ashar/crypto';
import { type LegalRequest } from '@ashar/domain';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type PreparedRequest, nodePowProof, prepareLegalRequest } from './node-requester';
import { Actor, type Desks, PASSPHRASE, type Team, enrolmentKeys, need, openNav, setUpTeam, signInAfresh, signInAndUnlock, useSystem } from './staff-team';
import { createCredential } from './webauthn';

const ROOT_DIR = join(__dirname, '../..');
const MARKER = `MARKER-${randomBytes(6).toString('hex')} detained at the border`;
const LEGAL_REQUEST: LegalRequest = { type: 'legal', caseStage: 'under_investigation', hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: MARKER };

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;
const desks: Desks = {};
const actors: Partial<Team> = {};

function url(path = ''): string {
  return `${need(system, 'the system').url}${path}`;
}

function actor(role: keyof Team): Actor {
  return need(actors[role], `the ${role}`);
}

/** A legal request sent as the portal sends it (test/e2e/node-requester.ts). */
async function submitLegalRequest(): Promise<PreparedRequest> {
  const prepared = await prepareLegalRequest(LEGAL_REQUEST, async <T>(path: string) => (await (await fetch(url(`/api/v1${path}`))).json()) as T);
  const response = await fetch(url('/api/v1/intake'), { method: 'POST', headers: { 'content-type': 'application/json', ...(await nodePowProof(url(''), 'intake')) }, body: JSON.stringify(prepared.body) });
  expect(response.status, await response.clone().text()).toBe(201);
  return prepared;
}

/** The actions of the audit log after `seq`, in order. */
async function auditSince(seq: number): Promise<string[]> {
  const { rows } = await need(db, 'the database').query<{ action: string }>(`SELECT action FROM audit_events WHERE seq > $1 ORDER BY seq`, [seq]);
  return rows.map((r) => r.action);
}

async function lastSeq(): Promise<number> {
  const { rows } = await need(db, 'the database').query<{ seq: string | null }>(`SELECT max(seq) AS seq FROM audit_events`);
  return Number(rows[0]?.seq ?? 0);
}

async function signCount(person: Actor): Promise<number> {
  const { authenticators, id } = need(person.authenticator ?? undefined, `${person.name}'s authenticator`);
  return (await authenticators.credentials(id)).reduce((sum, c) => sum + c.signCount, 0);
}

const caseRow = (person: Actor, caseId: string) => person.page.getByRole('row').filter({ has: person.page.getByRole('link', { name: `Case ${caseId.slice(0, 8)}`, exact: true }) });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('access');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/access-rules-server.log'), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
  useSystem(system.url);
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  for (const d of (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  await setUpTeam(browser, system.logFile, desks, (role, person) => (actors[role] = person));
});

test.afterAll(async () => {
  for (const person of Object.values(actors)) await person?.context.close();
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('an invitation asks for a passkey confirmation: nothing is made while the passkey does not verify the admin, and it is made after the assertion once it does', async () => {
  const admin = actor('admin');
  const { authenticators, id } = need(admin.authenticator ?? undefined, 'the admin’s authenticator');
  await signInAfresh(admin);
  await expect(admin.page).toHaveURL(url('/staff/console'));
  const page = admin.page;
  await openNav(page, 'Invite staff');
  await page.getByLabel('Name').fill('Dana Newcomer');
  const invitations = async () => (await need(db, 'the database').query(`SELECT 1 FROM invitations WHERE display_name = 'Dana Newcomer'`)).rowCount;

  // The authenticator cannot verify the person (no fingerprint, no PIN): the confirmation fails, nothing is sent.
  await authenticators.setUserVerified(id, false);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  await expect(page.getByRole('alert')).toHaveText('The passkey request was cancelled or timed out. Try again when you are ready.');
  await expect(page.getByRole('heading', { name: 'Invitation for Dana Newcomer' })).toHaveCount(0);
  expect(await invitations()).toBe(0);

  // It verifies: the passkey answers the step-up, then the invitation is made.
  await authenticators.setUserVerified(id, true);
  const before = { seq: await lastSeq(), signs: await signCount(admin) };
  const calls: string[] = [];
  const record = (response: { request(): { method(): string }; url(): string; status(): number }) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/v1/auth/step-up') || path === '/api/v1/staff/invitations') calls.push(`${response.request().method()} ${path} ${response.status()}`);
  };
  page.on('response', record);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  await expect(page.getByRole('heading', { name: 'Invitation for Dana Newcomer' })).toBeVisible();
  page.off('response', record);
  expect(calls).toEqual(['POST /api/v1/auth/step-up/options 200', 'POST /api/v1/auth/step-up 200', 'POST /api/v1/staff/invitations 201']);
  expect(await signCount(admin)).toBeGreaterThan(before.signs);
  expect(await auditSince(before.seq)).toEqual(['auth.step_up', 'staff.invited']);
  expect(await invitations()).toBe(1);

  // Within the five minutes of that confirmation, the next invitation needs no new one.
  await page.getByLabel('Name').fill('Erlan Newcomer');
  const signs = await signCount(admin);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  await expect(page.getByRole('heading', { name: 'Invitation for Erlan Newcomer' })).toBeVisible();
  expect(await signCount(admin)).toBe(signs);
  admin.expectClean();
});

test('a caseworker assigned a case and then removed from the desk loses it at once: their console neither lists nor opens it', async () => {
  const lead = actor('lead');
  const legal = actor('legal');
  const { caseId } = await submitLegalRequest();
  lead.csrf = ((await lead.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
  expect((await lead.call('POST', `/cases/${caseId}/assign`, { assigneeId: legal.staffId })).status).toBe(200);

  // Before: Carlos finds the case among those assigned to him and reads it.
  await signInAfresh(legal);
  await openNav(legal.page, 'Cases');
  await legal.page.getByLabel('Inbox').selectOption({ label: 'Assigned to me' });
  await caseRow(legal, caseId).getByRole('link').click();
  await expect(legal.page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(legal.page.getByText(MARKER)).toBeVisible();
  await openNav(legal.page, 'Cases');
  await legal.page.getByLabel('Inbox').selectOption({ label: 'Assigned to me' });
  await expect(caseRow(legal, caseId)).toBeVisible();

  // The lead removes him from the legal desk on My desks, confirming with her passkey.
  await signInAfresh(lead);
  await openNav(lead.page, 'My desks');
  const region = lead.page.getByRole('region', { name: 'Legal aid' });
  const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
  await members.getByRole('button', { name: 'Remove Carlos Caseworker' }).click();
  await members.getByRole('group', { name: 'Confirm removing Carlos Caseworker' }).getByRole('button', { name: 'Remove' }).click();
  await expect(region.getByRole('status')).toContainText('Carlos Caseworker was removed: they lost their copies of the desk key, and the desk’s cases assigned to them are back in its queue.');
  lead.expectClean();

  // After: his console lists nothing, the legal desk is gone from it, and the case does not open.
  await openNav(legal.page, 'Home');
  await openNav(legal.page, 'Cases');
  await expect(legal.page.getByRole('heading', { name: 'Cases assigned to you' })).toBeVisible();
  await expect(legal.page.getByLabel('Inbox').getByRole('option')).toHaveText(['Assigned to me']);
  await expect(legal.page.getByRole('status').filter({ hasText: 'No cases match these filters.' })).toBeVisible();
  await expect(caseRow(legal, caseId)).toHaveCount(0);
  // The case's address, as he had it: the console unlocks and comes back to it, and finds nothing.
  await legal.page.goto(url(`/staff/cases/${caseId}`));
  await legal.page.getByLabel('Passphrase').fill(PASSPHRASE);
  await legal.page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(legal.page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(legal.page.getByRole('heading', { level: 1, name: 'Case not found' })).toBeVisible();
  await expect(legal.page.getByText(MARKER)).toHaveCount(0);
  expect((await legal.call('GET', `/cases/${caseId}`)).status).toBe(404);
  legal.expectClean([`GET /api/v1/cases/${caseId} 404`]);
});

test('the admin suspends a caseworker on the Staff page: their console is signed out at its next request and their passkey no longer signs in; reinstated, they sign in again', async () => {
  const admin = actor('admin');
  const medical = actor('medical');
  await signInAfresh(medical);
  await expect(medical.page).toHaveURL(url('/staff/console'));
  await signInAfresh(admin);
  await admin.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Staff', exact: true }).click();
  const row = admin.page.getByRole('row', { name: /Mira Medical/ });
  await row.getByRole('button', { name: 'Suspend Mira Medical' }).click();
  await row.getByRole('group', { name: 'Confirm: suspend Mira Medical' }).getByRole('button', { name: 'Suspend' }).click();
  await expect(admin.page.getByRole('status')).toHaveText('Mira Medical is suspended: their sessions have ended, they cannot sign in, and the cases assigned to them are back in their desks’ queues.');
  await expect(row).toContainText('Suspended');

  // Her open console finds out at its next request (her notifications), and locks her keys.
  await openNav(medical.page, 'Notifications');
  await expect(medical.page).toHaveURL(url('/staff'));
  await expect(medical.page.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();
  await medical.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(medical.page.getByRole('alert')).toHaveText(/This passkey could not sign you in/);

  await row.getByRole('button', { name: 'Reinstate Mira Medical' }).click();
  await row.getByRole('group', { name: 'Confirm: reinstate Mira Medical' }).getByRole('button', { name: 'Reinstate' }).click();
  await expect(admin.page.getByRole('status')).toHaveText('Mira Medical may sign in again. Cases assigned to them before the suspension stay unassigned.');
  // Back where she was going when her session ended.
  await signInAndUnlock(medical);
  await expect(medical.page).toHaveURL(url('/staff/console/notifications'));
  admin.expectClean();
  // Refused: the request that found the session ended, and the sign-in while suspended.
  medical.expectClean(['GET /api/v1/notifications 401', 'GET /api/v1/notifications/email 401', 'POST /api/v1/auth/sign-in 401']);
});

test('an invitation made before the rule, mixing admin with case work and a desk, cannot be used: enrolment applies none of it', async ({ browser }) => {
  const admin = actor('admin');
  const database = need(db, 'the database');
  // As an older version stored it: the roles on the invitation; the person's own row as the migration left it.
  const token = randomBytes(32).toString('base64url');
  const staffId = randomUUID();
  await database.query(`INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id) VALUES ($1, 'Old Stand-in', '{admin}', 'invited', $2)`, [staffId, randomBytes(32)]);
  await database.query(
    `INSERT INTO invitations (token_hash, display_name, roles, lead_desk_ids, invited_by, staff_id, expires_at)
     VALUES ($1, 'Old Stand-in', '{admin,caseworker,desk_lead}', $2, $3, $4, now() + interval '1 day')`,
    [createHash('sha256').update(token).digest(), [need(desks['psychological'], 'the psychological desk').id], admin.staffId, staffId],
  );
  const standIn = await Actor.open(browser, 'Old Stand-in');
  try {
    const options = (await standIn.call('POST', '/enrol/options', { token })).body as { ceremonyId: string; options: unknown; staffId: string };
    expect(options.staffId).toBe(staffId);
    const response = await createCredential(standIn.page, options.options);
    const done = await standIn.call('POST', '/enrol/complete', { token, ceremonyId: options.ceremonyId, response, ...enrolmentKeys(staffId, standIn.identity) });
    expect(done.status).toBe(422);
    expect(done.body).toMatchObject({ type: 'urn:ashar:problem:admin-exclusive' });
    const { rows } = await database.query(
      `SELECT s.status, s.enc_pk IS NULL AS no_keys, (SELECT count(*)::int FROM desk_members WHERE staff_id = s.id) AS desks,
              (SELECT count(*)::int FROM staff_passkeys WHERE staff_id = s.id) AS passkeys, (SELECT used_at IS NULL FROM invitations WHERE staff_id = s.id) AS unused
         FROM staff_members s WHERE s.id = $1`,
      [staffId],
    );
    expect(rows).toEqual([{ status: 'invited', no_keys: true, desks: 0, passkeys: 0, unused: true }]);
    standIn.expectClean(['POST /api/v1/enrol/complete 422']);
  } finally {
    await standIn.context.close();
  }
});
