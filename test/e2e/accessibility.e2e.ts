/**
 * Accessibility (issue 15, item 11) and the public portal at 360×740 (item 4), in Chromium, on a
 * system of its own (docs/portal.md, "Accessibility").
 *
 * axe-core (through @axe-core/playwright) checks every public page and state, and the main
 * console pages, against WCAG 2.0 and 2.1, levels A and AA, and axe's best practices; a page passes
 * with 0 violations, and a failure prints each violation readably (rule, impact, the elements, how
 * to fix). The portal is checked in every language of UI_LANGUAGES, the console in every staff
 * language (STAFF_UI_LANGUAGES), both from libs/domain, so a language added there is checked here.
 * The pages are found and waited for by their structure (ids, element kinds, addresses), never by
 * their words, so that the same walk runs in every language.
 *
 * Set-up through the api (staff-team.ts), as the console's screens would do it: two admins, a
 * lead of the intake, legal and finance desks, a legal caseworker who is also a finance approver
 * (Carlos), a finance officer of the finance desk (Fiona), certified desk keys; a legal request
 * sent as the portal sends it (in Node); through the screens, Fiona makes a fund with a budget
 * line, Carlos writes a note and a message on the case and proposes a grant. The requester's
 * follow-up page then has an answer, the reply form and "Your grants" with the payment details form.
 *
 * The public walk runs twice per language: on a desktop window, and on a phone (360×740, touch,
 * device scale 2), where every state must also fit: the document never scrolls sideways, and every
 * control a person uses is inside the screen's width, its words not cut off.
 */
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { type LegalRequest, STAFF_UI_LANGUAGES, UI_LANGUAGES } from '@ashar/domain';
import { groupSystems } from './group-systems';
import { nodeRequester } from './node-requester';
import { collectPageProblems, guardLocalOnly } from './support';
import {
  type Actor,
  PASSPHRASE,
  adminApprovesDeskKey,
  adminCertifiesDeskKey,
  enrolSecondAdmin,
  enrolStaff,
  leadAddsDeskKey,
  leadSealsDeskKey,
  need,
  setUpAdmin,
  signInAfresh,
  writeNoteAndMessage,
} from './staff-team';

/**
 * What axe checks: WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices (landmarks,
 * one main, heading order, a level-one heading, …). Nothing is turned off.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The languages to check: every language of the portal, every language of the console (libs/domain). */
const PORTAL_LANGUAGES: readonly string[] = UI_LANGUAGES;
const STAFF_LANGUAGES: readonly string[] = STAFF_UI_LANGUAGES;

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

const tag = () => randomBytes(5).toString('hex');
const MARK = { request: `A11Y-REQUEST-${tag()}`, note: `A11Y-NOTE-${tag()}`, message: `A11Y-MESSAGE-${tag()} we found you a lawyer`, fund: `Safety fund ${tag()}` };
const LEGAL_REQUEST: LegalRequest = { type: 'legal', caseStage: 'threatened', hasLawyer: false, country: 'KG', preferredLanguage: 'ru', description: MARK.request };

type Role = 'admin' | 'second' | 'lead' | 'carlos' | 'fiona';
const { opened, people, url, system, desk, person, ownSystem } = groupSystems<Role>('accessibility');
const state: { caseId?: string; code?: string; grantId?: string } = {};

/** One axe violation, readably: the rule, its impact, what to do, and where (each element's selector and axe's summary). */
interface Found {
  where: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

function formatFound(found: readonly Found[]): string {
  return found
    .map((f) => `\n• ${f.where}: [${f.impact}] ${f.rule}: ${f.help}\n${f.targets.map((t) => `    at ${t}`).join('\n')}`)
    .join('');
}

/** Runs axe on what the page shows now and adds any violation to `found`. */
async function axeCheck(page: Page, where: string, found: Found[]): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  // axe did look: a page it checks passes some rules.
  expect(results.passes.length, `${where}: rules axe saw pass`).toBeGreaterThan(10);
  for (const v of results.violations) {
    found.push({
      where,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: `${v.help} (${v.helpUrl.replace(/\?.*$/, '')})`,
      targets: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ').trim() ?? ''}`),
    });
  }
}

