/**
 * The routing screen of the staff console in Chromium, on a system of its own, with the shared
 * team of test/e2e/staff-team.ts (a certified admin, a lead, a legal and a medical caseworker;
 * certified keys of the intake, legal and medical desks).
 *
 * The admin signs in with a passkey, opens "Routing", adds two rules through the form (and is
 * told in words what is missing first), edits one in its row twice (the order and the
 * "never applies" hint follow), and the route tester shows which desk a request goes to and
 * which rule decided. A rule deleted behind the screen gives the api's 404 in words on saving.
 * A requester then sends a medical request about Kyrgyzstan in Kyrgyz through the public
 * portal; the rule sends it to the legal desk, whose caseworker finds it in their inbox — and,
 * not being an admin, sees no "Routing" entry and is refused the screen by its address. Last,
 * the admin deletes the rule after a confirmation, and the public rules are empty again.
 * Every actor asserts that no request left this machine, no page logged an error, and the api
 * refused only what was expected. The team is made once, before the tests; each test signs in
 * afresh and starts from the rules it needs (made through the api), so one failure does not
 * stop the others.
 */
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { ready } from '@ashar/crypto';
import { type RoutingRule, type RoutingRuleView } from '@ashar/domain';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { Actor, type Desks, need, openNav, setUpTeam, signInAfresh, useSystem } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor; requester?: Actor } = {};
const desks: Desks = {};
/** The rules the first test makes through the screen; later tests start from them, made through the api. */
const KYRGYZ_MEDICAL_TO_LEGAL: RoutingRule = { priority: 5, requestType: 'medical', country: 'KG', language: 'ky', deskSlug: 'legal' };
const KYRGYZ_SPEAKERS_TO_MEDICAL: RoutingRule = { priority: 20, language: 'ky', deskSlug: 'medical' };

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

async function publicRules(): Promise<RoutingRuleView[]> {
  const response = await fetch(url('/api/v1/routing-rules'));
  expect(response.status).toBe(200);
  return (await response.json()) as RoutingRuleView[];
}

/**
 * The admin signed in and unlocked in their browser, the api holding exactly `rules` (made
 * through it, in this order), and the Routing screen open; so each test starts from the same place.
 */
async function adminOnRoutingScreen(rules: RoutingRule[]): Promise<{ admin: Actor; page: Page; ids: string[] }> {
  const admin = need(actors.admin, 'the admin');
  const page = admin.page;
  await signInAfresh(admin);
  await expect(page).toHaveURL(url('/staff/console'));
  const ids = await onlyRules(rules);
  await openNav(page, 'Routing');
  await expect(page).toHaveURL(url('/staff/console/routing'));
  await expect(page.getByRole('heading', { level: 1, name: 'Routing' })).toBeVisible();
  return { admin, page, ids };
}

/** Makes the api hold exactly `rules`, in this order, through the admin's session; returns their ids. */
async function onlyRules(rules: RoutingRule[]): Promise<string[]> {
  const admin = need(actors.admin, 'the admin');
  await expect(admin.page.getByRole('navigation', { name: 'Console' })).toBeVisible();
  admin.csrf = ((await admin.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
  // Routing changes need a fresh passkey confirmation (step-up).
  await admin.stepUp();
  for (const rule of await publicRules()) expect((await admin.call('DELETE', `/routing-rules/${rule.id}`)).status).toBe(204);
  for (const rule of rules) expect((await admin.call('POST', '/routing-rules', rule)).status).toBe(201);
  const ids = (await publicRules()).map((r) => r.id);
  expect(ids).toHaveLength(rules.length);
  return ids;
}

/** The cells of the rules table, row by row (header row first). */
async function ruleRows(page: Page): Promise<string[][]> {
  const table = page.getByRole('table', { name: 'Rules in the order they apply' });
  return table.getByRole('row').evaluateAll((rows) =>
    rows.map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => {
        const buttons = Array.from(cell.querySelectorAll('button'));
        const text = buttons.length > 0 ? buttons.map((b) => b.textContent).join(' ') : (cell as HTMLElement).innerText;
        return text.replace(/\s+/g, ' ').trim();
      }),
    ),
  );
}

