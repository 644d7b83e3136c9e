/**
 * Issue 14, mini-grants, end to end in Chromium on a system of its own (docs/grants.md).
 *
 * Set-up through the api (staff-team.ts): two admins, a lead of the intake, legal and finance
 * desks, a legal caseworker who is also a finance approver (Carlos, the proposer), a finance
 * officer who is a member of the finance desk and holds its certified key (Fiona), two finance
 * approvers (Anna, Boris) and one more (Cora) who declares a conflict; version 1 of each desk key
 * made by the lead, certified, approved by the second admin and sealed to the desk's members; a
 * legal request sent as the portal sends it (in Node).
 *
 * Then through the screens: Fiona makes an EUR fund whose default policy needs two approvers
 * above €500 and a security-equipment line; Carlos proposes a €1 200 grant from the case page
 * (the grant key made and sealed in his browser); the requester types the payee details on the
 * follow-up page with the receipt code; Carlos is refused as approver and the screen says why;
 * Cora declares a conflict and is refused; Anna and Boris approve (signed in their browsers, each
 * signature verified in the next browser that shows the grant); Fiona reads the payee details
 * through the finance desk's key, records tranche 1 in KGS with a rate (the fund equivalent shown
 * before sending) and tranche 2 in EUR, confirms both and completes the disbursement; the
 * requester sends a report with a receipt; Carlos reads it, downloads the receipt, accepts the
 * report and closes the grant; the ledger CSV Fiona downloads sums to what the screens show; no
 * column of the database holds the payee details or the report in clear; and when the server
 * swaps one approval's signature, Fiona's browser says that approval does not verify. The console
 * shows Finance and Approvals to finance people, never to an admin.
 *
 * Every wait is for what a person sees; every actor asserts that nothing left this machine and no
 * page logged an error.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Browser, type Locator, type Page, expect, test } from '@playwright/test';
import { type LegalRequest } from '@ashar/domain';
import { groupSystems } from './group-systems';
import { nodeRequester } from './node-requester';
import { collectPageProblems, guardLocalOnly } from './support';
import { type Actor, adminApprovesDeskKey, adminCertifiesDeskKey, enrolSecondAdmin, enrolStaff, leadAddsDeskKey, leadSealsDeskKey, need, setUpAdmin, signInAfresh } from './staff-team';

const tag = () => randomBytes(5).toString('hex');
const MARK = {
  request: `MARKER-GRANT-REQUEST-${tag()}`,
  payeeName: `MARKER-PAYEE-NAME-${tag()} Aida Karimova`,
  payeeAccount: `KG${tag()}MARKERACCOUNT Demir Bank`,
  payeeContact: `MARKER-PAYEE-CONTACT-${tag()} Signal after six`,
  report: `MARKER-REPORT-${tag()} bought the door lock and a camera`,
  fund: `Safety fund ${tag()}`,
};
const RECEIPT_NAME = `receipt-${tag()}.txt`;
const RECEIPT_BYTES = Buffer.from(`Receipt ${tag()}: door lock 350.00 EUR, camera 250.00 EUR\n`.repeat(50));
const LEGAL_REQUEST: LegalRequest = { type: 'legal', caseStage: 'threatened', hasLawyer: false, country: 'KG', preferredLanguage: 'ru', description: MARK.request };

type Role = 'admin' | 'second' | 'lead' | 'carlos' | 'fiona' | 'anna' | 'boris' | 'cora';
const { opened, people, url, system, desk, person, database, ownSystem } = groupSystems<Role>('mini-grants', { database: true });
const state: { caseId?: string; code?: string; grantId?: string } = {};

async function setUpTeam(browser: Browser): Promise<void> {
  const admin = await setUpAdmin(browser, system().logFile);
  const second = await enrolSecondAdmin(admin, browser);
  const lead = await enrolStaff(admin, browser, { name: 'Lena Lead', roles: ['caseworker', 'desk_lead'], leadDeskIds: [desk('intake'), desk('legal'), desk('finance')] });
  const carlos = await enrolStaff(admin, browser, { name: 'Carlos Caseworker', roles: ['caseworker', 'finance_approver'], deskIds: [desk('legal')], addedBy: lead });
  const fiona = await enrolStaff(admin, browser, { name: 'Fiona Finance', roles: ['finance_officer'], deskIds: [desk('finance')], addedBy: lead });
  const anna = await enrolStaff(admin, browser, { name: 'Anna Approver', roles: ['finance_approver'] });
  const boris = await enrolStaff(admin, browser, { name: 'Boris Approver', roles: ['finance_approver'] });
  const cora = await enrolStaff(admin, browser, { name: 'Cora Approver', roles: ['finance_approver'] });
  Object.assign(people, { admin, second, lead, carlos, fiona, anna, boris, cora });
  opened.push(admin, second, lead, carlos, fiona, anna, boris, cora);
  for (const [slug, members] of [
    ['intake', []],
    ['legal', [carlos]],
    ['finance', [fiona]],
  ] as const) {
    const key = await leadAddsDeskKey(lead, desk(slug), 1);
    await adminCertifiesDeskKey(admin, key);
    await adminApprovesDeskKey(second, key);
    for (const member of members) await leadSealsDeskKey(lead, key, member);
  }
}

/** The actor signed in afresh, on the console's home page. */
async function signedIn(actor: Actor): Promise<Page> {
  await signInAfresh(actor);
  await expect(actor.page).toHaveURL(url('/staff/console'));
  await expect(actor.page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  return actor.page;
}

async function openNav(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link, exact: true }).click();
}