/** The page's own language attribute is the language asked for. */
async function expectLanguage(page: Page, lang: string, where: string): Promise<void> {
  await expect(page.locator('html'), `${where}: <html lang>`).toHaveAttribute('lang', lang);
}

/**
 * On a phone: the document does not scroll sideways, and every control a person can see (links,
 * buttons, fields, the labels that stand for file pickers) lies within the screen's width, with
 * none of its words cut off (a link or button whose text is wider than its box).
 */
async function phoneProblems(page: Page, where: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways (${doc.scrollWidth} px wide in ${doc.clientWidth} px)`);
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) => {
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${text}"`;
    };
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, label, summary')) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Not shown, or shown only to screen readers (a 1 px clipped box).
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox' || el.type === 'file') && style.opacity === '0') continue;
      if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${describe(el)} reaches ${Math.round(box.left)}–${Math.round(box.right)} px of ${width}`);
      const textBox = el instanceof HTMLAnchorElement || el instanceof HTMLButtonElement || el instanceof HTMLLabelElement || el.tagName === 'SUMMARY';
      if (textBox && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible') problems.push(`${describe(el)} cuts its words off (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    return problems;
  });
  return found.map((p) => `${where}: ${p}`);
}

interface Walk {
  lang: string;
  phone: boolean;
  found: Found[];
  phoneFound: string[];
}

/** Everything checked at one state of a page: axe, and on a phone the fit. */
async function check(page: Page, walk: Walk, what: string): Promise<void> {
  const where = `${what} [${walk.lang}${walk.phone ? ', 360×740' : ''}]`;
  await axeCheck(page, where, walk.found);
  if (walk.phone) walk.phoneFound.push(...(await phoneProblems(page, where)));
}

function expectClean(walk: Walk): void {
  expect(walk.found.length, `accessibility violations:${formatFound(walk.found)}\n`).toBe(0);
  expect(walk.phoneFound.length, `what does not fit a phone:\n${walk.phoneFound.join('\n')}\n`).toBe(0);
}

const withLang = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

async function publicVisitor(browser: Browser, phone: boolean): Promise<{ context: BrowserContext; page: Page; outside: string[]; problems: string[] }> {
  const context = await browser.newContext(phone ? PHONE : DESKTOP);
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  return { context, page, outside, problems };
}

/**
 * Every public page and state in one language: the landing page; the request's kind step, its
 * form with errors shown, with a file chosen, the review and the receipt code; follow-up sign-in
 * (and a code it does not know), the open request with our answer, the reply form with its error,
 * and "Your grants"; the list of calls; the not-found page; the quick exit's neutral page.
 */
