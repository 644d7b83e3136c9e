/**
 * The public portal in the reader's language (issue 15, items 1 and 4), against a system started
 * in production mode whose intake desk has a certified key:
 * - the language comes from the browser's languages (Kyrgyz, Uzbek → Latin, unknown → English),
 *   is written into the address as `?lang=` and kept from step to step and on Back; `<html lang>`
 *   follows it; the switch names each language in itself and changes it on any page, answers kept;
 * - a requester sends a legal request in Kyrgyz with a date typed day first (a wrong date refused
 *   in Kyrgyz), reads the receipt page in Kyrgyz, switches it to Russian, and opens the request
 *   with the code in Russian;
 * - counted words follow each language's plural rule in the browser: Russian one/few/many, and
 *   Tajik's explicit one/other (CLDR has none; Chromium here has no Tajik data at all).
 */
import { randomBytes, randomUUID } from 'node:crypto';
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

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;

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

/** A visitor whose browser asks for `locale` (navigator.languages and Accept-Language). */
async function visit(browser: Browser, locale: string): Promise<Visitor> {
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
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

/** Version 1 of the intake desk's key, certified by one admin and approved by another (SPEC.md §8.2), straight in the database. */
async function certifyIntake(): Promise<void> {
  const admin = await insertStaff('Aida Admin', ['admin']);
  const approver = await insertStaff('Bakyt Admin', ['admin']);
  const id = ((await database().query(`SELECT id FROM desks WHERE slug = 'intake'`)).rows as { id: string }[])[0]?.id;
  if (!id) throw new Error('no intake desk');
  const key = generateDeskKeyPair(id, 1);
  const certificate = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(id, 1), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) });
  const approverCertificate = (await database().query(`SELECT certificate FROM staff_members WHERE id = $1`, [approver.id])).rows[0]?.certificate as unknown;
  await database().query(
    `INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, certificate, created_by, certified_by, certified_at, approval_signature, approved_by, approval_certificate, approved_at)
     VALUES ($1, 1, $2, $3, $4, $5, $5, now(), $6, $7, $8, now())`,
    [id, encodePublicKey(key.encPk), encodePublicKey(key.signPk), JSON.stringify(certificate), admin.id, signDeskApproval(approver.identity, deskVersionKeys(key)), approver.id, JSON.stringify(approverCertificate)],
  );
}

async function expectLanguage(page: Page, lang: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  expect(new URL(page.url()).searchParams.get('lang')).toBe(lang);
}

test.beforeAll(async () => {
  await ready();
  env = await createTestEnvironment('portal_languages');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/portal-languages-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
    BLOB_STORE: 'postgres',
  });
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  await certifyIntake();
});

