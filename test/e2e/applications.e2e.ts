/**
 * Applications to a call, in the browser (issue 17, docs/calls.md "Applications"), against a
 * system of its own: the programme desk's key is made by the desk-key flow (its lead, a
 * programme manager who also leads the desk, adds version 1 sealed to themselves; an admin
 * certifies it and a second admin approves it), and a media call with a form of three fields
 * is published by the programme manager through the api.
 * - An applicant reads the call in Russian, applies as an organisation (its name and contact
 *   person), reviews and sends: everything encrypted in the crypto worker; the receipt code is
 *   shown once, with its copy button, whole on a 360 px phone.
 * - With the receipt code they come back, read their application decrypted, send a new version
 *   (the old one kept) and start a withdrawal but keep it; another applicant applies in English
 *   as a person and withdraws, after a confirmation.
 * - The programme manager lists the call's applications in the console and reads the latest
 *   version decrypted with the programme desk's key, under the form's labels; a programme
 *   manager who holds no programme-desk key is told so.
 * - Once the deadline has passed (moved into the past in the database: the api refuses a past
 *   deadline, and the browser runs on the real clock), the public page says the call is closed
 *   and offers no form, the applicant's page says the application can no longer change, and the
 *   api refuses a new version and a withdrawal.
 * - No column of the database holds what the applicants wrote.
 */
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { collectPageProblems, guardLocalOnly } from './support';
import { groupSystems } from './group-systems';
import { adminApprovesDeskKey, adminCertifiesDeskKey, enrolSecondAdmin, enrolStaff, leadAddsDeskKey, openNav, setUpAdmin, signInAfresh } from './staff-team';

type Role = 'admin' | 'approver' | 'pm' | 'outsider';
const { opened, people, url, system, person, ownSystem, desk, database } = groupSystems<Role>('applications', { database: true });

const tag = () => randomBytes(4).toString('hex');
/** What applicants write: none of it may reach a column of the database. */
const MARK = {
  organisation: `MARKER-ORG-Vlast-${tag()}`,
  contact: `MARKER-CONTACT-Aigerim-${tag()}`,
  outlet: `MARKER-OUTLET-${tag()}`,
  motivation: `MARKER-MOTIVATION-Zhanaozen-${tag()}`,
  revised: `MARKER-REVISED-${tag()}`,
  person: `MARKER-PERSON-${tag()}`,
};

const DAY_MS = 24 * 3600 * 1000;
/** A day in Asia/Almaty (UTC+5), `days` from today there. */
const almatyDay = (days: number) => new Date(Date.now() + 5 * 3600 * 1000 + days * DAY_MS).toISOString().slice(0, 10);

const state: { callId?: string; code?: string; applicationId?: string } = {};
const callId = () => {
  if (!state.callId) throw new Error('the call is missing: an earlier test failed');
  return state.callId;
};

/** A browser of a member of the public, in `locale`, that must send nothing off this machine nor see a page error. */
async function visitor(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale, timezoneId: 'Asia/Almaty' });
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
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

