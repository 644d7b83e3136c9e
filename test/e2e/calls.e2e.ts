/**
 * A call's public page (issue 17, docs/calls.md) against a system of its own in production mode,
 * serving the web app global-setup built: the media call "until 14 December 2026, 24:00 Nur-Sultan time" shows its deadline
 * in its own zone (Asia/Almaty, 24:00 as announced) and in the reader's zone, as this browser
 * reckons it (Europe/Prague: 20:00; Asia/Bishkek: 01:00 the next day), in the reader's language;
 * a draft is "not found". The call is written straight into the database (the api tests cover
 * how programme managers make one).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, expect, test } from '@playwright/test';
import { Client } from 'pg';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { collectPageProblems, guardLocalOnly } from './support';

const ROOT_DIR = join(__dirname, '../..');

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;

function systemUrl(): string {
  if (!system) throw new Error('the system did not start');
  return system.url;
}

function database(): Client {
  if (!db) throw new Error('no database connection');
  return db;
}

const TEXTS = {
  en: { title: 'Support for independent media', description: 'Up to 12 outlets, up to six in each country.', eligibility: 'Registered media outlets in Kazakhstan and Kyrgyzstan.' },
  ru: { title: 'Поддержка независимых СМИ', description: 'До 12 редакций, не более шести из каждой страны.', eligibility: 'Зарегистрированные СМИ Казахстана и Кыргызстана.' },
};

/** A call closing 14 December 2026, 24:00 Asia/Almaty (2026-12-14T19:00:00Z), as the api stores it. */
async function insertCall(status: 'draft' | 'published'): Promise<string> {
  const staff = randomUUID();
  await database().query(`INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id) VALUES ($1, 'Programme Manager', '{programme_manager}', 'active', $2)`, [
    staff,
    randomBytes(32),
  ]);
  const rows = await database().query<{ id: string }>(
    `INSERT INTO calls (kind, status, texts, form, quota_total, quota_per_country, time_zone, opens_local, closes_local, opens_at, closes_at, decision_on, notify_on, created_by, published_at)
     VALUES ('media_grants', $1, $2::jsonb, '[]'::jsonb, 12, '{"KZ": 6, "KG": 6}'::jsonb, 'Asia/Almaty', '2026-11-20T09:00', '2026-12-15T00:00',
             '2026-11-20T04:00:00Z', '2026-12-14T19:00:00Z', '2026-12-21', '2026-12-25', $3, $4) RETURNING id`,
    [status, JSON.stringify(TEXTS), staff, status === 'draft' ? null : new Date()],
  );
  return rows.rows[0]!.id;
}

async function readPage(browser: Browser, options: { locale: string; timezoneId: string; path: string }) {
  const context = await browser.newContext({ locale: options.locale, timezoneId: options.timezoneId });
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  await page.goto(`${systemUrl()}${options.path}`);
  return {
    page,
    close: async () => {
      expect(outside, 'requests that left this machine').toEqual([]);
      expect(problems, 'page errors').toEqual([]);
      await context.close();
    },
  };
}

test.beforeAll(async () => {
  env = await createTestEnvironment('calls');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/calls-server.log'), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
});

test.afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('a call’s page shows the deadline in the call’s zone and in the reader’s, in the reader’s language', async ({ browser }) => {
  const id = await insertCall('published');

  const prague = await readPage(browser, { locale: 'ru-RU', timezoneId: 'Europe/Prague', path: `/calls/${id}?lang=ru` });
  await expect(prague.page.getByRole('heading', { level: 1, name: 'Поддержка независимых СМИ' })).toBeVisible();
  await expect(prague.page.getByRole('heading', { level: 2, name: 'Срок подачи' })).toBeVisible();
  await expect(prague.page.getByTestId('deadline-call-zone')).toHaveText('14 декабря 2026 г., 24:00 (время Asia/Almaty)');
  await expect(prague.page.getByTestId('deadline-reader-zone')).toHaveText('В вашем часовом поясе (Europe/Prague): 14 декабря 2026 г., 20:00');
  await expect(prague.page.getByText('Решение — до 21 декабря 2026 г.')).toBeVisible();
  await expect(prague.page.getByText('Всего мест: 12')).toBeVisible();
  await prague.close();

  const bishkek = await readPage(browser, { locale: 'en-GB', timezoneId: 'Asia/Bishkek', path: `/calls/${id}?lang=en` });
  await expect(bishkek.page.getByRole('heading', { level: 1, name: 'Support for independent media' })).toBeVisible();
  await expect(bishkek.page.getByTestId('deadline-call-zone')).toHaveText('14 December 2026, 24:00 (Asia/Almaty time)');
  await expect(bishkek.page.getByTestId('deadline-reader-zone')).toHaveText('In your time zone (Asia/Bishkek): 15 December 2026, 01:00');
  await bishkek.close();

  // A language the call is not written in: its English text, said so in Kazakh.
  const kazakh = await readPage(browser, { locale: 'kk-KZ', timezoneId: 'Asia/Almaty', path: `/calls/${id}?lang=kk` });
  await expect(kazakh.page.getByRole('heading', { level: 1, name: 'Support for independent media' })).toBeVisible();
  await expect(kazakh.page.getByText('Бұл байқау сіздің тіліңізде жазылмаған; ол ағылшын тілінде көрсетілді.')).toBeVisible();
  await expect(kazakh.page.getByTestId('deadline-reader-zone')).toContainText('(Asia/Almaty)');
  await expect(kazakh.page.getByTestId('deadline-reader-zone')).toContainText('00:00');
  await kazakh.close();
});

test('a draft call has no public page', async ({ browser }) => {
  const id = await insertCall('draft');
  const visitor = await readPage(browser, { locale: 'en-GB', timezoneId: 'Europe/Prague', path: `/calls/${id}?lang=en` });
  await expect(visitor.page.getByRole('heading', { level: 1, name: /This call was not found/ })).toBeVisible();
  await expect(visitor.page.getByText('Support for independent media')).toHaveCount(0);
  await visitor.close();
});
