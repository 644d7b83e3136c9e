/**
 * Desk keys through the staff console, in Chromium with virtual authenticators (CDP), end to
 * end: the first admin enrols from the setup link and brings in their certificate from the
 * TEST root; invites a desk lead, a caseworker and a not-yet-certified member of the legal desk
 * and a caseworker of another desk, and certifies them; manages desk members; the lead makes
 * legal desk key version 1 in their browser; the admin sees its public key from the desk's key
 * list and certifies it after comparing its fingerprint with the lead's (a key the server swaps
 * shows another fingerprint, and its certificate is refused), and a second admin approves it (a
 * desk's first version needs two admins: libs/crypto SPEC.md §8.2); the lead seals it to the
 * caseworker (the uncertified member is refused); the caseworker's console opens it in the
 * worker and checks it against the certificate (and refuses a swapped one); the caseworker of
 * the other desk can neither see nor seal it.
 *
 * Then a rotation: the intake desk gets its key too and a legal request arrives (made in Node as
 * the portal makes it); the admin removes the uncertified member and adds the other caseworker
 * to the legal desk; the lead makes version 2, linked from version 1 which they hold, and the
 * admin certifies it (no second admin needed); the first caseworker,
 * holding version 1 only, still opens it and is told version 2 is current; the newcomer, sealed
 * version 2 only, cannot open the case made before the rotation until the lead re-seals the
 * desk's open cases (a first run the server fails stops with the reason in words; running it
 * again finishes), and then reads its request.
 *
 * A version of a desk's key can be made only once per system, so each group of tests runs a
 * system of its own (fresh database, its own first-run setup link). Before its tests, a group
 * reaches its starting point through the api as the console and the custodians would, with keys
 * made by libs/crypto in Node (staff-team.ts): a certified admin, the colleagues it needs and the
 * desk key versions already made. Each test then takes its own steps through the screens, and
 * changes nothing another test of its group reads, so one failure does not stop the others. Every actor is its own browser context; every check asserts
 * that no request left this machine, no page logged an error, and the api refused exactly what
 * was expected. The web build served is global-setup.ts's (tmp/e2e-web, built with the TEST root
 * public key).
 */
import { readFileSync } from 'node:fs';
import { type Browser, type Page, expect, test } from '@playwright/test';
import {
  type DeskKeyPair,
  encodePublicKey,
  generateDeskKeyPair,
  importRootKeys,
  issueCertificate,
  kidFingerprint,
  kidOf,
  parseEncPublicKey,
  parseSignPublicKey,
  sealDeskKey,
} from '@ashar/crypto';
import { type LegalRequest } from '@ashar/domain';
import { readSystemLog } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { groupSystems } from './group-systems';
import { type PreparedRequest, nodePowProof, prepareLegalRequest } from './node-requester';
import { apiFrom, shownText, shownValue } from './support';
import {
  Actor,
  PASSPHRASE,
  adminApprovesDeskKey,
  adminCertifiesDeskKey,
  described,
  enrolSecondAdmin,
  enrolStaff,
  leadAddsDeskKey,
  leadAddsMember,
  leadSealsDeskKey,
  need,
  setUpAdmin,
  signInAfresh,
  verifiedPerson,
} from './staff-team';

const FINGERPRINT = /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/;
/** Written by the requester; shown only to those who can open the case. */
const REQUEST_MARKER = 'MARKER-REQUEST arrested before the rotation';

type Role = 'admin' | 'approver' | 'lead' | 'caseworker' | 'uncertified' | 'medical';
/** The system of the group running now, its desks by slug, and everyone it opened a browser for. */
const { opened, people, url, system, desk, person, ownSystem } = groupSystems<Role>('desk-keys');

/**
 * Through the api: the certified admin and a second admin (who approves desk keys' first
 * versions), the lead of the legal desk (and of `leadDesks`), and as asked the legal desk's
 * certified caseworker, its not-yet-certified member, and the caseworker of `medicalDesks` (none:
 * of no desk yet).
 */
async function setUpPeople(
  browser: Browser,
  want: { caseworker?: boolean; uncertified?: boolean; medicalDesks?: string[]; leadDesks?: string[]; certify?: boolean },
): Promise<void> {
  const admin = await setUpAdmin(browser, system().logFile);
  opened.push(admin);
  people.admin = admin;
  const approver = await enrolSecondAdmin(admin, browser);
  opened.push(approver);
  people.approver = approver;
  const certify = want.certify ?? true;
  // The invitation makes the lead the first lead of her desks; she adds the others (SPEC.md §17.2).
  const enrol = async (role: Role, name: string, roles: string[], desks: { deskIds?: string[]; leadDeskIds?: string[]; certify?: boolean }) => {
    const actor = await enrolStaff(admin, browser, { name, roles, certify, ...desks, ...(people.lead ? { addedBy: people.lead } : {}) });
    opened.push(actor);
    people[role] = actor;
  };
  await enrol('lead', 'Lena Lead', ['caseworker', 'desk_lead'], { leadDeskIds: ['legal', ...(want.leadDesks ?? [])].map(desk) });
  if (want.caseworker) await enrol('caseworker', 'Carlos Caseworker', ['caseworker'], { deskIds: [desk('legal')] });
  if (want.uncertified) await enrol('uncertified', 'Uma Uncertified', ['caseworker'], { deskIds: [desk('legal')], certify: false });
  if (want.medicalDesks) await enrol('medical', 'Mira Medical', ['caseworker'], { deskIds: want.medicalDesks.map(desk) });
}

/** Version 1 of the legal desk key, made by the lead, certified by the admin, approved by the second admin and sealed to `members`, through the api. */
async function certifiedLegalKey(members: Actor[]): Promise<DeskKeyPair> {
  const key = await leadAddsDeskKey(person('lead'), desk('legal'), 1);
  await adminCertifiesDeskKey(person('admin'), key);
  await adminApprovesDeskKey(person('approver'), key);
  for (const member of members) await leadSealsDeskKey(person('lead'), key, member);
  return key;
}

/** The fingerprint of a desk key version, as the lead reads it out and the admin compares it. */
function fingerprintOf(key: DeskKeyPair): string {
  return kidFingerprint(kidOf(key.encPk));
}