/** A status line of the page with `text` (an outcome the page reports). */
const status = (page: Page | Locator, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

const grantHandle = () => `G-${need(state.grantId, 'the grant').slice(0, 8)}`;

/** The requester at the follow-up page, signed in with the receipt code, the "Your grants" panel shown. */
async function requesterOnFollowUp(browser: Browser) {
  const context = await browser.newContext();
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill(need(state.code, 'the receipt code'));
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your grants' })).toBeVisible({ timeout: 60_000 });
  return {
    page,
    grant: page.getByRole('region', { name: /^Grant of €1,200\.00/ }),
    async done() {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(url('/?lang=en'));
      expect(outside, 'requests that left this machine').toEqual([]);
      expect(problems, 'page errors').toEqual([]);
      await context.close();
    },
  };
}

/** The grant page, reached by signing in afresh at its address (a reload locks the keys: the console asks again and comes back). */
async function grantPage(actor: Actor): Promise<Page> {
  await signInAfresh(actor, `/staff/console/grants/${need(state.grantId, 'the grant')}`);
  await expect(actor.page.getByRole('heading', { level: 1, name: new RegExp(`^Grant ${grantHandle()}`) })).toBeVisible();
  return actor.page;
}

/** From the approvals page to the grant page, in the app. */
async function grantFromQueue(page: Page): Promise<void> {
  await page.getByRole('listitem', { name: `${grantHandle()}: €1,200.00` }).getByRole('link', { name: `Grant ${grantHandle()}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Grant ${grantHandle()}`) })).toBeVisible();
}

/** The value beside a term of the grant's Terms. */
const term = (page: Page, name: string) => page.getByRole('region', { name: 'Terms' }).getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');

test.describe.configure({ mode: 'serial' });

