/**
 * Case keys against a server that lies, in Chromium, on a system of its own (issue 13, findings
 * 3, 4 and the key-epoch part of 2). The server's moves are made where a compromised server
 * makes them: straight in PostgreSQL, with keys of its own choosing made by libs/crypto in Node.
 *
 * - Finding 3: the server swaps a case's key for one it made, sealed to the desks and signed by a
 *   requester signing key of its own (and swaps the requester's keys to match). The caseworker's
 *   console does not use the key (it does not open the request the requester signed), warns that
 *   the case failed verification and sends nothing; a lead's re-seal after a rotation refuses that
 *   case. A case the server then fabricates whole in place of one the caseworker had already
 *   opened is refused by the requester key pinned in their browser.
 *
 * - Finding 4: notes and their files are under the case's staff-only key. The server relabels a
 *   note's file as a message's, and the note itself as a message, in PostgreSQL: the console
 *   refuses both (they do not open with the case key), and the requester's portal, which holds
 *   only the case key, lists neither the file nor the note's text.
 *
 * - Finding 2 (key epochs): a caseworker leaves the legal desk; the lead rotates the desk key and
 *   re-seals the open cases in the console, which gives each case a new key epoch. The new note
 *   and message written afterwards are under keys that none of the envelopes the removed member's
 *   real keys open (their identity, their copy of the old desk key) gives.
 *
 * The team (a certified admin, a lead of the intake, legal and medical desks, a legal and a
 * medical caseworker, certified desk keys held by their members) is made once through the api
 * (staff-team.ts); requests come from a requester in Node as the portal makes them.
 */
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type SignPublicKey,
  type RequesterKeys,
  type VerifiedDesk,
  decryptRecord,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  openStaffKeyEnvelope,
  parseSignPublicKey,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type LegalRequest } from '@ashar/domain';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { type PreparedRequest, nodeRequester } from './node-requester';
import { Actor, type Desks, adminCertifiesDeskKey, enrolStaff, leadAddsDeskKey, leadSealsDeskKey, need, openNav, setUpTeam, signInAfresh, useSystem, writeNoteAndMessage } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');
const MARKERS = {
  request: 'MARKER-REQUEST held at the border crossing',
  fabricated: 'MARKER-FABRICATED the server wrote this request',
  note: 'MARKER-NOTE the interpreter reports to the police',
  noteFile: 'MARKER-NOTE-FILE assessment of the informant',
  message: 'MARKER-MESSAGE we found you a lawyer',
  noteAfter: 'MARKER-NOTE-AFTER the leaver must not read this',
  messageAfter: 'MARKER-MESSAGE-AFTER your hearing moved to Monday',
};

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor } = {};
const desks: Desks = {};
/** The legal desk's key versions as the lead made them (the test plays the lead's side through the api too). */
const legalKeys: DeskKeyPair[] = [];

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

const requester = () => nodeRequester(url());
const FORM: LegalRequest = { type: 'legal', caseStage: 'charged', hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: MARKERS.request };

async function database<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: need(env, 'the environment').databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Requester-like keys of the server's own (no receipt code behind them). */
function serverRequester(): RequesterKeys {
  return { ...generateIdentityKeys(), kind: 'requester' } as unknown as RequesterKeys;
}

/** What the server can seal to: a desk version's public key, as desk_keys holds it. */
function deskRecipient(deskId: string, version: number): VerifiedDesk {
  const key = Object.values(desks).find((d) => d.id === deskId)?.key;
  const pair = key?.version === version ? key : legalKeys.find((k) => k.deskId === deskId && k.version === version);
  return { kind: 'desk', deskId, version, encPk: need(pair, `desk ${deskId} version ${version}`).encPk } as unknown as VerifiedDesk;
}

/**
 * The server replaces the case key of `caseId` with one of its own: every desk envelope and the
 * requester's envelope re-made for its key, signed by a requester signing key of its own, and the
 * requester's keys swapped to match. With `fabricate`, it also writes a request of its own under
 * that key (the whole case fabricated in place of the real one). Returns the server's key.
 */