/** The actor signed in afresh through the sign-in screen, on the console's home page. */
async function signedIn(actor: Actor): Promise<Page> {
  await signInAfresh(actor);
  await expect(actor.page).toHaveURL(url('/staff/console'));
  await expect(actor.page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  return actor.page;
}

async function identityFingerprint(page: Page): Promise<string> {
  return shownText(described(page, 'Identity key fingerprint').first(), FINGERPRINT);
}

/** Goes to a console page through the navigation (a reload would lock the keys). */
async function openNav(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link, exact: true }).click();
}

/** Reloads the console, which ends the crypto worker, and unlocks the keys again with the passphrase. */
async function reloadAndUnlock(page: Page): Promise<void> {
  await page.reload();
  await expect(page).toHaveURL(url('/staff'));
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page).toHaveURL(url('/staff/console'));
}

function deskKeys(page: Page, deskName: string) {
  return page.getByRole('list', { name: 'Your desk keys' }).getByRole('listitem', { name: deskName });
}

async function finishEnrolment(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery code' })).toBeVisible();
  await page.getByLabel('I have stored my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Finish enrolment' }).click();
  await expect(page).toHaveURL(url('/staff/console'));
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
}

/** The admin invites someone with roles and desk places, and the person enrols with a PRF passkey in a browser of their own. */
async function inviteAndEnrol(browser: Browser, displayName: string, roles: string[], desks: Record<string, 'Member' | 'Lead'>): Promise<Actor> {
  const admin = person('admin').page;
  await openNav(admin, 'Invite staff');
  await admin.getByLabel('Name').fill(displayName);
  for (const role of ['Caseworker', 'Desk lead']) {
    const box = admin.getByRole('checkbox', { name: role, exact: true });
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  for (const [deskName, place] of Object.entries(desks)) await admin.getByLabel(deskName, { exact: true }).selectOption({ label: place });
  await admin.getByRole('button', { name: 'Create invitation' }).click();
  await expect(admin.getByRole('heading', { name: `Invitation for ${displayName}` })).toBeVisible();
  const link = await shownValue(admin.getByLabel('Enrolment link'), /\/enrol#[A-Za-z0-9_-]{16,64}$/);

  const actor = await Actor.open(browser, displayName, { staff: true, prf: true });
  opened.push(actor);
  await actor.page.goto(link);
  await expect(actor.page.getByText(`You were invited as ${displayName}`)).toBeVisible();
  await actor.page.getByRole('button', { name: 'Create my passkey' }).click();
  await finishEnrolment(actor.page);
  await expect(actor.page.getByText(`Signed in as ${displayName}`)).toBeVisible();
  return actor;
}

/** The admin certifies a person on the Staff page, after checking the fingerprint the person's console shows. */
async function certify(member: Actor): Promise<void> {
  const admin = person('admin').page;
  await openNav(member.page, 'Home');
  const fingerprint = await identityFingerprint(member.page);
  await openNav(admin, 'Staff');
  const row = admin.getByRole('row', { name: new RegExp(member.name) });
  await row.getByRole('button', { name: `Certify ${member.name}` }).click();
  await expect(described(admin, 'Identity key fingerprint')).toHaveText(fingerprint);
  await admin.getByRole('button', { name: 'The fingerprints match: certify' }).click();
  await expect(admin.getByText(`${member.name} is now certified.`)).toBeVisible();
  await expect(row).not.toContainText('Not certified');
}

/** The lead makes the next key version of a desk on My desks; returns the fingerprint to read to the admin. */
async function leadMakesVersion(deskName: string, version: number): Promise<string> {
  const page = person('lead').page;
  await openNav(page, 'Home');
  await openNav(page, 'My desks');
  const region = page.getByRole('region', { name: deskName });
  // Past version 1, a new version is no main action: it waits behind a disclosure with its explanation.
  if (version > 1) await region.getByText('Make a new key version').click();
  await region.getByRole('button', { name: `Create key version ${version}` }).click();
  await expect(region.getByRole('status').filter({ hasText: `Version ${version} of the ${deskName} desk key was made` })).toBeVisible();
  const fingerprint = await shownText(described(region, `Fingerprint of version ${version}`), FINGERPRINT);
  await expect(region).toContainText(`Version ${version} is not certified yet.`);
  return fingerprint;
}

/**
 * The admin certifies a desk's waiting version on its page, after checking the fingerprint the lead
 * read out. A version linked from the one before is then current; one that is not (a desk's first)
 * waits for a second admin's approval (approverApproves).
 */
async function adminCertifies(deskName: string, version: number, fingerprint: string, linked = true): Promise<void> {
  const page = person('admin').page;
  await openNav(page, 'Desks');
  await page.getByRole('link', { name: `Manage the ${deskName} desk` }).click();
  await page.getByRole('button', { name: `Certify key version ${version}` }).click();
  const panel = page.getByRole('region', { name: `Certify key version ${version}` });
  await expect(described(panel, `Fingerprint of version ${version}`)).toHaveText(fingerprint);
  await expect(described(panel, 'Continuity')).toContainText(linked ? 'Linked from the version before it' : 'Not linked from the version before it');
  await panel.getByRole('button', { name: `The fingerprints match: certify version ${version}` }).click();
  const key = page.getByRole('region', { name: 'Key', exact: true });
  if (linked) {
    await expect(page.getByRole('status')).toHaveText(`Version ${version} of the ${deskName} desk key is certified.`);
    await expect(key).toContainText(`Version ${version}, fingerprint ${fingerprint}`);
  } else {
    await expect(page.getByRole('status')).toHaveText(
      `Version ${version} of the ${deskName} desk key is certified. It is not linked from the version before it, so a second administrator must approve it before anything is sealed to it.`,
    );
    await expect(key).toContainText('Awaiting approval');
    // The admin who certified it cannot approve it too.
    await expect(page.getByRole('button', { name: `Approve key version ${version}` })).toHaveCount(0);
    await expect(key).toContainText(`You certified version ${version}: another administrator must approve it`);
  }
}

/** The second admin approves a desk's certified, unlinked version on its page, after checking the fingerprint the lead read out. */
async function approverApproves(deskName: string, version: number, fingerprint: string): Promise<void> {
  const page = person('approver').page;
  await openNav(page, 'Desks');
  await page.getByRole('link', { name: `Manage the ${deskName} desk` }).click();
  await page.getByRole('button', { name: `Approve key version ${version}` }).click();
  const panel = page.getByRole('region', { name: `Approve key version ${version}` });
  await expect(described(panel, `Fingerprint of version ${version}`)).toHaveText(fingerprint);
  await expect(described(panel, 'Certified by')).toHaveText('Amina Admin');
  await panel.getByRole('button', { name: `The fingerprints match: approve version ${version}` }).click();
  await expect(page.getByRole('status')).toHaveText(`Version ${version} of the ${deskName} desk key is approved; browsers now seal to it.`);
  await expect(page.getByRole('region', { name: 'Key', exact: true })).toContainText(`Version ${version}, fingerprint ${fingerprint}`);
}

/** A legal request sent as the portal sends it (test/e2e/node-requester.ts); returns what was sent. */
async function submitLegalRequest(form: LegalRequest): Promise<PreparedRequest> {
  const prepared = await prepareLegalRequest(form, async <T>(path: string) => (await (await fetch(url(`/api/v1${path}`))).json()) as T);
  const response = await fetch(url('/api/v1/intake'), { method: 'POST', headers: { 'content-type': 'application/json', ...(await nodePowProof(url(''), 'intake')) }, body: JSON.stringify(prepared.body) });
  expect(response.status, await response.clone().text()).toBe(201);
  return prepared;
}

const LEGAL_REQUEST: LegalRequest = { type: 'legal', caseStage: 'under_investigation', hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: REQUEST_MARKER };

const caseRow = (page: Page, caseId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: `Case ${caseId.slice(0, 8)}`, exact: true }) });

