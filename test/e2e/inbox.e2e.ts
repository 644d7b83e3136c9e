/**
 * The staff inbox of issue 16 in Chromium, end to end, on a system of its own: what a caseworker
 * needs to choose a case. The team is made as in cases-console.e2e.ts (an admin, a lead of the
 * intake, legal and medical desks, a legal caseworker, certified desk keys). A requester (in
 * Node, as the portal does it) sends a legal request with a subject line sealed under the case
 * key, another without one, and a third that is overdue.
 *
 * Through the screens: the legal caseworker sees the subject opened in the browser (and "No
 * subject" for the other), the type, country, urgency, status, due (the overdue one marked), last
 * activity and assignee, with the "New activity" marker; opening the case clears the marker; the
 * requester's reply brings it back. On a phone-sized screen the filters are folded behind one line
 * that sums them up, and the choice stays in the address. The lead, whose desks are listed Intake
 * first, lands on the legal desk, where the overdue work is.
 */
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import { ready } from '@ashar/crypto';
import { type LegalRequest } from '@ashar/domain';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type PreparedRequest, nodeRequester } from './node-requester';
import { type Actor, need, openNav, setUpTeam, signInAfresh, useSystem } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');
const SUBJECT = 'Brother detained in Almaty — we need a lawyer';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor } = {};
const desks: Record<string, { id: string; name: string }> = {};
const facts: { withSubject?: PreparedRequest; without?: PreparedRequest; overdue?: PreparedRequest } = {};

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}
const requester = () => nodeRequester(url());
const FORM: LegalRequest = { type: 'legal', caseStage: 'under_investigation', hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: 'help' };
const handle = (caseId: string) => caseId.slice(0, 8);
const caseRow = (page: Page, caseId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: `Case ${handle(caseId)}`, exact: true }) });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await ready();
  env = await createTestEnvironment('inbox');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/inbox-server.log'), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey, INTAKE_LIMIT_TOTAL: '1000' });
  useSystem(system.url);
  for (const d of (await requester().call('GET', '/desks')).body as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
  facts.withSubject = await requester().submit(FORM, { subject: SUBJECT });
  facts.without = await requester().submit({ ...FORM, country: 'KG' });
  facts.overdue = await requester().submit({ ...FORM, caseStage: 'charged' });
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE aid_cases SET first_response_due_at = now() - interval '1 hour' WHERE id = $1`, [facts.overdue.caseId]);
  } finally {
    await db.end();
  }
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('the caseworker sees the decrypted subject and what to choose by; the unread marker clears on opening and comes back with a reply', async () => {
  test.setTimeout(240_000);
  const legal = need(actors.legal, 'the legal caseworker');
  const withSubject = need(facts.withSubject, 'the case with a subject');
  const without = need(facts.without, 'the case without a subject');
  const overdue = need(facts.overdue, 'the overdue case');
  await signInAfresh(legal);
  const page = legal.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  await openNav(page, 'Cases');
  const table = page.getByRole('table', { name: 'Cases of the Legal aid desk' });
  await expect(table).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers).toEqual(['Case', 'Type', 'Country', 'Urgency', 'Status', 'First response due', 'Last requester activity', 'Assignee', 'Opened']);

  // The subject line, opened in the browser's crypto worker; never on the wire in the clear.
  const row = caseRow(page, withSubject.caseId);
  await expect(row.getByRole('rowheader')).toContainText(SUBJECT);
  await expect(caseRow(page, without.caseId).getByRole('rowheader')).toContainText('No subject');
  await expect(row.getByRole('cell').nth(0)).toHaveText('Legal');
  await expect(row.getByRole('cell').nth(1)).toHaveText('Kazakhstan (KZ)');
  await expect(caseRow(page, without.caseId).getByRole('cell').nth(1)).toHaveText('Kyrgyzstan (KG)');
  await expect(row.getByRole('cell').nth(2)).toHaveText('Normal');
  await expect(row.getByRole('cell').nth(3)).toHaveText('New');
  await expect(row.getByRole('cell').nth(6)).toHaveText('Unassigned');
  // Dates in the console's own words (i18n/format.ts), never the browser's US style.
  await expect(row.getByRole('cell').nth(5)).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \(.+\)$/);
  // The overdue case is marked; the others are not.
  await expect(caseRow(page, overdue.caseId).getByRole('cell').nth(4)).toContainText('SLA breached');
  await expect(row.getByRole('cell').nth(4)).not.toContainText('SLA breached');
  // New requester activity: a dot, and words for screen readers.
  await expect(row.getByRole('rowheader')).toContainText('New activity');
  await expect(row.locator('.inbox__dot')).toBeVisible();

  // Opening the case clears the marker for this caseworker.
  await row.getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${withSubject.caseId}`));
  await expect(page.getByRole('heading', { level: 1, name: `Case ${handle(withSubject.caseId)}` })).toBeVisible();
  await openNav(page, 'Cases');
  await expect(caseRow(page, withSubject.caseId).getByRole('rowheader')).toContainText(SUBJECT);
  await expect(caseRow(page, withSubject.caseId).getByRole('rowheader')).not.toContainText('New activity');
  await expect(caseRow(page, without.caseId).getByRole('rowheader')).toContainText('New activity');

  // The requester replies: new activity again.
  const session = await requester().signIn(withSubject.keys);
  await requester().reply(withSubject, session, 'I can meet the lawyer on Monday');
  await openNav(page, 'Home');
  await openNav(page, 'Cases');
  await expect(caseRow(page, withSubject.caseId).getByRole('rowheader')).toContainText('New activity');
  legal.expectClean();
});

