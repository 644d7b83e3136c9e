/**
 * Issue 5, "Done when": the aid flow through the real screens in Chromium, on a system of its own
 * (the web build of global-setup.ts, made with the TEST root public key; blobs in the default
 * filesystem store, so the test can read every byte the api kept on disk).
 *
 * Set-up, once before the tests, goes through the api as the console and the custodians would
 * (staff-team.ts): a certified admin (root certificate from the TEST root), a lead of the intake,
 * legal and medical desks, a caseworker of the legal desk and one of the medical desk, certified,
 * with certified desk key version 1 of each desk sealed to its members.
 *
 * Then, through the screens: a requester asks for legal help on /request with a 5 MiB file
 * carrying markers at its start, around chunk boundaries and at its end, and gets the receipt
 * code; the legal caseworker signs in with a passkey (virtual authenticator) and unlocks, finds
 * the case in the inbox, opens it, reads the decrypted request, downloads the file byte-exact
 * (sha256), sets the urgency to critical, writes a note and a message; the requester signs in
 * on /follow-up with the receipt code, reads the message but not the note, and replies; the
 * caseworker reads the reply; the medical caseworker gets "Case not found" (and the api's 404).
 * After each step, no text, json/jsonb, array or bytea column of any table, no file of the blob
 * store and no log line holds what that step wrote (markers of the form, the file, the note, the
 * message, the reply, the receipt code), while the same searches do find what is deliberately
 * kept in clear (positive controls). Each step after the portal's starts from a request of its
 * own sent as the portal sends it (in Node), so one failure does not stop the others.
 * Every actor asserts that no request left this machine and no page logged an error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import { type DeskKeyPair, CHUNK_BYTES, deriveRequesterKeys, encodePublicKey, normaliseReceiptCode, ready } from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { nodeRequester } from './node-requester';
import { Actor, described, need, openNav, setUpTeam, signInAfresh, useSystem, writeNoteAndMessage } from './staff-team';
import { shownValue } from './support';

const ROOT_DIR = join(__dirname, '../..');
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
/** Asking whether one is signed in, when one is not, is a normal answer. */

const tag = () => randomBytes(6).toString('hex');
/** What the requester and the staff write: none of it may reach the database or the blob store in clear. */
const MARKERS = {
  court: `MARKER-COURT-${tag()} Almaty district court`,
  description: `MARKER-DESC-${tag()} they searched my flat`,
  contact: `MARKER-CONTACT-${tag()} signal only after six`,
  note: `MARKER-NOTE-${tag()} the lawyer may be compromised`,
  message: `MARKER-MESSAGE-${tag()} we found you a lawyer`,
  reply: `MARKER-REPLY-${tag()} thank you, I can meet on Monday`,
};
const FILE_NAME = `indictment-${tag()}.pdf`;
const FILE_BYTES = 5 * 1024 * 1024;
/** Markers inside the file: at its start, ending on a chunk boundary, starting on one, straddling one, in the middle, at its end. */
const FILE_MARKERS: { text: string; at: number }[] = [
  { text: `FILE-MARKER-START-${tag()}`, at: 0 },
  { text: `FILE-MARKER-ENDS-CHUNK-${tag()}`, at: -1 },
  { text: `FILE-MARKER-STARTS-CHUNK-${tag()}`, at: 17 * CHUNK_BYTES },
  { text: `FILE-MARKER-STRADDLES-${tag()}`, at: -2 },
  { text: `FILE-MARKER-MIDDLE-${tag()}`, at: Math.floor(FILE_BYTES / 2) + 333 },
  { text: `FILE-MARKER-END-${tag()}`, at: -3 },
].map((m) => {
  const length = Buffer.byteLength(m.text);
  const at = m.at === -1 ? CHUNK_BYTES - length : m.at === -2 ? 40 * CHUNK_BYTES - Math.floor(length / 2) : m.at === -3 ? FILE_BYTES - length : m.at;
  return { text: m.text, at };
});

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}


function database(): Client {
  if (!db) throw new Error('no database connection');
  return db;
}

const actors: { admin?: Actor; approver?: Actor; lead?: Actor; legal?: Actor; medical?: Actor; requester?: Actor } = {};
const desks: Record<string, { id: string; name: string; key?: DeskKeyPair }> = {};

/** The requester's side of the api from Node, for tests that start from a request already sent. */
function requesterInNode() {
  return nodeRequester(url());
}