/** From the console's navigation to the case, through the legal desk's inbox. */
async function openCase(page: Page, caseId: string): Promise<void> {
  await openNav(page, 'Cases');
  await page.getByLabel('Inbox').selectOption({ label: 'Legal aid' });
  await caseRow(page, caseId).getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
}

test.describe('first run', () => {
  ownSystem('firstrun');

  test('the first admin enrols from the setup link and brings in a certificate from the TEST root', async ({ browser }) => {
    const token = /\/setup#([A-Za-z0-9_-]{43})/.exec(readFileSync(system().logFile, 'utf8'))?.[1];
    expect(token).toBeDefined();
    const admin = await Actor.open(browser, 'Amina Admin', { staff: true, prf: true });
    opened.push(admin);
    const page = admin.page;
    await page.goto(url(`/setup#${token}`));
    await expect(page.getByRole('status')).toHaveText(/This setup link is valid/);
    await page.getByLabel('Your name').fill('Amina Admin');
    await page.getByRole('button', { name: 'Create my passkey' }).click();
    await finishEnrolment(page);

    // No desk work for an uncertified admin: they bring in their certificate first. The custodians'
    // command names the admin's keys; here the TEST root signs them in Node (offline in real life).
    await expect(page.getByRole('link', { name: 'Desks', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'My desks' })).toHaveCount(0);
    const command = await shownText(page.locator('pre.command'), /--admin \S+ --enc-pk \S+ --sign-pk \S+$/);
    const [, adminId, encPk, signPk] = /--admin (\S+) --enc-pk (\S+) --sign-pk (\S+)$/.exec(command) ?? [];
    const certificate = issueCertificate(importRootKeys(testRoot().rootKey), {
      kind: 'admin',
      subjectId: need(adminId, 'the admin id'),
      encPk: parseEncPublicKey(need(encPk, 'the encryption key')),
      signPk: parseSignPublicKey(need(signPk, 'the signing key')),
      notAfter: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    });
    await page.getByLabel('Certificate (JSON)').fill(JSON.stringify(certificate));
    await page.getByRole('button', { name: 'Check and save my certificate' }).click();
    await expect(page.getByRole('status', { name: 'Certification' })).toContainText('By the organisation root key');
    admin.expectClean();
  });
});

test.describe('staff of the desks', () => {
  ownSystem('invitations');
  test.beforeAll(async ({ browser }) => {
    people.admin = await setUpAdmin(browser, system().logFile);
    opened.push(people.admin);
  });

  test('the admin invites the legal desk’s first lead, and people of no desk; the lead adds two of them to the desk', async ({ browser }) => {
    const admin = person('admin');
    await signedIn(admin);
    // A desk lead needs the role; an administrator is never also a caseworker.
    await openNav(admin.page, 'Invite staff');
    await admin.page.getByLabel('Name').fill('Nobody');
    await admin.page.getByLabel('Legal aid', { exact: true }).selectOption({ label: 'Lead' });
    await admin.page.getByRole('button', { name: 'Create invitation' }).click();
    await expect(admin.page.getByRole('alert')).toHaveText('To lead a desk, the person needs the Desk lead role.');
    await admin.page.getByLabel('Legal aid', { exact: true }).selectOption({ label: 'Not on this desk' });
    await admin.page.getByRole('checkbox', { name: 'Administrator', exact: true }).check();
    await admin.page.getByRole('button', { name: 'Create invitation' }).click();
    await expect(admin.page.getByRole('alert')).toHaveText('An administrator is never also Caseworker: invite a separate person for that work.');
    await admin.page.getByRole('checkbox', { name: 'Administrator', exact: true }).uncheck();

    const lead = await inviteAndEnrol(browser, 'Lena Lead', ['Caseworker', 'Desk lead'], { 'Legal aid': 'Lead' });
    // From its first member on, the desk is its lead's: the invitation form offers it no more.
    await openNav(admin.page, 'Home');
    await openNav(admin.page, 'Invite staff');
    await expect(admin.page.locator('.field--inline', { hasText: 'Legal aid' })).toContainText('Has members: its lead adds people.');
    const caseworker = await inviteAndEnrol(browser, 'Carlos Caseworker', ['Caseworker'], {});
    const uncertified = await inviteAndEnrol(browser, 'Uma Uncertified', ['Caseworker'], {});
    const medical = await inviteAndEnrol(browser, 'Mira Medical', ['Caseworker'], {});

    // The lead adds Carlos and Uma on My desks, from the people she may add, confirming with her passkey.
    await openNav(lead.page, 'My desks');
    const region = lead.page.getByRole('region', { name: 'Legal aid' });
    for (const name of ['Carlos Caseworker', 'Uma Uncertified']) {
      await region.getByLabel('Person').selectOption({ label: `${name} (not certified)` });
      await region.getByRole('button', { name: 'Add to desk' }).click();
      await expect(region.getByRole('status')).toHaveText(`${name} was added to the Legal aid desk.`);
    }
    const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    await expect(members.getByRole('row')).toHaveCount(4);
    await expect(region.getByLabel('Person').getByRole('option')).toHaveText(['Choose someone…', 'Mira Medical (not certified)']);

    // The lead's console offers "My desks"; the others' do not; nobody but the admin sees "Desks".
    await expect(lead.page.getByRole('link', { name: 'My desks' })).toBeVisible();
    for (const member of [lead, caseworker, medical]) await expect(member.page.getByRole('link', { name: 'Desks', exact: true })).toHaveCount(0);
    for (const member of [caseworker, medical]) await expect(member.page.getByRole('link', { name: 'My desks' })).toHaveCount(0);
    // Members of the legal desk see it, without a key yet; a person of no desk sees no desk keys.
    await openNav(caseworker.page, 'Cases');
    await openNav(caseworker.page, 'Home');
    await expect(deskKeys(caseworker.page, 'Legal aid')).toContainText('The Legal aid desk has no certified key yet.');
    await expect(medical.page.getByRole('heading', { name: 'Your desk keys' })).toHaveCount(0);

    for (const actor of [admin, lead, caseworker, uncertified, medical]) actor.expectClean();
  });
});

