/**
 * Issue 16, case work through the real screens, on a system of its own (the web build of
 * global-setup.ts, made with the TEST root public key), the team set up as the console and the
 * custodians would (staff-team.ts):
 * - a requester asks for legal help on /request with a subject line, sealed in their browser
 *   (the database keeps only its ciphertext);
 * - the legal caseworker opens the case: its heading is the subject, decrypted in the staff
 *   worker; the message and the note have composers that cannot be mistaken for one another
 *   (their own panels, colours, statements of who will read them, button words);
 * - a note reaches nothing the requester sees and leaves their status "Received"; a message
 *   shows on their follow-up page as from "Our team" (no pseudonym chosen) and makes it
 *   "Answered"; their reply makes it "Received" again; staff waiting for them makes it "Waiting
 *   for your reply"; a pseudonym the caseworker then chooses names them on the requester's
 *   page (never their real name); closing makes it "Closed", and the api says the same.
 * Every actor asserts that no request left this machine and no page logged an error.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import { type DeskKeyPair, ready } from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { Actor, described, need, openNav, setUpTeam, signInAfresh, useSystem } from './staff-team';
import { shownValue } from './support';

const ROOT_DIR = join(__dirname, '../..');
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const tag = () => randomBytes(6).toString('hex');
const MARKERS = {
  subject: `Hearing moved ${tag()}`,
  court: `MARKER-COURT-${tag()} Bishkek city court`,
  note: `MARKER-NOTE-${tag()} the neighbour may be an informer`,
  message: `MARKER-MESSAGE-${tag()} we have a lawyer for Monday`,
  reply: `MARKER-REPLY-${tag()} Monday works for me`,
};
const PSEUDONYM = 'Sana, legal desk';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;
const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor; requester?: Actor } = {};
const desks: Record<string, { id: string; name: string; key?: DeskKeyPair }> = {};

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

const handle = (caseId: string) => caseId.slice(0, 8);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await ready();
  env = await createTestEnvironment('casework');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/case-work-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
  });
  useSystem(system.url);
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  const response = await fetch(url('/api/v1/desks'));
  expect(response.status).toBe(200);
  for (const d of (await response.json()) as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

/** The requester opens their request on /follow-up with the code, and reads its status. */
async function requesterOpens(page: Page, code: string): Promise<void> {
  await page.goto(url('/follow-up?lang=en'));
  await page.getByLabel('Receipt code').fill(code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 60_000 });
}

async function requesterSignsOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
}

/** The status line of the follow-up page: its title and what it says. */
const statusLine = (page: Page) => described(page, 'Status');

/** What the api tells the signed-in requester of their case. */
async function requesterStatusOfApi(requester: Actor): Promise<string> {
  const view = await requester.call('GET', '/requester/case');
  expect(view.status).toBe(200);
  return (view.body as { case: { requesterStatus: string } }).case.requesterStatus;
}

/** The caseworker opens the case from their inbox. */
async function caseworkerOpens(page: Page, caseId: string): Promise<void> {
  await openNav(page, 'Cases');
  await expect(page).toHaveURL(url('/staff/cases'));
  await page.getByRole('link', { name: `Case ${handle(caseId)}`, exact: true }).click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.court, { timeout: 30_000 });
}