/** A legal request with the file, sent as the portal sends it (in Node: the portal's own test is the first one). */
async function requestSentInNode(file: Buffer): Promise<{ caseId: string; code: string }> {
  const requester = requesterInNode();
  const sent = await requester.submit({
    type: 'legal',
    caseStage: 'charged',
    nextCourtDate: '2027-03-14',
    courtDetails: MARKERS.court,
    hasLawyer: false,
    country: 'KZ',
    preferredLanguage: 'ru',
    description: MARKERS.description,
    contactDetails: MARKERS.contact,
  });
  await requester.uploadFile(sent, await requester.signIn(sent.keys), FILE_NAME, file, 'application/pdf');
  return { caseId: sent.caseId, code: sent.code };
}

async function publicGet(path: string): Promise<unknown> {
  const response = await fetch(url(`/api/v1${path}`));
  expect(response.status, `GET ${path}`).toBe(200);
  return response.json();
}




const handle = (caseId: string) => caseId.slice(0, 8);
const caseRow = (page: Page, caseId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: `Case ${handle(caseId)}`, exact: true }) });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The 5 MiB file: random bytes (no accidental matches) with the markers written in. */
function markedFile(): Buffer {
  const file = randomBytes(FILE_BYTES);
  for (const { text, at } of FILE_MARKERS) file.write(text, at, 'utf8');
  for (const { text, at } of FILE_MARKERS) expect(file.subarray(at, at + Buffer.byteLength(text)).toString('utf8')).toBe(text);
  return file;
}

/** The columns the scan reads: every text, json/jsonb, array and bytea column of every table. */
async function scannedColumns(): Promise<{ table: string; column: string; type: string }[]> {
  const rows = (
    await database().query(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
    )
  ).rows as { table_name: string; column_name: string; data_type: string }[];
  return rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
}

/**
 * Every table and column (text, json/jsonb, arrays, bytea) of the database holding `needle`: text
 * as text, bytea as its raw bytes, arrays of bytea element by element.
 */
async function columnsHolding(needle: string | Buffer): Promise<string[]> {
  const text = typeof needle === 'string' ? needle : null;
  const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle;
  const found: string[] = [];
  for (const { table, column, type } of await scannedColumns()) {
    let sql: string;
    let param: string | Buffer;
    if (type === 'bytea') {
      sql = `SELECT 1 FROM "${table}" WHERE position($1::bytea in "${column}") > 0 LIMIT 1`;
      param = bytes;
    } else if (type === 'ARRAY' && (await database().query(`SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = $1 AND a.attname = $2 AND a.atttypid = 'bytea[]'::regtype`, [table, column])).rows.length > 0) {
      sql = `SELECT 1 FROM "${table}", unnest("${column}") AS e WHERE position($1::bytea in e) > 0 LIMIT 1`;
      param = bytes;
    } else {
      if (text === null) continue;
      sql = `SELECT 1 FROM "${table}" WHERE strpos("${column}"::text, $1) > 0 LIMIT 1`;
      param = text;
    }
    if ((await database().query(sql, [param])).rows.length > 0) found.push(`${table}.${column}`);
  }
  return found;
}

/** Every file of the blob store, path relative to it. */
function blobFiles(): { path: string; bytes: Buffer }[] {
  const dir = need(system, 'the system').blobDir;
  const files: { path: string; bytes: Buffer }[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push({ path: relative(dir, full), bytes: readFileSync(full) });
    }
  };
  walk(dir);
  return files.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

/** The blob store files holding `needle`, each file alone and all of them end to end (in key order, so a marker cut by a chunk boundary is caught too). */
function blobsHolding(needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  const files = blobFiles();
  const found = files.filter((f) => f.bytes.includes(bytes)).map((f) => f.path);
  if (Buffer.concat(files.map((f) => f.bytes)).includes(bytes)) found.push('(all blobs end to end)');
  return found;
}

/**
 * No column, no blob and no log line holds any of `secrets` in clear (the log read after every
 * request made so far was logged).
 */
async function expectNowhereInClear(secrets: string[]): Promise<void> {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(10);
    expect(await columnsHolding(secret), `columns holding "${secret}"`).toEqual([]);
    expect(blobsHolding(secret), `blobs holding "${secret}"`).toEqual([]);
  }
  const log = await readSystemLog(need(system, 'the system'));
  for (const secret of secrets) expect(log.includes(secret), `the log holds "${secret}"`).toBe(false);
}