async function serverSwapsCaseKey(caseId: string, fabricate?: { recordId: string; form: LegalRequest }): Promise<CaseKey> {
  const fake = serverRequester();
  const key = generateCaseKey();
  await database(async (db) => {
    const rows = (await db.query(`SELECT id, recipient_kind, recipient_id, desk_key_version FROM case_key_envelopes WHERE case_id = $1`, [caseId])).rows as {
      id: string;
      recipient_kind: string;
      recipient_id: string;
      desk_key_version: number | null;
    }[];
    for (const row of rows) {
      const recipient = row.recipient_kind === 'desk' ? deskRecipient(row.recipient_id, need(row.desk_key_version ?? undefined, 'the version')) : requesterPublicKeys(fake);
      const envelope = sealCaseKey(key, caseId, recipient, fake);
      await db.query(`UPDATE case_key_envelopes SET sealed_key = $2, sealer_kid = $3, signature = $4 WHERE id = $1`, [row.id, envelope.sealedKey, envelope.sealerKid, envelope.signature]);
    }
    await db.query(`UPDATE requesters SET enc_pk = $2, sign_pk = $3, sign_kid = $4 WHERE id = (SELECT requester_id FROM aid_cases WHERE id = $1)`, [
      caseId,
      encodePublicKey(fake.encPk),
      encodePublicKey(fake.signPk),
      kidOf(fake.signPk),
    ]);
    if (fabricate) {
      const record = encryptRecord(key, { caseId, recordId: fabricate.recordId, recordKind: 'request' }, fabricate.form, fake);
      await db.query(`UPDATE case_records SET ciphertext = $2, author_kid = $3 WHERE case_id = $1 AND kind = 'request'`, [caseId, record.ciphertext, record.authorKid]);
    }
  });
  return key;
}

/** Rows the case has in each table the console writes to: what "nothing was sent" is measured by. */
async function caseRows(caseId: string): Promise<Record<string, number>> {
  return database(async (db) => {
    const out: Record<string, number> = {};
    for (const table of ['case_records', 'case_files', 'case_key_envelopes']) {
      out[table] = ((await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`, [caseId])).rows[0] as { n: number }).n;
    }
    return out;
  });
}

/** Every request the page sends to the api other than a read, from now on. */
function writesFrom(page: Page): string[] {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/')) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return writes;
}

async function signedIn(actor: Actor): Promise<Page> {
  await signInAfresh(actor);
  await expect(actor.page).toHaveURL(url('/staff/console'));
  return actor.page;
}

/** From the console's navigation to the case, through the legal desk's inbox (the unlocked keys stay in this page's worker). */
async function visitCase(page: Page, caseId: string): Promise<void> {
  await openNav(page, 'Cases');
  await page.getByLabel('Inbox').selectOption({ label: 'Legal aid' });
  const handle = `Case ${caseId.slice(0, 8)}`;
  await page.getByRole('row').filter({ has: page.getByRole('link', { name: handle, exact: true }) }).getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${handle}`) })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('casekeys');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/case-keys-server.log'), { WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'), ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
  useSystem(system.url);
  for (const d of (await (await fetch(url('/api/v1/desks'))).json()) as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
  legalKeys.push(need(desks['legal']?.key, 'legal desk key version 1'));
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test.describe.configure({ mode: 'serial' });

/** The cases the server swapped in the finding-3 tests, for the re-seal test after them. */
const swapped: PreparedRequest[] = [];

test('finding 3: a case key the server swaps in, signed with a requester key of its own, is refused: the console warns and sends nothing', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const submission = await requester().submit(FORM);
  await serverSwapsCaseKey(submission.caseId);
  swapped.push(submission);
  const before = await caseRows(submission.caseId);

  const page = await signedIn(legal);
  const writes = writesFrom(page);
  await visitCase(page, submission.caseId);
  const warning = page.getByRole('alert').filter({ hasText: 'Warning: this case failed verification.' });
  await expect(warning).toContainText('does not open the request its requester signed');
  await expect(warning).toContainText('Nothing is encrypted or sent for this case from this browser.');
  // Nothing of the case is shown or offered: no request, no composer, no file to attach, no referral.
  await expect(page.getByRole('region', { name: 'Request' })).toHaveCount(0);
  await expect(page.getByText(MARKERS.request)).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Internal note (staff only)' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message the requester will read' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Encrypt and send/ })).toHaveCount(0);
  await page.getByLabel('Desk', { exact: true }).selectOption({ label: 'Medical aid' });
  await expect(page.getByRole('button', { name: 'Refer' })).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Work on this case' })).toContainText('The case key is not open in this browser');
  expect(writes).toEqual([]);
  expect(await caseRows(submission.caseId)).toEqual(before);
  legal.expectClean();
});

