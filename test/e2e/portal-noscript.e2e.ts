/**
 * Tor Browser at "Safest" (issue 15, item 10) and the quick exit in the reader's language (item 8),
 * against a system of this file's own started in production mode with the form without
 * JavaScript on (NOSCRIPT_INTAKE=true; the shared system keeps it off), with a staff team and
 * certified desk keys made through the api as the console makes them (staff-team.ts):
 * - with JavaScript off, the portal shows the way to the "Safest" page in all six languages; the
 *   page in Kazakh says why and how, fits 360 px, and its quick exit goes to the neutral page in
 *   Kazakh;
 * - the form without JavaScript, in Kazakh, sends a legal request and shows the receipt code once;
 *   the desks open it in format v1 to the very text typed (the test holds their key pairs), and
 *   the legal caseworker reads it in the console, marked as sent without JavaScript;
 * - with JavaScript on, the portal's quick exit goes to the neutral page in the page's language.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import { type CaseKeyEnvelope, decryptRecord, openCaseKeyEnvelope, parseSignPublicKey, ready } from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type Actor, type Desks, type Team, need, setUpTeam, signInAfresh, useSystem } from './staff-team';
import { collectPageProblems, guardLocalOnly } from './support';

const ROOT_DIR = join(__dirname, '../..');
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const PHONE = { width: 360, height: 740 };

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;
const desks: Desks = {};
const actors: Partial<Record<keyof Team, Actor>> = {};

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

async function visit(browser: Browser, javaScriptEnabled: boolean): Promise<Visitor> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled });
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

async function expectFitsPhone(page: Page, where: string): Promise<void> {
  // JavaScript is off in the page; Playwright's own evaluation still runs.
  const width = await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
  expect(width, `${where} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('portal_noscript');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/portal-noscript-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
    NOSCRIPT_INTAKE: 'true',
  });
  useSystem(system.url);
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  for (const d of (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  // Through the api as the console and the custodians would: admins, a lead, caseworkers, certified desk keys sealed to their members.
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('with JavaScript off: the portal points to the "Safest" page in six languages; in Kazakh it says why and how, and its quick exit stays in Kazakh', async ({ browser }) => {
  const v = await visit(browser, false);
  const { page } = v;
  await page.goto(url('/'));
  const ways = page.getByRole('navigation', { name: 'JavaScript' });
  await expect(ways.getByRole('link')).toHaveCount(6);
  await expect(ways.getByRole('link', { name: 'JavaScript is off: why this site needs it, and what to do' })).toBeVisible();
  await expect(ways.getByRole('link', { name: /^JavaScript хомӯш аст/ })).toHaveAttribute('href', '/no-script?lang=tg');
  await ways.getByRole('link', { name: /^JavaScript өшірулі/ }).click();

  await expect(page).toHaveURL(url('/no-script?lang=kk'));
  await expect(page.getByRole('heading', { level: 1, name: 'Бұл бетке JavaScript қажет' })).toBeVisible();
  await expect(page).toHaveTitle('Жазбалар');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { name: 'Tor Browser-де қауіпсіздік деңгейін қалай өзгертуге болады' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '«Save and restart»' })).toBeVisible();
  const languages = page.getByRole('navigation', { name: 'Тіл' });
  await expect(languages.getByRole('link')).toHaveText(['English', 'Русский', 'Кыргызча', 'Қазақша', 'Тоҷикӣ', 'Oʻzbekcha']);
  await expect(languages.getByRole('link', { name: 'Қазақша' })).toHaveAttribute('aria-current', 'page');
  await expectFitsPhone(page, 'the Safest page');

  // Another language from the page itself.
  await languages.getByRole('link', { name: 'Oʻzbekcha' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bu sahifaga JavaScript kerak' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Til' }).getByRole('link', { name: 'Қазақша' }).click();

  await page.getByRole('link', { name: 'Сайттан тез шығу' }).click();
  await expect(page).toHaveURL(url('/about-weather.html?lang=kk'));
  await expect(page).toHaveTitle('Ауа райы болжамын қалай оқу керек');
  await expect(page.getByRole('heading', { level: 1, name: 'Ауа райы болжамын қалай оқу керек' })).toBeVisible();
  await expectFitsPhone(page, 'the exit page');
  await done(v);
});

test('with JavaScript off, the form in Kazakh sends a request, shows its receipt code once, and the desks read the very text in format v1', async ({ browser }) => {
  test.setTimeout(180_000);
  const v = await visit(browser, false);
  const { page } = v;
  const text = `Сотқа дүйсенбіде шақырды, адвокат керек — ${randomBytes(6).toString('hex')}`;
  await page.goto(url('/no-script?lang=kk'));
  await page.getByRole('link', { name: 'JavaScript-сіз пішінді ашу' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'JavaScript-сіз өтініш жіберу' })).toBeVisible();
  await expect(page.getByText(/Бұл пішіннің қауіпсіздігі әдеттегі жолдан төмен/)).toBeVisible();
  await expect(page.locator('input[type=file]')).toHaveCount(0);
  await page.getByLabel('Сізге қандай көмек керек?').selectOption({ label: 'Заң көмегі' });
  await page.getByLabel('Еліңіз').selectOption({ label: 'Қазақстан' });
  await page.getByLabel('Сізге қай тілде жауап берейік?').selectOption('ru');
  await page.getByLabel('Не болып жатқанын және сізге не керек екенін жазыңыз').fill(text);
  await page.getByLabel('Сізбен қалай байланысуға болады? (міндетті емес)').fill('signal: @example');
  await expectFitsPhone(page, 'the form without JavaScript');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/intake/no-script');
  await page.getByRole('button', { name: 'Жіберу' }).click();
  // The receipt code is in this answer only: never cached or stored by the browser.
  expect((await answer).headers()['cache-control']).toBe('no-store');

  await expect(page.getByRole('heading', { level: 1, name: 'Өтінішіңіз жіберілді' })).toBeVisible();
  const code = (await page.locator('.receipt-code code').innerText()).trim();
  expect(code).toMatch(RECEIPT);
  await expect(page.getByText(/«Safer» немесе «Standard»/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Өтінішті тексеру' })).toHaveAttribute('href', '/follow-up?lang=kk');
  await expectFitsPhone(page, 'the receipt page');
  await done(v);

  // The desks' staff read it as any other request: the intake and legal desks' envelopes, the record signed by the requester key.
  const [row] = (
    await database().query(
      `SELECT c.id, c.request_type, c.country, c.language, r.sign_pk, cr.id AS record_id, cr.ciphertext, cr.author_kid
         FROM aid_cases c JOIN requesters r ON r.id = c.requester_id JOIN case_records cr ON cr.case_id = c.id AND cr.kind = 'request'
        ORDER BY c.created_at DESC LIMIT 1`,
    )
  ).rows as { id: string; request_type: string; country: string; language: string; sign_pk: string; record_id: string; ciphertext: string; author_kid: string }[];
  expect(row).toMatchObject({ request_type: 'legal', country: 'KZ', language: 'ru' });
  for (const slug of ['intake', 'legal']) {
    const desk = { id: need(desks[slug], slug).id, key: need(desks[slug]?.key, `the ${slug} desk key`) };
    const envelope = (await database().query(`SELECT sealed_key AS "sealedKey", sealer_kid AS "sealerKid", signature FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'desk' AND recipient_id = $2`, [row!.id, desk.id])).rows[0] as CaseKeyEnvelope;
    const caseKey = openCaseKeyEnvelope(envelope, row!.id, desk.key, parseSignPublicKey(row!.sign_pk));
    const body = decryptRecord(caseKey, { caseId: row!.id, recordId: row!.record_id, recordKind: 'request' }, { ciphertext: row!.ciphertext, authorKid: row!.author_kid }, parseSignPublicKey(row!.sign_pk));
    expect(body).toEqual({ type: 'legal', channel: 'no-script', country: 'KZ', preferredLanguage: 'ru', description: text, contactDetails: 'signal: @example' });
  }
  // Nowhere in clear: not in any column of the case, its records or the audit log.
  const clear = (await database().query(`SELECT count(*)::int AS n FROM (SELECT c::text AS t FROM aid_cases c UNION ALL SELECT r::text FROM case_records r UNION ALL SELECT a::text FROM audit_events a) x WHERE t LIKE '%' || $1 || '%'`, [text.slice(-12)])).rows[0] as { n: number };
  expect(clear.n).toBe(0);

  // Through the console: the legal caseworker opens the case and reads the request, marked as sent without JavaScript.
  const legal = need(actors.legal, 'the legal caseworker');
  await signInAfresh(legal, `/staff/cases/${row!.id}`);
  await expect(legal.page).toHaveURL(url(`/staff/cases/${row!.id}`));
  await expect(legal.page.getByText(text)).toBeVisible({ timeout: 30_000 });
  await expect(legal.page.getByText('Sent through the form without JavaScript', { exact: false })).toBeVisible();
  await expect(legal.page.getByText('signal: @example')).toBeVisible();
  legal.expectClean();
});

test('with JavaScript on, the portal’s quick exit goes to the neutral page in the page’s language', async ({ browser }) => {
  const v = await visit(browser, true);
  const { page } = v;
  await page.goto(url('/?lang=ky'));
  // The bar in Kyrgyz: the page's words have arrived, as a person reading it would see.
  await expect(page.getByRole('button', { name: 'Сайттан тез чыгуу' })).toBeVisible();
  // Three presses a person makes within a second, each stamped with when it was pressed (the page
  // counts those times, not when a loaded machine delivers the keys).
  const cdp = await page.context().newCDPSession(page);
  const pressedAt = Date.now() / 1000;
  for (const [i, type] of (['keyDown', 'keyUp', 'keyDown', 'keyUp', 'keyDown', 'keyUp'] as const).entries()) {
    await cdp.send('Input.dispatchKeyEvent', { type, key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 27, timestamp: pressedAt + i * 0.1 });
  }
  await expect(page).toHaveURL(url('/about-weather.html?lang=ky'));
  await expect(page.getByRole('heading', { level: 1, name: 'Аба ырайынын божомолун кантип окуу керек' })).toBeVisible();
  await done(v);
});