test.describe('certifying staff', () => {
  ownSystem('certify');
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true, medicalDesks: [], certify: false });
  });

  test('the admin certifies the lead, the caseworker and the other caseworker, not the fourth', async () => {
    const members = [person('lead'), person('caseworker'), person('medical')];
    for (const member of members) await signedIn(member);
    const admin = person('admin');
    await signedIn(admin);
    for (const member of members) await certify(member);
    await expect(admin.page.getByRole('row', { name: /Uma Uncertified/ })).toContainText('Not certified');
    for (const actor of [admin, ...members, person('uncertified')]) actor.expectClean();
  });
});

test.describe('desk members', () => {
  ownSystem('members');
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true, medicalDesks: [] });
  });

  test('the admin’s Desks page shows the legal desk without a key and changes none of its members; the admin gives the empty medical desk its first lead, who adds and removes members', async () => {
    const admin = person('admin');
    const page = await signedIn(admin);
    await openNav(page, 'Desks');
    const legal = page.getByRole('row', { name: /Legal aid/ });
    await expect(legal).toContainText('No key This desk has no key version yet.');
    await expect(legal.getByRole('cell').nth(1)).toHaveText('3');

    await legal.getByRole('link', { name: 'Manage the Legal aid desk' }).click();
    await expect(page).toHaveURL(url(`/staff/console/desks/${desk('legal')}`));
    await expect(page.getByRole('heading', { level: 1, name: 'Legal aid desk' })).toBeVisible();
    const members = page.getByRole('table', { name: 'Members of the Legal aid desk' });
    await expect(members.getByRole('row', { name: /Lena Lead/ })).toContainText('Lead');
    await expect(members.getByRole('row', { name: /Carlos Caseworker/ })).toContainText('Member');
    await expect(members.getByRole('row', { name: /Uma Uncertified/ })).toContainText('Member');
    await expect(page.getByRole('button', { name: /Certify key version/ })).toHaveCount(0);
    // A desk with members is its leads' alone: no way to add or remove anyone here.
    await expect(page.getByText('Only the desk’s leads add and remove its members')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
    await expect(page.getByLabel('Person')).toHaveCount(0);

    // The medical desk has nobody: the admin gives it its first lead (someone with the Desk lead role only), confirming with a passkey.
    await page.getByRole('link', { name: 'All desks' }).click();
    await page.getByRole('link', { name: 'Manage the Medical aid desk' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Medical aid desk' })).toBeVisible();
    await expect(page.getByLabel('Person').getByRole('option')).toHaveText(['Choose someone…', 'Lena Lead (Caseworker, Desk lead; certified)']);
    await page.getByLabel('Person').selectOption({ label: 'Lena Lead (Caseworker, Desk lead; certified)' });
    await page.getByRole('button', { name: 'Add as lead' }).click();
    await expect(page.getByRole('status')).toHaveText('Lena Lead was added to the Medical aid desk as its lead.');
    await expect(page.getByRole('table', { name: 'Members of the Medical aid desk' }).getByRole('row')).toHaveCount(2);
    await expect(page.getByText('Only the desk’s leads add and remove its members')).toBeVisible();
    admin.expectClean();

    // The lead adds the caseworker of no desk; Uma is added by mistake and removed again.
    const lead = person('lead');
    const leadPage = await signedIn(lead);
    await openNav(leadPage, 'My desks');
    const region = leadPage.getByRole('region', { name: 'Medical aid' });
    await region.getByLabel('Person').selectOption({ label: 'Mira Medical (certified)' });
    await region.getByRole('button', { name: 'Add to desk' }).click();
    await expect(region.getByRole('status')).toContainText('Mira Medical was added to the Medical aid desk.');
    await region.getByLabel('Person').selectOption({ label: 'Uma Uncertified (not certified)' });
    await region.getByRole('button', { name: 'Add to desk' }).click();
    await expect(region.getByRole('status')).toContainText('Uma Uncertified was added to the Medical aid desk.');
    const medical = region.getByRole('table', { name: 'Members of the Medical aid desk and their keys' });
    await expect(medical.getByRole('row')).toHaveCount(4);
    await medical.getByRole('button', { name: 'Remove Uma Uncertified' }).click();
    await medical.getByRole('group', { name: 'Confirm removing Uma Uncertified' }).getByRole('button', { name: 'Remove' }).click();
    await expect(region.getByRole('status')).toContainText('Uma Uncertified was removed');
    await expect(medical.getByRole('row')).toHaveCount(3);
    await expect(medical.getByRole('row', { name: /Mira Medical/ })).toContainText('Member');
    lead.expectClean();
  });
});

test.describe('a legal desk without a key', () => {
  ownSystem('makev1');
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true });
  });

  test('the lead makes legal desk key version 1 in their browser; it waits for certification', async () => {
    const lead = person('lead');
    const page = await signedIn(lead);
    await openNav(page, 'My desks');
    const region = page.getByRole('region', { name: 'Legal aid' });
    await expect(region).toContainText('No key This desk has no key version yet.');
    const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    await expect(members.getByRole('row', { name: /Carlos Caseworker/ })).toContainText('Certified');
    await expect(members.getByRole('row', { name: /Uma Uncertified/ })).toContainText('Not certified');
    await expect(members.getByRole('row', { name: /Carlos Caseworker/ })).toContainText('No certified version to seal yet.');

    await region.getByRole('button', { name: 'Create key version 1' }).click();
    await expect(region.getByRole('status').filter({ hasText: 'Version 1 of the Legal aid desk key was made' })).toBeVisible();
    // The page now leads with the one state of the key: version 1 awaits certification, with the
    // fingerprint to read to the admin; the key itself goes through the api.
    const awaiting = region.getByRole('group', { name: 'Key version 1 awaits certification — read this fingerprint to an administrator' });
    await expect(awaiting).toBeVisible();
    const fingerprint = await shownText(described(awaiting, 'Fingerprint of version 1'), FINGERPRINT);
    const listed = (await apiFrom(page, 'GET', `/desks/${desk('legal')}/keys`)).body as { version: number; encPk: string; createdBy: { id: string }; chain: unknown }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 1, createdBy: { id: lead.staffId }, chain: null });
    // The fingerprint shown is the one of the public key the api holds.
    expect(fingerprint).toBe(kidFingerprint(kidOf(parseEncPublicKey(need(listed[0], 'the listed key').encPk))));
    await expect(awaiting).toContainText('Awaiting certification Version 1 is not certified yet. Nothing can be sealed to this desk until then.');
    await expect(described(awaiting, 'Made by')).toContainText('You, on');
    await expect(described(awaiting, 'Continuity')).toHaveText(/^Not linked\. It is the desk’s first version/);
    // One state, never two that contradict each other; making version 2 is no main button beside it.
    await expect(region).not.toContainText('No key');
    await expect(region.getByText('Awaiting certification', { exact: true })).toHaveCount(1);
    await expect(members.getByRole('row', { name: /Lena Lead/ }).getByRole('cell').nth(1)).toHaveText('1');
    await expect(region.getByRole('button', { name: 'Create key version 2' })).toBeHidden();
    await region.getByText('Make a new key version').click();
    await expect(region.getByText('Only if version 1 was made by mistake')).toBeVisible();
    await expect(region.getByRole('button', { name: 'Create key version 2' })).toBeVisible();

    // The lead holds it, but nobody can open it before an admin certifies it; home says so once.
    await openNav(page, 'Home');
    await expect(deskKeys(page, 'Legal aid')).toContainText('You made version 1; an administrator has not certified it yet.');
    await expect(deskKeys(page, 'Legal aid')).not.toContainText('no certified key');
    // Its next steps say the same, and lead back to My desks.
    await expect(page.getByRole('list', { name: 'Next steps' })).toContainText('1 desk key version awaits certification: read its fingerprint to an administrator.');

    // Back on My desks, after leaving it, the fingerprint is still there (computed from the listed public key).
    await page.getByRole('list', { name: 'Next steps' }).getByRole('link', { name: /awaits certification/ }).click();
    const again = page.getByRole('region', { name: 'Legal aid' }).getByRole('group', { name: 'Key version 1 awaits certification — read this fingerprint to an administrator' });
    await expect(described(again, 'Fingerprint of version 1')).toHaveText(fingerprint);
    await expect(again).toContainText('Computed in this browser when the key was made, and the same as the public key the server lists for this version.');
    await expect(page.getByRole('region', { name: 'Legal aid' }).getByText('Awaiting certification', { exact: true })).toHaveCount(1);

    // A server that lists another key for version 1 than the one made here: no fingerprint to read out, and the page says why.
    const keysPath = `**/api/v1/desks/${desk('legal')}/keys`;
    const swapped = encodePublicKey(generateDeskKeyPair(desk('legal'), 1).encPk);
    await page.route(keysPath, async (route) => {
      const list = (await (await route.fetch()).json()) as { version: number; encPk: string }[];
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(list.map((k) => (k.version === 1 ? { ...k, encPk: swapped } : k))) });
    });
    await openNav(page, 'Home');
    await openNav(page, 'My desks');
    await expect(again.getByRole('alert')).toHaveText(
      'The server lists another public key for version 1 than the one made in this browser. Do not have it certified: make a new version and tell your administrator.',
    );
    await expect(again.locator('code.fingerprint')).toHaveCount(0);
    await page.unroute(keysPath);
    lead.expectClean();
  });
});