test.describe('a mini-grant from proposal to close', () => {
  ownSystem('flow');
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    await setUpTeam(browser);
    const sent = await nodeRequester(url()).submit(LEGAL_REQUEST);
    state.caseId = sent.caseId;
    state.code = sent.code;
  });

  test('the console shows Finance and Approvals to finance people only, never to an admin', async () => {
    const admin = person('admin');
    const adminNav = (await signedIn(admin)).getByRole('navigation', { name: 'Console' });
    await expect(adminNav.getByRole('link', { name: 'Staff', exact: true })).toBeVisible();
    await expect(adminNav.getByRole('link', { name: 'Finance', exact: true })).toHaveCount(0);
    await expect(adminNav.getByRole('link', { name: 'Approvals', exact: true })).toHaveCount(0);
    admin.expectClean();
    const anna = person('anna');
    const annaNav = (await signedIn(anna)).getByRole('navigation', { name: 'Console' });
    await expect(annaNav.getByRole('link', { name: 'Finance', exact: true })).toBeVisible();
    await expect(annaNav.getByRole('link', { name: 'Approvals', exact: true })).toBeVisible();
    await expect(annaNav.getByRole('link', { name: 'Cases', exact: true })).toHaveCount(0);
    anna.expectClean();
  });

  test('the finance officer makes an EUR fund with the default policy and a budget line, shown as amounts and bars', async () => {
    const fiona = person('fiona');
    const page = await signedIn(fiona);
    // Finance people see Finance; a finance officer is no approver.
    const nav = page.getByRole('navigation', { name: 'Console' });
    await expect(nav.getByRole('link', { name: 'Finance', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Approvals', exact: true })).toHaveCount(0);
    await openNav(page, 'Finance');
    await expect(page.getByRole('heading', { level: 1, name: 'Finance' })).toBeVisible();
    await page.getByRole('button', { name: 'New fund' }).click();
    const form = page.getByRole('form', { name: 'New fund' });
    await form.getByLabel('Name', { exact: true }).fill(MARK.fund);
    await form.getByLabel('Donor', { exact: true }).fill('Open Society Test Foundation');
    await form.getByLabel('Currency').selectOption('EUR');
    await form.getByLabel('Total (EUR)').fill('50 000');
    await form.getByLabel('Period starts').fill('2026-01-01');
    await form.getByLabel('Period ends').fill('2027-12-31');
    // domain.md's default: up to 500 one approver, up to 5 000 two, above that two and the director.
    await expect(form.getByLabel('Up to (EUR)').first()).toHaveValue('500.00');
    await form.getByRole('button', { name: 'Create the fund' }).click();
    await expect(status(page, `The fund ${MARK.fund} was created.`)).toBeVisible();

    const fund = page.getByRole('region', { name: MARK.fund });
    const line = fund.getByRole('form', { name: `Add a budget line to ${MARK.fund}` });
    // More than the fund holds: the api refuses, the page says why, nothing changes.
    await line.getByLabel('Pays for').selectOption('security_equipment');
    await line.getByLabel('Allocated (EUR)').fill('60 000');
    await line.getByRole('button', { name: 'Add the line' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(fund.getByRole('table')).toHaveCount(0);
    await line.getByLabel('Allocated (EUR)').fill('10 000');
    await line.getByRole('button', { name: 'Add the line' }).click();
    await expect(status(page, /The line Security equipment was added/)).toBeVisible();
    const row = fund.getByRole('row', { name: /^Security equipment/ });
    await expect(row).toContainText('€10,000.00');
    await expect(fund.getByRole('img', { name: `Security equipment: €0.00 disbursed and €0.00 committed of €10,000.00 allocated` })).toBeVisible();
    await expect(fund.getByRole('listitem').filter({ hasText: 'Up to €5,000.00: 2 approvers' })).toBeVisible();
    // Editing the fund: a policy whose tiers go down is refused on the form, a new report delay is saved.
    await fund.getByRole('button', { name: `Edit ${MARK.fund}` }).click();
    const edit = page.getByRole('form', { name: `Edit ${MARK.fund}` });
    await expect(edit.getByLabel('Currency')).toBeDisabled();
    await edit.getByLabel('Up to (EUR)').nth(1).fill('400');
    await edit.getByRole('button', { name: 'Save the fund' }).click();
    await expect(edit.getByText('Tiers go up in amount.')).toBeVisible();
    await edit.getByLabel('Up to (EUR)').nth(1).fill('5 000');
    await edit.getByLabel('Report due, days after the final approval').fill('30');
    await edit.getByRole('button', { name: 'Save the fund' }).click();
    await expect(status(page, `The fund ${MARK.fund} was saved.`)).toBeVisible();
    await expect(fund.getByText('Reports are due 30 days after the final approval.')).toBeVisible();
    fiona.expectClean(['POST /api/v1/funds/:id/lines 409'.replace(':id', await fundId())]);
  });

  test('the caseworker proposes a €1 200 grant from the case page; the grant key is sealed in his browser', async () => {
    const carlos = person('carlos');
    await signInAfresh(carlos, `/staff/cases/${need(state.caseId, 'the case')}`);
    const page = carlos.page;
    await expect(page.getByRole('region', { name: 'Request' })).toContainText('Signature verified', { timeout: 60_000 });
    const grants = page.getByRole('region', { name: 'Grants' });
    await grants.getByRole('button', { name: 'Propose a grant' }).click();
    const form = grants.getByRole('form', { name: 'Propose a grant' });
    await form.getByLabel('Fund').selectOption({ label: `${MARK.fund} (EUR, Open Society Test Foundation)` });
    await form.getByLabel('Budget line').selectOption({ label: 'Security equipment (€10,000.00 left)' });
    await form.getByLabel('Amount (EUR)').fill('1 200');
    await form.getByRole('button', { name: 'Propose and submit' }).click();
    await expect(status(grants, /of €1,200\.00 was proposed and submitted for approval/)).toBeVisible({ timeout: 30_000 });
    const listed = grants.getByRole('list', { name: 'Grants of this case' }).getByRole('listitem');
    await expect(listed).toHaveCount(1);
    await expect(listed).toContainText('Waiting for approval');
    const href = need((await listed.getByRole('link').getAttribute('href')) ?? undefined, 'the grant link');
    state.grantId = need(/\/staff\/console\/grants\/([0-9a-f-]{36})$/.exec(href)?.[1], 'the grant id');
    // Sealed to the finance desk, the legal desk, Carlos and the requester: no admin, no one else.
    const envelopes = (await database().query(`SELECT recipient_kind, recipient_id FROM grant_key_envelopes WHERE grant_id = $1 ORDER BY recipient_kind`, [state.grantId])).rows as {
      recipient_kind: string;
      recipient_id: string | null;
    }[];
    expect(envelopes.map((e) => `${e.recipient_kind}:${e.recipient_id ?? ''}`).sort()).toEqual([`desk:${desk('finance')}`, `desk:${desk('legal')}`, 'requester:', `staff:${carlos.staffId}`].sort());
    carlos.expectClean();
  });

  test('the requester types the payee details on the follow-up page; they are encrypted in the browser', async ({ browser }) => {
    const requester = await requesterOnFollowUp(browser);
    const { page, grant } = requester;
    await expect(grant).toContainText('Waiting for approval');
    await grant.getByLabel('Name of the person or organisation to pay').fill(MARK.payeeName);
    await grant.getByRole('radio', { name: 'Bank account' }).check();
    await grant.getByLabel('Bank account (IBAN or account number, and the bank)').fill(MARK.payeeAccount);
    await grant.getByLabel('How can we reach them?').fill(MARK.payeeContact);
    await grant.getByRole('button', { name: 'Save payment details' }).click();
    await expect(status(grant, 'Your payment details were saved.')).toBeVisible();
    const shown = grant.getByRole('definition');
    await expect(shown.filter({ hasText: MARK.payeeName })).toBeVisible();
    await expect(shown.filter({ hasText: MARK.payeeAccount })).toBeVisible();
    expect(await page.content()).toContain(MARK.payeeContact);
    await requester.done();
  });

  test('the proposer is refused as approver and the screen says why; an approver who declared a conflict is refused', async () => {
    const carlos = person('carlos');
    const page = carlos.page;
    await openNav(page, 'Approvals');
    const item = page.getByRole('listitem', { name: `${grantHandle()}: €1,200.00` });
    await expect(item).toContainText('You proposed this grant; someone else must approve it');
    await expect(item.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await grantFromQueue(page);
    await expect(page.getByRole('region', { name: 'Approval' })).toContainText('You proposed this grant; someone else must approve it');
    carlos.expectClean();

    const cora = person('cora');
    const coraPage = await signedIn(cora);
    await openNav(coraPage, 'Approvals');
    const coraItem = coraPage.getByRole('listitem', { name: `${grantHandle()}: €1,200.00` });
    await expect(coraItem.getByRole('button', { name: 'Approve' })).toBeVisible();
    await coraItem.getByRole('button', { name: 'Declare a conflict of interest' }).click();
    await expect(status(coraPage, /Your conflict of interest on grant .* was recorded/)).toBeVisible();
    await expect(coraItem).toContainText('You declared a conflict of interest on this grant');
    await expect(coraItem.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    // The api refuses her too, whatever a page would send (with the CSRF token of the session the screen signed in).
    cora.csrf = ((await cora.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
    const refused = await cora.call('POST', `/grants/${need(state.grantId, 'the grant')}/approvals`, { decision: 'approve', termsVersion: 1, signature: 'A'.repeat(86), signerKid: 'A'.repeat(22) });
    expect((refused.body as { type?: string }).type).toBe('urn:ashar:problem:approval-refused');
    cora.expectClean([`POST /api/v1/grants/${need(state.grantId, 'the grant')}/approvals ${refused.status}`]);
  });

  test('two approvers approve, each signing the terms in their browser; every browser verifies the signatures', async () => {
    for (const [role, final] of [
      ['anna', false],
      ['boris', true],
    ] as const) {
      const approver = person(role);
      const page = await signedIn(approver);
      await openNav(page, 'Approvals');
      const item = page.getByRole('listitem', { name: `${grantHandle()}: €1,200.00` });
      await expect(item).toContainText(final ? '1 more needed' : '2 more needed');
      await grantFromQueue(page);
      const approval = page.getByRole('region', { name: 'Approval' });
      if (final) await expect(approval).toContainText('Your approval would be the final one');
      await approval.getByRole('button', { name: 'Approve' }).click();
      await expect(status(page, 'Your approval was signed in this browser and recorded.')).toBeVisible({ timeout: 30_000 });
      const decisions = page.getByRole('list', { name: 'Decisions' });
      await expect(decisions.getByRole('listitem')).toHaveCount(final ? 2 : 1);
      await expect(decisions.getByText('Signature verified')).toHaveCount(final ? 2 : 1);
      await expect(term(page, 'Status')).toHaveText(final ? 'Approved' : 'Waiting for approval');
      approver.expectClean();
    }
  });

  test('finance reads the payee details through the finance desk, pays tranche 1 in KGS at a rate and tranche 2 in EUR, and completes the disbursement', async () => {
    const fiona = person('fiona');
    const page = await grantPage(fiona);
    const decisions = page.getByRole('list', { name: 'Decisions' });
    await expect(decisions.getByText('Signature verified')).toHaveCount(2);
    const payee = page.getByRole('region', { name: 'Payee details' });
    await expect(payee).toContainText('Visible to the finance desk and the case’s desk only');
    await expect(payee).toContainText(MARK.payeeName);
    await expect(payee).toContainText(MARK.payeeAccount);
    await expect(payee).toContainText('Given by the requester');

    const tranches = page.getByRole('region', { name: 'Tranches' });
    const record = async (planned: string, method: string) => {
      const form = tranches.getByRole('form', { name: 'Record a tranche' });
      await form.getByLabel('Planned amount (EUR)').fill(planned);
      await form.getByLabel('Method').selectOption(method);
      await form.getByRole('button', { name: 'Record the tranche' }).click();
    };
    await record('600', 'mobile_money');
    await expect(status(tranches, 'Tranche 1 was recorded.')).toBeVisible();
    await tranches.getByRole('button', { name: 'Send tranche 1' }).click();
    const send1 = tranches.getByRole('form', { name: 'Send tranche 1' });
    await send1.getByLabel('Currency paid').selectOption('KGS');
    await send1.getByLabel('Amount paid (KGS)').fill('61 000');
    await send1.getByLabel('Rate (EUR for one KGS)').fill('0.0098');
    await send1.getByLabel('Rate source').fill('National Bank of the Kyrgyz Republic');
    // The fund equivalent, computed in the browser before anything is sent: 61 000 × 0.0098 = 597.80.
    await expect(send1.getByRole('status').getByText('€597.80')).toBeVisible();
    await send1.getByRole('button', { name: 'Record tranche 1 as sent' }).click();
    await expect(status(tranches, 'Tranche 1 was recorded as sent.')).toBeVisible();
    await tranches.getByRole('button', { name: 'Confirm tranche 1 arrived' }).click();
    await expect(status(tranches, 'Tranche 1: confirmed.')).toBeVisible();
    const first = tranches.getByRole('listitem', { name: 'Tranche 1' });
    await expect(first).toContainText('KGS');
    await expect(first).toContainText('0.0098');
    await expect(first).toContainText('€597.80');
    await expect(term(page, 'Status')).toHaveText('Being paid');

    await record('602.20', 'bank_transfer');
    await expect(status(tranches, 'Tranche 2 was recorded.')).toBeVisible();
    await tranches.getByRole('button', { name: 'Send tranche 2' }).click();
    const send2 = tranches.getByRole('form', { name: 'Send tranche 2' });
    await send2.getByLabel('Amount paid (EUR)').fill('602.20');
    await send2.getByLabel('Rate source').fill('Paid in the fund currency');
    await expect(send2.getByRole('status').getByText('€602.20')).toBeVisible();
    await send2.getByRole('button', { name: 'Record tranche 2 as sent' }).click();
    await expect(status(tranches, 'Tranche 2 was recorded as sent.')).toBeVisible();
    await tranches.getByRole('button', { name: 'Confirm tranche 2 arrived' }).click();
    await expect(status(tranches, 'Tranche 2: confirmed.')).toBeVisible();
    await expect(term(page, 'Disbursed')).toHaveText('€1,200.00');

    await page.getByRole('region', { name: 'Next steps' }).getByRole('button', { name: 'Complete disbursement' }).click();
    await expect(term(page, 'Status')).toHaveText('Paid');
    fiona.expectClean();
  });

  test('the requester sends a report with a receipt from the follow-up page', async ({ browser }) => {
    const requester = await requesterOnFollowUp(browser);
    const { grant } = requester;
    await expect(grant).toContainText('Paid');
    await expect(grant.getByText('Report due')).toBeVisible();
    await grant.getByLabel('Your report', { exact: true }).fill(MARK.report);
    await grant.getByLabel('Receipts and photos').setInputFiles({ name: RECEIPT_NAME, mimeType: 'text/plain', buffer: RECEIPT_BYTES });
    await grant.getByRole('button', { name: 'Send the report' }).click();
    await expect(grant.getByRole('list', { name: 'Your reports' })).toContainText('Sent, waiting to be read', { timeout: 30_000 });
    await expect(grant.getByRole('list', { name: 'Your reports' })).toContainText('1 file');
    await requester.done();
  });

  test('the caseworker reads and accepts the report, downloads the receipt, and closes the grant', async () => {
    const carlos = person('carlos');
    const page = await grantPage(carlos);
    const reports = page.getByRole('region', { name: 'Reports' });
    await expect(reports).toContainText(MARK.report);
    await expect(reports).toContainText('Signature verified');
    const downloading = page.waitForEvent('download');
    await reports.getByRole('button', { name: `Download ${RECEIPT_NAME}` }).click();
    const download = await downloading;
    expect(readFileSync(need((await download.path()) ?? undefined, 'the downloaded receipt')).equals(RECEIPT_BYTES)).toBe(true);
    await reports.getByRole('button', { name: 'Accept the report' }).click();
    await expect(status(reports, 'The report was accepted.')).toBeVisible();
    await expect(term(page, 'Status')).toHaveText('Reported');
    await page.getByRole('region', { name: 'Next steps' }).getByRole('button', { name: 'Close the grant' }).click();
    await expect(term(page, 'Status')).toHaveText('Closed');
    carlos.expectClean();
  });

  test('the ledger CSV sums to what the screens show, and the database holds no payee details or report in clear', async () => {
    const fiona = person('fiona');
    const page = fiona.page;
    await openNav(page, 'Finance');
    const fund = page.getByRole('region', { name: MARK.fund });
    const row = fund.getByRole('row', { name: /^Security equipment/ });
    await expect(row.getByRole('cell')).toHaveText(['€10,000.00', '€0.00', '€1,200.00', '€8,800.00']);
    const money = fund.getByRole('definition');
    const shown = async (name: string) => (await fund.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]').textContent()) ?? '';
    await expect(money.first()).toHaveText('€50,000.00');
    const [committedShown, disbursedShown] = [await shown('Committed'), await shown('Disbursed')];
    expect([committedShown, disbursedShown]).toEqual(['€0.00', '€1,200.00']);

    const downloading = page.waitForEvent('download');
    await fund.getByRole('link', { name: `Ledger of ${MARK.fund} as CSV` }).click();
    const csv = readFileSync(need((await (await downloading).path()) ?? undefined, 'the ledger'), 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    const columns = need(header, 'the CSV header').split(',');
    const col = (name: string) => columns.indexOf(name);
    const rows = lines.map((l) => l.split(','));
    const sum = (name: string) => rows.reduce((total, r) => total + BigInt(need(r[col(name)], name)), 0n);
    expect(rows.map((r) => r[col('kind')])).toEqual(['commit', 'payment', 'payment']);
    // The fund's committed and disbursed on screen, from the ledger: €0.00 and €1,200.00.
    expect(sum('committed_change_minor')).toBe(0n);
    expect(sum('disbursed_change_minor')).toBe(120000n);
    const kgs = rows.find((r) => r[col('paid_currency')] === 'KGS');
    expect([kgs?.[col('paid_minor')], kgs?.[col('rate')], kgs?.[col('amount_minor')]]).toEqual(['6100000', '0.0098', '59780']);

    // No text, json, array or bytea column of any table holds what the requester typed or wrote.
    const columnsToScan = (
      await database().query(
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
      )
    ).rows as { table_name: string; column_name: string; data_type: string }[];
    expect(columnsToScan.map((c) => c.table_name)).toEqual(expect.arrayContaining(['grant_payees', 'grant_reports']));
    const found: string[] = [];
    for (const marker of [MARK.payeeName, MARK.payeeAccount, MARK.payeeContact, MARK.report]) {
      for (const c of columnsToScan) {
        const value = c.data_type === 'bytea' ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
        const hit = await database().query(`SELECT 1 FROM "${c.table_name}" WHERE ${value} LIKE $1 LIMIT 1`, [`%${marker.slice(0, 24)}%`]);
        if (hit.rowCount) found.push(`${c.table_name}.${c.column_name}`);
      }
    }
    expect(found).toEqual([]);
    // Positive control: the scan does find what is kept in clear.
    const control = await database().query(`SELECT 1 FROM funds WHERE name LIKE $1`, [`%${MARK.fund}%`]);
    expect(control.rowCount).toBe(1);
    fiona.expectClean();
  });

  test('a server that forges an approval meets browsers that check it against the approver’s certified key and say so loudly', async () => {
    const grantId = need(state.grantId, 'the grant');
    const anna = person('anna');
    const boris = person('boris');
    // The "compromised server": Anna's approval now carries Boris's signature (well-formed, but not hers over these terms).
    await database().query(
      `UPDATE grant_approvals SET signature = (SELECT signature FROM grant_approvals WHERE grant_id = $1 AND approver_id = $3) WHERE grant_id = $1 AND approver_id = $2`,
      [grantId, anna.staffId, boris.staffId],
    );
    const fiona = person('fiona');
    const page = await grantPage(fiona);
    await expect(page.getByRole('alert').filter({ hasText: 'Warning: this grant failed verification in this browser.' })).toBeVisible();
    const decisions = page.getByRole('list', { name: 'Decisions' });
    await expect(decisions.getByRole('listitem', { name: 'Approved by Anna Approver' })).toContainText('Signature NOT verified');
    await expect(decisions.getByRole('listitem', { name: 'Approved by Boris Approver' })).toContainText('Signature verified');
    fiona.expectClean();
  });
});

async function fundId(): Promise<string> {
  const rows = (await database().query(`SELECT id FROM funds WHERE name = $1`, [MARK.fund])).rows as { id: string }[];
  return need(rows[0]?.id, 'the fund');
}