/** The requester api from a page signed in with a receipt code (its session cookie, the CSRF token the page holds). */
async function requesterPost(page: Page, path: string, body: unknown): Promise<{ status: number; code: string }> {
  return page.evaluate(
    async ({ path, body }) => {
      const session = (await (await fetch('/api/v1/requester/session', { credentials: 'same-origin' })).json()) as { csrfToken: string };
      const response = await fetch(`/api/v1${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      const problem = (await response.json().catch(() => ({}))) as { type?: string };
      return { status: response.status, code: (problem.type ?? '').split(':').pop() ?? '' };
    },
    { path, body },
  );
}

/** Signs in on the follow-up page with the receipt code (Russian words). */
async function comeBack(page: Page, code: string): Promise<void> {
  await page.goto(url('/follow-up?lang=ru'));
  await page.getByLabel('Код обращения', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Открыть моё обращение' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Ваша заявка' })).toBeVisible({ timeout: 60_000 });
}

test.describe.configure({ mode: 'serial' });

test.describe('applications to a call, encrypted in the browser', () => {
  ownSystem('flow');
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const admin = await setUpAdmin(browser, system().logFile);
    const approver = await enrolSecondAdmin(admin, browser);
    const programmeDesk = desk('programme');
    // The programme manager leads the programme desk: they make its key version 1 (sealed to themselves).
    const pm = await enrolStaff(admin, browser, { name: 'Petra Programme', roles: ['programme_manager', 'desk_lead'], leadDeskIds: [programmeDesk] });
    const outsider = await enrolStaff(admin, browser, { name: 'Omar Outsider', roles: ['programme_manager'] });
    Object.assign(people, { admin, approver, pm, outsider });
    opened.push(admin, approver, pm, outsider);
    const key = await leadAddsDeskKey(pm, programmeDesk, 1);
    await adminCertifiesDeskKey(admin, key);
    await adminApprovesDeskKey(approver, key);

    const created = await pm.call('POST', '/programme/calls', {
      kind: 'media_grants',
      texts: {
        en: { title: 'Support for independent media', description: 'Up to 12 outlets, up to six in each country.', eligibility: 'Registered media outlets in Kazakhstan and Kyrgyzstan.' },
        ru: { title: 'Поддержка независимых СМИ', description: 'До 12 редакций, не более шести из каждой страны.', eligibility: 'Зарегистрированные СМИ Казахстана и Кыргызстана.' },
      },
      form: [
        { name: 'outlet', kind: 'text', required: true, maxLength: 200, label: { en: 'Name of the outlet', ru: 'Название издания' } },
        { name: 'motivation', kind: 'textarea', required: true, maxLength: 8000, label: { en: 'Motivation letter', ru: 'Мотивационное письмо' } },
        {
          name: 'reach',
          kind: 'select',
          required: true,
          label: { en: 'Audience', ru: 'Аудитория' },
          options: [
            { value: 'national', label: { en: 'The whole country', ru: 'Вся страна' } },
            { value: 'regional', label: { en: 'One region', ru: 'Один регион' } },
          ],
        },
      ],
      quotas: { total: 12, perCountry: { KZ: 6, KG: 6 } },
      timeZone: 'Asia/Almaty',
      opensLocal: `${almatyDay(-1)}T09:00`,
      closesLocal: `${almatyDay(14)}T24:00`,
      decisionOn: almatyDay(21),
      notifyOn: almatyDay(25),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    state.callId = (created.body as { id: string }).id;
    expect((await pm.call('POST', `/programme/calls/${callId()}/transitions`, { transition: 'publish' })).status).toBe(200);
  });

  test('an applicant applies in Russian as an organisation and gets a receipt code, whole on a 360 px phone', async ({ browser }) => {
    test.setTimeout(120_000);
    const v = await visitor(browser, 'ru-RU');
    const page = v.page;
    await page.goto(url(`/calls/${callId()}`));
    await expect(page.getByRole('heading', { level: 1, name: 'Поддержка независимых СМИ' })).toBeVisible();
    await page.getByRole('link', { name: 'Подать заявку' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Конкурс: Поддержка независимых СМИ' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Заявка на участие в конкурсе' })).toBeVisible();

    // Nothing chosen: the refusals are listed and shown at their fields, in Russian.
    await page.getByRole('button', { name: 'Проверить заявку' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Некоторые ответы нужно проверить' });
    await expect(summary).toContainText('Кто подаёт заявку: Выберите, подаёте ли вы заявку как частное лицо или как организация.');
    await expect(summary).toContainText('Название издания');
    await expectAccessible(page, 'the application form with its refusals');

    await page.getByLabel('Организация', { exact: true }).check();
    await page.getByLabel('Название организации', { exact: true }).fill(MARK.organisation);
    await page.getByLabel('Контактное лицо (имя и как с ним связаться)', { exact: true }).fill(MARK.contact);
    await page.getByLabel('Страна', { exact: true }).selectOption('KZ');
    await expect(page.getByLabel('Язык, на котором мы вам напишем', { exact: true })).toHaveValue('ru');
    await page.getByLabel('Название издания', { exact: true }).fill(MARK.outlet);
    await page.getByLabel('Мотивационное письмо', { exact: true }).fill(MARK.motivation);
    await page.getByLabel('Аудитория', { exact: true }).selectOption({ label: 'Один регион' });
    await page.getByRole('button', { name: 'Проверить заявку' }).click();

    await expect(page.getByRole('heading', { name: 'Проверьте заявку перед отправкой' })).toBeVisible();
    const review = page.getByTestId('application-answers');
    await expect(review).toContainText(MARK.organisation);
    await expect(review).toContainText(MARK.contact);
    await expect(review).toContainText('Казахстан');
    await expect(review).toContainText('Один регион');
    await expectAccessible(page, 'the review of the application');
    await page.getByRole('button', { name: 'Отправить заявку' }).click();

    await expect(page.getByRole('heading', { name: 'Ваша заявка отправлена' })).toBeVisible({ timeout: 90_000 });
    const code = await page.locator('#receipt-code').inputValue();
    expect(code).toMatch(/^[0-9A-Z]+(-[0-9A-Z]+)+$/);
    state.code = code;
    await expect(page.getByRole('button', { name: 'Скопировать код' })).toBeVisible();
    await expectAccessible(page, 'the receipt code');
    // On a 360 px phone the code is whole, and nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    const box = page.locator('#receipt-code');
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByLabel('Мой код обращения записан', { exact: true }).check();
    await page.getByRole('button', { name: 'Завершить' }).click();
    await expect(page).toHaveURL(/\/(\?lang=ru)?$/);
    await v.close();
  });

  test('with the receipt code the applicant reads their application, sends a new version, and keeps it when asked about withdrawing', async ({ browser }) => {
    test.setTimeout(120_000);
    const v = await visitor(browser, 'ru-RU');
    const page = v.page;
    await comeBack(page, state.code ?? '');
    await expect(page.getByTestId('application-status')).toHaveText('Отправлена. Команда программы читает заявки после окончания срока.');
    await expect(page.getByTestId('application-deadline')).toContainText('24:00 (время Asia/Almaty)');
    const answers = page.getByTestId('application-answers');
    await expect(answers).toContainText(MARK.organisation);
    await expect(answers).toContainText(MARK.motivation);
    await expect(page.getByTestId('application-versions').getByRole('listitem')).toHaveCount(1);
    await expectAccessible(page, 'the applicant’s follow-up');

    await page.getByRole('button', { name: 'Изменить ответы' }).click();
    await expect(page.getByRole('heading', { name: 'Новая версия вашей заявки' })).toBeVisible();
    // Who applies, the country and the language stay as sent; the answers come back to edit.
    await expect(page.getByLabel('Название издания', { exact: true })).toHaveValue(MARK.outlet);
    await expect(page.getByLabel('Аудитория', { exact: true })).toHaveValue('regional');
    await page.getByLabel('Мотивационное письмо', { exact: true }).fill(MARK.revised);
    await page.getByRole('button', { name: 'Отправить новую версию' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Новая версия отправлена.' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Ваши ответы (версия 2)' })).toBeVisible();
    await expect(answers).toContainText(MARK.revised);
    await expect(answers).not.toContainText(MARK.motivation);
    await expect(page.getByTestId('application-versions').getByRole('listitem')).toHaveCount(2);

    await page.getByRole('button', { name: 'Отозвать заявку' }).click();
    await expect(page.getByText('Отозвать заявку? Команда программы не будет её рассматривать, и отменить это будет нельзя.')).toBeVisible();
    await expectAccessible(page, 'the withdrawal’s confirmation');
    await page.getByRole('button', { name: 'Нет, оставить' }).click();
    await expect(page.getByTestId('application-status')).toHaveText(/^Отправлена/);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await v.close();
  });

  test('an applicant applies in English as a person and withdraws after confirming', async ({ browser }) => {
    test.setTimeout(120_000);
    const v = await visitor(browser, 'en-GB');
    const page = v.page;
    await page.goto(url(`/calls/${callId()}/apply`));
    await page.getByLabel('A person', { exact: true }).check();
    await page.getByLabel('Country', { exact: true }).selectOption('KG');
    await page.getByLabel('Name of the outlet', { exact: true }).fill(MARK.person);
    await page.getByLabel('Motivation letter', { exact: true }).fill(MARK.person);
    await page.getByLabel('Audience', { exact: true }).selectOption({ label: 'The whole country' });
    await page.getByRole('button', { name: 'Review my application' }).click();
    await page.getByRole('button', { name: 'Send my application' }).click();
    await expect(page.getByRole('heading', { name: 'Your application was sent' })).toBeVisible({ timeout: 90_000 });
    const code = await page.locator('#receipt-code').inputValue();

    await page.goto(url('/follow-up'));
    await page.getByLabel('Receipt code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Open my request' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Your application' })).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Withdraw my application' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your application was withdrawn.' })).toBeVisible();
    await expect(page.getByTestId('application-status')).toHaveText('Withdrawn. The programme team will not consider it.');
    await expect(page.getByRole('button', { name: 'Change my answers' })).toHaveCount(0);
    await v.close();
  });

  test('the programme manager lists the applications and reads the latest version decrypted; one without the desk key is told so', async () => {
    test.setTimeout(120_000);
    const pm = person('pm');
    await signInAfresh(pm);
    const page = pm.page;
    await openNav(page, 'Calls');
    await page.getByRole('link', { name: 'Support for independent media', exact: true }).click();
    await page.getByRole('link', { name: 'Applications to this call' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Applications: Support for independent media' })).toBeVisible();
    const rows = page.getByTestId('applications-table').getByRole('row');
    await expect(rows).toHaveCount(3);
    // Oldest first, but times are kept to the minute: two applications of one minute come in id order.
    const organisationRow = rows.filter({ hasText: 'An organisation' });
    const personRow = rows.filter({ hasText: 'A person' });
    await expect(organisationRow).toContainText('Submitted');
    await expect(organisationRow).toContainText('Kazakhstan');
    await expect(organisationRow.getByRole('cell').nth(4)).toHaveText('2');
    await expect(personRow).toContainText('Withdrawn');
    await expectAccessible(page, 'the call’s applications');
    await page.getByLabel('Show', { exact: true }).selectOption('withdrawn');
    await expect(rows).toHaveCount(2);
    await page.getByLabel('Show', { exact: true }).selectOption('');
    await expect(rows).toHaveCount(3);

    await organisationRow.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Application to “Support for independent media”' })).toBeVisible();
    const answers = page.getByTestId('application-answers');
    await expect(answers).toContainText(MARK.organisation, { timeout: 30_000 });
    await expect(answers).toContainText(MARK.contact);
    await expect(answers).toContainText(MARK.outlet);
    await expect(answers).toContainText(MARK.revised);
    await expect(answers).toContainText('One region');
    await expect(answers.getByRole('term').filter({ hasText: 'Motivation letter' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Answers (version 2)' })).toBeVisible();
    await expectAccessible(page, 'the application reader');
    state.applicationId = page.url().split('/').pop();

    const outsider = person('outsider');
    await signInAfresh(outsider);
    await openNav(outsider.page, 'Calls');
    await outsider.page.getByRole('link', { name: 'Applications to “Support for independent media”' }).click();
    await outsider.page.getByTestId('applications-table').getByRole('row').filter({ hasText: 'An organisation' }).getByRole('link').click();
    await expect(outsider.page).toHaveURL(url(`/staff/console/applications/${state.applicationId ?? ''}`));
    await expect(outsider.page.getByTestId('application-not-opened')).toHaveText(/You hold no key of the programme desk/);
    await expect(outsider.page.getByText(MARK.outlet)).toHaveCount(0);
  });

  test('after the deadline the call is closed: no form, the application can no longer change, and the api refuses', async ({ browser }) => {
    test.setTimeout(120_000);
    // The api refuses a past deadline on a call: the test moves it into the past in the database.
    await database().query(
      `UPDATE calls SET opens_at = date_trunc('minute', now()) - interval '30 days', closes_at = date_trunc('minute', now()) - interval '1 hour',
                        opens_local = (date_trunc('minute', now()) - interval '30 days') AT TIME ZONE 'Asia/Almaty',
                        closes_local = (date_trunc('minute', now()) - interval '1 hour') AT TIME ZONE 'Asia/Almaty'
        WHERE id = $1`,
      [callId()],
    );

    const v = await visitor(browser, 'ru-RU');
    const page = v.page;
    await page.goto(url(`/calls/${callId()}`));
    await expect(page.getByText('Приём заявок закончен', { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Подать заявку' })).toHaveCount(0);
    await page.goto(url(`/calls/${callId()}/apply`));
    await expect(page.getByText('Срок подачи заявок на этот конкурс истёк: заявки больше не принимаются.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Проверить заявку' })).toHaveCount(0);

    await comeBack(page, state.code ?? '');
    await expect(page.getByTestId('application-closed')).toHaveText('Срок подачи заявок на этот конкурс истёк: заявку больше нельзя изменить или отозвать.');
    await expect(page.getByRole('button', { name: 'Изменить ответы' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Отозвать заявку' })).toHaveCount(0);
    await expect(page.getByTestId('application-answers')).toContainText(MARK.revised);
    // The api refuses what the page no longer offers (the body's validity does not matter: the deadline is checked first or the body refused).
    const withdrawal = await requesterPost(page, '/requester/application/withdrawal', {});
    expect(withdrawal).toEqual({ status: 409, code: 'call-closed' });
    await v.close();
  });

  test('no column of the database holds what the applicants wrote', async () => {
    const columns = (
      await database().query(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
      )
    ).rows as { table_name: string; column_name: string; data_type: string }[];
    expect(columns.map((c) => c.table_name)).toEqual(expect.arrayContaining(['call_applications', 'call_application_versions', 'call_application_envelopes']));
    const found: string[] = [];
    for (const marker of Object.values(MARK)) {
      for (const c of columns) {
        const value = c.data_type === 'bytea' ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
        const hit = await database().query(`SELECT 1 FROM "${c.table_name}" WHERE ${value} LIKE $1 LIMIT 1`, [`%${marker}%`]);
        if (hit.rowCount) found.push(`${c.table_name}.${c.column_name}: ${marker}`);
      }
    }
    expect(found).toEqual([]);
    // Positive control: the scan finds what is kept in clear (the call's title).
    const control = await database().query(`SELECT 1 FROM calls WHERE texts::text LIKE $1`, ['%Support for independent media%']);
    expect(control.rowCount).toBe(1);
    const versions = await database().query(`SELECT count(*)::int AS n FROM call_application_versions`);
    expect(versions.rows[0]).toEqual({ n: 3 });
  });
});
