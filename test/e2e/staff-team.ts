/**
 * The staff side of the console browser tests: one person at one browser with a
 * virtual authenticator, keys made in Node as the enrolment screen makes them,
 * and the team most case tests start from (two certified admins, a lead of the
 * intake, legal and medical desks, a legal and a medical caseworker, and desk
 * keys held by their members, each version 1 certified by the first admin and
 * approved by the second: libs/crypto SPEC.md §8.2), set up through the api as
 * the access rules want it (SPEC.md §17): the admins are nobody's colleagues on a
 * desk, invitations make only first leads, and the lead adds the caseworkers.
 * Call useSystem() with the test file's own system first.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Locator, type Page, expect } from '@playwright/test';
import {
  type DeskKeyPair,
  type IdentityKeys,
  type VerifiedPerson,
  createVault,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRecoveryCode,
  importRootKeys,
  issueCertificate,
  parseSignPublicKey,
  sealDeskKey,
  signDeskApproval,
  signDeskLink,
  verifyCertificateChain,
  wrapVaultKey,
} from '@ashar/crypto';
import { testRoot } from './fixtures/test-root';
import { collectPageProblems, guardLocalOnly } from './support';
import { Authenticators, call, createCredential, getAssertion } from './webauthn';

export const PASSPHRASE = 'correct horse battery staple, for tests only';
export const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Refusals a working console gets on its own (the session check before sign-in). */
const NORMAL_FAILURES = new Set(['GET /api/v1/auth/session 401']);

let baseUrl: string | undefined;

/** The system the actors of this test file talk to. */
export function useSystem(systemUrl: string): void {
  baseUrl = systemUrl;
}

