/**
 * The staff console's case screens in Chromium, end to end, on a system of its own. Set-up goes
 * through the api as the console and the custodians would, with keys made by libs/crypto in
 * Node: a certified admin (root certificate from the TEST root), a lead of the intake, legal and
 * medical desks, a caseworker of the legal desk and one of the medical desk, certified, with
 * certified desk key version 1 of each desk sealed to its members. A requester submits a legal
 * request with a file the way the portal does (libs/crypto in Node, POST /intake, receipt
 * sign-in, chunked upload); a second request is made overdue in the database.
 *
 * Then, through the screens: the legal caseworker signs in with a passkey and unlocks with a
 * passphrase, finds the case in the triage inbox with the keyboard (the overdue one is marked),
 * opens it, sees the request decrypted and verified, downloads the file byte-exact, sets the
 * urgency to critical, triages and starts it, writes a note and a message. The requester (in
 * Node) reads the message but not the note, and replies; the caseworker reads the reply with its
 * verified author. A caseworker of the medical desk gets "not found" for the case page and an
 * empty inbox — until the legal caseworker refers the case to the medical desk, after which they
 * open it (an envelope signed by staff, verified to the root). The lead sees the SLA breach in the
 * notifications, with the unread count in the header, and marks it read. Every actor asserts
 * that no request left this machine, no page logged an error, and the api refused only what was
 * expected. The team and the shared inbox are made once, before the tests; every test that works
 * on a case makes its own and brings it to its starting point through the screens, so one failure
 * does not stop the others.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type RequesterKeys,
  decryptFile,
  decryptCaseFileMeta,
  decryptRecord,
  encryptRecord,
  deskSubjectId,
  issueCertificate,
  openCaseKeyEnvelope,
  ready,
  unwrapCaseFileKey,
} from '@ashar/crypto';
import { type CaseFileView, type CaseRecordView, type LegalRequest, type RequesterCaseView } from '@ashar/domain';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type PreparedRequest, type RequesterSession, nodeRequester } from './node-requester';
import { endingShortly } from './support';
import { type Actor, adminCertifiesDeskKey, described, leadAddsDeskKey, need, openNav, setUpTeam, signInAfresh, useSystem, verifiedPerson, writeNoteAndMessage } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');
/** Asking whether one is signed in, when one is not, is a normal answer. */
/** Strings written by the requester and the staff; they must show up only where they are meant to. */
const MARKERS = {
  request: 'MARKER-REQUEST detained after the Almaty protest',
  contact: 'MARKER-CONTACT signal +7 701 000 0000',
  note: 'MARKER-NOTE the lawyer may be compromised',
  message: 'MARKER-MESSAGE we found you a lawyer',
  reply: 'MARKER-REPLY thank you, I can meet on Monday',
  attachment: 'MARKER-ATTACHMENT power of attorney for the hearing',
  attachmentName: 'MARKER-FILENAME power-of-attorney.bin',
  noteFile: 'MARKER-NOTE-FILE the lawyer was paid by the police',
};
const FILE_NAME = 'evidence-scan.bin';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}


const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor } = {};
const desks: Record<string, { id: string; name: string; key?: DeskKeyPair }> = {};

type Submission = PreparedRequest;
const facts: { first?: Submission; overdue?: Submission; file?: Buffer } = {};

/** The requester's side of the api from Node, as the portal does it (test/e2e/node-requester.ts). */
const requester = () => nodeRequester(url());
const fromNode: ReturnType<typeof nodeRequester>['call'] = (method, path, options) => requester().call(method, path, options);
const submitRequest = (form: LegalRequest) => requester().submit(form);
const requesterSignIn = (keys: RequesterKeys) => requester().signIn(keys);
const uploadFile = (submission: Submission, session: RequesterSession, name: string, bytes: Buffer) => requester().uploadFile(submission, session, name, bytes);

const handle = (caseId: string) => caseId.slice(0, 8);
const caseRow = (page: Page, caseId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: `Case ${handle(caseId)}`, exact: true }) });

/** Legal requests besides the two followed here, so that the inbox has more than one page of ten. */
const OTHER_REQUESTS = 9;

/**
 * A case of the legal desk of its own for one test, sent as the portal sends it: the request
 * with the markers (and, with `file`, that file), so that a test changes no case another reads.
 */
async function caseOfItsOwn(file?: Buffer): Promise<Submission> {
  const submission = await submitRequest({
    type: 'legal',
    caseStage: 'under_investigation',
    hasLawyer: false,
    country: 'KZ',
    preferredLanguage: 'ru',
    description: MARKERS.request,
    contactDetails: MARKERS.contact,
  });
  if (file) await uploadFile(submission, await requesterSignIn(submission.keys), FILE_NAME, file);
  return submission;
}