async function walkPortal(page: Page, walk: Walk): Promise<void> {
  const { lang } = walk;
  await page.goto(url(withLang('/', lang)));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectLanguage(page, lang, 'the landing page');
  await check(page, walk, 'the landing page');
  await useLanguageSwitch(page, walk);

  await page.locator('.portal-actions a[href^="/request"]').click();
  await expect(page.locator('#request-type')).toBeVisible();
  await check(page, walk, 'request: the kind of help');
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('#request-type-error')).toBeVisible();
  await check(page, walk, 'request: no kind chosen');
  await page.locator('#request-type-legal').check();
  await page.locator('form button[type="submit"]').click();

  await expect(page.locator('#request-form')).toBeVisible();
  await check(page, walk, 'request: the form');
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await expect(page.locator('.field--invalid').first()).toBeVisible();
  await check(page, walk, 'request: the form with errors');
  await page.locator('#request-field-caseStage').selectOption('threatened');
  await page.locator('#request-field-hasLawyer-no').check();
  await page.locator('#request-field-country').selectOption('KG');
  await page.locator('#request-field-preferredLanguage').selectOption('ru');
  await page.locator('#request-field-description').fill(MARK.request);
  await page.locator('form input[type="file"]').setInputFiles({ name: 'a-scan-of-the-summons-with-a-rather-long-name.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not really') });
  await expect(page.locator('.file-list li')).toHaveCount(1);
  await expect(page.locator('.error-summary')).toHaveCount(0);
  await check(page, walk, 'request: the form filled, a file chosen');
  await page.locator('form button[type="submit"]').click();

  await expect(page.locator('#request-review')).toBeVisible();
  await check(page, walk, 'request: the review');
  await page.locator('section[aria-labelledby="request-review"] .actions button.button:not(.button--secondary)').click();
  await expect(page.locator('#request-sent')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#receipt-code')).toHaveValue(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
  // The file went up with the request: both progress bars full.
  await expect(page.locator('.uploads progress[value="100"]')).toHaveCount(2, { timeout: 60_000 });
  await check(page, walk, 'request: the receipt code');
  await page.locator('#receipt-stored').check();
  await page.locator('section[aria-labelledby="request-sent"] form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`^${url('/')}(\\?.*)?$`));

  await page.goto(url(withLang('/follow-up', lang)));
  await expect(page.locator('#follow-up-code')).toBeVisible();
  await expectLanguage(page, lang, 'the follow-up page');
  await check(page, walk, 'follow-up: the receipt code');
  await page.locator('#receipt-input').fill('AAAA-BBBB-CCCC-DDDD-EEEE');
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('#receipt-input-error')).toBeVisible({ timeout: 30_000 });
  await check(page, walk, 'follow-up: an unknown receipt code');
  await page.locator('#receipt-input').fill(need(state.code, 'the receipt code'));
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('#follow-up-case')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.messages .message-item__text').filter({ hasText: MARK.message })).toBeVisible();
  // "Your grants": the proposed grant, with the form for the payment details.
  await expect(page.locator('section.panel > h3')).toHaveCount(1);
  await expect(page.locator('section.panel form')).toHaveCount(1);
  await check(page, walk, 'follow-up: the request with our answer, the reply form and the grant');
  await page.locator('form:has(#reply-text) button[type="submit"]').click();
  await expect(page.locator('#reply-error')).toBeVisible();
  await page.locator('.panel--inner input[type="file"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
  await expect(page.locator('.panel--inner .file-list li')).toHaveCount(1);
  await check(page, walk, 'follow-up: a reply left empty, a file chosen');
  await page.locator('#follow-up-case ~ .panel > button.button--secondary').click();
  await expect(page).toHaveURL(new RegExp(`^${url('/')}(\\?.*)?$`));

  // The calls for applications, from the landing page's link (none published in this system).
  await page.goto(url(withLang('/', lang)));
  await page.locator('main a[href^="/calls"]').click();
  await expect(page.locator('#calls-none, #calls-list')).toBeVisible();
  await expectLanguage(page, lang, 'the list of calls');
  await check(page, walk, 'the list of calls');

  await page.goto(url(withLang('/no-such-page', lang)));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check(page, walk, 'the not-found page');

  await page.goto(url(withLang('/about-weather.html', lang)));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check(page, walk, 'the quick exit’s neutral page');
}

/**
 * The language switch: a link per language, the current one marked; on a phone each link is a
 * target of at least 24×24 px inside the screen (WCAG 2.2, 2.5.8). Choosing another language
 * turns the page into it; choosing this one again turns it back.
 */
async function useLanguageSwitch(page: Page, walk: Walk): Promise<void> {
  const links = page.locator('nav.language-switch a');
  await expect(links).toHaveCount(PORTAL_LANGUAGES.length);
  await expect(page.locator('nav.language-switch a[aria-current="true"]')).toHaveAttribute('hreflang', walk.lang);
  if (walk.phone) {
    const width = PHONE.viewport.width;
    for (const link of await links.all()) {
      const box = need((await link.boundingBox()) ?? undefined, 'a language link’s box');
      const name = await link.textContent();
      if (box.x < 0 || box.x + box.width > width) walk.phoneFound.push(`language switch [${walk.lang}]: ${name} reaches ${Math.round(box.x)}–${Math.round(box.x + box.width)} px of ${width}`);
      if (box.width < 24 || box.height < 24) walk.phoneFound.push(`language switch [${walk.lang}]: ${name} is a ${Math.round(box.width)}×${Math.round(box.height)} px target (at least 24×24)`);
    }
  }
  const other = need(PORTAL_LANGUAGES.find((l) => l !== walk.lang), 'another language');
  await page.locator(`nav.language-switch a[hreflang="${other}"]`).click();
  await expectLanguage(page, other, 'the landing page after switching');
  await expect(page.locator('nav.language-switch a[aria-current="true"]')).toHaveAttribute('hreflang', other);
  await page.locator(`nav.language-switch a[hreflang="${walk.lang}"]`).click();
  await expectLanguage(page, walk.lang, 'the landing page switched back');
}

/**
 * Saves `lang` as the actor's own console language (PUT /staff/me/language, as the console's
 * language choice does), then signs in with the passkey and unlocks with the passphrase through
 * the screens, found by their structure (any language), at `path` with `lang` in the address.
 */
async function signInInLanguage(actor: Actor, path: string, lang: string): Promise<void> {
  const session = await actor.call('GET', '/auth/session');
  expect(session.status, `${actor.name}: signed in before signing in afresh`).toBe(200);
  actor.csrf = (session.body as { csrfToken: string }).csrfToken;
  const saved = await actor.call('PUT', '/staff/me/language', { language: lang });
  expect(saved.status, `${actor.name}: saving the console language`).toBe(204);
  expect((await actor.call('POST', '/auth/sign-out', {})).status).toBe(204);
  const page = actor.page;
  await page.goto(url(withLang(path, lang)));
  await page.locator('main button.button').first().click();
  await page.locator('input[type="password"]').fill(PASSPHRASE);
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('nav.console-nav')).toBeVisible({ timeout: 30_000 });
  await expectLanguage(page, lang, `${actor.name}'s console`);
}