/** The caseworker, signed in, opens the case from their inbox. */
async function caseworkerOpens(actor: Actor, caseId: string): Promise<void> {
  const page = actor.page;
  await openNav(page, 'Cases');
  await expect(page).toHaveURL(url('/staff/cases'));
  await expect(page.getByRole('heading', { name: 'Cases of the Legal aid desk' })).toBeVisible();
  await caseRow(page, caseId).getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(page.getByRole('heading', { level: 1, name: `Case ${handle(caseId)}` })).toBeVisible();
}


test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await ready();
  env = await createTestEnvironment('aidflow');
  // No BLOB_STORE: the default filesystem store, in the system's own blob directory.
  system = await startSystem(env, join(ROOT_DIR, 'tmp/aid-flow-server.log'), {
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: testRoot().rootPublicKey,
  });
  useSystem(system.url);
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  for (const d of (await publicGet('/desks')) as { id: string; slug: string; name: string }[]) desks[d.slug] = { id: d.id, name: d.name };
  // A certified admin, a lead of three desks, a legal and a medical caseworker, certified desk keys held by their members.
  await setUpTeam(browser, system.logFile, desks, (role, actor) => (actors[role] = actor));
});

test.afterAll(async () => {
  for (const actor of Object.values(actors)) await actor?.context.close();
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('a requester sends a legal request with a 5 MiB file through the portal and gets the receipt code; the database and the blob store keep none of it in clear', async ({ browser }) => {
  test.setTimeout(300_000);
  const file = markedFile();
  const requester = await Actor.open(browser, 'the requester', { staff: false });
  actors.requester = requester;
  const page = requester.page;
  await page.goto(url('/'));
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await expect(page).toHaveURL(url('/request?lang=en'));
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where does your legal case stand?').selectOption({ label: 'I have been charged' });
  await page.getByLabel('Date of the next court hearing').fill('2027-03-14');
  await page.getByLabel('The court and the charges').fill(MARKERS.court);
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
  await page.getByLabel('Which country is your request about?').selectOption('KZ');
  await page.getByLabel('In which language should we answer you?').selectOption('ru');
  await page.getByLabel('Anything else we should know').fill(MARKERS.description);
  await page.getByLabel('How can we reach you safely?').fill(MARKERS.contact);
  await page.getByLabel('Add files').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: file });
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText(FILE_NAME);
  await page.getByRole('button', { name: 'Review my request' }).click();
  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeFocused();
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 120_000 });
  const code = await shownValue(page.getByLabel('Your receipt code'), RECEIPT);
  const upload = page.getByRole('listitem', { name: FILE_NAME });
  await expect(upload.getByText('Sent', { exact: true })).toBeVisible({ timeout: 180_000 });
  await expect(upload.getByRole('progressbar', { name: 'Uploaded' })).toHaveAttribute('value', '100');
  await page.getByLabel('I have written down my receipt code').check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  // One legal case of the requester whose keys the code gives, routed to the legal desk, its one
  // file complete: 80 chunks of 64 KiB, in the filesystem store.
  const { instanceId } = (await publicGet('/intake/config')) as { instanceId: string };
  const signPk = encodePublicKey(deriveRequesterKeys(normaliseReceiptCode(code), instanceId).signPk);
  const cases = (
    await database().query(`SELECT c.id, c.request_type, c.owner_desk_id FROM aid_cases c JOIN requesters r ON r.id = c.requester_id WHERE r.sign_pk = $1`, [signPk])
  ).rows as { id: string; request_type: string; owner_desk_id: string }[];
  expect(cases).toHaveLength(1);
  const row = need(cases[0], 'the case');
  expect(row).toMatchObject({ request_type: 'legal', owner_desk_id: need(desks['legal'], 'the legal desk').id });
  const caseId = row.id;
  const files = (await database().query(`SELECT chunk_count, received_chunks, completed_at FROM case_files WHERE case_id = $1`, [caseId])).rows as { chunk_count: number; received_chunks: number; completed_at: Date | null }[];
  expect(files.map((f) => [f.chunk_count, f.received_chunks, f.completed_at !== null])).toEqual([[FILE_BYTES / CHUNK_BYTES, FILE_BYTES / CHUNK_BYTES, true]]);
  requester.expectClean();

  // Positive controls: the scans find what is deliberately kept in clear.
  const columns = await scannedColumns();
  const types = new Set(columns.map((c) => c.type));
  for (const type of ['text', 'jsonb', 'bytea', 'ARRAY']) expect(types, `a ${type} column is scanned`).toContain(type);
  expect(await columnsHolding('Carlos Caseworker')).toContain('staff_members.display_name');
  expect(await columnsHolding(caseId)).toContain('case_file_chunks.blob_key');
  const someBytea = (await database().query(`SELECT webauthn_user_id FROM staff_members WHERE display_name = 'Mira Medical'`)).rows[0] as { webauthn_user_id: Buffer };
  expect(await columnsHolding(someBytea.webauthn_user_id.subarray(4, 20))).toContain('staff_members.webauthn_user_id');
  const chunks = (await database().query(`SELECT c.blob_key FROM case_file_chunks c JOIN case_files f ON f.id = c.file_id WHERE f.case_id = $1`, [caseId])).rows as { blob_key: string }[];
  expect(chunks).toHaveLength(FILE_BYTES / CHUNK_BYTES);
  // The file lives in the filesystem store: every chunk a file there, nothing in PostgreSQL's blob table.
  const blobs = blobFiles();
  expect(blobs.reduce((n, b) => n + b.bytes.length, 0)).toBeGreaterThan(FILE_BYTES);
  const blobPaths = new Set(blobs.map((b) => b.path));
  for (const { blob_key: key } of chunks) expect(blobPaths.has(key), `blob ${key} in the blob directory`).toBe(true);
  expect(((await database().query(`SELECT count(*)::int AS n FROM blob_chunks`)).rows[0] as { n: number }).n).toBe(0);
  const probeDir = join(need(system, 'the system').blobDir, 'zz-control');
  const probe = `CONTROL-${tag()}`;
  mkdirSync(probeDir, { recursive: true });
  writeFileSync(join(probeDir, 'probe'), Buffer.concat([randomBytes(100), Buffer.from(probe), randomBytes(100)]));
  try {
    expect(blobsHolding(probe)).toEqual(['zz-control/probe', '(all blobs end to end)']);
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }

  // No plaintext: the form's markers, the file's, its name and the receipt code, in no column, no blob and no log line.
  await expectNowhereInClear([MARKERS.court, MARKERS.description, MARKERS.contact, ...FILE_MARKERS.map((m) => m.text), FILE_NAME, code, code.replace(/-/g, '')]);
});