test.describe('a legal desk key version 1 waiting for certification', () => {
  ownSystem('certifyv1');
  let v1: DeskKeyPair | undefined;
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, {});
    v1 = await leadAddsDeskKey(person('lead'), desk('legal'), 1);
  });

  test('the admin certifies version 1 from the key list after comparing its fingerprint; a key the server swaps shows another fingerprint and is refused', async () => {
    const key = need(v1, 'version 1');
    const leadKey = encodePublicKey(key.encPk);
    const leadKeyFingerprint = fingerprintOf(key);
    const admin = person('admin');
    const page = await signedIn(admin);
    await openNav(page, 'Desks');
    const legal = page.getByRole('row', { name: /Legal aid/ });
    await expect(legal).toContainText('Version 1 is not certified yet.');

    // A server that lists another public key for version 1 than the one the lead made: the admin
    // sees a fingerprint that is not the lead's, and if they certified it all the same, the api
    // refuses a certificate for a key it does not hold for that version.
    const keysPath = `**/api/v1/desks/${desk('legal')}/keys`;
    const swapped = encodePublicKey(generateDeskKeyPair(desk('legal'), 1).encPk);
    await page.route(keysPath, async (route) => {
      const list = (await (await route.fetch()).json()) as { version: number; encPk: string }[];
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(list.map((k) => (k.version === 1 ? { ...k, encPk: swapped } : k))) });
    });
    await legal.getByRole('link', { name: 'Manage the Legal aid desk' }).click();
    await page.getByRole('button', { name: 'Certify key version 1' }).click();
    const panel = page.getByRole('region', { name: 'Certify key version 1' });
    await expect(described(panel, 'Made by')).toHaveText('Lena Lead');
    await expect(described(panel, 'Public key of version 1')).toHaveText(swapped);
    const shown = described(panel, 'Fingerprint of version 1');
    await expect(shown).toHaveText(FINGERPRINT);
    await expect(shown).not.toHaveText(leadKeyFingerprint);
    await panel.getByRole('button', { name: 'The fingerprints match: certify version 1' }).click();
    await expect(page.getByRole('alert')).toHaveText(/^The server refused the certificate: the public key it holds for version 1 is not the one this page showed/);
    await page.unroute(keysPath);

    await page.getByRole('link', { name: 'All desks' }).click();
    await page.getByRole('row', { name: /Legal aid/ }).getByRole('link', { name: 'Manage the Legal aid desk' }).click();
    await page.getByRole('button', { name: 'Certify key version 1' }).click();
    await expect(described(panel, 'Public key of version 1')).toHaveText(leadKey);
    await expect(described(panel, 'Fingerprint of version 1')).toHaveText(leadKeyFingerprint);
    await expect(described(panel, 'Continuity')).toContainText('Not linked from the version before it');
    await panel.getByRole('button', { name: 'The fingerprints match: certify version 1' }).click();
    // A desk's first version is nobody's successor: it waits for a second admin (SPEC.md §8.2).
    await expect(page.getByRole('status')).toHaveText(
      'Version 1 of the Legal aid desk key is certified. It is not linked from the version before it, so a second administrator must approve it before anything is sealed to it.',
    );
    const keyRegion = page.getByRole('region', { name: 'Key', exact: true });
    await expect(keyRegion).toContainText('Awaiting approval');
    await expect(keyRegion).not.toContainText('Awaiting certification');
    await expect(keyRegion).toContainText('You certified version 1: another administrator must approve it');
    await expect(page.getByRole('button', { name: 'Approve key version 1' })).toHaveCount(0);
    await expect(panel).toHaveCount(0);
    // Nothing is published yet: browsers have no version of the legal desk to seal to.
    expect(((await apiFrom(page, 'GET', `/desks/${desk('legal')}/history`)).body as { versions: unknown[] }).versions).toEqual([]);

    // The second admin compares the fingerprint with the lead's too, and approves.
    const approver = person('approver');
    await signedIn(approver);
    await approverApproves('Legal aid', 1, leadKeyFingerprint);
    await approver.page.getByRole('link', { name: 'All desks' }).click();
    await expect(approver.page.getByRole('row', { name: /Legal aid/ })).toContainText(`Certified Version 1, fingerprint ${leadKeyFingerprint}`);
    admin.expectClean([`POST /api/v1/desks/${desk('legal')}/keys/1/certificate 422`]);
    approver.expectClean();
  });
});