async function navTo(page: Page, href: string, lang: string): Promise<void> {
  await page.locator(`nav.console-nav a[href^="${href}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`^${url(href)}(\\?.*)?$`));
  await expectLanguage(page, lang, href);
}

async function setUpTeam(browser: Browser): Promise<void> {
  const admin = await setUpAdmin(browser, system().logFile);
  const second = await enrolSecondAdmin(admin, browser);
  const lead = await enrolStaff(admin, browser, { name: 'Lena Lead', roles: ['caseworker', 'desk_lead'], leadDeskIds: [desk('intake'), desk('legal'), desk('finance')] });
  const carlos = await enrolStaff(admin, browser, { name: 'Carlos Caseworker', roles: ['caseworker', 'finance_approver'], deskIds: [desk('legal')], addedBy: lead });
  const fiona = await enrolStaff(admin, browser, { name: 'Fiona Finance', roles: ['finance_officer'], deskIds: [desk('finance')], addedBy: lead });
  Object.assign(people, { admin, second, lead, carlos, fiona });
  opened.push(admin, second, lead, carlos, fiona);
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

/** Fiona's fund with a budget line, through the finance screen (as mini-grants.e2e.ts does). */
async function makeFund(fiona: Actor): Promise<void> {
  await signInAfresh(fiona, '/staff/console/finance');
  const page = fiona.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Finance' })).toBeVisible();
  await page.getByRole('button', { name: 'New fund' }).click();
  const form = page.getByRole('form', { name: 'New fund' });
  await form.getByLabel('Name', { exact: true }).fill(MARK.fund);
  await form.getByLabel('Donor', { exact: true }).fill('Open Society Test Foundation');
  await form.getByLabel('Currency').selectOption('EUR');
  await form.getByLabel('Total (EUR)').fill('50 000');
  await form.getByLabel('Period starts').fill('2026-01-01');
  await form.getByLabel('Period ends').fill('2027-12-31');
  await form.getByRole('button', { name: 'Create the fund' }).click();
  await expect(page.getByRole('status').filter({ hasText: `The fund ${MARK.fund} was created.` })).toBeVisible();
  const line = page.getByRole('region', { name: MARK.fund }).getByRole('form', { name: `Add a budget line to ${MARK.fund}` });
  await line.getByLabel('Pays for').selectOption('security_equipment');
  await line.getByLabel('Allocated (EUR)').fill('10 000');
  await line.getByRole('button', { name: 'Add the line' }).click();
  await expect(page.getByRole('status').filter({ hasText: /The line Security equipment was added/ })).toBeVisible();
}

/** Carlos answers the requester and proposes a grant, through the case page. */
async function answerAndPropose(carlos: Actor): Promise<void> {
  await signInAfresh(carlos, `/staff/cases/${need(state.caseId, 'the case')}`);
  const page = carlos.page;
  await expect(page.getByRole('region', { name: 'Request' })).toContainText('Signature verified', { timeout: 60_000 });
  await writeNoteAndMessage(page, { note: MARK.note, message: MARK.message });
  const grants = page.getByRole('region', { name: 'Grants' });
  await grants.getByRole('button', { name: 'Propose a grant' }).click();
  const form = grants.getByRole('form', { name: 'Propose a grant' });
  await form.getByLabel('Fund').selectOption({ label: `${MARK.fund} (EUR, Open Society Test Foundation)` });
  await form.getByLabel('Budget line').selectOption({ label: 'Security equipment (€10,000.00 left)' });
  await form.getByLabel('Amount (EUR)').fill('1 200');
  await form.getByRole('button', { name: 'Propose and submit' }).click();
  await expect(grants.getByRole('status').filter({ hasText: /of €1,200\.00 was proposed and submitted for approval/ })).toBeVisible({ timeout: 30_000 });
  const href = need((await grants.getByRole('list', { name: 'Grants of this case' }).getByRole('link').getAttribute('href')) ?? undefined, 'the grant link');
  state.grantId = need(/\/staff\/console\/grants\/([0-9a-f-]{36})$/.exec(href)?.[1], 'the grant id');
}

test.describe.configure({ mode: 'serial' });

test.describe('accessibility', () => {
  ownSystem('walk');
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(300_000);
    await setUpTeam(browser);
    const sent = await nodeRequester(url()).submit(LEGAL_REQUEST);
    state.caseId = sent.caseId;
    state.code = sent.code;
    await makeFund(person('fiona'));
    await answerAndPropose(person('carlos'));
    for (const role of ['fiona', 'carlos'] as const) person(role).expectClean();
  });

  for (const lang of STAFF_LANGUAGES) {
    test(`the main console pages in ${lang}: 0 axe violations`, async ({ browser }) => {
      test.setTimeout(240_000);
      const walk: Walk = { lang, phone: false, found: [], phoneFound: [] };

      // Sign-in, before anyone is signed in.
      const visitor = await publicVisitor(browser, false);
      await visitor.page.goto(url(withLang('/staff', lang)));
      await expect(visitor.page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(visitor.page.locator('main button.button').first()).toBeEnabled();
      await expectLanguage(visitor.page, lang, 'the sign-in page');
      await check(visitor.page, walk, 'console: sign-in');
      await visitor.context.close();

      // The admin: home, staff, desks and a desk, routing, invitations.
      const admin = person('admin');
      await signInInLanguage(admin, '/staff/console', lang);
      let page = admin.page;
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.locator('main section.panel li')).not.toHaveCount(0);
      await check(page, walk, 'console: home');
      await navTo(page, '/staff/console/staff', lang);
      await expect(page.locator('main table tbody tr')).toHaveCount(5);
      await check(page, walk, 'console: staff');
      await navTo(page, '/staff/console/desks', lang);
      await expect(page.locator('main table tbody tr')).not.toHaveCount(0);
      await check(page, walk, 'console: desks');
      await page.locator(`main table a[href^="/staff/console/desks/${desk('legal')}"]`).click();
      // The desk's own page, not the list it came from: its address, its heading, its members' table.
      await expect(page).toHaveURL(new RegExp(`/staff/console/desks/${desk('legal')}`));
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.locator('main table tbody tr')).not.toHaveCount(0);
      await check(page, walk, 'console: a desk (admin)');
      await navTo(page, '/staff/console/routing', lang);
      await expect(page.locator('main form').first()).toBeVisible();
      await check(page, walk, 'console: routing');
      await navTo(page, '/staff/console/invite', lang);
      await expect(page.locator('main form')).toBeVisible();
      await check(page, walk, 'console: invite staff');
      await navTo(page, '/staff/console/account', lang);
      await expect(page.locator('main form')).toBeVisible();
      await check(page, walk, 'console: your account');
      admin.expectClean();

      // The lead: my desks.
      const lead = person('lead');
      await signInInLanguage(lead, '/staff/console/my-desks', lang);
      page = lead.page;
      await expect(page.locator('main section.panel table')).toHaveCount(3);
      await check(page, walk, 'console: my desks');
      lead.expectClean();

      // Carlos: the inbox, the case, approvals.
      const carlos = person('carlos');
      await signInInLanguage(carlos, '/staff/cases', lang);
      page = carlos.page;
      await expect(page.locator(`main table.inbox a[href^="/staff/cases/${need(state.caseId, 'the case')}"]`)).toBeVisible();
      await check(page, walk, 'console: the inbox');
      await page.locator(`main table.inbox a[href^="/staff/cases/${need(state.caseId, 'the case')}"]`).click();
      await expect(page.getByText(MARK.request)).toBeVisible({ timeout: 60_000 });
      await expect(page.getByText(MARK.message)).toBeVisible();
      await check(page, walk, 'console: a case');
      await navTo(page, '/staff/console/approvals', lang);
      await expect(page.locator(`main a[href^="/staff/console/grants/${need(state.grantId, 'the grant')}"]`)).toBeVisible();
      await check(page, walk, 'console: approvals');
      carlos.expectClean();

      // Fiona: finance, and the grant.
      const fiona = person('fiona');
      await signInInLanguage(fiona, '/staff/console/finance', lang);
      page = fiona.page;
      await expect(page.locator('main table').first()).toBeVisible();
      await check(page, walk, 'console: finance');
      await page.locator(`main a[href^="/staff/console/grants/${need(state.grantId, 'the grant')}"]`).first().click();
      await expect(page.locator('main h1')).toContainText(`G-${need(state.grantId, 'the grant').slice(0, 8)}`);
      await expect(page.locator('main section.panel').first()).toBeVisible();
      await check(page, walk, 'console: a grant');
      fiona.expectClean();

      expectClean(walk);
    });
  }
  // Every language on the phone (axe and the fit checks in one walk), and the desktop layout once
  // more in English: the words change with the language, the layout only with the width. Twelve
  // walks (every language at both widths) took too long for the whole suite's time budget.
  for (const lang of PORTAL_LANGUAGES) {
    for (const phone of lang === 'en' ? [true, false] : [true]) {
      test(`every public page and state in ${lang}${phone ? ' on a 360×740 phone' : ''}: 0 axe violations${phone ? ', nothing wider than the screen' : ''}`, async ({ browser }) => {
        // A walk sends a request and opens one with the receipt code (two key derivations): minutes on a busy machine.
        test.setTimeout(360_000);
        const visitor = await publicVisitor(browser, phone);
        const walk: Walk = { lang, phone, found: [], phoneFound: [] };
        await walkPortal(visitor.page, walk);
        expectClean(walk);
        expect(visitor.outside, 'requests that left this machine').toEqual([]);
        expect(visitor.problems, 'page errors').toEqual([]);
        await visitor.context.close();
      });
    }
  }

});
