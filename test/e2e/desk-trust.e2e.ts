/**
 * Desk key continuity and revocation in Chromium (issue 13, findings 1 and 2; libs/crypto SPEC.md
 * §8.2, §8.3), end to end: the browsers are what must refuse.
 *
 * The stand-in attack: an admin invites a stand-in as lead of the intake and medical desks,
 * certifies the stand-in, has it make version 2 of both desk keys without holding version 1 and
 * certifies those. The api publishes neither (it needs a link from version 1 or a second admin),
 * so the portal keeps sealing to version 1. A compromised server that publishes them anyway (its
 * database changed by hand) meets browsers that verify each desk's whole history: the requester
 * portal sends nothing, a caseworker's referral to the medical desk is refused, and the lead's
 * re-sealing of the intake desk's open cases stops, each with a reason in words. A proper
 * rotation — the real lead makes legal version 2 in the console, linked from version 1 — needs
 * only the admin's certificate, and browsers seal to it.
 *
 * Revocation and rollback: a browser that sealed to intake version 2 refuses a server that later
 * shows a history ending at version 1 (a fresh browser, with no memory, cannot tell: SPEC.md
 * §8.2's limit); a second admin revokes intake version 2 in the console and the api stops using
 * it, and a server that ignores the revocation meets a portal that reads the signed statement
 * and sends nothing; an admin revokes a caseworker's keys, and the note the caseworker writes
 * afterwards is refused in the lead's browser while the one written before stays verified.
 *
 * Each group runs a system of its own (staff-team.ts sets up the team through the api, with keys
 * made in Node). "The server" is compromised by changing its database directly; every check
 * asserts that nothing left this machine, no page logged an error, and the api refused exactly
 * what was expected.
 */
import { type Browser, type Page, expect, test } from '@playwright/test';
import { type DeskKeyPair, deskVersionKeys, kidFingerprint, kidOf, signDeskApproval, signDeskLink } from '@ashar/crypto';
import { type LegalRequest } from '@ashar/domain';
import { groupSystems } from './group-systems';
import { nodeRequester } from './node-requester';
import { collectPageProblems, guardLocalOnly, shownText } from './support';
import {
  type Actor,
  adminApprovesDeskKey,
  adminCertifiesDeskKey,
  described,
  enrolSecondAdmin,
  enrolStaff,
  leadAddsDeskKey,
  leadSealsDeskKey,
  need,
  setUpAdmin,
  signInAfresh,
  writeNoteAndMessage,
} from './staff-team';

const FINGERPRINT = /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/;
const MARKER = 'MARKER-DESK-TRUST request';
const LEGAL_REQUEST: LegalRequest = { type: 'legal', caseStage: 'under_investigation', hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: MARKER };

type Role = 'admin' | 'approver' | 'lead' | 'carlos' | 'mira' | 'standIn';
const keys: Record<string, DeskKeyPair> = {};
/** The system of the group running now and a direct line to its database (the "compromised server"). */
const { opened, people, url, system, desk, person, database, ownSystem } = groupSystems<Role>('desk-trust', { database: true });

/**
 * Through the api: two admins, a lead of the intake, legal and medical desks, a caseworker of the
 * legal desk (Carlos) and one of the medical desk (Mira); version 1 of each desk key made by the
 * lead, certified by the first admin, approved by the second and sealed to the desk's caseworker.
 */
async function setUpTeam(browser: Browser): Promise<void> {
  const admin = await setUpAdmin(browser, system().logFile);
  const approver = await enrolSecondAdmin(admin, browser);
  const lead = await enrolStaff(admin, browser, { name: 'Lena Lead', roles: ['caseworker', 'desk_lead'], leadDeskIds: [desk('intake'), desk('legal'), desk('medical')] });
  const carlos = await enrolStaff(admin, browser, { name: 'Carlos Caseworker', roles: ['caseworker'], deskIds: [desk('legal')], addedBy: lead });
  const mira = await enrolStaff(admin, browser, { name: 'Mira Medical', roles: ['caseworker'], deskIds: [desk('medical')], addedBy: lead });
  Object.assign(people, { admin, approver, lead, carlos, mira });
  opened.push(admin, approver, lead, carlos, mira);
  for (const [slug, members] of [
    ['intake', []],
    ['legal', [carlos]],
    ['medical', [mira]],
  ] as const) {
    const key = await leadAddsDeskKey(lead, desk(slug), 1);
    await adminCertifiesDeskKey(admin, key);
    await adminApprovesDeskKey(approver, key);
    for (const member of members) await leadSealsDeskKey(lead, key, member);
    keys[`${slug}1`] = key;
  }
}