test('the legal caseworker signs in with a passkey, finds the case in the inbox, reads the request, downloads the file byte-exact, sets critical, writes a note and a message', async () => {
  test.setTimeout(180_000);
  const legal = need(actors.legal, 'the legal caseworker');
  const file = markedFile();
  const { caseId } = await requestSentInNode(file);
  const page = legal.page;
  // Signed in again with the passkey and the passphrase, whatever session was left before.
  await signInAfresh(legal);
  await expect(page).toHaveURL(url('/staff/console'));

  await openNav(page, 'Cases');
  await expect(page).toHaveURL(url('/staff/cases'));
  await expect(page.getByRole('heading', { name: 'Cases of the Legal aid desk' })).toBeVisible();
  const row = caseRow(page, caseId);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Unassigned');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));

  await expect(page.getByRole('heading', { level: 1, name: `Case ${handle(caseId)}` })).toBeVisible();
  const request = page.getByRole('region', { name: 'Request' });
  await expect(request).toContainText(MARKERS.court, { timeout: 30_000 });
  await expect(request).toContainText(MARKERS.description);
  await expect(request).toContainText(MARKERS.contact);
  await expect(request).toContainText('Signature verified');
  await expect(described(request, 'Has a lawyer')).toHaveText('No');
  await expect(described(request, 'Country')).toHaveText('Kazakhstan (KZ)');

  const files = page.getByRole('list', { name: 'Files' });
  await expect(files.getByRole('listitem')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), files.getByRole('button', { name: `Download ${FILE_NAME}` }).click()]);
  expect(download.suggestedFilename()).toBe(FILE_NAME);
  const saved = readFileSync(await download.path());
  expect(saved.length).toBe(FILE_BYTES);
  expect(sha256(saved)).toBe(sha256(file));
  await expect(files.getByRole('status')).toContainText('Decrypted and verified');

  await page.getByRole('combobox', { name: 'Urgency' }).selectOption('critical');
  await page.getByRole('button', { name: 'Set urgency' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Urgency set to Critical' })).toBeVisible();
  await expect(described(page, 'Urgency')).toHaveText('Critical');
  expect(((await database().query(`SELECT urgency FROM aid_cases WHERE id = $1`, [caseId])).rows[0] as { urgency: string }).urgency).toBe('critical');

  await writeNoteAndMessage(page, MARKERS);
  legal.expectClean();
  await expectNowhereInClear([MARKERS.note, MARKERS.message]);
});