test('on a narrow screen the filters fold behind one line that sums them up; the choice stays in the address', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const overdue = need(facts.overdue, 'the overdue case');
  const page = legal.page;
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    // The inbox opened afresh (a reload would end the crypto worker).
    await openNav(page, 'Home');
    await openNav(page, 'Cases');
    const due = page.getByLabel('First response due');
    await expect(page.getByRole('table', { name: 'Cases of the Legal aid desk' })).toBeVisible();
    await expect(due).toBeHidden();
    const summary = page.locator('summary').filter({ hasText: 'Filters' });
    await expect(summary).toContainText('none, every case shows');
    await summary.click();
    await due.selectOption({ label: 'Already due' });
    await page.getByRole('checkbox', { name: 'Normal' }).check();
    await expect(page).toHaveURL(/due=overdue/);
    await expect(page).toHaveURL(/urgency=normal/);
    await expect(page.getByRole('status').filter({ hasText: 'Page 1: 1 case.' })).toBeVisible();
    await expect(caseRow(page, overdue.caseId)).toBeVisible();
    // Folded again: the line tells what is filtered.
    await summary.click();
    await expect(due).toBeHidden();
    await expect(summary).toContainText('Urgency: Normal · First response due: Already due');
    // Going elsewhere and back to the address keeps the choice.
    await openNav(page, 'Home');
    await page.goBack();
    await expect(page).toHaveURL(/due=overdue/);
    await expect(page.locator('summary').filter({ hasText: 'Filters' })).toContainText('Urgency: Normal · First response due: Already due');
    await expect(page.getByRole('status').filter({ hasText: 'Page 1: 1 case.' })).toBeVisible();
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  legal.expectClean();
});

test('the lead’s inbox opens on the desk where the urgent work is, not on the first desk of the list', async () => {
  const lead = need(actors.lead, 'the lead');
  const withSubject = need(facts.withSubject, 'the case with a subject');
  await signInAfresh(lead);
  const page = lead.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  await openNav(page, 'Cases');
  // Intake comes first in the lead's list, but the overdue case is the legal desk's.
  await expect(page.getByLabel('Inbox').locator('option').first()).toHaveText('Intake');
  await expect(page.getByRole('heading', { name: 'Cases of the Legal aid desk' })).toBeVisible();
  await expect(page.getByLabel('Inbox')).toHaveValue(need(desks['legal'], 'the legal desk').id);
  // The choice goes into the address, so it stays while the lead works.
  await expect(page).toHaveURL(new RegExp(`desk=${need(desks['legal'], 'the legal desk').id}`));
  await expect(caseRow(page, withSubject.caseId).getByRole('rowheader')).toContainText(SUBJECT);
  // Chosen by hand, a desk stays chosen.
  await page.getByLabel('Inbox').selectOption({ label: 'Intake' });
  await expect(page.getByRole('heading', { name: 'Cases of the Intake desk' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`desk=${need(desks['intake'], 'the intake desk').id}`));
  lead.expectClean();
});