/** The published history of a desk, as anyone can read it. */
async function publishedVersions(slug: string): Promise<number[]> {
  const history = (await (await fetch(url(`/api/v1/desks/${desk(slug)}/history`))).json()) as { versions: { version: number }[] };
  return history.versions.map((v) => v.version);
}

/** The desk key version the newest case's envelope to a desk names (what the requester's browser sealed to). */
/** The desk key version of the newest case's envelope for the desk: newest by the audit log's order, since a requester's case times are kept to the minute. */
async function newestEnvelopeVersion(slug: string): Promise<number | undefined> {
  const rows = (
    await database().query(
      `SELECT e.desk_key_version FROM case_key_envelopes e JOIN aid_cases c ON c.id = e.case_id
        WHERE e.recipient_kind = 'desk' AND e.recipient_id = $1
        ORDER BY (SELECT max(a.seq) FROM audit_events a WHERE a.action = 'case.created' AND a.subject_id = c.id::text) DESC NULLS LAST LIMIT 1`,
      [desk(slug)],
    )
  ).rows as { desk_key_version: number }[];
  return rows[0]?.desk_key_version;
}

async function caseCount(): Promise<number> {
  return ((await database().query(`SELECT count(*)::int AS n FROM aid_cases`)).rows[0] as { n: number }).n;
}

/** A requester at a browser of their own: every api request recorded, nothing may leave this machine. */
class Requester {
  readonly requests: string[] = [];
  private constructor(
    readonly page: Page,
    private readonly outside: string[],
    private readonly problems: string[],
    private readonly close: () => Promise<void>,
  ) {
    page.context().on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) this.requests.push(`${request.method()} ${pathname}`);
    });
  }

  static async open(browser: Browser): Promise<Requester> {
    const context = await browser.newContext();
    const outside = await guardLocalOnly(context);
    const problems = collectPageProblems(context);
    return new Requester(await context.newPage(), outside, problems, () => context.close());
  }

  /** Fills in a legal request and sends it; returns once the page says whether it was sent. */
  async send(): Promise<'sent' | 'not sent'> {
    const page = this.page;
    await page.goto(url('/request'));
    await page.getByRole('radio', { name: /Legal help/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Where does your legal case stand?').selectOption('threatened');
    await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
    await page.getByLabel('Which country is your request about?').selectOption('KZ');
    await page.getByLabel('In which language should we answer you?').selectOption('ru');
    await page.getByRole('button', { name: 'Review my request' }).click();
    await page.getByRole('button', { name: 'Send my request' }).click();
    const sent = page.getByRole('heading', { name: 'Your request was sent' });
    const notSent = page.getByRole('heading', { name: 'Your request was not sent' });
    await expect(sent.or(notSent)).toBeVisible({ timeout: 60_000 });
    return (await sent.isVisible()) ? 'sent' : 'not sent';
  }

  /** What the page posted that carries the request: a proof-of-work challenge (asked for at review) carries nothing of it. */
  posts(): string[] {
    return this.requests.filter((r) => r.startsWith('POST ') && r !== 'POST /api/v1/pow/challenge');
  }

  async done(): Promise<void> {
    expect(this.outside, 'requests that left this machine').toEqual([]);
    expect(this.problems, 'page errors').toEqual([]);
    await this.close();
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

/** Every api request an actor's page makes from now on, as `METHOD /path`. */
function record(actor: Actor): string[] {
  const seen: string[] = [];
  actor.page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) seen.push(`${request.method()} ${pathname}`);
  });
  return seen;
}