test.describe('a certified legal desk key version 1 sealed to nobody else yet', () => {
  ownSystem('seal');
  let v1: DeskKeyPair | undefined;
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true });
    v1 = await certifiedLegalKey([]);
  });

  test('the lead envelopes version 1 to the caseworker; the uncertified member is refused', async () => {
    const lead = person('lead');
    const page = await signedIn(lead);
    await openNav(page, 'My desks');
    const region = page.getByRole('region', { name: 'Legal aid' });
    await expect(region).toContainText(`Version 1, fingerprint ${fingerprintOf(need(v1, 'version 1'))}`);
    const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    const uma = members.getByRole('row', { name: /Uma Uncertified/ });
    await expect(uma).toContainText('Cannot be sealed the key: Uma Uncertified’s keys are not certified. Ask an administrator to certify them first.');
    await expect(uma.getByRole('button', { name: /Envelope/ })).toHaveCount(0);
    await expect(members.getByRole('row', { name: /Lena Lead/ })).toContainText('Holds version 1');

    const carlos = members.getByRole('row', { name: /Carlos Caseworker/ });
    await carlos.getByRole('button', { name: 'Seal key version 1 to Carlos Caseworker' }).click();
    await expect(region.getByRole('status')).toHaveText('Carlos Caseworker now holds version 1 of the Legal aid desk key.');
    await expect(carlos).toContainText('Holds version 1');
    await expect(carlos.getByRole('cell').nth(1)).toHaveText('1');

    await openNav(page, 'Home');
    await expect(deskKeys(page, 'Legal aid')).toContainText('You hold the Legal aid desk key, version 1.');
    lead.expectClean();
  });
});