/** The actor signed in afresh in their browser, on the console's home page. */
async function signedIn(actor: Actor): Promise<Page> {
  await signInAfresh(actor);
  await expect(actor.page).toHaveURL(url('/staff/console'));
  await expect(actor.page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  return actor.page;
}

/** From the console's navigation to the case, through the inbox (of `inbox` when given). */
async function openCase(page: Page, caseId: string, inbox?: string): Promise<void> {
  await openNav(page, 'Cases');
  if (inbox) await page.getByLabel('Inbox').selectOption({ label: inbox });
  await caseRow(page, caseId).getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
}

/** On the open case: triaged, then started. */
async function startWork(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Mark as triaged' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The case is now triaged.' })).toBeVisible();
  await page.getByRole('button', { name: 'Start work' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The case is now in progress.' })).toBeVisible();
  await expect(described(page, 'Status')).toHaveText('In progress');
}


/** The requester (in Node, as the portal does) reads the case and replies to the message. */
async function requesterReplies(submission: Submission): Promise<RequesterCaseView> {
  const session = await requesterSignIn(submission.keys);
  const answer = await fromNode('GET', '/requester/case', { cookie: session.cookie });
  expect(answer.status).toBe(200);
  const view = answer.body as RequesterCaseView;
  const caseKey = openCaseKeyEnvelope(need(view.envelope ?? undefined, 'the requester envelope') as unknown as CaseKeyEnvelope, submission.caseId, submission.keys, submission.keys.signPk);
  const replyId = randomUUID();
  const reply = encryptRecord(caseKey, { caseId: submission.caseId, recordId: replyId, recordKind: 'message' }, { text: MARKERS.reply }, submission.keys);
  const sent = await fromNode('POST', '/requester/case/messages', { ...session, body: { id: replyId, ciphertext: reply.ciphertext, authorKid: reply.authorKid } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  return view;
}

/**
 * A case of its own where the caseworker has started work and written a note and a message, and
 * the requester has replied: what the tests of verification and referral start from.
 */
async function caseWithConversation(legal: Actor): Promise<Submission> {
  const submission = await caseOfItsOwn();
  const page = await signedIn(legal);
  await openCase(page, submission.caseId);
  await startWork(page);
  await writeNoteAndMessage(page, MARKERS);
  await requesterReplies(submission);
  return submission;
}

/** On the open case: referred to the medical desk (the envelope sealed and signed in the browser). */
async function referToMedical(page: Page): Promise<void> {
  await page.getByLabel('Desk', { exact: true }).selectOption({ label: 'Medical aid' });
  await page.getByRole('button', { name: 'Refer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The case was referred to the Medical aid desk' })).toBeVisible();
  await expect(described(page, 'Shared with')).toHaveText('Intake, Medical aid');
}

/** Nothing of `markers` is in the server log. */
async function expectLogHoldsNone(markers: string[]): Promise<void> {
  const log = await readSystemLog(need(system, 'the system'));
  for (const marker of markers) expect(log.includes(marker), `the log holds "${marker}"`).toBe(false);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('cases');
  // More than ten requests from this one "client" in a minute: above the default intake limit of ten.
  system = await startSystem(env, join(ROOT_DIR, 'tmp/cases-console-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
    INTAKE_LIMIT_TOTAL: '1000',
  });
  useSystem(system.url);
  for (const d of (await fromNode('GET', '/desks')).body as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  // A certified admin, a lead of three desks, a legal and a medical caseworker, certified desk keys held by their members.
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));

  // The inbox the tests read (and change no case of): a request with a file, as the portal sends
  // it, a second request that is overdue, and others waiting.
  // A little over four chunks, random bytes: the download must give exactly these back.
  facts.file = randomBytes(4 * 65_536 + 12_345);
  facts.first = await caseOfItsOwn(facts.file);
  const overdue = await submitRequest({ type: 'legal', caseStage: 'charged', hasLawyer: true, country: 'KZ', preferredLanguage: 'ru' });
  facts.overdue = overdue;
  // Nobody answered it in time: its first response was due an hour ago (the SLA sweep escalates it).
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE aid_cases SET first_response_due_at = now() - interval '1 hour' WHERE id = $1`, [overdue.caseId]);
  } finally {
    await db.end();
  }
  for (let n = 0; n < OTHER_REQUESTS; n += 1) await submitRequest({ type: 'legal', caseStage: 'threatened', hasLawyer: false, country: 'KG', preferredLanguage: 'ky' });
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('the legal caseworker signs in, finds the case in the inbox with the keyboard, and reads the decrypted request and file', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const first = need(facts.first, 'the first case');
  const overdue = need(facts.overdue, 'the overdue case');
  const page = await signedIn(legal);

  await openNav(page, 'Cases');
  await expect(page).toHaveURL(url('/staff/cases'));
  await expect(page.getByRole('heading', { name: 'Cases of the Legal aid desk' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Cases of the Legal aid desk' });
  await expect(table.getByRole('row')).toHaveCount(1 + 2 + OTHER_REQUESTS);
  // Soonest due first: the overdue case leads, clearly marked; the new one is not.
  await expect(table.getByRole('row').nth(1)).toContainText(`Case ${handle(overdue.caseId)}`);
  await expect(caseRow(page, overdue.caseId)).toContainText('SLA breached');
  await expect(caseRow(page, first.caseId)).not.toContainText('SLA breached');
  await expect(caseRow(page, first.caseId)).toContainText('Unassigned');

  // Filters: only what is already due, then everything again.
  await page.getByLabel('First response due').selectOption({ label: 'Already due' });
  await expect(page.getByRole('status').filter({ hasText: 'Page 1: 1 case.' })).toBeVisible();
  await expect(caseRow(page, first.caseId)).toHaveCount(0);
  await page.getByLabel('First response due').selectOption({ label: 'Any time' });
  await page.getByRole('checkbox', { name: 'Critical' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'No cases match these filters.' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Critical' }).uncheck();
  await expect(page.getByRole('status').filter({ hasText: `Page 1: ${2 + OTHER_REQUESTS} cases.` })).toBeVisible();

  // Request times are kept to the minute, so the cases sent in the same minute share a due time
  // and come in id order after the overdue one: the test reads that order from the page.
  const caseLinks = table.getByRole('link', { name: /^Case [0-9a-f]{8}$/ });
  const order = await caseLinks.allTextContents();
  expect(order).toHaveLength(2 + OTHER_REQUESTS);
  expect(order[0]).toBe(`Case ${handle(overdue.caseId)}`);

  // Keyset pages of ten: the api's cursor for the next page, the previous cursor to go back.
  await page.getByLabel('Cases per page').selectOption('10');
  await expect(page.getByRole('status').filter({ hasText: 'Page 1: 10 cases.' })).toBeVisible();
  await expect(caseLinks).toHaveText(order.slice(0, 10));
  await expect(page.getByRole('button', { name: 'Previous page' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Page 2: ${2 + OTHER_REQUESTS - 10} case.` })).toBeVisible();
  await expect(caseLinks).toHaveText(order.slice(10));
  await expect(page.getByRole('button', { name: 'Next page' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Page 1: 10 cases.' })).toBeVisible();
  await expect(caseLinks).toHaveText(order.slice(0, 10));
  await page.getByLabel('Cases per page').selectOption('25');
  await expect(page.getByRole('status').filter({ hasText: `Page 1: ${2 + OTHER_REQUESTS} cases.` })).toBeVisible();

  // The keyboard: j to the first case, j to the next, k back, ArrowDown again, then on to the
  // first request; Enter opens it.
  const second = page.getByRole('link', { name: order[1]!, exact: true });
  await page.getByRole('heading', { level: 1, name: 'Cases' }).click();
  await page.keyboard.press('j');
  await expect(page.getByRole('link', { name: `Case ${handle(overdue.caseId)}` })).toBeFocused();
  await page.keyboard.press('j');
  await expect(second).toBeFocused();
  await page.keyboard.press('k');
  await expect(page.getByRole('link', { name: `Case ${handle(overdue.caseId)}` })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(second).toBeFocused();
  for (let at = 1; at < order.indexOf(`Case ${handle(first.caseId)}`); at += 1) await page.keyboard.press('j');
  await expect(page.getByRole('link', { name: `Case ${handle(first.caseId)}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(url(`/staff/cases/${first.caseId}`));

  await expect(page.getByRole('heading', { level: 1, name: `Case ${handle(first.caseId)}` })).toBeVisible();
  const request = page.getByRole('region', { name: 'Request' });
  await expect(request).toContainText(MARKERS.request);
  await expect(request).toContainText(MARKERS.contact);
  await expect(request).toContainText('Signature verified');
  await expect(described(request, 'Stage of the legal case')).toHaveText('Under investigation');
  await expect(described(request, 'Has a lawyer')).toHaveText('No');
  await expect(described(request, 'Country')).toHaveText('Kazakhstan (KZ)');
  await expect(described(request, 'Preferred language')).toHaveText('Russian (ru)');
  await expect(described(page, 'Shared with')).toHaveText('Intake');

  // The file: listed by its decrypted name, downloaded and decrypted in the worker, byte-exact.
  const files = page.getByRole('list', { name: 'Files' });
  await expect(files.getByRole('listitem')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), files.getByRole('button', { name: `Download ${FILE_NAME}` }).click()]);
  expect(download.suggestedFilename()).toBe(FILE_NAME);
  const saved = readFileSync(await download.path());
  expect(saved.length).toBe(need(facts.file, 'the file').length);
  expect(createHash('sha256').update(saved).digest('hex')).toBe(createHash('sha256').update(need(facts.file, 'the file')).digest('hex'));
  await expect(files.getByRole('status')).toContainText('Decrypted and verified');
  legal.expectClean();
  await expectLogHoldsNone([MARKERS.request, MARKERS.contact, FILE_NAME]);
});

test('the caseworker sets the urgency to critical, triages and starts the case, and writes a note and a message', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const { caseId } = await caseOfItsOwn();
  const page = await signedIn(legal);
  await openCase(page, caseId);
  await page.getByRole('combobox', { name: 'Urgency' }).selectOption('critical');
  await page.getByRole('button', { name: 'Set urgency' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Urgency set to Critical' })).toBeVisible();
  await expect(described(page, 'Urgency')).toHaveText('Critical');

  await startWork(page);
  // Reopening is a lead's move, and closing needs a resolved case: neither is offered.
  await expect(page.getByRole('button', { name: 'Reopen' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close the case' })).toHaveCount(0);

  await writeNoteAndMessage(page, MARKERS);
  // The first message is the first response.
  await expect(described(page, 'First response due')).toContainText('answered');
  legal.expectClean();
  await expectLogHoldsNone([MARKERS.note, MARKERS.message]);
});

test('the caseworker attaches a file to a message and one to a note, encrypted in the browser; the requester gets the first byte-exact, never the second', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  // A request with a file of the requester's own, so the requester lists one file of each kind.
  const first = await caseOfItsOwn(randomBytes(70_000));
  const page = await signedIn(legal);
  await openCase(page, first.caseId);
  // Random bytes around the marker, a little over three chunks: decrypted, they must be exactly these.
  const forRequester = Buffer.concat([randomBytes(3 * 65_536), Buffer.from(MARKERS.attachment), randomBytes(777)]);
  const attach = async (goes: RegExp, name: string, bytes: Buffer) => {
    await page.getByRole('radio', { name: goes }).check();
    await page.getByLabel('Files to attach').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await page.getByRole('button', { name: 'Encrypt and send this file' }).click();
    const progress = page.getByRole('region', { name: 'Files being sent' }).getByRole('listitem', { name });
    await expect(progress.getByText('Sent', { exact: true })).toBeVisible();
    await expect(progress.getByRole('progressbar', { name: 'Uploaded' })).toHaveAttribute('value', '100');
  };
  await attach(/A message/, MARKERS.attachmentName, forRequester);
  await attach(/A note/, 'assessment.txt', Buffer.from(MARKERS.noteFile));
  const files = page.getByRole('list', { name: 'Files' });
  await expect(files.getByRole('listitem', { name: MARKERS.attachmentName })).toContainText('With a message (the requester sees it)');
  await expect(files.getByRole('listitem', { name: 'assessment.txt' })).toContainText('With a note (staff only)');
  // What the api holds was made in the browser: the caseworker's own download gives the bytes back.
  const download = page.waitForEvent('download');
  await files.getByRole('button', { name: `Download ${MARKERS.attachmentName}` }).click();
  expect(readFileSync(await (await download).path()).equals(forRequester)).toBe(true);

  // The requester (in Node, as the portal does) lists the case's files: the message's, never the note's.
  const session = await requesterSignIn(first.keys);
  const listed = (await fromNode('GET', `/cases/${first.caseId}/files`, { cookie: session.cookie })).body as CaseFileView[];
  expect(listed.map((f) => [f.recordKind, f.uploadedBy.kind]).sort()).toEqual([
    ['message', 'staff'],
    ['request', 'requester'],
  ]);
  const file = need(
    listed.find((f) => f.recordKind === 'message'),
    'the attached file',
  );
  const ref = { caseId: first.caseId, fileId: file.fileId };
  const bound = { ...ref, recordKind: 'message' };
  expect(file).toMatchObject({ format: 2, epoch: 1 });
  expect(decryptCaseFileMeta(first.caseKey, bound, file.meta)).toEqual({ name: MARKERS.attachmentName, type: 'application/octet-stream', size: forRequester.length });
  const content = await fetch(url(`/api/v1/cases/${first.caseId}/files/${file.fileId}/content`), { headers: { cookie: session.cookie } });
  expect(content.status).toBe(200);
  const parts: Uint8Array[] = [];
  for await (const part of decryptFile(unwrapCaseFileKey(first.caseKey, bound, file.wrappedKey), ref, file.header, [new Uint8Array(await content.arrayBuffer())])) parts.push(part);
  expect(Buffer.concat(parts).equals(forRequester)).toBe(true);
  legal.expectClean();
  await expectLogHoldsNone([MARKERS.attachment, MARKERS.attachmentName, MARKERS.noteFile]);
});

test('the requester reads the message but not the note, and replies; the caseworker reads the reply', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  // The caseworker's side through the screens: the case started, a note and a message written.
  const first = await caseOfItsOwn();
  const page = await signedIn(legal);
  await openCase(page, first.caseId);
  await startWork(page);
  await writeNoteAndMessage(page, MARKERS);

  const session = await requesterSignIn(first.keys);
  const answer = await fromNode('GET', '/requester/case', { cookie: session.cookie });
  expect(answer.status).toBe(200);
  const view = answer.body as RequesterCaseView;
  expect(view.case).toMatchObject({ id: first.caseId, status: 'in_progress' });
  expect(view.records.map((r) => r.kind).sort()).toEqual(['message', 'request']);
  expect(JSON.stringify(view)).not.toContain(MARKERS.note);
  const caseKey = openCaseKeyEnvelope(need(view.envelope ?? undefined, 'the requester envelope') as unknown as CaseKeyEnvelope, first.caseId, first.keys, first.keys.signPk);
  const message = need(view.records.find((r) => r.kind === 'message'), 'the message') as CaseRecordView;
  expect(message.author).toEqual({ kind: 'staff', id: legal.staffId });
  const author = await verifiedPerson(message.author.id);
  expect(decryptRecord(caseKey, { caseId: first.caseId, recordId: message.id, recordKind: 'message' }, message, author.signPk)).toEqual({ text: MARKERS.message });

  const replyId = randomUUID();
  const reply = encryptRecord(caseKey, { caseId: first.caseId, recordId: replyId, recordKind: 'message' }, { text: MARKERS.reply }, first.keys);
  const sent = await fromNode('POST', '/requester/case/messages', { ...session, body: { id: replyId, ciphertext: reply.ciphertext, authorKid: reply.authorKid } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);

  // The caseworker comes back to the case through the inbox.
  await openNav(page, 'Cases');
  await caseRow(page, first.caseId).getByRole('link').click();
  const fromRequester = page.getByRole('list', { name: 'Notes and messages' }).getByRole('listitem', { name: 'Message from the requester' });
  await expect(fromRequester).toContainText(MARKERS.reply);
  await expect(fromRequester).toContainText('Signature verified');
  legal.expectClean();
  await expectLogHoldsNone([MARKERS.reply]);
});

test('a server that alters records or envelopes is caught: what fails verification is refused, never shown', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const lead = need(actors.lead, 'the lead');
  const first = await caseWithConversation(legal);
  const page = legal.page;
  const casePath = `**/api/v1/cases/${first.caseId}`;
  const reopen = async () => {
    await openNav(page, 'Cases');
    await caseRow(page, first.caseId).getByRole('link').click();
  };

  // The note relabelled as a message, the caseworker's message attributed to the lead, and the
  // requester's reply replaced by the ciphertext of another record.
  await page.route(casePath, async (route) => {
    const view = (await (await route.fetch()).json()) as { records: CaseRecordView[] };
    const request = need(view.records.find((r) => r.kind === 'request'), 'the request');
    view.records = view.records.map((r) => {
      if (r.kind === 'note') return { ...r, kind: 'message' };
      if (r.kind === 'message' && r.author.kind === 'staff') return { ...r, author: { kind: 'staff', id: lead.staffId } };
      if (r.kind === 'message') return { ...r, ciphertext: request.ciphertext };
      return r;
    });
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view) });
  });
  await reopen();
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
  const timeline = page.getByRole('list', { name: 'Notes and messages' });
  await expect(timeline.getByRole('listitem')).toHaveCount(3);
  await expect(timeline.getByText('Refused', { exact: true })).toHaveCount(3);
  await expect(timeline.getByText('Signature verified')).toHaveCount(0);
  await expect(timeline.getByRole('listitem', { name: 'Message from the requester' })).toContainText('Not shown: it belongs to another case or record.');
  await expect(timeline.getByRole('listitem', { name: /Lena Lead|Carlos Caseworker/ })).toHaveCount(0);
  for (const marker of [MARKERS.note, MARKERS.message, MARKERS.reply]) await expect(page.getByText(marker)).toHaveCount(0);
  await page.unroute(casePath);

  // An envelope whose signature was altered: the case key does not open, nothing is decrypted.
  await page.route(casePath, async (route) => {
    const view = (await (await route.fetch()).json()) as { envelopes: { signature: string }[] };
    view.envelopes = view.envelopes.map((g) => ({ ...g, signature: `${g.signature.startsWith('A') ? 'B' : 'A'}${g.signature.slice(1)}` }));
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view) });
  });
  await reopen();
  await expect(page.getByRole('alert').filter({ hasText: 'The case key did not open' })).toContainText('its signature does not verify');
  await expect(page.getByRole('region', { name: 'Request' })).toHaveCount(0);
  await expect(page.getByText(MARKERS.request)).toHaveCount(0);
  await page.unroute(casePath);

  await reopen();
  await expect(page.getByRole('list', { name: 'Notes and messages' }).getByText('Signature verified')).toHaveCount(3);
  legal.expectClean();
});

test('a caseworker of another desk gets “not found” for the case page and sees nothing in the inbox', async () => {
  const medical = need(actors.medical, 'the medical caseworker');
  const first = need(facts.first, 'the first case');
  const page = medical.page;
  // A link to the case: sign-in first, then back to it.
  await signInAfresh(medical, `/staff/cases/${first.caseId}`);
  await expect(page).toHaveURL(url(`/staff/cases/${first.caseId}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Case not found' })).toBeVisible();
  await expect(page.getByText(MARKERS.request)).toHaveCount(0);

  await openNav(page, 'Cases');
  await expect(page.getByRole('heading', { name: 'Cases of the Medical aid desk' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No cases match these filters.' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await page.getByLabel('Inbox').selectOption({ label: 'Assigned to me' });
  await expect(page.getByRole('heading', { name: 'Cases assigned to you' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No cases match these filters.' })).toBeVisible();
  medical.expectClean([`GET /api/v1/cases/${first.caseId} 404`]);
});

test('the legal caseworker refers the case to the medical desk; the medical caseworker then opens it', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const medical = need(actors.medical, 'the medical caseworker');
  const first = await caseWithConversation(legal);
  await referToMedical(legal.page);

  // The medical desk's envelope was signed by the caseworker: the medical worker's browser verifies their chain.
  const page = await signedIn(medical);
  await openNav(page, 'Cases');
  await expect(page.getByRole('heading', { name: 'Cases of the Medical aid desk' })).toBeVisible();
  await page.getByLabel('Inbox').selectOption({ label: 'Medical aid' });
  await expect(caseRow(page, first.caseId)).toBeVisible();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).click();
  await page.keyboard.press('j');
  await expect(page.getByRole('link', { name: `Case ${handle(first.caseId)}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(url(`/staff/cases/${first.caseId}`));
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
  const timeline = page.getByRole('list', { name: 'Notes and messages' });
  await expect(timeline.getByRole('listitem', { name: 'Note by Carlos Caseworker' })).toContainText(MARKERS.note);
  await expect(timeline.getByRole('listitem', { name: 'Message from the requester' })).toContainText(MARKERS.reply);
  legal.expectClean();
  medical.expectClean();
});

test('a colleague’s certificate expired after they wrote: their note and their referral still verify as of when they were stored; what is stored after the expiry is refused', async () => {
  const admin = need(actors.admin, 'the admin');
  const legal = need(actors.legal, 'the legal caseworker');
  const medical = need(actors.medical, 'the medical caseworker');
  const first = await caseWithConversation(legal);
  await referToMedical(legal.page);
  const page = await signedIn(medical);
  const casePath = `**/api/v1/cases/${first.caseId}`;
  const reopen = async () => {
    await openNav(page, 'Cases');
    await page.getByLabel('Inbox').selectOption({ label: 'Medical aid' });
    await caseRow(page, first.caseId).getByRole('link').click();
  };
  const db = new Client({ connectionString: need(env, 'the environment').databaseUrl });
  await db.connect();
  const [{ certificate: current }] = (await db.query(`SELECT certificate FROM staff_members WHERE id = $1`, [legal.staffId])).rows as [{ certificate: unknown }];
  try {
    // The caseworker's certificate as the admin issued it, but ending a moment from now (whole
    // seconds): everything they wrote and sealed so far was stored while it was valid.
    const { notAfter, passed } = endingShortly();
    const expiring = issueCertificate(admin.identity, { kind: 'staff', subjectId: legal.staffId, encPk: legal.identity.encPk, signPk: legal.identity.signPk, notAfter });
    await db.query(`UPDATE staff_members SET certificate = $2 WHERE id = $1`, [legal.staffId, JSON.stringify(expiring)]);
    await passed();
    const chain = (await medical.call('GET', `/keys/staff/${legal.staffId}`)).body as { chain: { notAfter: string }[] };
    expect(chain.chain[0]?.notAfter).toBe(notAfter.toISOString().replace('.000Z', 'Z'));

    // The medical desk's envelope (the referral, signed by the caseworker) opens; the note and the message verify.
    await reopen();
    await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
    const timeline = page.getByRole('list', { name: 'Notes and messages' });
    await expect(timeline.getByRole('listitem', { name: 'Note by Carlos Caseworker' })).toContainText(MARKERS.note);
    await expect(timeline.getByRole('listitem', { name: 'Message from Carlos Caseworker to the requester' })).toContainText(MARKERS.message);
    await expect(timeline.getByText('Signature verified')).toHaveCount(3);

    // A server that says the note was stored after the expiry: refused, with that reason.
    const after = new Date(notAfter.getTime() + 1).toISOString();
    await page.route(casePath, async (route) => {
      const view = (await (await route.fetch()).json()) as { records: CaseRecordView[] };
      view.records = view.records.map((r) => (r.kind === 'note' ? { ...r, createdAt: after } : r));
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view) });
    });
    await reopen();
    const note = timeline.getByRole('listitem').filter({ hasText: 'stored after its signer’s certificate expired' });
    await expect(note).toContainText('Refused');
    await expect(page.getByText(MARKERS.note)).toHaveCount(0);
    await expect(timeline.getByRole('listitem', { name: 'Message from Carlos Caseworker to the requester' })).toContainText('Signature verified');
    await page.unroute(casePath);

    // The same for the referral: the case key does not open.
    await page.route(casePath, async (route) => {
      const view = (await (await route.fetch()).json()) as { envelopes: { createdAt: string }[] };
      view.envelopes = view.envelopes.map((g) => ({ ...g, createdAt: after }));
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view) });
    });
    await reopen();
    await expect(page.getByRole('alert').filter({ hasText: 'The case key did not open' })).toContainText('stored after its signer’s certificate expired');
    await expect(page.getByText(MARKERS.request)).toHaveCount(0);
    await page.unroute(casePath);
  } finally {
    await db.query(`UPDATE staff_members SET certificate = $2 WHERE id = $1`, [legal.staffId, JSON.stringify(current)]);
    await db.end();
  }
  legal.expectClean();
  medical.expectClean();
});

test('the lead sees the SLA breach among the notifications, with the unread count in the header, and marks it read', async () => {
  const lead = need(actors.lead, 'the lead');
  const overdue = need(facts.overdue, 'the overdue case');
  // The SLA sweep runs every minute: wait for it to escalate the overdue case to the lead.
  await expect
    .poll(async () => ((await lead.call('GET', '/notifications?unread=true&limit=100')).body as { items: { caseId: string; kind: string }[] }).items.filter((n) => n.kind === 'sla_breach').map((n) => n.caseId), { timeout: 100_000, intervals: [2_000] })
    .toContain(overdue.caseId);

  // The lead also hears of new cases on their desk: the header counts every unread one.
  const unread = ((await lead.call('GET', '/notifications?unread=true&limit=100')).body as { items: { kind: string }[] }).items;
  expect(unread.filter((n) => n.kind === 'sla_breach')).toHaveLength(1);
  const page = await signedIn(lead);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: `Notifications, ${unread.length} unread` })).toBeVisible();
  await openNav(page, /^Notifications/);
  const list = page.getByRole('list', { name: 'Notifications' });
  await expect(list).toContainText('New case on your desk');
  const item = list.getByRole('listitem').filter({ hasText: `case ${handle(overdue.caseId)}` }).filter({ hasText: 'First response late' });
  await expect(item).toContainText('Unread');
  await item.getByRole('button', { name: /Mark as read/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marked as read.' })).toBeVisible();
  await expect(nav.getByRole('link', unread.length > 1 ? { name: `Notifications, ${unread.length - 1} unread` } : { name: 'Notifications', exact: true })).toBeVisible();

  // E-mail is off on this system; the lead can still leave an address for it, and take it back.
  const email = page.getByRole('region', { name: 'E-mail notifications' });
  await expect(email).toContainText('does not send e-mail at present');
  await email.getByLabel('Your e-mail address').fill('lena.lead@example.org');
  await email.getByRole('button', { name: 'Save address' }).click();
  await expect(email.getByRole('status')).toHaveText('Notifications will be e-mailed to lena.lead@example.org.');
  expect((await lead.call('GET', '/notifications/email')).body).toEqual({ email: 'lena.lead@example.org', mailEnabled: false });
  await email.getByRole('button', { name: 'Stop e-mails' }).click();
  await expect(email.getByRole('status')).toHaveText('No notification e-mails will be sent to you.');

  // The notification leads to the case, which the lead opens with the legal desk key they made.
  await item.getByRole('link', { name: `case ${handle(overdue.caseId)}` }).click();
  await expect(page).toHaveURL(url(`/staff/cases/${overdue.caseId}`));
  await expect(page.getByRole('region', { name: 'Request' })).toContainText('Signature verified');
  await expect(described(page, 'First response due')).toContainText('SLA breached');

  // Nothing the requester or the staff wrote reached the log.
  const log = await readSystemLog(need(system, 'the system'));
  for (const marker of Object.values(MARKERS)) expect(log.includes(marker)).toBe(false);
  for (const actor of Object.values(actors)) actor?.expectClean();
});

test('the lead assigns the case to the caseworker, who resolves and closes it; only the lead may reopen it', async () => {
  const lead = need(actors.lead, 'the lead');
  const legal = need(actors.legal, 'the legal caseworker');
  // A case the caseworker started and shared with the medical desk.
  const first = await caseOfItsOwn();
  await signedIn(legal);
  await openCase(legal.page, first.caseId);
  await startWork(legal.page);
  await referToMedical(legal.page);
  const open = (page: Page) => openCase(page, first.caseId, 'Legal aid');

  await signedIn(lead);
  await open(lead.page);
  // Whom the api accepts, by name: the caseworkers and the lead of the desks holding the case (legal, intake, medical).
  await expect(lead.page.getByRole('combobox', { name: 'Assign to' }).getByRole('option')).toHaveText(['Nobody (unassigned)', 'Carlos Caseworker', 'Lena Lead', 'Mira Medical']);
  await lead.page.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Carlos Caseworker' });
  await lead.page.getByRole('button', { name: 'Assign' }).click();
  await expect(lead.page.getByRole('status').filter({ hasText: 'The case is assigned to Carlos Caseworker.' })).toBeVisible();
  await expect(described(lead.page, 'Assignee')).toHaveText('Carlos Caseworker');

  const page = legal.page;
  await openNav(page, 'Cases');
  await expect(caseRow(page, first.caseId)).toContainText('You');
  // A caseworker does not assign.
  await caseRow(page, first.caseId).getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
  await expect(page.getByRole('combobox', { name: 'Assign to' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Mark as resolved' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The case is now resolved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Close the case' }).click();
  await page.getByRole('group', { name: 'Confirm: Close the case' }).getByRole('button', { name: 'Close the case' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The case is now closed.' })).toBeVisible();
  await expect(described(page, 'Status')).toHaveText('Closed');
  // Nothing more can be written, and reopening is not the caseworker's to do.
  await expect(page.getByRole('textbox', { name: 'Internal note (staff only)' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reopen' })).toHaveCount(0);

  await open(lead.page);
  await lead.page.getByRole('button', { name: 'Reopen' }).click();
  await expect(lead.page.getByRole('status').filter({ hasText: 'The case is now in progress.' })).toBeVisible();
  await expect(lead.page.getByRole('textbox', { name: 'Internal note (staff only)' })).toBeVisible();
  lead.expectClean();
  legal.expectClean();
});

test('after a rotation, the lead re-seals the legal desk’s open cases although key version 1’s certificate has expired since they were sealed to it', async () => {
  const admin = need(actors.admin, 'the admin');
  const lead = need(actors.lead, 'the lead');
  const legalDesk = need(desks['legal'], 'the legal desk');
  const v1 = need(legalDesk.key, 'version 1 of the legal desk key');
  const db = new Client({ connectionString: need(env, 'the environment').databaseUrl });
  await db.connect();
  try {
    // Version 2, made by the lead, linked from version 1 and certified by the admin (through the
    // api, as in set-up; the lead signed in again in the browser since, so the api calls take that
    // session's CSRF token).
    const page = await signedIn(lead);
    lead.csrf = ((await lead.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
    await adminCertifiesDeskKey(admin, await leadAddsDeskKey(lead, legalDesk.id, 2, v1));

    // Version 1's certificate, as the admin issued it, ends a moment from now: every envelope to it was stored before.
    const { notAfter, passed } = endingShortly();
    const expiring = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(legalDesk.id, 1), encPk: v1.encPk, signPk: v1.signPk, notAfter });
    await db.query(`UPDATE desk_keys SET certificate = $3 WHERE desk_id = $1 AND version = $2`, [legalDesk.id, 1, JSON.stringify(expiring)]);
    await passed();
    const openCases = async (version: number) =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM case_desks cd WHERE cd.desk_id = $1 AND cd.status NOT IN ('closed', 'purged')
              AND EXISTS (SELECT 1 FROM case_key_envelopes g WHERE g.case_id = cd.case_id AND g.recipient_kind = 'desk' AND g.recipient_id = $1 AND g.desk_key_version = $2)`,
          [legalDesk.id, version],
        )
      ).rows[0].n as number;
    const sealedToV1 = await openCases(1);
    expect(sealedToV1).toBeGreaterThan(1);
    expect(await openCases(2)).toBe(0);

    await openNav(page, 'My desks');
    const panel = page.getByRole('region', { name: 'Legal aid' }).getByRole('group', { name: 'Open cases sealed to older key versions' });
    await panel.getByRole('button', { name: `Re-seal ${sealedToV1} open cases to key version 2` }).click();
    await expect(panel.getByRole('status')).toHaveText(`Re-sealed ${sealedToV1} open cases of the Legal aid desk to key version 2.`);
    expect(await openCases(2)).toBe(sealedToV1);
  } finally {
    await db.end();
  }
  lead.expectClean();
  admin.expectClean();
});
