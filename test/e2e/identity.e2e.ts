/**
 * The staff console's identity flows, through the screens, in Chromium with virtual
 * authenticators (CDP): the first admin's enrolment from the setup link, invitations and
 * enrolment with and without the PRF extension, sign-in and vault unlock, passkey revocation,
 * and certification up to the TEST root key the web app under test was built with
 * (global-setup.ts). Every actor is its own browser context; each test asserts that no
 * request left this machine, that no page logged an error, and that no secret was sent.
 * Each group of tests runs a system of its own, so that it owns the first-run setup link: the
 * first-run test alone, the others sharing a first admin enrolled through the setup screen
 * before them; each test enrols whoever else it needs, so one failure does not stop the others.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, type Page, expect, test } from '@playwright/test';
import { importRootKeys, protectRootKeys, ready } from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { type RunningSystem, startSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { apiFrom, collectPageProblems, guardLocalOnly, shownText, shownValue } from './support';
import { described, need } from './staff-team';
import { getAssertion } from './webauthn';

const FINGERPRINT = /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/;
const RECOVERY_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/;
const PASSPHRASE = 'seven quiet rivers under snow';

/** Asking whether one is signed in, when one is not, is a normal answer. */
const NORMAL_FAILURES = new Set(['GET /api/v1/auth/session 401']);

/** One person at one browser: a context, pages with virtual authenticators, and what they sent. */
class Actor {
  readonly pages: Page[] = [];
  /** Every request URL and body the pages sent, to prove no secret left the browser. */
  readonly sent: string[] = [];
  /** Answers of 400 and above since the last check, as `METHOD /path status`. */
  private failures: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly outside: string[],
    readonly problems: string[],
  ) {
    context.on('request', (request) => this.sent.push(`${request.url()}\n${request.postData() ?? ''}`));
    context.on('response', (response) => {
      if (response.status() >= 400) this.failures.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    });
  }

  static async open(browser: Browser): Promise<Actor> {
    const context = await browser.newContext();
    const outside = await guardLocalOnly(context);
    const problems = collectPageProblems(context);
    return new Actor(context, outside, problems);
  }

  /** A new tab with its own virtual authenticator; with `prf` it supports the PRF extension. */
  async newPage(options: { prf: boolean }): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
    const page = await this.context.newPage();
    this.pages.push(page);
    const cdp = await this.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
        ...(options.prf ? { hasPrf: true } : {}),
      },
    });
    return { page, cdp, authenticatorId };
  }

  get page(): Page {
    const first = this.pages[0];
    if (!first) throw new Error('no page yet');
    return first;
  }

  /**
   * Nothing left this machine; no page error (the api's refusals are left out of those by
   * collectPageProblems, and checked here instead); the api refused exactly the `expectedFailures`
   * since the last check (besides "not signed in"); none of `secrets` was in any request.
   */
  expectClean({ secrets = [], expectedFailures = [] }: { secrets?: string[]; expectedFailures?: string[] } = {}): void {
    expect(this.outside).toEqual([]);
    expect(this.problems).toEqual([]);
    const failures = [...new Set(this.failures.filter((failure) => !NORMAL_FAILURES.has(failure)))].sort();
    expect(failures).toEqual([...new Set(expectedFailures)].sort());
    this.failures = [];
    for (const secret of secrets) {
      expect(this.sent.filter((entry) => entry.includes(secret))).toEqual([]);
    }
  }
}

interface Enrolled {
  actor: Actor;
  page: Page;
  fingerprint: string;
  recoveryCode: string;
  /** The enrolment link the person used (none for the first admin). */
  link?: string;
}

/** The system of the tests running now: each group of tests below starts its own. */
let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
/** Everyone enrolled by the tests running now, whose browsers close with the group's system. */
const enrolled: Enrolled[] = [];

function systemUrl(): string {
  if (!system) throw new Error('the system did not start');
  return system.url;
}