test.describe('a certified legal desk key version 1 sealed to the caseworker', () => {
  ownSystem('open');
  let v1: DeskKeyPair | undefined;
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true, medicalDesks: [] });
    v1 = await certifiedLegalKey([person('caseworker')]);
  });

  test('the caseworker’s console opens the legal desk key version 1 in a fresh worker, and refuses a swapped one', async () => {
    const caseworker = person('caseworker');
    const page = await signedIn(caseworker);

    // A server that hands out another key pair, sealed to the caseworker, is caught: the secret
    // key does not belong to the certified desk public key.
    const swapped = sealDeskKey(generateDeskKeyPair(desk('legal'), 1), await verifiedPerson(caseworker.staffId));
    const mine = `**/api/v1/desks/${desk('legal')}/envelopes/mine`;
    await page.route(mine, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify([{ version: 1, sealedKey: swapped, sealedBy: '' }]) }));
    await reloadAndUnlock(page);
    await expect(deskKeys(page, 'Legal aid')).toContainText('Does not open');
    await expect(deskKeys(page, 'Legal aid')).toContainText('the key sealed to you is not the certified key of this desk');
    await expect(deskKeys(page, 'Legal aid')).not.toContainText('You hold');
    await page.unroute(mine);

    await reloadAndUnlock(page);
    const legal = deskKeys(page, 'Legal aid');
    await expect(legal).toContainText('You hold the Legal aid desk key, version 1.');
    await expect(legal).toContainText(`Opened in this browser and checked against its certificate; fingerprint ${fingerprintOf(need(v1, 'version 1'))}.`);
    await expect(page.getByRole('list', { name: 'Your desk keys' }).getByRole('listitem')).toHaveCount(1);
    caseworker.expectClean();
  });

  test('a caseworker of another desk neither sees nor can seal the legal desk key', async () => {
    const medical = person('medical');
    const page = await signedIn(medical);
    await expect(page.getByRole('heading', { name: 'Your desk keys' })).toHaveCount(0);
    // Added to the medical desk while signed in (the admin gives the empty desk its first lead, who
    // adds her); the console shows it after a reload.
    const [admin, lead] = [person('admin'), person('lead')];
    for (const actor of [admin, lead]) actor.csrf = ((await actor.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
    await admin.stepUp();
    expect((await admin.call('POST', `/desks/${desk('medical')}/members`, { staffId: medical.staffId, lead: false })).status).toBe(403);
    expect((await admin.call('POST', `/desks/${desk('medical')}/members`, { staffId: lead.staffId, lead: true })).status).toBe(204);
    await leadAddsMember(lead, desk('medical'), medical);
    await reloadAndUnlock(page);
    await expect(deskKeys(page, 'Medical aid')).toContainText('The Medical aid desk has no certified key yet.');
    await expect(deskKeys(page, 'Legal aid')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'My desks' })).toHaveCount(0);

    // The api agrees: the legal desk's members are hidden, and sealing or making its key is refused.
    const legal = `/desks/${desk('legal')}`;
    const session = (await apiFrom(page, 'GET', '/auth/session')).body as { csrfToken: string; staff: { id: string } };
    expect((await apiFrom(page, 'GET', `${legal}/members`)).status).toBe(404);
    expect((await apiFrom(page, 'GET', `${legal}/envelopes/mine`)).body).toEqual([]);
    const sealedToSelf = sealDeskKey(generateDeskKeyPair(desk('legal'), 1), await verifiedPerson(session.staff.id));
    expect((await apiFrom(page, 'POST', `${legal}/envelopes`, { version: 1, staffId: session.staff.id, sealedKey: sealedToSelf }, session.csrfToken)).status).toBe(403);
    const other = generateDeskKeyPair(desk('legal'), 2);
    expect((await apiFrom(page, 'POST', `${legal}/keys`, { version: 2, encPk: encodePublicKey(other.encPk), sealedKey: sealedToSelf }, session.csrfToken)).status).toBe(403);

    // The legal members' table shows the caseworker alone holding what the lead sealed.
    await signedIn(lead);
    await openNav(lead.page, 'My desks');
    const members = lead.page.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    await expect(members.getByRole('row', { name: /Mira Medical/ })).toHaveCount(0);
    await expect(members.getByRole('row', { name: /Uma Uncertified/ }).getByRole('cell').nth(1)).toHaveText('none');
    await expect(members.getByRole('row', { name: /Carlos Caseworker/ }).getByRole('cell').nth(1)).toHaveText('1');

    // Bodies never reach the log: neither the desk's public key nor a sealed key.
    const log = await readSystemLog(system());
    for (const value of [encodePublicKey(need(v1, 'version 1').encPk), sealedToSelf]) expect(log.includes(value)).toBe(false);

    medical.expectClean([`GET /api/v1${legal}/members 404`, `POST /api/v1${legal}/envelopes 403`, `POST /api/v1${legal}/keys 403`]);
    lead.expectClean();
    person('uncertified').expectClean();
    person('admin').expectClean([`POST /api/v1/desks/${desk('medical')}/members 403`]);
  });
});

test.describe('a legal desk with a certified key version 1 and an intake desk without a key', () => {
  ownSystem('rotate');
  let v1: DeskKeyPair | undefined;
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, uncertified: true, medicalDesks: [] });
    v1 = await certifiedLegalKey([person('caseworker')]);
  });

  test('the intake desk gets its key the same way, and a legal request arrives sealed to version 1', async () => {
    const admin = person('admin');
    const lead = person('lead');
    await signedIn(lead);
    await signedIn(admin);
    // The admin makes the lead the intake desk's first lead too (it has nobody yet).
    await openNav(admin.page, 'Desks');
    await admin.page.getByRole('link', { name: 'Manage the Intake desk' }).click();
    await admin.page.getByLabel('Person').selectOption({ label: 'Lena Lead (Caseworker, Desk lead; certified)' });
    await admin.page.getByRole('button', { name: 'Add as lead' }).click();
    await expect(admin.page.getByRole('status')).toHaveText('Lena Lead was added to the Intake desk as its lead.');

    const fingerprint = await leadMakesVersion('Intake', 1);
    await adminCertifies('Intake', 1, fingerprint, false);
    await signedIn(person('approver'));
    await approverApproves('Intake', 1, fingerprint);

    // The portal seals the case key to version 1 of the intake desk key, certified a moment ago, and the api takes it.
    const sent = await submitLegalRequest(LEGAL_REQUEST);
    const recipients = (sent.body['envelopes'] as { recipient: { kind: string; deskId?: string; version?: number } }[]).map((e) => e.recipient);
    expect(recipients).toContainEqual({ kind: 'desk', deskId: desk('intake'), version: 1 });
    admin.expectClean();
    lead.expectClean();
    person('approver').expectClean();
  });

  test('a rotation: the uncertified member leaves, the other caseworker joins, the lead makes version 2 and the admin certifies it', async () => {
    const admin = person('admin');
    const lead = person('lead');
    const leadPage = await signedIn(lead);
    const page = await signedIn(admin);
    // Membership is the lead's: she removes Uma and adds Mira on My desks, confirming with her passkey.
    await openNav(leadPage, 'My desks');
    const region = leadPage.getByRole('region', { name: 'Legal aid' });
    const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    await members.getByRole('button', { name: 'Remove Uma Uncertified' }).click();
    await members.getByRole('group', { name: 'Confirm removing Uma Uncertified' }).getByRole('button', { name: 'Remove' }).click();
    await expect(region.getByRole('status')).toContainText('Uma Uncertified was removed');
    await expect(region.getByRole('status')).toContainText('Create key version 2 so that they cannot read cases opened from now on');
    // Now that someone left, a new version is offered outright (no longer behind the disclosure), with the reason.
    await expect(region.getByText('Someone left the desk. Create key version 2 so that they cannot read cases opened from now on')).toBeVisible();
    await expect(region.getByRole('button', { name: 'Create key version 2' })).toBeVisible();
    await expect(region.getByText('Make a new key version')).toHaveCount(0);
    await region.getByLabel('Person').selectOption({ label: 'Mira Medical (certified)' });
    await region.getByRole('button', { name: 'Add to desk' }).click();
    await expect(region.getByRole('status')).toContainText('Mira Medical was added to the Legal aid desk.');
    await openNav(page, 'Desks');

    const v2Fingerprint = await leadMakesVersion('Legal aid', 2);
    expect(v2Fingerprint).not.toBe(fingerprintOf(need(v1, 'version 1')));
    await adminCertifies('Legal aid', 2, v2Fingerprint);
    await page.getByRole('link', { name: 'All desks' }).click();
    await expect(page.getByRole('row', { name: /Legal aid/ })).toContainText(`Certified Version 2, fingerprint ${v2Fingerprint}`);
    admin.expectClean();
    person('lead').expectClean();
  });
});