test('a subject at intake heads the case; notes and messages cannot be mistaken; the requester sees only messages, by pseudonym or "Our team", and a status that tells the truth', async ({ browser }) => {
  test.setTimeout(600_000);
  const legal = need(actors.legal, 'the legal caseworker');
  const requester = await Actor.open(browser, 'the requester', { staff: false });
  actors.requester = requester;
  const page = requester.page;

  // 1. The request, with a subject line (the field says only the team reads it).
  await page.goto(url('/request?lang=en'));
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  const subject = page.getByRole('textbox', { name: 'Subject (optional)' });
  await expect(subject).toHaveAccessibleDescription(/only the team can read it/);
  await subject.fill(MARKERS.subject);
  await page.getByLabel('Where does your legal case stand?').selectOption({ label: 'I have been charged' });
  await page.getByLabel('The court and the charges').fill(MARKERS.court);
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
  await page.getByLabel('Which country is your request about?').selectOption('KG');
  await page.getByLabel('In which language should we answer you?').selectOption('ru');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeFocused();
  await expect(described(page, 'Subject \\(optional\\)')).toHaveText(MARKERS.subject);
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 120_000 });
  const code = await shownValue(page.getByLabel('Your receipt code'), RECEIPT);
  await page.getByLabel('I have written down my receipt code').check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  // The database keeps the subject sealed: a ciphertext of fixed length, never the words.
  const rows = (await need(db, 'the database').query(`SELECT id, subject FROM aid_cases WHERE owner_desk_id = $1 ORDER BY created_at DESC LIMIT 1`, [need(desks['legal'], 'the legal desk').id]))
    .rows as { id: string; subject: string | null }[];
  const caseId = need(rows[0], 'the case').id;
  expect(rows[0]?.subject).toMatch(/^a1\./);
  expect(rows[0]?.subject).toHaveLength(763);
  const inClear = (await need(db, 'the database').query(`SELECT count(*)::int AS n FROM aid_cases WHERE strpos(coalesce(subject, ''), $1) > 0`, [MARKERS.subject])).rows[0] as { n: number };
  expect(inClear.n).toBe(0);
  expect(await readSystemLog(need(system, 'the system'))).not.toContain(MARKERS.subject);

  // 2. Nobody has answered: "Received", a team member will read it soon.
  await requesterOpens(page, code);
  await expect(statusLine(page)).toHaveText('Received — Your request arrived. A team member will read it soon.');
  expect(await requesterStatusOfApi(requester)).toBe('received');
  await expect(page.getByText('No messages yet.', { exact: false })).toBeVisible();
  await requesterSignsOut(page);

  // 3. The caseworker: the subject heads the case; two composers that say who reads what.
  await signInAfresh(legal);
  const staff = legal.page;
  await caseworkerOpens(staff, caseId);
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(MARKERS.subject);
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(`Case ${handle(caseId)}`);
  const messageComposer = staff.getByRole('group', { name: 'Message to the requester', exact: true });
  const noteComposer = staff.getByRole('group', { name: 'Internal note', exact: true });
  await expect(messageComposer.getByRole('textbox', { name: 'Message the requester will read' })).toHaveAccessibleDescription(/^The requester will read this\./);
  await expect(noteComposer.getByRole('textbox', { name: 'Internal note (staff only)' })).toHaveAccessibleDescription(
    /^Only staff on the desks handling this case will see this note; the requester never does\./,
  );
  await expect(messageComposer.getByRole('button')).toHaveText('Send to the requester');
  await expect(noteComposer.getByRole('button')).toHaveText('Save internal note');
  // Different colours: the panels and their buttons.
  const looks = async (region: typeof noteComposer) =>
    region.evaluate((el) => {
      const button = el.querySelector('button');
      return { panel: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderLeftStyle, button: button ? getComputedStyle(button).backgroundColor : '' };
    });
  const [messageLooks, noteLooks] = [await looks(messageComposer), await looks(noteComposer)];
  expect(messageLooks.panel).not.toBe(noteLooks.panel);
  expect(messageLooks.button).not.toBe(noteLooks.button);
  expect([messageLooks.border, noteLooks.border]).toEqual(['solid', 'dashed']);

  // 4. A note: labelled staff-only in the timeline; nothing changes for the requester.
  await noteComposer.getByRole('textbox').fill(MARKERS.note);
  await noteComposer.getByRole('button', { name: 'Save internal note' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Your internal note was saved. The requester cannot see it.' })).toBeVisible();
  const timeline = staff.getByRole('list', { name: 'Notes and messages' });
  const note = timeline.getByRole('listitem', { name: 'Note by Carlos Caseworker' });
  await expect(note).toContainText(MARKERS.note);
  await expect(note).toContainText('Internal note · staff only · the requester never sees it');

  await requesterOpens(page, code);
  await expect(statusLine(page)).toHaveText('Received — Your request arrived. A team member will read it soon.');
  expect(await requesterStatusOfApi(requester)).toBe('received');
  expect(await page.content()).not.toContain(MARKERS.note);
  await requesterSignsOut(page);

  // 5. A message: labelled as sent to the requester; they read it from "Our team" (no pseudonym yet).
  await messageComposer.getByRole('textbox').fill(MARKERS.message);
  await messageComposer.getByRole('button', { name: 'Send to the requester' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Your message was sent to the requester' })).toBeVisible();
  const message = timeline.getByRole('listitem', { name: 'Message from Carlos Caseworker to the requester' });
  await expect(message).toContainText(MARKERS.message);
  await expect(message).toContainText('Message · sent to the requester');

  await requesterOpens(page, code);
  await expect(statusLine(page)).toHaveText('Answered — read our message — We wrote to you. Read the messages below; you can reply.');
  expect(await requesterStatusOfApi(requester)).toBe('answered');
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByRole('listitem')).toHaveCount(1);
  await expect(messages.getByRole('listitem').first()).toContainText(MARKERS.message);
  await expect(messages.getByRole('listitem').first()).toContainText('Our team');
  await expect(messages).not.toContainText('Carlos');
  expect(await page.content()).not.toContain(MARKERS.note);

  // 6. The requester replies: the team has it again.
  await page.getByLabel('Your reply').fill(MARKERS.reply);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply was sent.')).toBeVisible();
  await expect(statusLine(page)).toHaveText('Received — Your message arrived. A team member will read it soon.');
  expect(await requesterStatusOfApi(requester)).toBe('received');
  await requesterSignsOut(page);

  // 7. Staff wait for the requester; the caseworker chooses a pseudonym for requesters.
  await caseworkerOpens(staff, caseId);
  await expect(timeline.getByRole('listitem', { name: 'Message from the requester' })).toContainText(MARKERS.reply);
  await expect(timeline.getByRole('listitem', { name: 'Message from the requester' })).toContainText('From the requester');
  await staff.getByRole('button', { name: 'Wait for the requester' }).click();
  await expect(described(staff, 'Status')).toHaveText('Awaiting requester');
  legal.csrf = ((await legal.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
  expect((await legal.call('PUT', '/staff/me/pseudonym', { pseudonym: PSEUDONYM })).status).toBe(204);

  await requesterOpens(page, code);
  await expect(statusLine(page)).toHaveText('Waiting for your reply — We asked you something. Read the messages below and reply.');
  expect(await requesterStatusOfApi(requester)).toBe('waiting_for_you');
  await expect(messages.getByRole('listitem').first()).toContainText(PSEUDONYM);
  await expect(messages).not.toContainText('Carlos');
  await expect(messages).not.toContainText('Our team');
  await requesterSignsOut(page);

  // 8. Resolved and closed: "Closed", and no reply box.
  await staff.getByRole('button', { name: 'Mark as resolved' }).click();
  await expect(described(staff, 'Status')).toHaveText('Resolved');
  await staff.getByRole('button', { name: 'Close the case' }).click();
  await staff.getByRole('group', { name: 'Confirm: Close the case' }).getByRole('button', { name: 'Close the case' }).click();
  await expect(described(staff, 'Status')).toHaveText('Closed');
  await expect(staff.getByRole('group', { name: 'Internal note', exact: true })).toHaveCount(0);

  await requesterOpens(page, code);
  await expect(statusLine(page)).toHaveText('Closed — This request is closed. It will be deleted after a while.');
  expect(await requesterStatusOfApi(requester)).toBe('closed');
  await expect(page.getByLabel('Your reply')).toHaveCount(0);
  expect(await page.content()).not.toContain(MARKERS.note);
  await requesterSignsOut(page);

  requester.expectClean();
  legal.expectClean();
  const log = await readSystemLog(need(system, 'the system'));
  for (const secret of [MARKERS.subject, MARKERS.note, MARKERS.message, MARKERS.reply, code]) expect(log.includes(secret), `the log holds "${secret}"`).toBe(false);
});