/** The route tester's answer for one request. */
async function testRoute(page: Page, type: string, country: string, language: string) {
  const tester = page.getByRole('region', { name: 'Test a route' });
  await tester.getByLabel('Type of request').selectOption({ label: type });
  await tester.getByLabel('Country of the request').selectOption(country);
  await tester.getByLabel('Language of the request').selectOption(language);
  return tester.getByRole('status');
}

test.beforeAll(async ({ browser }) => {
  await ready();
  env = await createTestEnvironment('routing');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/routing-rules-server.log'), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
  useSystem(system.url);
  const directory = (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; slug: string; name: string }[];
  for (const d of directory) desks[d.slug] = { id: d.id, name: d.name };
  // The shared team, through the api; no rules yet.
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
  expect(await publicRules()).toEqual([]);
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('the admin adds two rules, edits one in its row, and the route tester follows', async () => {
  const { admin, page } = await adminOnRoutingScreen([]);
  await expect(page.locator('p').filter({ hasText: 'How a request is routed:' })).toContainText('lowest priority number first and, for equal numbers, the rule added first');
  await expect(page.getByText('There are no rules: every request goes to the desk of its type.')).toBeVisible();

  // Nothing chosen and no priority: refused in words, field by field, before anything is sent.
  const addForm = page.getByRole('form', { name: 'Add a rule' });
  await expect(addForm.getByLabel('Priority')).toHaveValue('10');
  await addForm.getByLabel('Priority').fill('');
  await addForm.getByRole('button', { name: 'Add rule' }).click();
  await expect(addForm.getByLabel('Priority')).toBeFocused();
  await expect(addForm.getByLabel('Priority')).toHaveAccessibleDescription(/Enter a whole number from 0 to 1,000,000\./);
  await expect(addForm.getByLabel('Desk')).toHaveAccessibleDescription('Choose the desk these requests go to.');

  // Medical requests about Kyrgyzstan, in any language, to the legal desk.
  await addForm.getByLabel('Priority').fill('10');
  await addForm.getByLabel('Request type').selectOption({ label: 'Medical' });
  await addForm.getByLabel('Country').selectOption('KG');
  await addForm.getByLabel('Desk').selectOption({ label: 'Legal aid' });
  await addForm.getByRole('button', { name: 'Add rule' }).click();
  await expect(addForm.getByRole('status')).toHaveText('Rule added as rule 1: Medical requests about Kyrgyzstan (KG) in any language, to Legal aid.');
  // Anything in Kyrgyz, to the medical desk; the form suggests the next priority.
  await expect(addForm.getByLabel('Priority')).toHaveValue('20');
  await expect(addForm.getByLabel('Request type')).toHaveValue('');
  await addForm.getByLabel('Language').selectOption('ky');
  await addForm.getByLabel('Desk').selectOption({ label: 'Medical aid' });
  await addForm.getByRole('button', { name: 'Add rule' }).click();
  await expect(addForm.getByRole('status')).toHaveText('Rule added as rule 2: Requests of any type about any country in Kyrgyz (ky), to Medical aid.');
  await expect.poll(() => ruleRows(page)).toEqual([
    ['Order', 'Priority', 'Request type', 'Country', 'Language', 'Desk', 'Actions'],
    ['1', '10', 'Medical', 'Kyrgyzstan (KG)', 'any', 'Legal aid', 'Edit Delete'],
    ['2', '20', 'any', 'any', 'Kyrgyz (ky)', 'Medical aid', 'Edit Delete'],
  ]);
  const listed = await publicRules();
  expect(listed).toEqual([
    { id: expect.any(String), priority: 10, requestType: 'medical', country: 'KG', deskSlug: 'legal' },
    { id: expect.any(String), priority: 20, language: 'ky', deskSlug: 'medical' },
  ]);

  // Edited in place: only Kyrgyz, and after the other rule, which then decides all it would.
  await page.getByRole('button', { name: 'Edit rule 1' }).click();
  const editForm = page.getByRole('form', { name: 'Edit rule 1' });
  await expect(editForm.getByLabel('Priority')).toBeFocused();
  await expect(editForm.getByLabel('Desk')).toHaveValue('legal');
  await editForm.getByLabel('Priority').fill('30');
  await editForm.getByLabel('Language').selectOption('ky');
  await editForm.getByRole('button', { name: 'Save rule 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rule saved. It now applies as rule 2.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit rule 2' })).toBeFocused();
  await expect.poll(() => ruleRows(page)).toEqual([
    ['Order', 'Priority', 'Request type', 'Country', 'Language', 'Desk', 'Actions'],
    ['1', '20', 'any', 'any', 'Kyrgyz (ky)', 'Medical aid', 'Edit Delete'],
    ['2', '30', 'Medical', 'Kyrgyzstan (KG)', 'Kyrgyz (ky)', 'Legal aid Never applies: rule 1 comes first and matches every request this one matches.', 'Edit Delete'],
  ]);
  let result = await testRoute(page, 'Medical', 'KG', 'ky');
  await expect(result).toHaveText('A medical request about Kyrgyzstan (KG) in Kyrgyz (ky) goes to the Medical aid desk: rule 1 decides. It is also shared with the Intake desk.');

  // Back to the front: now it decides medical requests about Kyrgyzstan in Kyrgyz.
  await page.getByRole('button', { name: 'Edit rule 2' }).click();
  await page.getByRole('form', { name: 'Edit rule 2' }).getByLabel('Priority').fill('5');
  await page.getByRole('form', { name: 'Edit rule 2' }).getByRole('button', { name: 'Save rule 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rule saved. It now applies as rule 1.' })).toBeVisible();
  await expect.poll(() => ruleRows(page)).toEqual([
    ['Order', 'Priority', 'Request type', 'Country', 'Language', 'Desk', 'Actions'],
    ['1', '5', 'Medical', 'Kyrgyzstan (KG)', 'Kyrgyz (ky)', 'Legal aid', 'Edit Delete'],
    ['2', '20', 'any', 'any', 'Kyrgyz (ky)', 'Medical aid', 'Edit Delete'],
  ]);
  await expect(result).toHaveText('A medical request about Kyrgyzstan (KG) in Kyrgyz (ky) goes to the Legal aid desk: rule 1 decides. It is also shared with the Intake desk.');
  result = await testRoute(page, 'Legal', 'KG', 'ky');
  await expect(result).toHaveText('A legal request about Kyrgyzstan (KG) in Kyrgyz (ky) goes to the Medical aid desk: rule 2 decides. It is also shared with the Intake desk.');
  result = await testRoute(page, 'Medical', 'KZ', 'ru');
  await expect(result).toHaveText(
    'A medical request about Kazakhstan (KZ) in Russian (ru) goes to the Medical aid desk: no rule matches, so it goes to the desk of its type. It is also shared with the Intake desk.',
  );
  result = await testRoute(page, 'Relocation', 'KZ', 'ru');
  await expect(result).toContainText('goes to the Relocation desk: no rule matches');
  await expect(result).toContainText('This desk has no certified key yet: the portal cannot send such a request until it has one.');
  // What the screen made is what the later tests start from.
  expect((await publicRules()).map(({ id: _id, ...rule }) => rule)).toEqual([KYRGYZ_MEDICAL_TO_LEGAL, KYRGYZ_SPEAKERS_TO_MEDICAL]);
  admin.expectClean();
});