test('finding 3: a case the server fabricates whole, in place of one the caseworker opened before, is refused by the requester key their browser pinned', async () => {
  const legal = need(actors.legal, 'the legal caseworker');
  const lead = need(actors.lead, 'the lead');
  const submission = await requester().submit(FORM);
  const page = await signedIn(legal);
  await visitCase(page, submission.caseId);
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);

  // The server's own requester, key and request, all consistent: §9.1 alone cannot tell.
  await serverSwapsCaseKey(submission.caseId, { recordId: submission.recordId, form: { ...FORM, description: MARKERS.fabricated } });
  swapped.push(submission);
  const writes = writesFrom(page);
  await visitCase(page, submission.caseId);
  const warning = page.getByRole('alert').filter({ hasText: 'Warning: this case failed verification.' });
  await expect(warning).toContainText('the requester key of this case is not the one this browser saw when you first opened it');
  await expect(page.getByText(MARKERS.fabricated)).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Internal note (staff only)' })).toHaveCount(0);
  expect(writes).toEqual([]);

  // The limit (SPEC.md §14): someone who never opened the case in their browser has no pin to compare with.
  const leadPage = await signedIn(lead);
  await visitCase(leadPage, submission.caseId);
  await expect(leadPage.getByRole('region', { name: 'Request' })).toContainText(MARKERS.fabricated);
  legal.expectClean();
  lead.expectClean();
});