test('the requester signs in with the receipt code, reads the message but not the note, and replies; the caseworker reads the reply', async ({ browser }) => {
  test.setTimeout(180_000);
  const legal = need(actors.legal, 'the legal caseworker');
  const { caseId, code } = await requestSentInNode(randomBytes(100_000));
  // The caseworker answers through the screens: a note and a message.
  await signInAfresh(legal);
  await expect(legal.page).toHaveURL(url('/staff/console'));
  await caseworkerOpens(legal, caseId);
  await expect(legal.page.getByRole('region', { name: 'Request' })).toContainText(MARKERS.court, { timeout: 30_000 });
  await writeNoteAndMessage(legal.page, MARKERS);
  legal.expectClean();

  const requester = await Actor.open(browser, 'the requester', { staff: false });
  const page = requester.page;
  try {
    await page.goto(url('/'));
    await page.getByRole('link', { name: 'I have a receipt code' }).click();
    await expect(page).toHaveURL(url('/follow-up?lang=en'));
    await page.getByLabel('Receipt code').fill(code);
    await page.getByRole('button', { name: 'Open my request' }).click();

    await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 60_000 });
    const messages = page.getByRole('list', { name: 'Messages' });
    await expect(messages.getByRole('listitem')).toHaveCount(1);
    await expect(messages).toContainText(MARKERS.message);
    // Requesters see a pseudonym (none chosen here: "Our team"), never the caseworker's real name.
    await expect(messages).toContainText('Our team');
    await expect(messages).not.toContainText('Carlos Caseworker');
    await page.getByText('Your request, as you sent it').click();
    await expect(page.getByText(MARKERS.court)).toBeVisible();
    await expect(page.getByRole('list', { name: 'Files of your request' })).toContainText(FILE_NAME);
    // The note reaches neither the page nor anything the page was sent.
    expect(await page.content()).not.toContain(MARKERS.note);
    const view = await requester.call('GET', '/requester/case');
    expect(view.status).toBe(200);
    const kinds = (view.body as { records: { kind: string }[] }).records.map((r) => r.kind).sort();
    expect(kinds).toEqual(['message', 'request']);

    await page.getByLabel('Your reply').fill(MARKERS.reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByText('Your reply was sent.')).toBeVisible();
    await expect(messages.getByRole('listitem')).toHaveCount(2);
    await expect(messages.getByRole('listitem').last()).toContainText(MARKERS.reply);
    expect(await page.content()).not.toContain(MARKERS.note);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(url('/?lang=en'));
    requester.expectClean();
  } finally {
    await requester.context.close();
  }

  // The caseworker comes back to the case through the inbox and reads the reply, its author verified.
  await caseworkerOpens(legal, caseId);
  const fromRequester = legal.page.getByRole('list', { name: 'Notes and messages' }).getByRole('listitem', { name: 'Message from the requester' });
  await expect(fromRequester).toContainText(MARKERS.reply, { timeout: 30_000 });
  await expect(fromRequester).toContainText('Signature verified');
  legal.expectClean();
  await expectNowhereInClear([MARKERS.note, MARKERS.message, MARKERS.reply, code, code.replace(/-/g, '')]);
});

test('a caseworker of another desk gets “Case not found”, and the api answers 404', async () => {
  const medical = need(actors.medical, 'the medical caseworker');
  const { caseId } = await requestSentInNode(randomBytes(1000));
  const page = medical.page;
  await signInAfresh(medical, `/staff/cases/${caseId}`);
  await expect(page).toHaveURL(url(`/staff/cases/${caseId}`));
  await expect(page.getByRole('heading', { level: 1, name: 'Case not found' })).toBeVisible();
  await expect(page.getByText(MARKERS.court)).toHaveCount(0);
  expect((await medical.call('GET', `/cases/${caseId}`)).status).toBe(404);
  expect((await medical.call('GET', `/cases/${caseId}/files`)).status).toBe(404);
  medical.expectClean([`GET /api/v1/cases/${caseId} 404`, `GET /api/v1/cases/${caseId}/files 404`]);
});