test('a rule deleted behind the screen: saving it gives the api’s refusal in words, and the list is read again', async () => {
  const { admin, page, ids } = await adminOnRoutingScreen([KYRGYZ_MEDICAL_TO_LEGAL, KYRGYZ_SPEAKERS_TO_MEDICAL]);
  const removed = need(ids[1], 'the second rule');
  await page.getByRole('button', { name: 'Edit rule 2' }).click();
  // Another admin removes it meanwhile (a change of routing: with a step-up).
  await admin.stepUp();
  expect((await admin.call('DELETE', `/routing-rules/${removed}`)).status).toBe(204);
  await page.getByRole('form', { name: 'Edit rule 2' }).getByLabel('Desk').selectOption({ label: 'Legal aid' });
  await page.getByRole('form', { name: 'Edit rule 2' }).getByRole('button', { name: 'Save rule 2' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'This was not found. It may have been removed, or the link has expired. Someone may have deleted this rule; the list is up to date again.',
  );
  await expect.poll(async () => (await ruleRows(page)).slice(1)).toEqual([['1', '5', 'Medical', 'Kyrgyzstan (KG)', 'Kyrgyz (ky)', 'Legal aid', 'Edit Delete']]);
  await expect(page.getByRole('heading', { name: 'Rules in the order they apply' })).toBeFocused();
  admin.expectClean([`PUT /api/v1/routing-rules/${removed} 404`]);
});

test('a medical request about Kyrgyzstan in Kyrgyz, sent through the portal, goes to the legal desk, into its caseworker’s inbox', async ({ browser }) => {
  await signInAfresh(need(actors.admin, 'the admin'));
  await onlyRules([KYRGYZ_MEDICAL_TO_LEGAL]);
  const requester = await Actor.open(browser, 'Requester', { staff: false });
  actors.requester = requester;
  const page = requester.page;
  await page.goto(url('/'));
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await page.getByRole('radio', { name: /Medical help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('What is the medical condition or injury?').fill('Broken wrist after the arrest, not treated.');
  await page.getByLabel('How urgent is it?').selectOption({ label: 'Care is needed within days' });
  await page.getByLabel('Which country is your request about?').selectOption('KG');
  await page.getByLabel('In which language should we answer you?').selectOption('ky');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 60_000 });
  requester.expectClean();

  const legal = need(actors.legal, 'the legal caseworker');
  await signInAfresh(legal);
  await expect(legal.page).toHaveURL(url('/staff/console'));
  await openNav(legal.page, 'Cases');
  await expect(legal.page.getByRole('heading', { name: 'Cases of the Legal aid desk' })).toBeVisible();
  await expect(legal.page.getByRole('status').filter({ hasText: 'Page 1: 1 case.' })).toBeVisible();
  await expect(legal.page.getByRole('table', { name: 'Cases of the Legal aid desk' }).getByRole('row').nth(1)).toContainText('Medical');
  legal.expectClean();
});

test('the legal caseworker, not an admin, is refused the screen and sees no "Routing"', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const page = legal.page;
  const asked: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/v1/routing-rules')) asked.push(request.url());
  });
  // The address typed in by hand: sign-in first, then back to it; the console says no and asks the api nothing about rules.
  await signInAfresh(legal, '/staff/console/routing');
  await expect(page).toHaveURL(url('/staff/console/routing'));
  await expect(page.getByRole('alert')).toHaveText('Only administrators manage routing rules.');
  await expect(page.getByRole('heading', { level: 1, name: 'Routing' })).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Cases' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Routing' })).toHaveCount(0);
  expect(asked).toEqual([]);
  legal.expectClean();
});

test('the admin deletes the rule after a confirmation; every request goes to the desk of its type again', async () => {
  const { admin, page } = await adminOnRoutingScreen([KYRGYZ_MEDICAL_TO_LEGAL]);
  await page.getByRole('button', { name: 'Delete rule 1' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm deleting rule 1' });
  await expect(confirm).toContainText('Delete rule 1? Requests it matches will go by the rules after it.');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Delete rule 1' })).toBeFocused();
  expect(await publicRules()).toHaveLength(1);

  await page.getByRole('button', { name: 'Delete rule 1' }).click();
  await page.getByRole('group', { name: 'Confirm deleting rule 1' }).getByRole('button', { name: 'Delete rule 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rule 1 deleted.' })).toBeVisible();
  await expect(page.getByText('There are no rules: every request goes to the desk of its type.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Rules in the order they apply' })).toHaveCount(0);
  expect(await publicRules()).toEqual([]);
  const result = await testRoute(page, 'Medical', 'KG', 'ky');
  await expect(result).toHaveText(
    'A medical request about Kyrgyzstan (KG) in Kyrgyz (ky) goes to the Medical aid desk: no rule matches, so it goes to the desk of its type. It is also shared with the Intake desk.',
  );
  admin.expectClean();
});