function url(path = ''): string {
  if (!baseUrl) throw new Error('useSystem() was not called: the system did not start');
  return `${baseUrl}${path}`;
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing: an earlier test failed`);
  return value;
}

/** One person at one browser (with a virtual authenticator for staff), keys made in Node, and a clean record. */
export class Actor {
  private failures: string[] = [];
  staffId = '';
  csrf = '';
  identity: IdentityKeys = generateIdentityKeys();
  /** The staff browser's virtual authenticator, to change how it answers (user verification). */
  authenticator: { authenticators: Authenticators; id: string } | null = null;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly outside: string[],
    readonly problems: string[],
  ) {
    context.on('response', (response) => {
      if (response.status() >= 400) this.failures.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    });
  }

  /** With `prf`, the staff authenticator supports the PRF extension (enrolment through the screens protects the keys with it). */
  static async open(browser: Browser, name: string, options: { staff: boolean; prf?: boolean } = { staff: true }): Promise<Actor> {
    const context = await browser.newContext({ acceptDownloads: true });
    const outside = await guardLocalOnly(context);
    const problems = collectPageProblems(context);
    const page = await context.newPage();
    let authenticator: Actor['authenticator'] = null;
    if (options.staff) {
      await page.goto(url('/staff'));
      const authenticators = await Authenticators.attach(context, page);
      authenticator = { authenticators, id: await authenticators.add({ prf: options.prf ?? false }) };
    }
    const actor = new Actor(name, context, page, outside, problems);
    actor.authenticator = authenticator;
    return actor;
  }

  /** The api from this browser, with its cookie and the session's CSRF token. */
  call(method: string, path: string, body?: unknown) {
    return call(this.page, method, path, body, method === 'GET' ? undefined : this.csrf);
  }

  async stepUp(): Promise<void> {
    const start = (await this.call('POST', '/auth/step-up/options', {})).body as { ceremonyId: string; options: unknown };
    const response = await getAssertion(this.page, start.options);
    const done = await this.call('POST', '/auth/step-up', { ceremonyId: start.ceremonyId, response });
    expect(done.status, `${this.name}: step-up`).toBe(200);
  }

  /** Nothing left this machine, no page error, and the api refused exactly `expected` since the last check. */
  expectClean(expected: string[] = []): void {
    expect(this.outside, `${this.name}: requests that left this machine`).toEqual([]);
    expect(this.problems, `${this.name}: page errors`).toEqual([]);
    const failures = [...new Set(this.failures.filter((f) => !NORMAL_FAILURES.has(f)))].sort();
    expect(failures, `${this.name}: refused requests`).toEqual([...new Set(expected)].sort());
    this.failures = [];
  }
}

/** Keys and vault as the enrolment screen makes them, unlocked by a passphrase (and a recovery code). */
export function enrolmentKeys(staffId: string, identity: IdentityKeys): Record<string, unknown> {
  const { vaultKey, vault } = createVault(identity, staffId);
  const passphraseId = randomUUID();
  const recoveryId = randomUUID();
  return {
    identity: { encPk: encodePublicKey(identity.encPk), signPk: encodePublicKey(identity.signPk) },
    vault,
    wraps: [
      { id: passphraseId, method: 'passphrase', wrap: wrapVaultKey(vaultKey, { userId: staffId, unlockMethodId: passphraseId }, { method: 'passphrase', passphrase: PASSPHRASE }) },
      { id: recoveryId, method: 'recovery-code', wrap: wrapVaultKey(vaultKey, { userId: staffId, unlockMethodId: recoveryId }, { method: 'recovery-code', code: generateRecoveryCode() }) },
    ],
  };
}

/** A member's certified keys, verified up to the TEST root as a browser would. */
export async function verifiedPerson(staffId: string): Promise<VerifiedPerson> {
  const response = await fetch(url(`/api/v1/keys/staff/${staffId}`));
  expect(response.status, `GET /keys/staff/${staffId}`).toBe(200);
  const keys = (await response.json()) as { chain: unknown[] };
  return verifyCertificateChain(keys.chain, parseSignPublicKey(testRoot().rootPublicKey), new Date()) as VerifiedPerson;
}

/** Signs in through the sign-in screen with the passkey, and unlocks with the passphrase. */
export async function signInAndUnlock(actor: Actor, path = '/staff'): Promise<void> {
  const page = actor.page;
  await page.goto(url(path));
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/**
 * Ends the actor's current session through the api (whichever it is: from enrolment or an
 * earlier sign-in in the browser) and signs in again through the screen, so a test starts from
 * the sign-in screen whatever the tests before it did.
 */
export async function signInAfresh(actor: Actor, path = '/staff'): Promise<void> {
  const session = await actor.call('GET', '/auth/session');
  expect(session.status, `${actor.name}: signed in before signing in afresh`).toBe(200);
  actor.csrf = (session.body as { csrfToken: string }).csrfToken;
  expect((await actor.call('POST', '/auth/sign-out', {})).status).toBe(204);
  await signInAndUnlock(actor, path);
}

export async function openNav(page: Page, link: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
}

/** The value beside a term of a description list. */
export function described(page: Page | Locator, term: string) {
  return page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

export type Desks = Record<string, { id: string; name: string; key?: DeskKeyPair }>;
export interface Team {
  admin: Actor;
  /** The second admin, who approves desk key versions the first certified (SPEC.md §8.2). */
  approver: Actor;
  lead: Actor;
  legal: Actor;
  medical: Actor;
}

/** The first admin, through the api, from the setup link in `logFile`, certified by the TEST root as the custodians do. */
export async function setUpAdmin(browser: Browser, logFile: string, name = 'Amina Admin'): Promise<Actor> {
  const token = /\/setup#([A-Za-z0-9_-]{43})/.exec(readFileSync(logFile, 'utf8'))?.[1];
  const admin = await Actor.open(browser, name);
  const setup = (await admin.call('POST', '/setup/options', { token, displayName: admin.name })).body as { ceremonyId: string; options: unknown; staffId: string };
  admin.staffId = setup.staffId;
  const registration = await createCredential(admin.page, setup.options);
  const adminSession = await admin.call('POST', '/setup/complete', { token, ceremonyId: setup.ceremonyId, response: registration, ...enrolmentKeys(admin.staffId, admin.identity) });
  expect(adminSession.status).toBe(201);
  admin.csrf = (adminSession.body as { csrfToken: string }).csrfToken;
  const adminCertificate = issueCertificate(importRootKeys(testRoot().rootKey), {
    kind: 'admin',
    subjectId: admin.staffId,
    encPk: admin.identity.encPk,
    signPk: admin.identity.signPk,
    notAfter: new Date(Date.now() + YEAR_MS),
  });
  await admin.stepUp();
  expect((await admin.call('POST', `/keys/staff/${admin.staffId}/certificate`, { certificate: adminCertificate })).status).toBe(204);
  return admin;
}

/**
 * A colleague invited by `admin` through the api (with a step-up) and enrolled in a browser of
 * their own with keys made in Node; certified by the admin unless `certify` is false. An
 * invitation can only make someone the first lead of desks that have no members (`leadDeskIds`);
 * `deskIds` are joined afterwards, each added by `addedBy`, a lead of that desk.
 */
export async function enrolStaff(
  admin: Actor,
  browser: Browser,
  person: { name: string; roles: string[]; deskIds?: string[]; leadDeskIds?: string[]; certify?: boolean; addedBy?: Actor },
): Promise<Actor> {
  await admin.stepUp();
  const invited = await admin.call('POST', '/staff/invitations', { displayName: person.name, roles: person.roles, leadDeskIds: person.leadDeskIds ?? [] });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const { token: invitation } = invited.body as { token: string };
  const actor = await Actor.open(browser, person.name);
  const options = (await actor.call('POST', '/enrol/options', { token: invitation })).body as { ceremonyId: string; options: unknown; staffId: string };
  actor.staffId = options.staffId;
  const response = await createCredential(actor.page, options.options);
  const done = await actor.call('POST', '/enrol/complete', { token: invitation, ceremonyId: options.ceremonyId, response, ...enrolmentKeys(actor.staffId, actor.identity) });
  expect(done.status).toBe(201);
  actor.csrf = (done.body as { csrfToken: string }).csrfToken;
  if (person.certify ?? true) {
    const certificate = issueCertificate(admin.identity, { kind: 'staff', subjectId: actor.staffId, encPk: actor.identity.encPk, signPk: actor.identity.signPk, notAfter: new Date(Date.now() + YEAR_MS) });
    await admin.stepUp();
    expect((await admin.call('POST', `/keys/staff/${actor.staffId}/certificate`, { certificate })).status).toBe(204);
  }
  for (const deskId of person.deskIds ?? []) await leadAddsMember(need(person.addedBy, `a lead to add ${person.name} to a desk`), deskId, actor);
  return actor;
}

/** A lead of the desk adds a member (or a lead) through the api, with a step-up: only a desk's leads change its members. */
export async function leadAddsMember(lead: Actor, deskId: string, member: Actor, asLead = false): Promise<void> {
  await lead.stepUp();
  const added = await lead.call('POST', `/desks/${deskId}/members`, { staffId: member.staffId, lead: asLead });
  expect(added.status, JSON.stringify(added.body)).toBe(204);
}

/**
 * A second admin, invited by `admin` through the api, enrolled in a browser of their own, who
 * brings in their certificate from the TEST root as the custodians issue it.
 */
export async function enrolSecondAdmin(admin: Actor, browser: Browser, name = 'Bilal Admin'): Promise<Actor> {
  const second = await enrolStaff(admin, browser, { name, roles: ['admin'], certify: false });
  const certificate = issueCertificate(importRootKeys(testRoot().rootKey), {
    kind: 'admin',
    subjectId: second.staffId,
    encPk: second.identity.encPk,
    signPk: second.identity.signPk,
    notAfter: new Date(Date.now() + YEAR_MS),
  });
  await second.stepUp();
  expect((await second.call('POST', `/keys/staff/${second.staffId}/certificate`, { certificate })).status).toBe(204);
  return second;
}

/**
 * The lead adds `version` of a desk key, made in Node and sealed to themselves, through the api;
 * linked from `from` (a version the lead holds) when given, else unlinked (a second admin approves it).
 */
export async function leadAddsDeskKey(lead: Actor, deskId: string, version: number, from?: DeskKeyPair): Promise<DeskKeyPair> {
  const key = generateDeskKeyPair(deskId, version);
  await lead.stepUp();
  const made = await lead.call('POST', `/desks/${deskId}/keys`, {
    version,
    encPk: encodePublicKey(key.encPk),
    signPk: encodePublicKey(key.signPk),
    sealedKey: sealDeskKey(key, await verifiedPerson(lead.staffId)),
    link: from ? signDeskLink(from, deskVersionKeys(key)) : null,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(204);
  return key;
}

/** The admin certifies a desk key version through the api, signed in Node. */
export async function adminCertifiesDeskKey(admin: Actor, key: DeskKeyPair): Promise<void> {
  const certificate = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(key.deskId, key.version), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR_MS) });
  await admin.stepUp();
  expect((await admin.call('POST', `/desks/${key.deskId}/keys/${key.version}/certificate`, { certificate })).status).toBe(204);
}

/** A second admin approves a desk key version (its first, or one after a break) through the api, signed in Node. */
export async function adminApprovesDeskKey(approver: Actor, key: DeskKeyPair): Promise<void> {
  await approver.stepUp();
  const approved = await approver.call('POST', `/desks/${key.deskId}/keys/${key.version}/approval`, { signature: signDeskApproval(approver.identity, deskVersionKeys(key)) });
  expect(approved.status, JSON.stringify(approved.body)).toBe(204);
}

/** The lead seals a desk key version to a certified member through the api. */
export async function leadSealsDeskKey(lead: Actor, key: DeskKeyPair, member: Actor): Promise<void> {
  await lead.stepUp();
  const sealedKey = sealDeskKey(key, await verifiedPerson(member.staffId));
  expect((await lead.call('POST', `/desks/${key.deskId}/envelopes`, { version: key.version, staffId: member.staffId, sealedKey })).status).toBe(204);
}

/**
 * The team, through the api: the first admin from the setup link in `logFile`,
 * certified by the TEST root, and a second admin; a lead and two caseworkers
 * invited, enrolled and certified; version 1 of the intake, legal and medical
 * desk keys made by the lead, certified by the first admin, approved by the
 * second and sealed to each desk's caseworker. Stores each desk's key pair in
 * `desks` (the test plays the desks' side too).
 */
export async function setUpTeam(browser: Browser, logFile: string, desks: Desks, onActor: (role: keyof Team, actor: Actor) => void): Promise<Team> {
  const admin = await setUpAdmin(browser, logFile);
  onActor('admin', admin);
  const approver = await enrolSecondAdmin(admin, browser);
  onActor('approver', approver);
  const intake = need(desks['intake'], 'the intake desk');
  const legalDesk = need(desks['legal'], 'the legal desk');
  const medicalDesk = need(desks['medical'], 'the medical desk');
  const lead = await enrolStaff(admin, browser, { name: 'Lena Lead', roles: ['caseworker', 'desk_lead'], leadDeskIds: [intake.id, legalDesk.id, medicalDesk.id] });
  const legal = await enrolStaff(admin, browser, { name: 'Carlos Caseworker', roles: ['caseworker'], deskIds: [legalDesk.id], addedBy: lead });
  const medical = await enrolStaff(admin, browser, { name: 'Mira Medical', roles: ['caseworker'], deskIds: [medicalDesk.id], addedBy: lead });
  onActor('lead', lead);
  onActor('legal', legal);
  onActor('medical', medical);

  // The lead makes version 1 of each desk key (sealed to themselves), the admin certifies it, the
  // second admin approves it, the lead seals it to the desk's caseworker.
  for (const [desk, members] of [
    [intake, []],
    [legalDesk, [legal]],
    [medicalDesk, [medical]],
  ] as const) {
    const key = await leadAddsDeskKey(lead, desk.id, 1);
    desk.key = key;
    await adminCertifiesDeskKey(admin, key);
    await adminApprovesDeskKey(approver, key);
    for (const member of members) await leadSealsDeskKey(lead, key, member);
  }
  for (const actor of [admin, approver, lead, legal, medical]) actor.expectClean();
  return { admin, approver, lead, legal, medical };
}

/**
 * On the open case, Carlos writes a note (staff only) and a message to the requester, each shown
 * verified: each in its own composer, which says who will read it, and each labelled in the timeline.
 */
export async function writeNoteAndMessage(page: Page, texts: { note: string; message: string }): Promise<void> {
  const noteComposer = page.getByRole('group', { name: 'Internal note', exact: true });
  await expect(noteComposer).toContainText('Only staff on the desks handling this case will see this note; the requester never does.');
  await noteComposer.getByRole('textbox', { name: 'Internal note (staff only)' }).fill(texts.note);
  await noteComposer.getByRole('button', { name: 'Save internal note' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your internal note was saved.' })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Notes and messages' });
  const note = timeline.getByRole('listitem', { name: 'Note by Carlos Caseworker' });
  await expect(note).toContainText(texts.note);
  await expect(note).toContainText('Signature verified');
  await expect(note).toContainText('Internal note · staff only · the requester never sees it');

  const messageComposer = page.getByRole('group', { name: 'Message to the requester', exact: true });
  await expect(messageComposer).toContainText('The requester will read this.');
  await messageComposer.getByRole('textbox', { name: 'Message the requester will read' }).fill(texts.message);
  await messageComposer.getByRole('button', { name: 'Send to the requester' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your message was sent' })).toBeVisible();
  const message = timeline.getByRole('listitem', { name: 'Message from Carlos Caseworker to the requester' });
  await expect(message).toContainText(texts.message);
  await expect(message).toContainText('Message · sent to the requester');
  await expect(message).toContainText('Signature verified');
}