/**
 * What a compromised server does with the stand-in's version: it publishes it, with a "link" the
 * stand-in signed with the version's own key (it holds no other), as if version 1 had signed it.
 */
async function serverPublishes(key: DeskKeyPair): Promise<void> {
  const forged = signDeskLink({ ...key, version: key.version - 1 }, deskVersionKeys(key));
  await database().query(`UPDATE desk_keys SET link = $3 WHERE desk_id = $1 AND version = $2`, [key.deskId, key.version, forged]);
}

test.describe('the stand-in attack', () => {
  ownSystem('standin');
  let legalCase = '';
  test.beforeAll(async ({ browser }) => {
    await setUpTeam(browser);
    // A legal request sent before any attack, sealed to version 1 of the intake and legal desks.
    legalCase = (await nodeRequester(url()).submit(LEGAL_REQUEST)).caseId;
  });

  test('an admin’s stand-in makes intake and medical version 2 without holding version 1 and the admin certifies them: the api publishes neither, and the portal keeps sealing to version 1', async ({ browser }) => {
    const admin = person('admin');
    // The api no longer lets an admin make anyone a lead of a desk that has members (SPEC §17.2)…
    await admin.stepUp();
    const refused = await admin.call('POST', '/staff/invitations', { displayName: 'Sam Stand-in', roles: ['caseworker', 'desk_lead'], leadDeskIds: [desk('intake'), desk('medical')] });
    expect(refused.status).toBe(422);
    // …so the admin, in league with the server (or as its database owner), writes the leadership in directly.
    const standIn = await enrolStaff(admin, browser, { name: 'Sam Stand-in', roles: ['caseworker', 'desk_lead'] });
    for (const slug of ['intake', 'medical'] as const) {
      await database().query('INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, true)', [desk(slug), standIn.staffId]);
    }
    people.standIn = standIn;
    opened.push(standIn);
    keys['intake2'] = await leadAddsDeskKey(standIn, desk('intake'), 2);
    keys['medical2'] = await leadAddsDeskKey(standIn, desk('medical'), 2);
    await adminCertifiesDeskKey(admin, need(keys['intake2'], 'intake version 2'));
    await adminCertifiesDeskKey(admin, need(keys['medical2'], 'medical version 2'));
    // The admin cannot also be the second admin.
    await admin.stepUp();
    const own = await admin.call('POST', `/desks/${desk('intake')}/keys/2/approval`, { signature: signDeskApproval(admin.identity, deskVersionKeys(need(keys['intake2'], 'intake version 2'))) });
    expect(own.status).toBe(409);
    expect(await publishedVersions('intake')).toEqual([1]);
    expect(await publishedVersions('medical')).toEqual([1]);

    const requester = await Requester.open(browser);
    expect(await requester.send()).toBe('sent');
    expect(await newestEnvelopeVersion('intake')).toBe(1);
    await requester.done();
    admin.expectClean(['POST /api/v1/staff/invitations 422', `POST /api/v1/desks/${desk('intake')}/keys/2/approval 409`]);
    standIn.expectClean();
  });

  test('a proper rotation: the real lead makes legal version 2 in the console, linked from version 1; the admin’s certificate is enough, and the portal seals to it', async ({ browser }) => {
    const lead = person('lead');
    const page = await signedIn(lead);
    await openNav(page, 'My desks');
    const region = page.getByRole('region', { name: 'Legal aid' });
    // Beside a certified version, a new one waits behind a disclosure with its explanation.
    await expect(region.getByRole('button', { name: 'Create key version 2' })).toBeHidden();
    await region.getByText('Make a new key version').click();
    await region.getByRole('button', { name: 'Create key version 2' }).click();
    await expect(region.getByRole('status').filter({ hasText: 'Version 2 of the Legal aid desk key was made, linked from version 1.' })).toBeVisible();
    await expect(described(region, 'Continuity')).toHaveText('Linked from version 1, which you hold: certifying it is enough.');
    const fingerprint = await shownText(described(region, 'Fingerprint of version 2'), FINGERPRINT);

    const admin = person('admin');
    const adminPage = await signedIn(admin);
    await openNav(adminPage, 'Desks');
    await adminPage.getByRole('link', { name: 'Manage the Legal aid desk' }).click();
    await adminPage.getByRole('button', { name: 'Certify key version 2' }).click();
    const panel = adminPage.getByRole('region', { name: 'Certify key version 2' });
    await expect(described(panel, 'Fingerprint of version 2')).toHaveText(fingerprint);
    await expect(described(panel, 'Continuity')).toHaveText('Linked from the version before it by someone who holds that version: certifying it is enough.');
    await panel.getByRole('button', { name: 'The fingerprints match: certify version 2' }).click();
    await expect(adminPage.getByRole('status')).toHaveText('Version 2 of the Legal aid desk key is certified.');
    await expect(adminPage.getByRole('region', { name: 'Key', exact: true })).toContainText(`Version 2, fingerprint ${fingerprint}`);
    expect(await publishedVersions('legal')).toEqual([1, 2]);

    const requester = await Requester.open(browser);
    expect(await requester.send()).toBe('sent');
    expect(await newestEnvelopeVersion('legal')).toBe(2);
    await requester.done();

    // The lead re-seals the legal desk's open cases (sealed to version 1) to version 2.
    await openNav(page, 'Home');
    await openNav(page, 'My desks');
    const resealPanel = region.getByRole('group', { name: 'Open cases sealed to older key versions' });
    await resealPanel.getByRole('button', { name: /^Re-seal \d+ open cases? to key version 2$/ }).click();
    await expect(resealPanel.getByRole('status')).toHaveText(/^Re-sealed \d+ open cases? of the Legal aid desk to key version 2\.$/);
    lead.expectClean();
    admin.expectClean();
  });

  test('a compromised server publishes the stand-in’s versions: the portal, a caseworker’s referral and the lead’s re-sealing all refuse them and send nothing', async ({ browser }) => {
    await serverPublishes(need(keys['intake2'], 'intake version 2'));
    await serverPublishes(need(keys['medical2'], 'medical version 2'));
    expect(await publishedVersions('intake')).toEqual([1, 2]);
    expect(await publishedVersions('medical')).toEqual([1, 2]);

    // The requester's browser: the intake desk's version 2 is linked from nothing it can verify.
    const before = await caseCount();
    const requester = await Requester.open(browser);
    expect(await requester.send()).toBe('not sent');
    await expect(requester.page.getByRole('alert')).toContainText(
      'The key of a team your request goes to was changed without the approval this organisation requires. Nothing was sent.',
    );
    expect(requester.posts()).toEqual([]);
    expect(await caseCount()).toBe(before);
    await requester.done();

    // Carlos refers the legal case to the medical desk: his browser verifies its history first.
    const carlos = person('carlos');
    const carlosPage = await signedIn(carlos);
    const carlosRequests = record(carlos);
    await openNav(carlosPage, 'Cases');
    await carlosPage.getByLabel('Inbox').selectOption({ label: 'Legal aid' });
    await carlosPage.getByRole('row').filter({ has: carlosPage.getByRole('link', { name: `Case ${legalCase.slice(0, 8)}`, exact: true }) }).getByRole('link').click();
    await expect(carlosPage.getByRole('region', { name: 'Request' })).toContainText(MARKER);
    await carlosPage.getByLabel('Desk', { exact: true }).selectOption({ label: 'Medical aid' });
    await carlosPage.getByRole('button', { name: 'Refer' }).click();
    await expect(carlosPage.getByRole('alert')).toContainText('The desk’s key history does not verify');
    expect(carlosRequests.filter((r) => r.startsWith('POST '))).toEqual([]);
    await expect(described(carlosPage, 'Shared with')).toHaveText('Intake');

    // The lead re-seals the intake desk's open cases to what the server calls its current version.
    const lead = person('lead');
    const page = await signedIn(lead);
    const leadRequests = record(lead);
    await openNav(page, 'My desks');
    const region = page.getByRole('region', { name: 'Intake' });
    const resealPanel = region.getByRole('group', { name: 'Open cases sealed to older key versions' });
    await resealPanel.getByRole('button', { name: /^Re-seal \d+ open cases? to key version 2$/ }).click();
    await expect(resealPanel.getByRole('alert')).toContainText('The desk’s key history does not verify');
    await expect(resealPanel.getByRole('alert')).toContainText(/^Re-sealing stopped after 0 of \d+ open cases?/);
    expect(leadRequests.filter((r) => r.startsWith('POST ') && r.endsWith('/reseal'))).toEqual([]);
    // Nor can the lead seal the stand-in's version to Mira: the lead does not hold it.
    await expect(page.getByRole('region', { name: 'Medical aid' }).getByRole('row', { name: /Mira Medical/ })).toContainText('You do not hold version 2');

    carlos.expectClean();
    lead.expectClean();
  });
});