test.afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('the language comes from the browser, goes into the address, and the switch names each language in itself', async ({ browser }) => {
  for (const [locale, lang, heading] of [
    ['ky-KG', 'ky', 'Жардам сураңыз — коопсуз'],
    ['uz', 'uz-Latn', 'Xavfsiz tarzda yordam soʻrang'],
    ['de-DE', 'en', 'Ask for help, safely'],
  ] as const) {
    const v = await visit(browser, locale);
    await v.page.goto(url('/'));
    await expect(v.page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(v.page).toHaveURL(url(`/?lang=${lang}`));
    await expectLanguage(v.page, lang);
    // The header with the language switch fits a 360 px phone in every language.
    const width = await v.page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
    expect(width, `the start page in ${lang} scrolls sideways`).toBeLessThanOrEqual(360);
    await done(v);
  }

  const v = await visit(browser, 'en-US');
  const { page } = v;
  await page.goto(url('/follow-up?lang=kk'));
  await expect(page.getByRole('heading', { name: 'Жауабымызды оқу' })).toBeVisible();
  await expectLanguage(page, 'kk');
  const switcher = page.getByRole('navigation', { name: 'Тіл' });
  for (const name of ['English', 'Русский', 'Кыргызча', 'Қазақша', 'Тоҷикӣ', 'Oʻzbekcha']) await expect(switcher.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(switcher.getByRole('link', { name: 'Қазақша' })).toHaveAttribute('aria-current', 'true');
  await expect(switcher.getByRole('link', { name: 'Тоҷикӣ' })).toHaveAttribute('lang', 'tg');
  // A code typed before switching stays: the switch changes the language, not the page.
  await page.getByLabel('Өтініш коды').fill('ABCD');
  await switcher.getByRole('link', { name: 'Тоҷикӣ' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Хондани ҷавоби мо' })).toBeVisible();
  await expectLanguage(page, 'tg');
  await expect(page.getByLabel('Рамзи дархост')).toHaveValue('ABCD');
  await expect(page).toHaveTitle('Ёддоштҳо');
  await done(v);
});

test('a requester asks for legal help in Kyrgyz, reads the receipt in Kyrgyz and Russian, and opens the request in Russian', async ({ browser }) => {
  const v = await visit(browser, 'ky-KG');
  const { page } = v;
  const details = `сот-${randomBytes(4).toString('hex')}`;

  await page.goto(url('/'));
  await expectLanguage(page, 'ky');
  await page.getByRole('link', { name: 'Жардам суроо' }).click();
  await expect(page.getByRole('heading', { name: 'Сизге кандай жардам керек?' })).toBeVisible();
  await expect(page).toHaveURL(url('/request?lang=ky'));
  await page.getByRole('radio', { name: /Юридикалык жардам/ }).check();
  await page.getByRole('button', { name: 'Улантуу' }).click();

  await expect(page.getByRole('heading', { name: 'Юридикалык жардам: сиздин жоопторуңуз' })).toBeVisible();
  await expect(page).toHaveURL(url('/request?lang=ky'));
  await page.getByLabel('Ишиңиз кайсы баскычта?').selectOption({ label: 'Мага айып тагылды' });
  const date = page.getByLabel('Кийинки сот отурумунун күнү');
  await expect(date).toHaveAttribute('placeholder', 'КК.АА.ЖЖЖЖ');
  await expect(date).toHaveAccessibleDescription(/Күнү, айы жана жылы, мисалы 14\.03\.2025/);
  await date.fill('31.02.2027');
  await page.getByLabel('Сот жана айыптоолор').fill(details);
  await page.getByRole('radio', { name: 'Жок' }).check();
  // Countries and languages named in Kyrgyz, although this Chromium has no Kyrgyz data; never a raw code.
  const country = page.getByLabel('Кайрылууңуз кайсы өлкөгө тиешелүү?');
  await expect(country.locator('option[value="KG"]')).toHaveText('Кыргызстан');
  await country.selectOption('KG');
  const language = page.getByLabel('Сизге кайсы тилде жооп беришибиз керек?');
  await expect(language.locator('option[value="ru"]')).toHaveText('Орусча');
  await expect(language.locator('option[value="kaa"]')).toHaveText('Каракалпакча');
  await language.selectOption('ky');
  await page.getByRole('button', { name: 'Кайрылууну текшерүү' }).click();
  await expect(page.getByRole('heading', { name: 'Айрым жоопторду текшерүү керек' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Кийинки сот отурумунун күнү: Чыныгы күндү жазыңыз/ })).toBeVisible();
  await date.fill('14.03.2027');
  await page.getByRole('button', { name: 'Кайрылууну текшерүү' }).click();

  await expect(page.getByRole('heading', { name: 'Жөнөтүүдөн мурун кайрылууңузду текшериңиз' })).toBeVisible();
  await expect(page).toHaveURL(url('/request?lang=ky'));
  await expect(page.getByText('2027-ж., 14-март')).toBeVisible();
  await expect(page.getByText('Мага айып тагылды')).toBeVisible();
  // Back returns to the form, in Kyrgyz, with the answers as typed.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Юридикалык жардам: сиздин жоопторуңуз' })).toBeVisible();
  await expectLanguage(page, 'ky');
  await expect(date).toHaveValue('14.03.2027');
  await expect(page.getByLabel('Сот жана айыптоолор')).toHaveValue(details);
  await page.getByRole('button', { name: 'Кайрылууну текшерүү' }).click();
  await page.getByRole('button', { name: 'Кайрылууну жөнөтүү' }).click();

  await expect(page.getByRole('heading', { name: 'Кайрылууңуз жөнөтүлдү' })).toBeVisible({ timeout: 60_000 });
  await expectLanguage(page, 'ky');
  await expect(page.getByText('Бул кайрылуу кодун сактап коюңуз.')).toBeVisible();
  const box = page.getByLabel('Сиздин кайрылуу кодуңуз');
  await expect(box).toHaveValue(RECEIPT);
  const code = await box.inputValue();

  // The receipt page in Russian: the same code, still shown once, nothing lost by the switch.
  await page.getByRole('navigation', { name: 'Тил' }).getByRole('link', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { name: 'Ваше обращение отправлено' })).toBeVisible();
  await expectLanguage(page, 'ru');
  await expect(page.getByLabel('Ваш код обращения')).toHaveValue(code);
  await page.getByLabel('Мой код обращения записан').check();
  await page.getByRole('button', { name: 'Завершить' }).click();
  await expect(page).toHaveURL(url('/?lang=ru'));
  await expect(page.getByRole('heading', { level: 1, name: 'Попросите о помощи — безопасно' })).toBeVisible();

  // Opening the request with the code, in Russian.
  await page.getByRole('link', { name: 'У меня есть код обращения' }).click();
  await expect(page).toHaveURL(url('/follow-up?lang=ru'));
  await page.getByLabel('Код обращения').fill('ABCD-EFGH');
  await page.getByRole('button', { name: 'Открыть моё обращение' }).click();
  await expect(page.getByRole('alert')).toHaveText(/В коде обращения 20 или 24 знака/);
  await page.getByLabel('Код обращения').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Открыть моё обращение' }).click();
  await expect(page.getByRole('heading', { name: 'Ваше обращение', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Юридическая помощь')).toBeVisible();
  await expect(page.getByText('Получено', { exact: true })).toBeVisible();
  await page.getByText('Ваше обращение в том виде, в каком вы его отправили').click();
  await expect(page.getByText('14 марта 2027 г.')).toBeVisible();
  await expect(page.getByText('Мне предъявлено обвинение')).toBeVisible();
  await expect(page.getByText(details)).toBeVisible();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(url('/?lang=ru'));
  await done(v);
});

test('counted words follow each language: Tajik by its explicit one/other rule, Russian by one/few/many', async ({ browser }) => {
  const v = await visit(browser, 'tg-TJ');
  const { page } = v;
  const file = (name: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(name) });
  await page.goto(url('/request'));
  await expectLanguage(page, 'tg');
  await page.getByRole('radio', { name: /Кӯмаки ҳуқуқӣ/ }).check();
  await page.getByRole('button', { name: 'Идома додан' }).click();
  const picker = page.getByLabel('Илова кардани файлҳо');
  await expect(picker).toHaveAccessibleDescription(/Файл интихоб нашудааст/);
  await picker.setInputFiles([file('a.txt')]);
  await expect(picker).toHaveAccessibleDescription(/Як файл интихоб шуд/);
  await picker.setInputFiles([file('b.txt')]);
  await expect(picker).toHaveAccessibleDescription(/2 файл интихоб шуд/);

  await page.getByRole('navigation', { name: 'Забон' }).getByRole('link', { name: 'Русский' }).click();
  await expectLanguage(page, 'ru');
  const ruPicker = page.getByLabel('Добавить файлы');
  await expect(ruPicker).toHaveAccessibleDescription(/Выбрано 2 файла/);
  await ruPicker.setInputFiles([file('c.txt'), file('d.txt'), file('e.txt')]);
  await expect(ruPicker).toHaveAccessibleDescription(/Выбрано 5 файлов/);
  await page.getByRole('button', { name: 'Убрать a.txt' }).click();
  await page.getByRole('button', { name: 'Убрать b.txt' }).click();
  await page.getByRole('button', { name: 'Убрать c.txt' }).click();
  await page.getByRole('button', { name: 'Убрать d.txt' }).click();
  await expect(ruPicker).toHaveAccessibleDescription(/Выбран 1 файл/);
  await done(v);
});