test.describe('after a rotation of the legal desk key, a case sealed before it', () => {
  ownSystem('rotated');
  let v1: DeskKeyPair | undefined;
  let caseId = '';
  test.beforeAll(async ({ browser }) => {
    await setUpPeople(browser, { caseworker: true, medicalDesks: ['legal'], leadDesks: ['intake'] });
    const intakeV1 = await leadAddsDeskKey(person('lead'), desk('intake'), 1);
    await adminCertifiesDeskKey(person('admin'), intakeV1);
    await adminApprovesDeskKey(person('approver'), intakeV1);
    v1 = await certifiedLegalKey([person('caseworker')]);
    caseId = (await submitLegalRequest(LEGAL_REQUEST)).caseId;
    // The lead holds version 1: version 2 is linked from it, and the admin's certificate is enough.
    await adminCertifiesDeskKey(person('admin'), await leadAddsDeskKey(person('lead'), desk('legal'), 2, need(v1, 'version 1')));
  });

  test('the caseworker who holds version 1 only still opens it, checked against its own certificate, and is told version 2 is current', async () => {
    const caseworker = person('caseworker');
    const page = await signedIn(caseworker);
    const legal = deskKeys(page, 'Legal aid');
    await expect(legal).toContainText('Outdated');
    await expect(legal).toContainText('You hold version 1 of the Legal aid desk key, but the current version is 2. Ask the desk lead to seal it to you.');
    await expect(legal).toContainText(`Version 1 opened in this browser and checked against its certificate; fingerprint ${fingerprintOf(need(v1, 'version 1'))}.`);
    // The home page's next steps: the legal desk's new case waits for someone to take it, a link to the cases.
    const waiting = page.getByRole('list', { name: 'Next steps' }).getByRole('link', { name: '1 open case on your desks waits for someone to take it.' });
    await expect(waiting).toHaveAttribute('href', '/staff/cases');
    caseworker.expectClean();
  });

  test('the newcomer, sealed version 2 only, opens the case made before the rotation once the lead has re-sealed the desk’s open cases', async () => {
    const lead = person('lead');
    const mira = person('medical');
    await signedIn(lead);
    await openNav(lead.page, 'My desks');
    const region = lead.page.getByRole('region', { name: 'Legal aid' });
    const members = region.getByRole('table', { name: 'Members of the Legal aid desk and their keys' });
    await members.getByRole('button', { name: 'Seal key version 2 to Mira Medical' }).click();
    await expect(region.getByRole('status')).toHaveText('Mira Medical now holds version 2 of the Legal aid desk key.');
    await expect(members.getByRole('row', { name: /Mira Medical/ }).getByRole('cell').nth(1)).toHaveText('2');
    await expect(members.getByRole('row', { name: /Carlos Caseworker/ })).toContainText('Seal key version 2');

    // Before the re-sealing: the case is sealed to version 1 only, which the newcomer does not hold.
    await signedIn(mira);
    await expect(deskKeys(mira.page, 'Legal aid')).toContainText('You hold the Legal aid desk key, version 2.');
    await openCase(mira.page, caseId);
    await expect(mira.page.getByRole('alert')).toContainText('You do not hold the desk key version this case is sealed to.');
    await expect(mira.page.getByText(REQUEST_MARKER)).toHaveCount(0);

    // The lead re-seals; the first run meets a server that fails the batch and says so in words.
    const resealPanel = region.getByRole('group', { name: 'Open cases sealed to older key versions' });
    await expect(resealPanel).toContainText('1 open case of this desk is sealed only to older versions of its key');
    const resealPath = `**/api/v1/desks/${desk('legal')}/reseal`;
    await lead.page.route(resealPath, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'urn:ashar:problem:unavailable', title: 'Unavailable', status: 503 }) })
        : route.continue(),
    );
    await resealPanel.getByRole('button', { name: 'Re-seal 1 open case to key version 2' }).click();
    await expect(resealPanel.getByRole('alert')).toHaveText(
      'Re-sealing stopped after 0 of 1 open case: The server is not ready. Try again in a moment. Running it again continues with the cases that are left.',
    );
    await lead.page.unroute(resealPath);
    // Running it again: the batch is held back until the progress shown has been checked.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await lead.page.route(resealPath, async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await resealPanel.getByRole('button', { name: 'Re-seal 1 open case to key version 2' }).click();
    const progress = resealPanel.getByRole('progressbar', { name: /^Re-sealing to key version 2/ });
    await expect(progress).toHaveAttribute('max', '1');
    await expect(progress).toHaveAttribute('value', '0');
    await expect(resealPanel.getByRole('status')).toHaveText('Re-sealing to key version 2: 0 of 1 open case done; 0 batches sent.');
    release();
    await expect(resealPanel.getByRole('status')).toHaveText('Re-sealed 1 open case of the Legal aid desk to key version 2.');
    await expect(progress).toHaveCount(0);
    await lead.page.unroute(resealPath);
    await expect(resealPanel.getByRole('button', { name: /Re-seal/ })).toHaveCount(0);
    await expect(region).toContainText('Every open case of this desk is sealed to key version 2.');

    // The newcomer's browser now opens the case key from the version 2 envelope and decrypts the request.
    await openCase(mira.page, caseId);
    await expect(mira.page.getByRole('region', { name: 'Request' })).toContainText(REQUEST_MARKER);

    lead.expectClean([`POST /api/v1/desks/${desk('legal')}/reseal 503`]);
    mira.expectClean();
    person('caseworker').expectClean();
    person('admin').expectClean();
  });
});
