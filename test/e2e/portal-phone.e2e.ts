/**
 * The public portal on a phone and when a desk cannot receive (issue 15, Deliver 4, 5 and 8),
 * against a system started in production mode whose only desk with a certified key is intake,
 * and whose quick exit goes to EXIT_URL (a neutral page on another local origin):
 * - before the intake desk has a key, the request page says so before any form, with other ways
 *   to get help; once it has one, a medical request marked "Life-threatening" whose desk has no
 *   key goes to intake (the case is intake's, sealed to intake alone), never "try again later";
 * - at 360×740 no public page scrolls sideways, the receipt code is shown whole and copies (and
 *   is selected where the Clipboard API is missing), Back and Forward move between the request
 *   steps with the answers kept, and the file picker is a labelled control that lists the files;
 * - every public page is titled "Notes"; the quick exit goes to EXIT_URL, from a later step too,
 *   and Back cannot return to the portal.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type IdentityKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  importRootKeys,
  issueCertificate,
  ready,
  signDeskApproval,
} from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { collectPageProblems, guardLocalOnly } from './support';

const ROOT_DIR = join(__dirname, '../..');
const YEAR = 365 * 86_400_000;
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const PHONE = { width: 360, height: 740 };
const EXIT_TITLE = 'Tomorrow: light rain';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;
let exitSite: Server | undefined;
let exitUrl = '';
const staff = {} as { admin: { id: string; identity: IdentityKeys }; approver: { id: string; identity: IdentityKeys } };

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

function database(): Client {
  if (!db) throw new Error('no database connection');
  return db;
}

interface Visitor {
  context: BrowserContext;
  page: Page;
  outside: string[];
  problems: string[];
}

async function visit(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Visitor> {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  return { context, page, outside, problems };
}

async function done(visitor: Visitor): Promise<void> {
  expect(visitor.outside, 'requests that left this machine').toEqual([]);
  expect(visitor.problems, 'page errors').toEqual([]);
  await visitor.context.close();
}

async function insertStaff(name: string, roles: string[]): Promise<{ id: string; identity: IdentityKeys }> {
  const id = randomUUID();
  const identity = generateIdentityKeys();
  const certificate = issueCertificate(importRootKeys(testRoot().rootKey), { kind: 'admin', subjectId: id, encPk: identity.encPk, signPk: identity.signPk, notAfter: new Date(Date.now() + YEAR) });
  await database().query(
    `INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id, enc_pk, sign_pk, certificate, certified_by, certified_at)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $1, now())`,
    [id, name, roles, randomBytes(32), encodePublicKey(identity.encPk), encodePublicKey(identity.signPk), JSON.stringify(certificate)],
  );
  return { id, identity };
}

/** Version 1 of a desk's key, certified by one admin and approved by the other (SPEC.md §8.2), straight in the database. */
async function certifyDesk(slug: string): Promise<string> {
  const id = ((await database().query(`SELECT id FROM desks WHERE slug = $1`, [slug])).rows as { id: string }[])[0]?.id;
  if (!id) throw new Error(`no ${slug} desk`);
  const key = generateDeskKeyPair(id, 1);
  const certificate = issueCertificate(staff.admin.identity, { kind: 'desk', subjectId: deskSubjectId(id, 1), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) });
  const approverCertificate = (await database().query(`SELECT certificate FROM staff_members WHERE id = $1`, [staff.approver.id])).rows[0]?.certificate as unknown;
  await database().query(
    `INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, certificate, created_by, certified_by, certified_at, approval_signature, approved_by, approval_certificate, approved_at)
     VALUES ($1, 1, $2, $3, $4, $5, $5, now(), $6, $7, $8, now())`,
    [id, encodePublicKey(key.encPk), encodePublicKey(key.signPk), JSON.stringify(certificate), staff.admin.id, signDeskApproval(staff.approver.identity, deskVersionKeys(key)), staff.approver.id, JSON.stringify(approverCertificate)],
  );
  return id;
}