test.describe('revocation and rollback', () => {
  ownSystem('revoke');
  test.beforeAll(async ({ browser }) => {
    await setUpTeam(browser);
    // The lead rotates the intake desk: version 2, linked from version 1.
    const v2 = await leadAddsDeskKey(person('lead'), desk('intake'), 2, need(keys['intake1'], 'intake version 1'));
    await adminCertifiesDeskKey(person('admin'), v2);
    keys['intake2'] = v2;
  });

  test('a browser that sealed to intake version 2 refuses a server that rolls the history back to version 1; a fresh browser cannot tell', async ({ browser }) => {
    const requester = await Requester.open(browser);
    expect(await requester.send()).toBe('sent');
    expect(await newestEnvelopeVersion('intake')).toBe(2);

    // The server hides version 2: its history ends at version 1 again, and it takes envelopes to version 1.
    const link = ((await database().query(`SELECT link FROM desk_keys WHERE desk_id = $1 AND version = 2`, [desk('intake')])).rows[0] as { link: string }).link;
    await database().query(`UPDATE desk_keys SET link = NULL WHERE desk_id = $1 AND version = 2`, [desk('intake')]);
    expect(await publishedVersions('intake')).toEqual([1]);
    const before = await caseCount();
    const posts = requester.posts().length;
    expect(await requester.send()).toBe('not sent');
    await expect(requester.page.getByRole('alert')).toContainText('The server offered an older key for one of our teams than this browser saw before. Nothing was sent.');
    expect(requester.posts()).toHaveLength(posts);
    expect(await caseCount()).toBe(before);
    await requester.done();

    // A browser that never saw version 2 has nothing to compare with (the limit SPEC.md §8.2 states).
    const fresh = await Requester.open(browser);
    expect(await fresh.send()).toBe('sent');
    expect(await newestEnvelopeVersion('intake')).toBe(1);
    await fresh.done();
    await database().query(`UPDATE desk_keys SET link = $2 WHERE desk_id = $1 AND version = 2`, [desk('intake'), link]);
  });

  test('the second admin revokes intake version 2 in the console: the api stops using it, and a server that ignores the revocation meets a portal that reads the signed statement', async ({ browser }) => {
    const approver = person('approver');
    const page = await signedIn(approver);
    await openNav(page, 'Desks');
    await page.getByRole('link', { name: 'Manage the Intake desk' }).click();
    const key = page.getByRole('region', { name: 'Key', exact: true });
    await expect(key).toContainText(`Version 2, fingerprint ${kidFingerprint(kidOf(need(keys['intake2'], 'intake version 2').encPk))}`);
    await key.getByRole('button', { name: 'Revoke key version 2' }).click();
    await key.getByRole('group', { name: 'Confirm revoking key version 2' }).getByRole('button', { name: 'Revoke version 2' }).click();
    await expect(page.getByRole('status')).toContainText('Version 2 of the Intake desk key is revoked.');
    await expect(key).toContainText('Version 2 was revoked; nothing is sealed to it.');
    const statements = (await (await fetch(url('/api/v1/keys/revocations'))).json()) as { statement: { kind: string; subjectId: string } }[];
    expect(statements.map((s) => s.statement)).toEqual([expect.objectContaining({ kind: 'desk', subjectId: `${desk('intake')}:2` })]);
    const directory = (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; key: unknown }[];
    expect(directory.find((d) => d.id === desk('intake'))?.key).toBeNull();

    // A server that ignores the revocation (but still serves the statement) keeps version 2 current.
    await database().query(`UPDATE desk_keys SET revoked_at = NULL WHERE desk_id = $1 AND version = 2`, [desk('intake')]);
    const before = await caseCount();
    const requester = await Requester.open(browser);
    expect(await requester.send()).toBe('not sent');
    await expect(requester.page.getByRole('alert')).toContainText('The key of a team your request goes to was withdrawn, and no new one is ready yet. Nothing was sent.');
    expect(requester.posts()).toEqual([]);
    expect(await caseCount()).toBe(before);
    await requester.done();
    approver.expectClean();
  });

  test('an admin revokes a caseworker’s keys: the note they write afterwards is refused in the lead’s browser, the one from before stays verified', async () => {
    // From here the server withholds the desk's revocation (a server can: SPEC.md §8.3), so the
    // intake desk takes the request below; what is tested is the caseworker's revocation.
    await database().query(`DELETE FROM key_revocations WHERE kind = 'desk'`);
    const caseId = (await nodeRequester(url()).submit(LEGAL_REQUEST)).caseId;
    const carlos = person('carlos');
    const carlosPage = await signedIn(carlos);
    const openLegalCase = async (page: Page) => {
      await openNav(page, 'Cases');
      await page.getByLabel('Inbox').selectOption({ label: 'Legal aid' });
      await page.getByRole('row').filter({ has: page.getByRole('link', { name: `Case ${caseId.slice(0, 8)}`, exact: true }) }).getByRole('link').click();
      await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKER);
    };
    await openLegalCase(carlosPage);
    await writeNoteAndMessage(carlosPage, { note: 'NOTE-BEFORE-REVOCATION', message: 'MESSAGE-BEFORE-REVOCATION' });

    const admin = person('admin');
    const adminPage = await signedIn(admin);
    await openNav(adminPage, 'Staff');
    await adminPage.getByRole('button', { name: 'Revoke keys of Carlos Caseworker' }).click();
    await adminPage.getByRole('group', { name: 'Confirm revoking the keys of Carlos Caseworker' }).getByRole('button', { name: 'Revoke the keys' }).click();
    await expect(adminPage.getByRole('status')).toContainText('Carlos Caseworker’s keys are revoked');

    // The server still takes Carlos's signed note (it is the clients that decide what to trust).
    await carlosPage.getByRole('textbox', { name: 'Internal note (staff only)' }).fill('NOTE-AFTER-REVOCATION');
    await carlosPage.getByRole('button', { name: 'Save internal note' }).click();
    await expect(carlosPage.getByRole('status').filter({ hasText: 'Your internal note was saved.' })).toBeVisible();

    const lead = person('lead');
    const leadPage = await signedIn(lead);
    await openLegalCase(leadPage);
    const timeline = leadPage.getByRole('list', { name: 'Notes and messages' });
    await expect(timeline.getByRole('listitem').filter({ hasText: 'NOTE-BEFORE-REVOCATION' })).toContainText('Signature verified');
    const refused = timeline.getByRole('listitem').filter({ hasText: 'the server says it was stored after its signer’s keys were revoked' });
    await expect(refused).toHaveCount(1);
    await expect(timeline).not.toContainText('NOTE-AFTER-REVOCATION');
    // Nor does the lead seal the desk key to Carlos any more.
    await openNav(leadPage, 'My desks');
    const carlosRow = leadPage.getByRole('region', { name: 'Legal aid' }).getByRole('row', { name: /Carlos Caseworker/ });
    await expect(carlosRow).toContainText('Revoked');
    carlos.expectClean();
    admin.expectClean();
    lead.expectClean();
  });
});