test('finding 3: after a rotation, the lead’s re-seal refuses the case whose key the server swapped and re-seals the others', async () => {
  const admin = need(actors.admin, 'the admin');
  const lead = need(actors.lead, 'the lead');
  const legalDesk = need(desks['legal'], 'the legal desk');
  const genuine = await requester().submit(FORM);
  const target = swapped[0];
  if (!target) throw new Error('the swapped case is missing: an earlier test failed');

  const page = await signedIn(lead);
  lead.csrf = ((await lead.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
  const version = legalKeys.length + 1;
  // Linked from the version the lead holds (SPEC.md §8.2): no second admin's approval is needed.
  const key = await leadAddsDeskKey(lead, legalDesk.id, version, need(legalKeys[legalKeys.length - 1], 'the current legal desk key'));
  await adminCertifiesDeskKey(admin, key);
  await leadSealsDeskKey(lead, key, need(actors.legal, 'the legal caseworker'));
  legalKeys.push(key);
  const envelopesOf = (caseId: string) => database(async (db) => ((await db.query(`SELECT count(*)::int AS n FROM case_key_envelopes WHERE case_id = $1`, [caseId])).rows[0] as { n: number }).n);
  const swappedBefore = await envelopesOf(target.caseId);
  const genuineBefore = await envelopesOf(genuine.caseId);

  await openNav(page, 'My desks');
  const panel = page.getByRole('region', { name: 'Legal aid' }).getByRole('group', { name: 'Open cases sealed to older key versions' });
  await panel.getByRole('button', { name: /^Re-seal \d+ open cases? to key version/ }).click();
  const outcome = panel.getByRole('alert');
  await expect(outcome).toContainText(/could not be re-sealed/);
  await expect(outcome.getByRole('list', { name: 'Cases not re-sealed' })).toContainText('does not open the request its requester signed');
  // The swapped case got nothing new; the genuine one did.
  expect(await envelopesOf(target.caseId)).toBe(swappedBefore);
  expect(await envelopesOf(genuine.caseId)).toBeGreaterThan(genuineBefore);
  lead.expectClean();
  admin.expectClean();
});

test('finding 4: a note’s file relabelled as a message’s, and a note relabelled as a message, are refused by the console; the requester’s portal opens neither', async ({ browser }) => {
  const legal = need(actors.legal, 'the legal caseworker');
  const submission = await requester().submit(FORM);
  const page = await signedIn(legal);
  await visitCase(page, submission.caseId);
  await expect(page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.request);
  // The first note makes the case's staff-only key in this browser; the note and a file of it go under it.
  await writeNoteAndMessage(page, { note: MARKERS.note, message: MARKERS.message });
  await page.getByRole('radio', { name: /A note/ }).check();
  await page.getByLabel('Files to attach').setInputFiles({ name: 'assessment.txt', mimeType: 'text/plain', buffer: Buffer.from(MARKERS.noteFile) });
  await page.getByRole('button', { name: 'Encrypt and send this file' }).click();
  await expect(page.getByRole('region', { name: 'Files being sent' }).getByRole('listitem', { name: 'assessment.txt' }).getByText('Sent', { exact: true })).toBeVisible();
  const files = page.getByRole('list', { name: 'Files' });
  await expect(files.getByRole('listitem', { name: 'assessment.txt' })).toContainText('With a note (staff only)');
  const stored = await database(
    async (db) =>
      (await db.query(`SELECT r.key_kind, r.epoch, f.id AS file_id, f.format FROM case_records r JOIN case_files f ON f.case_id = r.case_id AND f.record_kind = 'note' WHERE r.case_id = $1 AND r.kind = 'note'`, [submission.caseId]))
        .rows as { key_kind: string; epoch: number; file_id: string; format: number }[],
  );
  expect(stored).toEqual([{ key_kind: 'staff', epoch: 1, file_id: expect.any(String), format: 2 }]);
  const noteFileId = stored[0]!.file_id;

  // The server relabels the note's file as a message's, and the note as a message (under the case key, as messages are).
  await database(async (db) => {
    await db.query(`UPDATE case_files SET record_kind = 'message' WHERE id = $1`, [noteFileId]);
    await db.query(`UPDATE case_records SET kind = 'message', key_kind = 'case' WHERE case_id = $1 AND kind = 'note'`, [submission.caseId]);
  });
  await visitCase(page, submission.caseId);
  const relabelled = files.getByRole('listitem').filter({ hasText: 'With a message (the requester sees it)' }).filter({ hasText: 'Its description does not open' });
  await expect(relabelled).toContainText('it was not made with the key it claims');
  await expect(relabelled.getByRole('button', { name: /Download/ })).toHaveCount(0);
  await expect(page.getByText(MARKERS.note)).toHaveCount(0);
  const timeline = page.getByRole('list', { name: 'Notes and messages' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Refused' })).toHaveCount(1);
  await expect(page.getByRole('alert').filter({ hasText: 'a record of this case failed verification' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Internal note (staff only)' })).toHaveCount(0);

  // The requester, in their own browser with the receipt code: the message from the desk, not the note or its file.
  const person = await Actor.open(browser, 'The requester', { staff: false });
  try {
    const portal = person.page;
    await portal.goto(url('/'));
    await portal.getByRole('link', { name: 'I have a receipt code' }).click();
    await portal.getByLabel('Receipt code').fill(submission.code);
    await portal.getByRole('button', { name: 'Open my request' }).click();
    await expect(portal.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
    const messages = portal.getByRole('list', { name: 'Messages' });
    await expect(messages).toContainText(MARKERS.message);
    await expect(messages.getByRole('listitem').filter({ hasText: 'This message is not shown' })).toHaveCount(1);
    await expect(portal.getByText(MARKERS.note)).toHaveCount(0);
    expect(await portal.content()).not.toContain('assessment.txt');
    person.expectClean();
  } finally {
    await person.context.close();
  }
  legal.expectClean();
});

test('finding 2: after a caseworker leaves, the rotation and the lead’s re-seal, new notes and messages are under keys the removed member’s envelopes never open', async ({ browser }) => {
  const admin = need(actors.admin, 'the admin');
  const lead = need(actors.lead, 'the lead');
  const legal = need(actors.legal, 'the legal caseworker');
  const legalDesk = need(desks['legal'], 'the legal desk');
  const current = need(legalKeys[legalKeys.length - 1], 'the current legal desk key');

  // A caseworker of the legal desk who holds its current key: their real keys are kept by this test, as they could keep them.
  admin.csrf = ((await admin.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
  const leaver = await enrolStaff(admin, browser, { name: 'Rita Leaving', roles: ['caseworker'], deskIds: [legalDesk.id], addedBy: lead });
  try {
    await leadSealsDeskKey(lead, current, leaver);
    const leaverDeskCopy = await database(
      async (db) => ((await db.query(`SELECT sealed_key FROM desk_key_envelopes WHERE desk_id = $1 AND version = $2 AND staff_id = $3`, [legalDesk.id, current.version, leaver.staffId])).rows[0] as { sealed_key: string }).sealed_key,
    );
    const submission = await requester().submit(FORM);
    // Before they leave, the case has a note and a message (epoch 1), which they could read.
    const page = await signedIn(legal);
    await visitCase(page, submission.caseId);
    await writeNoteAndMessage(page, { note: MARKERS.note, message: MARKERS.message });

    // The lead removes them from the desk, makes the next version (linked from the current one, SPEC.md §8.2), the admin
    // certifies it, the lead seals it to those who stay.
    const leadPage = await signedIn(lead);
    lead.csrf = ((await lead.call('GET', '/auth/session')).body as { csrfToken: string }).csrfToken;
    await lead.stepUp();
    expect((await lead.call('DELETE', `/desks/${legalDesk.id}/members/${leaver.staffId}`)).status).toBe(204);
    const next = await leadAddsDeskKey(lead, legalDesk.id, current.version + 1, current);
    await adminCertifiesDeskKey(admin, next);
    await leadSealsDeskKey(lead, next, legal);
    legalKeys.push(next);

    // The lead re-seals the desk's open cases in the console: each gets its next key epoch.
    await openNav(leadPage, 'My desks');
    const panel = leadPage.getByRole('region', { name: 'Legal aid' }).getByRole('group', { name: 'Open cases sealed to older key versions' });
    await panel.getByRole('button', { name: new RegExp(`^Re-seal \\d+ open cases? to key version ${next.version}$`) }).click();
    await expect(panel.getByText(new RegExp(`^Re-sealed \\d+ (of \\d+ open cases|open cases of the Legal aid desk) to key version ${next.version}`))).toBeVisible();
    const epoch = await database(async (db) => ((await db.query(`SELECT key_epoch FROM aid_cases WHERE id = $1`, [submission.caseId])).rows[0] as { key_epoch: number }).key_epoch);
    expect(epoch).toBe(2);

    // The caseworker, holding the new version, reads the whole case (older records through the key links) and writes again.
    await visitCase(page, submission.caseId);
    const timeline = page.getByRole('list', { name: 'Notes and messages' });
    await expect(timeline.getByRole('listitem', { name: 'Note by Carlos Caseworker' }).first()).toContainText(MARKERS.note);
    await page.getByRole('textbox', { name: 'Internal note (staff only)' }).fill(MARKERS.noteAfter);
    await page.getByRole('button', { name: 'Save internal note' }).click();
    await expect(timeline.getByRole('listitem').filter({ hasText: MARKERS.noteAfter })).toContainText('Signature verified');
    await page.getByRole('textbox', { name: 'Message the requester will read' }).fill(MARKERS.messageAfter);
    await page.getByRole('button', { name: 'Send to the requester' }).click();
    await expect(timeline.getByRole('listitem').filter({ hasText: MARKERS.messageAfter })).toContainText('Signature verified');

    const { records, envelopes } = await database(async (db) => ({
      records: (await db.query(`SELECT id, kind, key_kind, epoch, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND kind <> 'request' ORDER BY created_at`, [submission.caseId])).rows as {
        id: string;
        kind: 'note' | 'message';
        key_kind: string;
        epoch: number;
        author_kid: string;
        ciphertext: string;
      }[],
      envelopes: (await db.query(`SELECT key_kind, epoch, sealed_key, sealer_kind, sealer_id, sealer_kid, signature FROM case_key_envelopes WHERE case_id = $1`, [submission.caseId])).rows as {
        key_kind: 'case' | 'staff';
        epoch: number;
        sealed_key: string;
        sealer_kind: 'staff' | 'requester';
        sealer_id: string;
        sealer_kid: string;
        signature: string;
      }[],
    }));
    expect(records.map((r) => [r.kind, r.key_kind, r.epoch])).toEqual([
      ['note', 'staff', 1],
      ['message', 'case', 1],
      ['note', 'staff', 2],
      ['message', 'case', 2],
    ]);

    // The removed member's real keys: their identity and their copy of the desk key version they held.
    const versions = (await lead.call('GET', `/desks/${legalDesk.id}/keys`)).body as { version: number; chain: unknown[] | null }[];
    const verified = verifyCertificateChain(need(versions.find((v) => v.version === current.version)?.chain ?? undefined, 'the chain of the version they held'), parseSignPublicKey(testRoot().rootPublicKey), new Date());
    const leaverDesk = openDeskKey(leaverDeskCopy, leaver.identity, verified as Parameters<typeof openDeskKey>[2]);
    const signers = new Map<string, SignPublicKey>([lead, legal, admin].map((a) => [a.staffId, a.identity.signPk]));
    const reached: { kind: string; epoch: number; key: Uint8Array }[] = [];
    for (const g of envelopes) {
      const envelope = { sealedKey: g.sealed_key, sealerKid: g.sealer_kid, signature: g.signature } as unknown as CaseKeyEnvelope;
      const sealer = g.sealer_kind === 'requester' ? submission.keys.signPk : signers.get(g.sealer_id);
      if (!sealer) continue;
      for (const opener of [leaverDesk, leaver.identity]) {
        try {
          const key = g.key_kind === 'case' ? openCaseKeyEnvelope(envelope, submission.caseId, opener, sealer, g.epoch) : openStaffKeyEnvelope(envelope as never, submission.caseId, g.epoch, opener, sealer);
          reached.push({ kind: g.key_kind, epoch: g.epoch, key });
        } catch {
          // Not sealed to them.
        }
      }
    }
    // They reach epoch 1 (what they could read before they left, and may have kept) and nothing newer.
    expect([...new Set(reached.map((r) => `${r.kind}:${r.epoch}`))].sort()).toEqual(['case:1', 'staff:1']);
    const authorKey = legal.identity.signPk;
    for (const record of records) {
      const ref = { caseId: submission.caseId, recordId: record.id, recordKind: record.kind };
      const opens = reached.some(({ key }) => {
        try {
          decryptRecord(key as CaseKey, ref, { ciphertext: record.ciphertext, authorKid: record.author_kid }, authorKey);
          return true;
        } catch {
          return false;
        }
      });
      expect({ record: [record.kind, record.epoch], opens }).toEqual({ record: [record.kind, record.epoch], opens: record.epoch === 1 });
    }
    legal.expectClean();
    lead.expectClean();
  } finally {
    await leaver.context.close();
  }
});