/** A system of its own for a group of tests, fresh database and first-run setup link included. */
async function startOwnSystem(label: string): Promise<void> {
  env = await createTestEnvironment(label);
  system = await startSystem(env, join(__dirname, `../../tmp/${label}-server.log`), {
    WEB_DIST: join(__dirname, '../../tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
  });
}

async function stopOwnSystem(): Promise<void> {
  for (const person of enrolled.splice(0)) await person.actor.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
  system = undefined;
  env = undefined;
}

/** The first-run setup link the system logged. */
function setupToken(): string | undefined {
  if (!system) throw new Error('the system did not start');
  const tokens = [...readFileSync(system.logFile, 'utf8').matchAll(/\/setup#([A-Za-z0-9_-]{43})/g)].map((m) => m[1] as string);
  return tokens.at(-1);
}


/** The bare characters of a recovery code, as they would travel if a client leaked them. */
const bare = (code: string) => code.replace(/-/g, '');

/** Walks the recovery-code step: reads the code, checks the confirmation gate, finishes. */
async function storeRecoveryCodeAndFinish(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeVisible();
  const code = await shownValue(page.getByLabel('Recovery code', { exact: true }), RECOVERY_CODE);
  const finish = page.getByRole('button', { name: 'Finish enrolment' });
  await expect(finish).toBeDisabled();
  await page.getByLabel('I have stored my recovery code somewhere safe').check();
  await finish.click();
  await expect(page).toHaveURL(`${systemUrl()}/staff/console`);
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  return code;
}


async function fingerprintOn(page: Page): Promise<string> {
  return shownText(described(page, 'Identity key fingerprint'), FINGERPRINT);
}

function certificationStatus(page: Page) {
  return page.getByRole('status', { name: 'Certification' });
}

/** The admin invites someone as a caseworker and returns the one-time link shown. */
async function invite(admin: Page, displayName: string): Promise<string> {
  await admin.getByRole('link', { name: 'Invite staff' }).click();
  await admin.getByLabel('Name').fill(displayName);
  await expect(admin.getByRole('checkbox', { name: 'Caseworker', exact: true })).toBeChecked();
  await admin.getByRole('button', { name: 'Create invitation' }).click();
  await expect(admin.getByRole('heading', { name: `Invitation for ${displayName}` })).toBeVisible();
  const link = await shownValue(admin.getByLabel('Enrolment link'), new RegExp(`^${systemUrl()}/enrol#[A-Za-z0-9_-]{16,64}$`));
  return link;
}

/** Opens an enrolment link and checks the token left the address bar at once. */
async function openEnrolLink(page: Page, link: string, displayName: string): Promise<void> {
  await page.goto(link);
  // A new browser first checks the console against its signed release (slow on a loaded machine).
  await expect(page.getByText(`You were invited as ${displayName}`)).toBeVisible({ timeout: 60_000 });
  expect(page.url()).toBe(`${systemUrl()}/enrol`);
}

/** A step-up of the page's session through the api, with the page's own authenticator. */
async function stepUpIn(page: Page): Promise<void> {
  const { csrfToken } = (await apiFrom(page, 'GET', '/auth/session')).body as { csrfToken: string };
  const start = (await apiFrom(page, 'POST', '/auth/step-up/options', {}, csrfToken)).body as { ceremonyId: string; options: unknown };
  const response = await getAssertion(page, start.options);
  expect((await apiFrom(page, 'POST', '/auth/step-up', { ceremonyId: start.ceremonyId, response }, csrfToken)).status).toBe(200);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(`${systemUrl()}/staff`);
  await expect(page.getByText('You are signed out.')).toBeVisible();
}


/** The first admin, through the setup screen with a PRF passkey; what the first test checks in full. */
async function enrolFirstAdmin(browser: Browser): Promise<Enrolled> {
  const actor = await Actor.open(browser);
  const { page } = await actor.newPage({ prf: true });
  await page.goto(`${systemUrl()}/setup#${need(setupToken(), 'the setup link')}`);
  // The console first checks itself against its signed release (slow on a loaded machine).
  await expect(page.getByRole('status')).toHaveText(/This setup link is valid/, { timeout: 60_000 });
  await page.getByLabel('Your name').fill('Amina Admin');
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await page.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
  const recoveryCode = await storeRecoveryCodeAndFinish(page);
  await expect(page.getByText('Signed in as Amina Admin')).toBeVisible();
  const admin = { actor, page, fingerprint: await fingerprintOn(page), recoveryCode };
  enrolled.push(admin);
  return admin;
}

/** The admin invites `displayName` as a caseworker, who enrols with a PRF passkey in a browser of their own. */
async function enrolCaseworker(browser: Browser, admin: Enrolled, displayName: string): Promise<Enrolled> {
  const link = await invite(admin.page, displayName);
  const actor = await Actor.open(browser);
  const { page } = await actor.newPage({ prf: true });
  await openEnrolLink(page, link, displayName);
  await page.getByRole('button', { name: 'Create my passkey' }).click();
  await page.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
  const recoveryCode = await storeRecoveryCodeAndFinish(page);
  await expect(page.getByText(`Signed in as ${displayName}`)).toBeVisible();
  const person = { actor, page, fingerprint: await fingerprintOn(page), recoveryCode, link };
  enrolled.push(person);
  return person;
}

test.describe('first run', () => {
  test.beforeAll(async () => {
    await ready();
    await startOwnSystem('identityfirst');
  });

  test.afterAll(stopOwnSystem);

  test('the first admin enrols from the setup link in the system log, with a PRF passkey and a recovery code', async ({ browser }) => {
    const token = setupToken();
    expect(token).toBeDefined();
    // The link stands on a line of its own, and no JSON log line carries the token.
    const logLines = readFileSync(need(system, 'the system').logFile, 'utf8').split('\n');
    expect(logLines).toContain(`${systemUrl()}/setup#${token}`);
    expect(logLines.filter((l) => l.startsWith('{') && l.includes(need(token, 'the token')))).toEqual([]);

    const actor = await Actor.open(browser);
    const { page } = await actor.newPage({ prf: true });
    await page.goto(`${systemUrl()}/setup#${token}`);
    expect(page.url()).toBe(`${systemUrl()}/setup`);
    // The console first checks itself against its signed release (slow on a loaded machine).
    await expect(page.getByRole('status')).toHaveText(/This setup link is valid/, { timeout: 60_000 });

    // The name is required.
    await page.getByRole('button', { name: 'Create my passkey' }).click();
    await expect(page.getByRole('alert')).toHaveText(/Enter the name/);
    await page.getByLabel('Your name').fill('Amina Admin');
    await page.getByRole('button', { name: 'Create my passkey' }).click();
    await expect(page.getByRole('heading', { name: 'Protect your keys with your passkey' })).toBeVisible();
    await page.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
    const recoveryCode = await storeRecoveryCodeAndFinish(page);

    await expect(page.getByText('Signed in as Amina Admin')).toBeVisible();
    await expect(page.getByText('Administrator', { exact: true })).toBeVisible();
    await fingerprintOn(page);
    // The console shows the root key built into the app, and the admin is not certified yet.
    await expect(page.getByText(`Organisation root key fingerprint: ${testRoot().fingerprint}`)).toBeVisible();
    await expect(certificationStatus(page)).toContainText('Not certified');
    // Admins are certified by the root key's custodians, and the console says so (not "an administrator").
    await expect(certificationStatus(page)).toContainText('The organisation’s root key custodians certify administrators, and have not certified your keys yet. Give them the command below.');
    await expect(certificationStatus(page)).not.toContainText('An administrator has not certified');
    // The home page starts with the first admin's next steps: their own certificate, then colleagues.
    const next = page.getByRole('list', { name: 'Next steps' }).getByRole('listitem');
    await expect(next.nth(0)).toHaveText('Bring in your certificate from the organisation’s root key custodians (below): until then you cannot certify anyone.');
    await expect(next.nth(1)).toHaveText('Invite your colleagues.');
    await expect(next.nth(1).getByRole('link')).toHaveAttribute('href', '/staff/console/invite');
    await expect(page.getByRole('link', { name: 'Invite staff' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Staff', exact: true })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1);
    await expect(page.getByText('Unlocks your keys')).toBeVisible();

    // The api holds the vault and its two wraps: the passkey's PRF and the recovery code.
    const session = (await apiFrom(page, 'GET', '/auth/session')).body as { staff: { roles: string[] }; wraps: { method: string }[]; vault: string };
    expect(session.staff.roles).toEqual(['admin']);
    expect(session.wraps.map((w) => w.method).sort()).toEqual(['passkey-prf', 'recovery-code']);
    expect(session.vault).toMatch(/^a1\./);

    // The setup link works once.
    const again = await actor.context.newPage();
    await again.goto(`${systemUrl()}/setup#${token}`);
    await expect(again.getByRole('alert')).toHaveText(/not valid/);
    await again.close();

    actor.expectClean({ secrets: [recoveryCode, bare(recoveryCode)], expectedFailures: ['POST /api/v1/setup/check 404'] });
    await actor.context.close();
  });
});

test.describe('with a first admin', () => {
  /** Enrolled through the setup screen before the tests; each test enrols whoever else it needs. */
  let firstAdmin: Enrolled | undefined;

  test.beforeAll(async ({ browser }) => {
    await ready();
    await startOwnSystem('identity');
    firstAdmin = await enrolFirstAdmin(browser);
  });

  test.afterAll(stopOwnSystem);

  test('the admin invites a caseworker, who enrols with a PRF passkey, signs out, signs back in and unlocks the same keys', async ({ browser }) => {
    const admin = need(firstAdmin, 'the admin');
    const { actor, page, fingerprint, recoveryCode, link } = await enrolCaseworker(browser, admin, 'Carlos Caseworker');
    if (!link) throw new Error('no enrolment link');
    await expect(page.getByText('Caseworker', { exact: true })).toBeVisible();
    expect(fingerprint).not.toBe(admin.fingerprint);
    // No admin entries for a caseworker.
    await expect(page.getByRole('link', { name: 'Invite staff' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Staff', exact: true })).toHaveCount(0);

    await signOut(page);
    // Signed out: the console is closed again.
    await page.goto(`${systemUrl()}/staff/console`);
    await expect(page).toHaveURL(`${systemUrl()}/staff`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    // The passkey just used unlocks the vault through its PRF, with no further question.
    await expect(page).toHaveURL(`${systemUrl()}/staff/console`);
    await expect(page.getByText('Signed in as Carlos Caseworker')).toBeVisible();
    expect(await fingerprintOn(page)).toBe(fingerprint);

    // The link was single-use.
    const reused = await actor.context.newPage();
    await reused.goto(link);
    await expect(reused.getByRole('alert')).toHaveText(/not valid/);
    await reused.close();

    actor.expectClean({ secrets: [recoveryCode, bare(recoveryCode)], expectedFailures: ['POST /api/v1/enrol/check 404'] });
    admin.actor.expectClean({ secrets: [admin.recoveryCode, bare(admin.recoveryCode)] });
  });

  test('without PRF, enrolment protects the keys with a passphrase, sign-in unlocks with it (a wrong one is refused), and signing out everywhere ends another device’s session', async ({ browser }) => {
    const admin = need(firstAdmin, 'the admin');
    const link = await invite(admin.page, 'Pat Passphrase');

    const actor = await Actor.open(browser);
    const { page, cdp, authenticatorId } = await actor.newPage({ prf: false });
    await openEnrolLink(page, link, 'Pat Passphrase');
    await page.getByRole('button', { name: 'Create my passkey' }).click();
    await expect(page.getByRole('heading', { name: 'Choose a passphrase' })).toBeVisible();

    const submit = page.getByRole('button', { name: 'Protect my keys with this passphrase' });
    await page.getByLabel('New passphrase').fill('too short');
    await page.getByLabel('Repeat the passphrase').fill('too short');
    await submit.click();
    await expect(page.getByRole('alert')).toHaveText(/at least 12 characters/);
    await page.getByLabel('New passphrase').fill(PASSPHRASE);
    await page.getByLabel('Repeat the passphrase').fill(`${PASSPHRASE}!`);
    await submit.click();
    await expect(page.getByRole('alert')).toHaveText(/differ/);
    await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await submit.click();
    const recoveryCode = await storeRecoveryCodeAndFinish(page);
    const fingerprint = await fingerprintOn(page);
    await expect(page.getByText('Unlocks your keys')).toHaveCount(0);

    const session = (await apiFrom(page, 'GET', '/auth/session')).body as { wraps: { method: string }[] };
    expect(session.wraps.map((w) => w.method).sort()).toEqual(['passphrase', 'recovery-code']);

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('heading', { name: 'Unlock your keys' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill('seven quiet rivers under rain');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Check it and try again.');
    await expect(page).toHaveURL(`${systemUrl()}/staff`);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page).toHaveURL(`${systemUrl()}/staff/console`);
    expect(await fingerprintOn(page)).toBe(fingerprint);

    // A second device with the same passkey (copied between virtual authenticators) has a
    // session of its own; "sign out everywhere" on the first device ends it as well.
    const device = await Actor.open(browser);
    const { page: other, cdp: otherCdp, authenticatorId: otherAuthenticator } = await device.newPage({ prf: false });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    for (const credential of credentials) await otherCdp.send('WebAuthn.addCredential', { authenticatorId: otherAuthenticator, credential });
    await other.goto(`${systemUrl()}/staff`);
    await other.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await other.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await other.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(other).toHaveURL(`${systemUrl()}/staff/console`);
    expect(await fingerprintOn(other)).toBe(fingerprint);

    // It is on the account page, apart from "Sign out", and asks first.
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('button', { name: 'Sign out everywhere…' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await expect(page).toHaveURL(`${systemUrl()}/staff`);
    await expect(page.getByText('You are signed out on every device.')).toBeVisible();
    // The other device learns it at its next request, and locks its keys.
    await other.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(other).toHaveURL(`${systemUrl()}/staff`);
    await expect(other.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();
    await expect(other.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
    await other.goto(`${systemUrl()}/staff/console`);
    await expect(other).toHaveURL(`${systemUrl()}/staff`);

    actor.expectClean({ secrets: [PASSPHRASE, recoveryCode, bare(recoveryCode)] });
    // Adding a passkey asks for a passkey confirmation first (step-up): that is the request refused.
    device.expectClean({ secrets: [PASSPHRASE], expectedFailures: ['POST /api/v1/auth/step-up/options 401'] });
    await device.context.close();
    admin.actor.expectClean();
    await actor.context.close();
  });

  test('the invite form starts over after each invitation; the invited person chooses a pseudonym at enrolment and changes or removes it in their account; their passkey shows as used for this session; signing out everywhere asks first; dates read one way per language', async ({ browser }) => {
    const admin = need(firstAdmin, 'the admin');
    const page = admin.page;
    const DATE_TIME_EN = String.raw`\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d{2}:\d{2}`;
    const DATE_TIME_RU = String.raw`\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\., \d{2}:\d{2}`;

    // The admin invites someone as caseworker and desk lead; then the whole form starts over,
    // so Desk lead does not carry over to the next person unseen.
    await page.getByRole('link', { name: 'Invite staff' }).click();
    await page.getByLabel('Name').fill('Aigerim Akhmetova');
    await page.getByRole('checkbox', { name: 'Desk lead', exact: true }).check();
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await expect(page.getByRole('heading', { name: 'Invitation for Aigerim Akhmetova' })).toBeVisible();
    // The link's end of validity, in the console's one style for English.
    await expect(page.getByText(new RegExp(`until ${DATE_TIME_EN}`))).toBeVisible();
    const link = await shownValue(page.getByLabel('Enrolment link'), new RegExp(`^${systemUrl()}/enrol#[A-Za-z0-9_-]{16,64}$`));
    await expect(page.getByLabel('Name')).toHaveValue('');
    const roles = page.getByRole('group', { name: 'Roles' }).getByRole('checkbox');
    expect(await roles.count()).toBeGreaterThan(2);
    for (const box of await roles.all()) {
      const name = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
      if (name === 'Caseworker') await expect(box).toBeChecked();
      else await expect(box, name).not.toBeChecked();
    }

    // She enrols, choosing the name requesters will see; a problem is named at the field.
    const actor = await Actor.open(browser);
    const { page: her } = await actor.newPage({ prf: true });
    await openEnrolLink(her, link, 'Aigerim Akhmetova');
    const pseudonymField = her.getByLabel('Name requesters see (pseudonym)');
    await expect(pseudonymField).toHaveAccessibleDescription(/Requesters see only this name/);
    await pseudonymField.fill('x'.repeat(61));
    await her.getByRole('button', { name: 'Create my passkey' }).click();
    await expect(her.getByRole('alert')).toHaveText('Keep the pseudonym to 60 characters or fewer.');
    await pseudonymField.fill('  Aigerim, legal desk ');
    await her.getByRole('button', { name: 'Create my passkey' }).click();
    await her.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
    const recoveryCode = await storeRecoveryCodeAndFinish(her);
    await expect(her.getByText('Signed in as Aigerim Akhmetova')).toBeVisible();
    expect((await apiFrom(her, 'GET', '/staff/me/pseudonym')).body).toEqual({ pseudonym: 'Aigerim, legal desk' });

    // The passkey she enrolled with opened this session: used now, not "never".
    const passkeys = her.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
    await expect(passkeys).toHaveCount(1);
    await expect(passkeys.first()).toContainText('Used for this session');
    await expect(passkeys.first()).toContainText(new RegExp(`Added ${DATE_TIME_EN}; last used ${DATE_TIME_EN}`));
    await expect(passkeys.first()).not.toContainText('never');

    // Her account: the pseudonym, changed, refused when wrong, removed.
    await her.getByRole('link', { name: 'Your account' }).click();
    await expect(her).toHaveURL(`${systemUrl()}/staff/console/account`);
    await expect(her.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(her.getByText('Requesters see you as Aigerim, legal desk.')).toBeVisible();
    const field = her.getByLabel('Name requesters see (pseudonym)');
    await expect(field).toHaveValue('Aigerim, legal desk');
    const save = her.getByRole('button', { name: 'Save pseudonym' });
    await field.fill('Aigerim\tlegal');
    await save.click();
    await expect(her.getByRole('alert')).toHaveText('The pseudonym cannot contain line breaks, tabs or other control characters.');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill('   ');
    await save.click();
    await expect(her.getByRole('alert')).toHaveText('Enter the name requesters should see.');
    await field.fill('Aigerim, legal aid');
    await save.click();
    await expect(her.getByRole('status').filter({ hasText: 'Saved. Requesters now see you as Aigerim, legal aid.' })).toBeVisible();
    await expect(her.getByText('Requesters see you as Aigerim, legal aid.')).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'false');
    expect((await apiFrom(her, 'GET', '/staff/me/pseudonym')).body).toEqual({ pseudonym: 'Aigerim, legal aid' });
    await her.getByRole('button', { name: 'Remove pseudonym' }).click();
    await expect(her.getByRole('status').filter({ hasText: 'Pseudonym removed.' })).toBeVisible();
    await expect(her.getByText('You have no pseudonym yet')).toBeVisible();
    expect((await apiFrom(her, 'GET', '/staff/me/pseudonym')).body).toEqual({ pseudonym: null });

    // Signing out everywhere says what it does and asks first; Cancel keeps the session.
    await expect(her.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
    await her.getByRole('button', { name: 'Sign out everywhere…' }).click();
    const question = her.getByRole('group', { name: /Sign out every device and browser session of yours, this one included\?/ });
    await expect(question).toBeVisible();
    await expect(question.getByRole('button', { name: 'Yes, sign out everywhere' })).toBeFocused();
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(her.getByRole('button', { name: 'Sign out everywhere…' })).toBeFocused();
    await expect(her).toHaveURL(`${systemUrl()}/staff/console/account`);
    expect((await apiFrom(her, 'GET', '/auth/session')).status).toBe(200);

    // In Russian the console writes its dates the one Russian way.
    await her.getByRole('link', { name: 'Home' }).click();
    await her.getByLabel('Language').selectOption('ru');
    await expect(her.getByRole('list', { name: 'Ключи доступа' }).getByRole('listitem').first()).toContainText(
      new RegExp(`Добавлен: ${DATE_TIME_RU}; последнее использование: ${DATE_TIME_RU}`),
    );

    actor.expectClean({ secrets: [recoveryCode, bare(recoveryCode)] });
    admin.actor.expectClean({ secrets: [admin.recoveryCode, bare(admin.recoveryCode)] });
  });

  test('a passkey revoked in the console can no longer sign in', async ({ browser }) => {
    const caseworker = await enrolCaseworker(browser, need(firstAdmin, 'the admin'), 'Rita Revoked');
    const { actor } = caseworker;

    // Adding a passkey needs a fresh confirmation with a passkey already held (step-up, SPEC.md
    // §17.4): the first device gives it for this session before the second one opens.
    await stepUpIn(caseworker.page);

    // A second device: another tab of the same session with its own authenticator. Its keys are
    // locked (no crypto worker yet), and the passkey of this session is on the other device, so
    // it unlocks with the recovery code.
    const { page: second } = await actor.newPage({ prf: true });
    await second.goto(`${systemUrl()}/staff/console`);
    await expect(second).toHaveURL(`${systemUrl()}/staff`);
    await expect(second.getByRole('heading', { name: 'Unlock your keys' })).toBeVisible();
    await second.getByRole('button', { name: 'Use my recovery code' }).click();
    await second.getByLabel('Recovery code', { exact: true }).fill('0000-0000-0000-0000-0000-0000-0000');
    await second.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(second.getByRole('alert')).toHaveText('That recovery code is not right. Check it and try again.');
    // Typed loosely, as a person might: lower case, no separators.
    await second.getByLabel('Recovery code', { exact: true }).fill(bare(caseworker.recoveryCode).toLowerCase());
    await second.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(second).toHaveURL(`${systemUrl()}/staff/console`);
    expect(await fingerprintOn(second)).toBe(caseworker.fingerprint);

    // Add this device's passkey, then revoke it.
    const passkeys = second.getByRole('list', { name: 'Passkeys' }).getByRole('listitem');
    await expect(passkeys).toHaveCount(1);
    await second.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(second.getByText('Passkey added. It signs you in and unlocks your keys.')).toBeVisible();
    await expect(passkeys).toHaveCount(2);
    const added = passkeys.filter({ hasNotText: 'Used for this session' });
    await expect(added).toHaveCount(1);
    await added.getByRole('button', { name: 'Revoke' }).click();
    await added.getByRole('button', { name: 'Remove' }).click();
    await expect(second.getByText('Passkey removed. It can no longer sign in.')).toBeVisible();
    await expect(passkeys).toHaveCount(1);
    await expect(passkeys.first()).toContainText('Used for this session');

    // The revoked passkey is refused at sign-in.
    await signOut(second);
    await second.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(second.getByRole('alert')).toHaveText(/This passkey could not sign you in/);
    await expect(second).toHaveURL(`${systemUrl()}/staff`);

    // The first device's passkey still signs in and unlocks.
    const first = caseworker.page;
    await first.goto(`${systemUrl()}/staff`);
    await first.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(first).toHaveURL(`${systemUrl()}/staff/console`);
    expect(await fingerprintOn(first)).toBe(caseworker.fingerprint);
    await second.close();

    actor.expectClean({
      secrets: [caseworker.recoveryCode, bare(caseworker.recoveryCode), bare(caseworker.recoveryCode).toLowerCase()],
      expectedFailures: ['POST /api/v1/auth/sign-in 401'],
    });
  });

  test('the admin, certified by the root, certifies the caseworker, whose console then shows "Certified"', async ({ browser }) => {
    const admin = need(firstAdmin, 'the admin');
    const caseworker = await enrolCaseworker(browser, admin, 'Cora Caseworker');
    const page = admin.page;

    // The caseworker is listed as not certified.
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    const row = page.getByRole('row', { name: /Cora Caseworker/ });
    await expect(row).toContainText('Not certified');

    // The fingerprints the admin is asked to compare are those the caseworker sees.
    await row.getByRole('button', { name: 'Certify Cora Caseworker' }).click();
    await expect(page.getByRole('heading', { name: 'Certify Cora Caseworker' })).toBeVisible();
    await expect(described(page, 'Identity key fingerprint')).toHaveText(caseworker.fingerprint);

    // Without a root-issued certificate of their own, the admin cannot certify anyone.
    await page.getByRole('button', { name: 'The fingerprints match: certify' }).click();
    await expect(page.getByRole('alert')).toHaveText(/not a valid admin certificate/);

    // The admin's console shows the command for the root key's custodians. They run it (here: the
    // built CLI on a passphrase-protected file of the TEST root; offline in real life), and the
    // admin pastes what it prints. The console checks it against the built-in root first.
    await page.getByRole('link', { name: 'Home' }).click();
    // The command pastes into a shell as is: no <placeholder>, the root key file where the README
    // puts it (~/ashar-root.key), and a Copy button.
    const command = await shownText(page.getByRole('figure', { name: 'Command for the root key custodians' }).locator('pre'), /^npm run ashar -- root certify-admin --root ~\/ashar-root\.key --admin [0-9a-f-]{36} --enc-pk [A-Za-z0-9_-]{43} --sign-pk [A-Za-z0-9_-]{43}$/);
    expect(command).not.toMatch(/[<>]/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy the command' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    // The custodians paste it as is into a shell (here: bash in this checkout, with a home holding a
    // passphrase-protected file of the TEST root; offline in real life), and the admin pastes back
    // everything the terminal shows: npm's banner, the JSON and the summary.
    await ready();
    const home = mkdtempSync(join(tmpdir(), 'ashar-custodian-'));
    const custodianPassphrase = 'a long custodian passphrase for tests';
    writeFileSync(join(home, 'ashar-root.key'), protectRootKeys(importRootKeys(testRoot().rootKey), custodianPassphrase), { mode: 0o600 });
    const cli = spawnSync('bash', ['-c', `${command} 2>&1`], {
      cwd: join(__dirname, '../..'),
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ASHAR_ROOT_PASSPHRASE: custodianPassphrase, npm_config_update_notifier: 'false' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.status, cli.stdout).toBe(0);
    const terminal = cli.stdout;
    expect(terminal).toMatch(/^> ashar@[^\n]* ashar\n> node dist\/apps\/api\/cli\.js root certify-admin/m);
    expect(terminal).toContain('Admin certificate for');
    const printed = JSON.parse(terminal.slice(terminal.indexOf('{'), terminal.lastIndexOf('}') + 1)) as object;
    // Garbage is refused with a clear word, before anything is sent.
    const label = page.getByLabel('Certificate (JSON)');
    await label.fill('bash: root: No such file or directory');
    await page.getByRole('button', { name: 'Check and save my certificate' }).click();
    await expect(page.getByRole('alert')).toHaveText('That is not the certificate: no certificate was found in what you pasted. Paste what the command printed.');
    // A certificate for someone else is refused in the browser before anything is sent.
    await label.fill(JSON.stringify({ ...printed, subjectId: '00000000-0000-4000-8000-000000000000' }));
    await page.getByRole('button', { name: 'Check and save my certificate' }).click();
    await expect(page.getByRole('alert')).toHaveText(/not an admin certificate for your keys/);
    // Two certificates are refused; the whole terminal output is taken.
    await label.fill(`${JSON.stringify(printed)}\n${JSON.stringify({ ...printed, notAfter: '2030-01-01T00:00:00Z' })}`);
    await page.getByRole('button', { name: 'Check and save my certificate' }).click();
    await expect(page.getByRole('alert')).toHaveText(/more than one certificate/);
    await label.fill(terminal);
    await page.getByRole('button', { name: 'Check and save my certificate' }).click();
    await expect(certificationStatus(page)).toContainText('By the organisation root key');

    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await row.getByRole('button', { name: 'Certify Cora Caseworker' }).click();
    await page.getByRole('button', { name: 'The fingerprints match: certify' }).click();
    await expect(page.getByText('Cora Caseworker is now certified.')).toBeVisible();
    await expect(row).toContainText('Certified');
    await expect(row).not.toContainText('Not certified');

    // The admin's own console now shows the root's certificate.
    await page.getByRole('link', { name: 'Home' }).click();
    await expect(certificationStatus(page)).toContainText('Certified');
    await expect(certificationStatus(page)).toContainText('By the organisation root key');

    // The caseworker, after a reload (which locks the keys), unlocks with the session's passkey
    // and sees the certificate, checked in their browser against the built-in root.
    const cw = caseworker.page;
    await expect(certificationStatus(cw)).toContainText('Not certified');
    // A caseworker reads that an administrator certifies them, and that is their first next step.
    await expect(certificationStatus(cw)).toContainText('An administrator has not certified your keys yet. Read them the fingerprints below.');
    const cwNext = cw.getByRole('region', { name: 'Next steps' });
    await expect(cwNext.getByRole('listitem').first()).toHaveText(
      'Ask an administrator to certify your keys, reading them your fingerprints (below): until then no desk key can be sealed to you.',
    );
    await cw.reload();
    await expect(cw).toHaveURL(`${systemUrl()}/staff`);
    await cw.getByRole('button', { name: 'Unlock with my passkey' }).click();
    await expect(cw).toHaveURL(`${systemUrl()}/staff/console`);
    await expect(certificationStatus(cw)).toContainText('Certified');
    await expect(certificationStatus(cw)).toContainText('By an administrator');
    await expect(certificationStatus(cw)).not.toContainText('Not certified');
    // Certified, on no desk yet, with no case and no notification: nothing waits for them.
    await expect(cwNext).toContainText('Nothing waits for you right now.');
    await expect(cwNext.getByRole('listitem')).toHaveCount(0);
    expect(await fingerprintOn(cw)).toBe(caseworker.fingerprint);

    admin.actor.expectClean({ secrets: [admin.recoveryCode, bare(admin.recoveryCode)] });
    caseworker.actor.expectClean({ secrets: [caseworker.recoveryCode, bare(caseworker.recoveryCode)] });
  });
});
