/**
 * The programme managers' console (issue 17, docs/calls.md) against a system of its own: a
 * programme manager signs in, writes a media call with a Russian title, a form of two fields
 * (one moved above the other) and quotas; the api's refusal of "Asia/Astana" shows next to the
 * zone with its hint; the preview shows the Russian page; the call is published, Programme home
 * counts it as open with its days to the deadline, an edit of the Russian title reaches the
 * public page and the public list in Russian, closing early (confirmed) moves it to closed, and
 * deciding then archiving (confirmed) takes it out of the public list.
 * Times are set from today's date in Asia/Almaty (the system runs on the real clock).
 */
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { collectPageProblems, guardLocalOnly } from './support';
import { groupSystems } from './group-systems';
import { enrolStaff, need, openNav, setUpAdmin, signInAfresh } from './staff-team';

type Role = 'admin' | 'pm';
const { opened, people, url, system, person, ownSystem } = groupSystems<Role>('programme-console');
const state: { callId?: string } = {};

const DAY_MS = 24 * 3600 * 1000;
/** A day in Asia/Almaty (UTC+5 since March 2024), `days` from today there. */
const almatyDay = (days: number) => new Date(Date.now() + 5 * 3600 * 1000 + days * DAY_MS).toISOString().slice(0, 10);

const TITLE = { en: 'Support for independent media', ru: 'Поддержка независимых СМИ', ruEdited: 'Поддержка независимых СМИ Центральной Азии' };

async function publicPage(browser: Browser, path: string) {
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Prague' });
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  await page.goto(url(path));
  return {
    page,
    close: async () => {
      expect(outside, 'requests that left this machine').toEqual([]);
      expect(problems, 'page errors').toEqual([]);
      await context.close();
    },
  };
}

