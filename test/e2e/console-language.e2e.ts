/**
 * The staff console's languages in Chromium (issue 15, item 1; docs/staff-console.md
 * "Languages"), on a system of its own: a certified admin signs in to the console in English
 * (the default, as the browser asks for English), switches it to Russian with the language
 * selector in the console's navigation and reads the console in Russian at once — headings,
 * navigation, labels, dates — with the page's `lang` following. The choice is the person's own
 * setting on the server (GET /api/v1/staff/me/language): after a reload the unlock screen is
 * in Russian, and after signing out (the sign-in page speaks the browser's language again) and
 * signing in, the console is Russian again. A `lang` in the address shows that view in its
 * language without changing the setting; switching back to English saves English.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ready } from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type Actor, PASSPHRASE, need, setUpAdmin, signInAfresh, useSystem } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let admin: Actor | undefined;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('console_language');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/console-language-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
  });
  useSystem(system.url);
  admin = await setUpAdmin(browser, system.logFile);
});

test.afterAll(async () => {
  await admin?.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('a member of staff switches the console to Russian, and it stays Russian after a reload and a new sign-in', async () => {
  test.setTimeout(180_000);
  const actor = need(admin, 'the admin');
  const page = actor.page;

  // English by default: the browser asks for English and the setting is English.
  await signInAfresh(actor);
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect((await actor.call('GET', '/staff/me/language')).body).toEqual({ language: 'en' });

  // The selector in the console's navigation switches at once.
  await page.getByRole('navigation', { name: 'Console' }).getByLabel('Language').selectOption('ru');
  await expect(page.getByRole('heading', { level: 1, name: 'Консоль сотрудников' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  const nav = page.getByRole('navigation', { name: 'Консоль' });
  await expect(nav.getByRole('link', { name: 'Главная' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Сотрудники' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Выйти', exact: true })).toBeVisible();
  await expect(nav.getByLabel('Язык')).toHaveValue('ru');
  await expect(page.getByRole('heading', { name: 'Ваши ключи доступа' })).toBeVisible();
  // Roles and dates in Russian too (a month name, not "Dec").
  await expect(page.getByText('Администратор', { exact: true })).toBeVisible();
  await expect(page.getByText(/Добавлен: \d{1,2} [а-я]+\.? \d{4}/).first()).toBeVisible();
  expect((await actor.call('GET', '/staff/me/language')).body).toEqual({ language: 'ru' });

  // Another console page, through the Russian navigation.
  await nav.getByRole('link', { name: 'Сотрудники' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Сотрудники' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Статус' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Активен' })).toBeVisible();

  // A reload ends the crypto worker: the unlock screen is in Russian, from the saved setting.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Разблокируйте ключи' })).toBeVisible();
  await page.getByLabel('Парольная фраза').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Разблокировать', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Сотрудники' })).toBeVisible();

  // Signed out, the sign-in page speaks the browser's language; signed in, the person's own again.
  await page.getByRole('navigation', { name: 'Консоль' }).getByRole('button', { name: 'Выйти', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('heading', { name: 'Разблокируйте ключи' })).toBeVisible();
  await page.getByLabel('Парольная фраза').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Разблокировать', exact: true }).click();
  // Back on the page the person was on when they signed out, in Russian.
  await expect(page.getByRole('heading', { level: 1, name: 'Сотрудники' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

  // `lang` in the address shows that view in English without changing the setting (the unlock
  // screen on the way, at /staff without `lang`, follows the setting).
  await page.goto(`${need(system, 'the system').url}/staff/console?lang=en`);
  await page.getByLabel('Парольная фраза').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Разблокировать', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/console\?lang=en$/);
  expect((await actor.call('GET', '/staff/me/language')).body).toEqual({ language: 'ru' });

  // Choosing English in the selector saves it (and drops `lang` from the address).
  await page.getByRole('navigation', { name: 'Console' }).getByLabel('Language').selectOption('en');
  await expect(page).toHaveURL(/\/staff\/console$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  expect((await actor.call('GET', '/staff/me/language')).body).toEqual({ language: 'en' });
  actor.expectClean();
});