/** Nothing on the page is wider than the phone: the document never scrolls sideways. */
async function expectFitsPhone(page: Page, where: string): Promise<void> {
  const width = await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
  expect(width, `${where} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
}

test.beforeAll(async () => {
  await ready();
  // The neutral page EXIT_URL names: another local origin, a page with no script.
  exitSite = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>${EXIT_TITLE}</title></head><body><h1>${EXIT_TITLE}</h1></body></html>`);
  });
  await new Promise<void>((resolve) => exitSite?.listen(0, '127.0.0.1', resolve));
  exitUrl = `http://127.0.0.1:${(exitSite.address() as AddressInfo).port}/forecast`;
  env = await createTestEnvironment('portal_phone');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/portal-phone-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
    BLOB_STORE: 'postgres',
    EXIT_URL: exitUrl,
  });
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  staff.admin = await insertStaff('Amina Admin', ['admin']);
  staff.approver = await insertStaff('Bilal Admin', ['admin']);
});

test.afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
  await new Promise<void>((resolve) => (exitSite ? exitSite.close(() => resolve()) : resolve()));
});

test('with no desk able to receive, the request page says so before any form, with other ways to get help', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/request'));
  await expect(page.getByRole('heading', { name: 'Requests cannot be sent right now' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Other ways to get help' })).toBeVisible();
  await expect(page.getByText('call your local emergency number')).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByText(/try again later/i)).toHaveCount(0);
  await expect(page).toHaveTitle('Notes');
  await expectFitsPhone(page, 'the request page without desks');
  await done(v);
});

test('at 360 px: a life-threatening medical request whose desk has no key goes to intake; Back keeps the answers; the receipt code is whole and copies; every public page fits and is titled "Notes"', async ({ browser }) => {
  const intakeId = await certifyDesk('intake');
  const medicalKeys = (await database().query(`SELECT count(*)::int AS n FROM desk_keys k JOIN desks d ON d.id = k.desk_id WHERE d.slug IN ('medical', 'legal')`)).rows[0] as { n: number };
  expect(medicalKeys.n).toBe(0);
  const v = await visit(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = v;
  const condition = `condition-${randomBytes(6).toString('hex')}`;

  await page.goto(url('/'));
  await expect(page.getByRole('heading', { level: 1, name: 'Ask for help, safely' })).toBeVisible();
  await expect(page).toHaveTitle('Notes');
  await expectFitsPhone(page, 'the landing page');
  const entriesBefore = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await expect(page.getByRole('heading', { name: 'What kind of help do you need?' })).toBeVisible();
  await expect(page).toHaveTitle('Notes');
  await expectFitsPhone(page, 'the kind-of-help step');
  await page.getByRole('radio', { name: /Medical help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByLabel('What is the medical condition or injury?').fill(condition);
  await page.getByLabel('How urgent is it?').selectOption('life_threatening');
  await page.getByLabel('Which country is your request about?').selectOption('TJ');
  await page.getByLabel('In which language should we answer you?').selectOption('tg');
  // The file picker: the real input is the labelled control; the chosen files are listed and counted.
  const picker = page.getByLabel('Add files');
  await expect(picker).toHaveAttribute('type', 'file');
  await expect(picker).toHaveAccessibleDescription(/No files chosen/);
  await expect(page.getByText('Choose files', { exact: true })).toBeVisible();
  await picker.setInputFiles({ name: 'a-photo-with-a-rather-long-name-taken-at-the-clinic-door.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a photo') });
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('a-photo-with-a-rather-long-name');
  await expect(picker).toHaveAccessibleDescription(/1 file chosen/);
  await expectFitsPhone(page, 'the form step with a file');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeVisible();
  await expectFitsPhone(page, 'the review step');

  // Back and Forward move between the steps (one history entry each); the answers stay, in memory.
  expect(await page.evaluate(() => history.length)).toBe(entriesBefore + 2);
  await page.goBack();
  await expect(page.getByLabel('What is the medical condition or injury?')).toHaveValue(condition);
  await expect(page.getByLabel('How urgent is it?')).toHaveValue('life_threatening');
  await page.goBack();
  await expect(page.getByRole('radio', { name: /Medical help/ })).toBeChecked();
  await page.goForward();
  await expect(page.getByLabel('What is the medical condition or injury?')).toHaveValue(condition);
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { name: 'What kind of help do you need?' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('What is the medical condition or injury?')).toHaveValue(condition);
  await page.getByRole('button', { name: 'Review my request' }).click();
  expect(await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }))).toEqual({ local: 0, session: 0 });
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/try again later/i)).toHaveCount(0);
  const box = page.getByLabel('Your receipt code');
  await expect(box).toHaveValue(RECEIPT);
  const code = await box.inputValue();
  // The whole code is visible: nothing scrolled or clipped inside its box, the box inside the screen.
  const shown = await box.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight, right: el.getBoundingClientRect().right }));
  expect(shown.sw).toBeLessThanOrEqual(shown.cw);
  expect(shown.sh).toBeLessThanOrEqual(shown.ch);
  expect(shown.right).toBeLessThanOrEqual(PHONE.width);
  await expectFitsPhone(page, 'the receipt');
  await page.getByRole('button', { name: 'Copy the code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  // Back on the receipt stays on the receipt: it is shown only once.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible();
  await expect(box).toHaveValue(code);

  // The case is intake's, sealed to intake alone (and to the requester).
  const rows = (
    await database().query(
      `SELECT c.owner_desk_id, array_agg(e.recipient_id::text ORDER BY e.recipient_id) FILTER (WHERE e.recipient_kind = 'desk') AS desks
         FROM aid_cases c JOIN case_key_envelopes e ON e.case_id = c.id GROUP BY c.id, c.owner_desk_id`,
    )
  ).rows as { owner_desk_id: string; desks: string[] }[];
  expect(rows).toEqual([{ owner_desk_id: intakeId, desks: [intakeId] }]);

  await page.getByLabel('I have written down my receipt code').check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
  // Finishing went back over the steps and replaced the first: Back leaves the portal.
  expect(await page.evaluate(() => history.length)).toBe(entriesBefore + 2);
  await page.goBack();
  await expect(page).toHaveURL('about:blank');
  await page.goForward();
  await expect(page).toHaveURL(url('/?lang=en'));

  // The follow-up page, before and after the code, fits the phone too.
  await page.getByRole('link', { name: 'I have a receipt code' }).click();
  await expect(page).toHaveTitle('Notes');
  await expectFitsPhone(page, 'the follow-up sign-in');
  await page.getByLabel('Receipt code').fill(code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  await expectFitsPhone(page, 'the open follow-up');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  // The local neutral page and the not-found page fit too.
  await page.goto(url('/about-weather.html'));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFitsPhone(page, 'the neutral page');
  await page.goto(url('/no-such-page'));
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle('Notes');
  await expectFitsPhone(page, 'the not-found page');
  await done(v);
});

test('without the Clipboard API, Copy selects the whole code for the device’s own copy command', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
  await page.goto(url('/request'));
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where does your legal case stand?').selectOption('threatened');
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
  await page.getByLabel('Which country is your request about?').selectOption('KZ');
  await page.getByLabel('In which language should we answer you?').selectOption('kk');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 60_000 });
  const box = page.getByLabel('Your receipt code');
  const code = await box.inputValue();
  expect(code).toMatch(RECEIPT);
  await page.getByRole('button', { name: 'Copy the code' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The code is selected' })).toBeVisible();
  await expect(box).toBeFocused();
  expect(await box.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe(code);
  await done(v);
});

test('the quick exit goes to EXIT_URL, from a later request step too, and Back cannot return to the portal', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/intake/config') && r.ok()), page.goto(url('/'))]);
  const entriesBefore = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await page.getByRole('radio', { name: /Psychological support/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('When are you usually free to talk?').fill('evenings');
  await expect(page.getByLabel('When are you usually free to talk?')).toHaveValue('evenings');
  await page.getByRole('button', { name: 'Leave this site quickly' }).click();
  await expect(page).toHaveURL(exitUrl);
  await expect(page).toHaveTitle(EXIT_TITLE);
  // The step entries were gone back over and the first replaced: Back leaves, never into the portal.
  await page.goBack();
  await expect(page).toHaveURL('about:blank');
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(entriesBefore + 2);
  await page.goForward();
  await expect(page).toHaveURL(exitUrl);

  // Escape three times from the follow-up page does the same, once the page has learnt where the exit goes.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/intake/config') && r.ok()), page.goto(url('/follow-up'))]);
  await expect(page.getByLabel('Receipt code')).toBeVisible();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Escape');
  await expect(page).toHaveURL(exitUrl);
  await page.goBack();
  await expect(page).toHaveURL(exitUrl);
  await done(v);
});