/** axe on what the page shows now, with the rules of accessibility.e2e.ts (WCAG 2.0/2.1 A and AA, best practices): no violation. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.passes.length, `${where}: rules axe saw pass`).toBeGreaterThan(10);
  const found = results.violations.map((v) => `${v.id} [${v.impact ?? 'unknown'}]: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${where}: axe violations`).toEqual([]);
}

const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

test.describe.configure({ mode: 'serial' });

test.describe('a programme manager runs a call from the console', () => {
  ownSystem('flow');
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    const admin = await setUpAdmin(browser, system().logFile);
    const pm = await enrolStaff(admin, browser, { name: 'Petra Programme', roles: ['programme_manager'] });
    Object.assign(people, { admin, pm });
    opened.push(admin, pm);
  });

  test('writes a call in English and Russian with a form of two fields and quotas; the zone’s refusal shows at the zone', async () => {
    const pm = person('pm');
    await signInAfresh(pm);
    const page = pm.page;
    await expect(page).toHaveURL(url('/staff/console'));
    await openNav(page, 'Calls');
    await expect(page.getByRole('heading', { level: 1, name: 'Calls for applications' })).toBeVisible();
    await page.getByRole('link', { name: 'New call' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New call' })).toBeVisible();

    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Grants to media' });
    await page.getByLabel('Title (English)', { exact: true }).fill(TITLE.en);
    await page.getByLabel('Description (English)', { exact: true }).fill('Up to 12 outlets, up to six in each country.');
    await page.getByLabel('Who may apply (English)', { exact: true }).fill('Registered media outlets in Kazakhstan and Kyrgyzstan.');
    await page.getByLabel('Title (Russian)', { exact: true }).fill(TITLE.ru);
    await page.getByLabel('Description (Russian)', { exact: true }).fill('До 12 редакций, не более шести из каждой страны.');
    await page.getByLabel('Who may apply (Russian)', { exact: true }).fill('Зарегистрированные СМИ Казахстана и Кыргызстана.');

    // The form: a short text, then a choice from a list moved above it.
    await page.getByLabel('Kind of the new field').selectOption({ label: 'Short text' });
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Field 1: label (English)').fill('Name of the outlet');
    await page.getByLabel('Field 1: label (Russian)').fill('Название редакции');
    await page.getByLabel('Field 1: required').check();
    await page.getByLabel('Kind of the new field').selectOption({ label: 'Choice from a list' });
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Field 2: label (English)').fill('Country');
    await page.getByLabel('Field 2: label (Russian)').fill('Страна');
    await page.getByLabel('Option 1: label (English)').fill('Kazakhstan');
    await page.getByLabel('Option 1: label (Russian)').fill('Казахстан');
    await page.getByRole('button', { name: 'Move field 2 up' }).click();
    await expect(page.getByTestId('form-field').first().locator('legend').first()).toHaveText('Field 1: Choice from a list');
    await expect(page.getByLabel('Field 1: label (Russian)')).toHaveValue('Страна');
    await expect(page.getByLabel('Field 2: label (Russian)')).toHaveValue('Название редакции');

    await page.getByLabel('Places in total (empty: no limit)').fill('12');
    await page.getByRole('button', { name: 'Add a quota for a country' }).click();
    await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Kazakhstan' });
    await page.getByLabel('Places for this country').fill('6');

    // "Nur-Sultan time" typed as Asia/Astana: refused by the api, with its hint, at the zone.
    await page.getByLabel('Time zone (IANA, e.g. Asia/Almaty)').fill('Asia/Astana');
    await page.getByLabel(/^Opens/).fill(`${almatyDay(-1)}T09:00`);
    await page.getByLabel(/^Closes/).fill(`${almatyDay(10)}T24:00`);
    await page.getByLabel(/^Decision date/).fill(almatyDay(17));
    await page.getByLabel(/^Applicants told by/).fill(almatyDay(21));
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const zone = page.getByLabel('Time zone (IANA, e.g. Asia/Almaty)');
    await expect(zone).toHaveAttribute('aria-invalid', 'true');
    await expect(zone).toHaveAccessibleDescription(/is not an IANA time-zone id\. Use Asia\/Almaty\./);
    await expectAccessible(page, 'the new call, a field refused');
    pm.expectClean(['POST /api/v1/programme/calls 422']);

    await zone.fill('Asia/Almaty');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Call: ${TITLE.en}` })).toBeVisible();
    await expect(status(page, 'The call is saved as a draft.')).toBeVisible();
    state.callId = /\/staff\/console\/calls\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(state.callId).toBeDefined();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Draft');

    // The preview of the public page, in Russian: the Russian texts, the deadline as announced.
    await page.getByLabel('Preview in').selectOption('ru');
    const preview = page.getByTestId('call-preview');
    await expect(preview.getByRole('heading', { level: 2, name: TITLE.ru })).toBeVisible();
    await expect(preview.getByText('До 12 редакций, не более шести из каждой страны.')).toBeVisible();
    await expect(preview.getByRole('heading', { level: 3, name: 'Срок подачи' })).toBeVisible();
    await expect(preview.getByTestId('deadline-call-zone')).toContainText('24:00 (время Asia/Almaty)');
    await expect(preview.getByTestId('deadline-reader-zone')).toContainText('В вашем часовом поясе');
    await expect(preview.getByText('Всего мест: 12')).toBeVisible();
    await expectAccessible(page, 'the call editor with its preview');

    const saved = await pm.call('GET', `/programme/calls/${need(state.callId, 'the call')}`);
    expect(saved.status).toBe(200);
    const body = saved.body as { form: { name: string; kind: string; required: boolean; label: Record<string, string> }[]; quotas: unknown; texts: Record<string, { title: string }> };
    expect(body.form.map((f) => [f.name, f.kind, f.required, f.label.ru])).toEqual([
      ['field2', 'select', false, 'Страна'],
      ['field1', 'text', true, 'Название редакции'],
    ]);
    expect(body.quotas).toEqual({ total: 12, perCountry: { KZ: 6 } });
    expect(body.texts.ru?.title).toBe(TITLE.ru);
    pm.expectClean();
  });

  test('publishes it; Programme home counts it as open with its days to the deadline', async () => {
    const pm = person('pm');
    const page = pm.page;
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(status(page, 'The call is published.')).toBeVisible();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Open');
    await expect(page.getByText('This call is published: a saved change shows on its public page at once.', { exact: false })).toBeVisible();

    await page.getByRole('link', { name: 'Back to Programme home' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Calls for applications' })).toBeVisible();
    await expect(page.getByTestId('call-counts').getByText('Open: 1')).toBeVisible();
    await expect(page.getByTestId('call-counts').getByText('Draft: 0')).toBeVisible();
    const view = (await pm.call('GET', `/programme/calls/${need(state.callId, 'the call')}`)).body as { closes: { instant: string } };
    const days = Math.ceil((Date.parse(view.closes.instant) - Date.now()) / DAY_MS);
    expect(days).toBeGreaterThanOrEqual(10);
    const row = page.getByRole('row').filter({ hasText: TITLE.en });
    await expect(row.getByTestId('days-to-deadline')).toHaveText(`${days} days left`);
    await expect(row).toContainText(`24:00 (Asia/Almaty)`);
    await expectAccessible(page, 'Programme home');
    pm.expectClean();
  });

  test('edits the Russian title of the published call; the public page and list show it in Russian', async ({ browser }) => {
    const pm = person('pm');
    const page = pm.page;
    await page.getByRole('link', { name: TITLE.en, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Call: ${TITLE.en}` })).toBeVisible();
    await page.getByLabel('Title (Russian)', { exact: true }).fill(TITLE.ruEdited);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(status(page, 'The changes are saved.')).toBeVisible();

    const callPage = await publicPage(browser, `/calls/${need(state.callId, 'the call')}?lang=ru`);
    await expect(callPage.page.getByRole('heading', { level: 1, name: TITLE.ruEdited })).toBeVisible();
    await expect(callPage.page.getByText('Идёт приём заявок')).toBeVisible();
    await callPage.close();
    const list = await publicPage(browser, '/calls?lang=ru');
    await expect(list.page.getByRole('heading', { level: 1, name: 'Конкурсы' })).toBeVisible();
    await expect(list.page.getByRole('link', { name: TITLE.ruEdited })).toBeVisible();
    await expectAccessible(list.page, 'the public list of calls');
    await list.close();
    pm.expectClean();
  });

  test('closes the call early after confirming; it is closed and no longer editable', async () => {
    const pm = person('pm');
    const page = pm.page;
    await page.getByRole('button', { name: 'Close early' }).click();
    const confirm = page.getByRole('group', { name: /Close this call now\?/ });
    await expect(confirm).toBeVisible();
    await expectAccessible(page, 'closing a call, asked to confirm');
    await confirm.getByRole('button', { name: 'Yes, close now' }).click();
    await expect(status(page, 'The call is closed.')).toBeVisible();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Closed');
    await expect(page.getByText('This call can no longer be edited', { exact: false })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Mark as decided' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Close early' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Back to Programme home' }).click();
    await expect(page.getByTestId('call-counts').getByText('Closed: 1')).toBeVisible();
    await expect(page.getByTestId('call-counts').getByText('Open: 0')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: TITLE.en });
    await expect(row.getByRole('cell', { name: 'Closed', exact: true })).toBeVisible();
    pm.expectClean();
  });

  test('marks the closed call as decided, then archives it after confirming: gone from the public list and page', async ({ browser }) => {
    const pm = person('pm');
    const page = pm.page;
    await page.getByRole('link', { name: TITLE.en, exact: true }).click();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Closed');
    await page.getByRole('button', { name: 'Mark as decided' }).click();
    await expect(status(page, 'The call is marked as decided.')).toBeVisible();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Decided');
    await page.getByRole('button', { name: 'Archive' }).click();
    // Nothing happens before the confirmation.
    await page.getByRole('group', { name: /Archive this call\?/ }).getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Decided');
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('group', { name: /Archive this call\?/ }).getByRole('button', { name: 'Yes, archive' }).click();
    await expect(status(page, 'The call is archived.')).toBeVisible();
    await expect(page.getByTestId('call-phase')).toHaveText('Phase: Archived');
    await expect(page.getByRole('button', { name: 'Archive' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Back to Programme home' }).click();
    await expect(page.getByTestId('call-counts').getByText('Archived: 1')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: TITLE.en });
    await expect(row.getByRole('cell', { name: 'Not public' })).toBeVisible();
    pm.expectClean();

    const list = await publicPage(browser, '/calls?lang=ru');
    await expect(list.page.getByText('Сейчас нет опубликованных конкурсов.')).toBeVisible();
    await list.close();
  });
});
