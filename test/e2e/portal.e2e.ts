/**
 * The public portal and the requester follow-up in Chromium, on a system of its own (serving
 * the web build of global-setup.ts, made with the TEST root public key, and storing blobs in
 * PostgreSQL so the test can read every byte the api kept).
 *
 * Set up straight in the database, as a lead and an admin would have done through the
 * console: an admin certified by the TEST root, a caseworker certified by the admin, and
 * certified key version 1 of the intake and legal desks (their key pairs stay in this test,
 * which plays the desks' side).
 *
 * Then: a requester asks for legal help with a 1 MiB file whose upload is cut off and resumed,
 * gets the receipt code once, and the database holds no plaintext of the form or the file
 * (while the desk opens both byte-exact); quick exit replaces the page and Back cannot return;
 * the receipt code typed loosely opens the status and the desk's message but never the note,
 * and the reply and a new file arrive encrypted; a wrong code is refused clearly; desk keys
 * that do not chain to the built-in root stop the request before anything is sealed; the same
 * api reached through a second origin standing for the onion service (ONION_URL) takes the
 * receipt-code sign-in, a reply and a file, and the clear site names it in Onion-Location.
 * Every test asserts that no request left this machine and no page logged an error, and those
 * that send secrets that the server log holds none of them. The tests share only the system and
 * its staff and desks: a test that needs a request already sent makes its own (in Node, as the
 * portal makes it), so one failure does not stop the others.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type IdentityKeys,
  type JsonValue,
  type StaffKey,
  CHUNK_BYTES,
  createFileDecryptor,
  createFileEncryptor,
  decryptCaseFileMeta,
  decryptRecord,
  deriveRequesterKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  encryptCaseFileMeta,
  encryptRecord,
  encryptedSize,
  generateDeskKeyPair,
  generateFileKey,
  generateIdentityKeys,
  generateReceiptCode,
  generateRootKeys,
  generateStaffKey,
  importRootKeys,
  issueCertificate,
  kidOf,
  normaliseReceiptCode,
  openCaseKeyEnvelope,
  parseSignPublicKey,
  ready,
  signDeskApproval,
  unwrapCaseFileKey,
  wrapCaseFileKey,
} from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { nodeRequester } from './node-requester';
import { collectPageProblems, endingShortly, guardLocalOnly } from './support';

const ROOT_DIR = join(__dirname, '../..');
const YEAR = 365 * 86_400_000;
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
/** A Chromium console line for a request the test itself cut off (the upload must survive it). */
const ABORTED = 'console: Failed to load resource: net::ERR_FAILED';

/** The host that stands for the onion address in these tests (docs/decisions.md, issue 15). */
const ONION_HOST = 'ashar-onion.localhost';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;

const desks = {} as { intake: { id: string; key: DeskKeyPair }; legal: { id: string; key: DeskKeyPair } };
const staff = {} as { admin: { id: string; identity: IdentityKeys }; approver: { id: string; identity: IdentityKeys }; caseworker: { id: string; identity: IdentityKeys } };

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

/** The same path on the origin that stands for the onion service. */
function onionUrl(path = ''): string {
  if (!system) throw new Error('the system did not start');
  const u = new URL(system.url);
  u.hostname = ONION_HOST;
  return `${u.origin}${path}`;
}

function database(): Client {
  if (!db) throw new Error('no database connection');
  return db;
}

/** One person at one browser, whose every request is checked to stay on this machine. */
interface Visitor {
  context: BrowserContext;
  page: Page;
  outside: string[];
  problems: string[];
  /** `METHOD /path` of every api request the page made. */
  requests: string[];
}

async function visit(browser: Browser): Promise<Visitor> {
  const context = await browser.newContext();
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const requests: string[] = [];
  context.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) requests.push(`${request.method()} ${pathname}`);
  });
  const page = await context.newPage();
  return { context, page, outside, problems, requests };
}

async function done(visitor: Visitor, allowedProblems: string[] = []): Promise<void> {
  expect(visitor.outside, 'requests that left this machine').toEqual([]);
  expect(
    visitor.problems.filter((p) => !allowedProblems.includes(p)),
    'page errors',
  ).toEqual([]);
  await visitor.context.close();
}

async function insertStaff(name: string, roles: string[], certifier: { id: string; identity: IdentityKeys } | 'root'): Promise<{ id: string; identity: IdentityKeys }> {
  const id = randomUUID();
  const identity = generateIdentityKeys();
  const issuer = certifier === 'root' ? importRootKeys(testRoot().rootKey) : certifier.identity;
  const certificate = issueCertificate(issuer, {
    kind: certifier === 'root' ? 'admin' : 'staff',
    subjectId: id,
    encPk: identity.encPk,
    signPk: identity.signPk,
    notAfter: new Date(Date.now() + YEAR),
  });
  await database().query(
    `INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id, enc_pk, sign_pk, certificate, certified_by, certified_at)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, now())`,
    [id, name, roles, randomBytes(32), encodePublicKey(identity.encPk), encodePublicKey(identity.signPk), JSON.stringify(certificate), certifier === 'root' ? id : certifier.id],
  );
  return { id, identity };
}

/**
 * Version 1 of a desk's key, certified by the admin and approved by the second admin (libs/crypto
 * SPEC.md §8.2), straight in the database; the key pair stays with the test.
 */
async function certifyDesk(slug: string): Promise<{ id: string; key: DeskKeyPair }> {
  const rows = (await database().query(`SELECT id FROM desks WHERE slug = $1`, [slug])).rows as { id: string }[];
  const id = rows[0]?.id;
  if (!id) throw new Error(`no ${slug} desk`);
  const key = generateDeskKeyPair(id, 1);
  const certificate = issueCertificate(staff.admin.identity, { kind: 'desk', subjectId: deskSubjectId(id, 1), encPk: key.encPk, signPk: key.signPk, notAfter: new Date(Date.now() + YEAR) });
  const approverCertificate = (await database().query(`SELECT certificate FROM staff_members WHERE id = $1`, [staff.approver.id])).rows[0]?.certificate as unknown;
  await database().query(
    `INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, certificate, created_by, certified_by, certified_at, approval_signature, approved_by, approval_certificate, approved_at)
     VALUES ($1, 1, $2, $3, $4, $5, $5, now(), $6, $7, $8, now())`,
    [
      id,
      encodePublicKey(key.encPk),
      encodePublicKey(key.signPk),
      JSON.stringify(certificate),
      staff.admin.id,
      signDeskApproval(staff.approver.identity, deskVersionKeys(key)),
      staff.approver.id,
      JSON.stringify(approverCertificate),
    ],
  );
  return { id, key };
}

/** The case key as the legal desk opens it: its envelope, signed by the requester's key. */
async function legalCaseKey(caseId: string, requesterSignPk: string): Promise<CaseKey> {
  const rows = (
    await database().query(`SELECT sealed_key, sealer_kid, signature FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'desk' AND recipient_id = $2`, [caseId, desks.legal.id])
  ).rows as { sealed_key: string; sealer_kid: string; signature: string }[];
  const envelope = rows[0];
  if (!envelope) throw new Error('no envelope to the legal desk');
  return openCaseKeyEnvelope(
    { sealedKey: envelope.sealed_key, sealerKid: envelope.sealer_kid, signature: envelope.signature } as unknown as CaseKeyEnvelope,
    caseId,
    desks.legal.key,
    parseSignPublicKey(requesterSignPk),
  );
}

/** The requester's side of the api from Node, for tests that start from a request already sent. */
function requesterInNode() {
  if (!system) throw new Error('the system did not start');
  return nodeRequester(system.url);
}

/**
 * Nothing the requester or the staff wrote, and no receipt code, challenge, session id, CSRF
 * token or client address, is in the server log so far.
 */
async function expectLogHoldsNone(secrets: string[]): Promise<string> {
  if (!system) throw new Error('the system did not start');
  const log = await readSystemLog(system);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(5);
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(/"challenge"|ashar_sid=|x-csrf-token/);
  expect(log).not.toMatch(/127\.0\.0\.1(?!:\d)|::1|remoteAddress|x-forwarded-for|user-agent/i);
  return log;
}

/**
 * A file a caseworker attached, written as the api would store it (rows, chunk digests and
 * PostgreSQL blobs): encrypted here (format 2, SPEC.md §9.3) under `key` — the case key for a
 * message's file, a staff-only key for a note's — uploaded by `staff.caseworker`.
 */
async function insertStaffFile(caseId: string, key: CaseKey | StaffKey, recordKind: 'message' | 'note', name: string, bytes: Buffer): Promise<void> {
  const fileId = randomUUID();
  const ref = { caseId, fileId };
  const bound = { caseId, fileId, recordKind };
  const fileKey = generateFileKey();
  const encryptor = createFileEncryptor(fileKey, ref);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; ; offset += CHUNK_BYTES) {
    const end = Math.min(offset + CHUNK_BYTES, bytes.length);
    chunks.push(encryptor.push(new Uint8Array(bytes.subarray(offset, end)), end >= bytes.length).bytes);
    if (end >= bytes.length) break;
  }
  await database().query(
    `INSERT INTO case_files (id, case_id, record_kind, format, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count, received_chunks, completed_at)
     VALUES ($1, $2, $3, 2, 'staff', $4, $5, $6, $7, $8, $9, $9, now())`,
    [fileId, caseId, recordKind, staff.caseworker.id, encryptor.header, encryptCaseFileMeta(key, bound, { name, type: 'text/plain', size: bytes.length }), wrapCaseFileKey(key, bound, fileKey), encryptedSize(bytes.length), chunks.length],
  );
  for (const [index, chunk] of chunks.entries()) {
    const key = `cases/${caseId}/files/${fileId}/${index}-0`;
    await database().query(`INSERT INTO blob_chunks (key, part, data) VALUES ($1, 0, $2)`, [key, Buffer.from(chunk)]);
    await database().query(`INSERT INTO case_file_chunks (file_id, index, blob_key, size, digest) VALUES ($1, $2, $3, $4, $5)`, [
      fileId,
      index,
      key,
      chunk.length,
      createHash('sha256').update(chunk).digest(),
    ]);
  }
}

/** Every table and column (text, json, arrays, bytea) of the database holding `needle`. */
async function columnsHolding(needle: string): Promise<string[]> {
  const columns = (
    await database().query(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
    )
  ).rows as { table_name: string; column_name: string; data_type: string }[];
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const where = type === 'bytea' ? `position($1::bytea in "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
    const rows = (await database().query(`SELECT 1 FROM "${table}" WHERE ${where} LIMIT 1`, [type === 'bytea' ? Buffer.from(needle, 'utf8') : needle])).rows;
    if (rows.length > 0) found.push(`${table}.${column}`);
  }
  return found;
}

test.beforeAll(async () => {
  await ready();
  const root = testRoot();
  env = await createTestEnvironment('portal');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/portal-server.log'), (port) => ({
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: root.rootPublicKey,
    BLOB_STORE: 'postgres',
    // The same api is also reached as the onion service would reach it: another origin, here a
    // name under .localhost (Chromium resolves it to loopback and, as Tor Browser does for .onion,
    // treats it as a secure context). A stand-in host is refused in production, hence NODE_ENV.
    ONION_URL: `http://${ONION_HOST}:${port}`,
    ONION_URL_ANY_HOST: 'true',
    NODE_ENV: 'test',
  }));
  db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  staff.admin = await insertStaff('Amina Admin', ['admin'], 'root');
  staff.approver = await insertStaff('Bilal Admin', ['admin'], 'root');
  staff.caseworker = await insertStaff('Lena Lawyer', ['caseworker'], staff.admin);
  desks.intake = await certifyDesk('intake');
  desks.legal = await certifyDesk('legal');
  await db.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, false)`, [desks.legal.id, staff.caseworker.id]);
});

test.afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
});

test('the request form is built from the domain fields and explains what is missing', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/'));
  await expect(page.getByRole('heading', { level: 1, name: 'Ask for help, safely' })).toBeVisible();
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await expect(page).toHaveURL(url('/request?lang=en'));

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('Choose the kind of help you need.');
  await page.getByRole('radio', { name: /Relocation/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Relocation asks about the threat, the current location, dependants and documents; every type asks country and language.
  for (const label of [
    'What threat are you facing?',
    'How safe are you where you are now?',
    'How many people depend on you and would need to move with you?',
    'What travel documents do you have?',
    'Which country is your request about?',
    'In which language should we answer you?',
  ]) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByLabel('What threat are you facing?')).toHaveAttribute('maxlength', '5000');

  await page.getByLabel('How many people depend on you and would need to move with you?').fill('31');
  await page.getByRole('button', { name: 'Review my request' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Some answers need your attention' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('listitem')).toHaveText([
    'What threat are you facing?: Answer this question.',
    'How safe are you where you are now?: Choose one answer.',
    'How many people depend on you and would need to move with you?: Enter a whole number from 0 to 30.',
    'What travel documents do you have?: Choose one answer.',
    'Which country is your request about?: Choose one answer.',
    'In which language should we answer you?: Choose one answer.',
  ]);
  // The summary leads to the field, whose error is tied to it.
  await summary.getByRole('button', { name: /What threat are you facing/ }).click();
  const threat = page.getByLabel('What threat are you facing?');
  await expect(threat).toBeFocused();
  await expect(threat).toHaveAttribute('aria-invalid', 'true');
  await expect(threat).toHaveAccessibleDescription(/Answer this question\./);

  // Going back keeps the answers that all types share.
  await page.getByLabel('Which country is your request about?').selectOption('UZ');
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('radio', { name: /Medical help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Which country is your request about?')).toHaveValue('UZ');
  await expect(page.getByLabel('How urgent is it?')).toBeVisible();
  expect(v.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
  await done(v);
});

test('a requester sends a legal request with a 1 MiB file; the upload resumes after a cut; the receipt code is shown once and opens the follow-up; the api keeps only ciphertext', async ({ browser }) => {
  const formMarker = `court-marker-${randomBytes(6).toString('hex')}`;
  const fileMarker = `file-marker-${randomBytes(6).toString('hex')}`;
  const line = Buffer.from(`${fileMarker} evidence line\n`);
  const sentFile = Buffer.concat([Buffer.alloc(1024 * 1024 + 1000, line)]);

  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/'));
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where does your legal case stand?').selectOption({ label: 'I have been charged' });
  await page.getByLabel('Date of the next court hearing').fill('2027-03-14');
  await page.getByLabel('The court and the charges').fill(`Almaty district court, ${formMarker}`);
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
  await page.getByLabel('Which country is your request about?').selectOption('KZ');
  await page.getByLabel('In which language should we answer you?').selectOption('ru');
  await page.getByLabel('Anything else we should know').fill(`They searched my flat. ${formMarker}`);
  await page.getByLabel('Add files').setInputFiles({ name: 'indictment.pdf', mimeType: 'application/pdf', buffer: sentFile });
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('indictment.pdf');
  await page.getByRole('button', { name: 'Review my request' }).click();

  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeFocused();
  await expect(page.getByText('the country (Kazakhstan) and the language (Russian)')).toBeVisible();
  const review = page.getByRole('definition');
  await expect(review.filter({ hasText: 'I have been charged' })).toHaveCount(1);
  await expect(review.filter({ hasText: 'indictment.pdf' })).toHaveCount(1);

  // Chunk 5 is cut off four times: the first time after the api stored it (the answer is lost),
  // then before it arrives, until the page's retries run out and the upload pauses.
  let cuts = 0;
  await page.route('**/api/v1/cases/*/files/*/chunks/5', async (route) => {
    cuts += 1;
    if (cuts === 1) await route.fetch();
    await route.abort('failed');
  });
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 60_000 });
  const codeInput = page.getByLabel('Your receipt code');
  await expect(codeInput).toHaveValue(RECEIPT);
  const code = await codeInput.inputValue();
  const upload = page.getByRole('listitem', { name: 'indictment.pdf' });
  await expect(upload.getByText('Paused', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(cuts).toBe(4);
  await page.unroute('**/api/v1/cases/*/files/*/chunks/5');
  await page.getByRole('button', { name: 'Resume the upload' }).click();
  await expect(upload.getByText('Sent', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(upload.getByRole('progressbar', { name: 'Encrypted' })).toHaveAttribute('value', '100');
  await expect(upload.getByRole('progressbar', { name: 'Uploaded' })).toHaveAttribute('value', '100');
  // The resumed upload asked where the api stood and did not send chunk 5 again.
  const chunkPuts = v.requests.filter((r) => /^PUT .*\/chunks\/\d+$/.test(r)).map((r) => Number(r.split('/').pop()));
  expect(chunkPuts.filter((i) => i === 5)).toHaveLength(4);
  expect(chunkPuts.filter((i) => i === 6)).toHaveLength(1);
  expect(v.requests.filter((r) => /^GET \/api\/v1\/cases\/[^/]+\/files\/[^/]+$/.test(r))).toHaveLength(1);

  // The code is shown once: finishing needs the confirmation, and afterwards it is gone. The
  // home page must have replaced the receipt page before the page is searched for the code.
  const finish = page.getByRole('button', { name: 'Finish' });
  await expect(finish).toBeDisabled();
  await page.getByLabel('I have written down my receipt code').check();
  await finish.click();
  await expect(page).toHaveURL(url('/?lang=en'));
  await expect(page.getByRole('heading', { level: 1, name: 'Ask for help, safely' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toHaveCount(0);
  await expect(codeInput).toHaveCount(0);
  expect(await page.content()).not.toContain(code);
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await expect(page.getByRole('heading', { name: 'What kind of help do you need?' })).toBeVisible();

  // What the api stored: the clear routing facts, ciphertext, and the requester's public keys,
  // those derived from the code the page showed.
  const { instanceId } = (await (await fetch(url('/api/v1/intake/config'))).json()) as { instanceId: string };
  const requesterSignPk = encodePublicKey(deriveRequesterKeys(normaliseReceiptCode(code), instanceId).signPk);
  const cases = (
    await database().query(
      `SELECT c.id, c.request_type, c.country, c.language, c.status, c.owner_desk_id, c.collaborator_desk_ids
         FROM aid_cases c JOIN requesters r ON r.id = c.requester_id WHERE r.sign_pk = $1`,
      [requesterSignPk],
    )
  ).rows as {
    id: string;
    request_type: string;
    country: string;
    language: string;
    status: string;
    owner_desk_id: string;
    collaborator_desk_ids: string[];
  }[];
  expect(cases).toHaveLength(1);
  const row = cases[0]!;
  expect(row).toMatchObject({ request_type: 'legal', country: 'KZ', language: 'ru', status: 'new', owner_desk_id: desks.legal.id, collaborator_desk_ids: [desks.intake.id] });
  const envelopes = (await database().query(`SELECT recipient_kind, recipient_id FROM case_key_envelopes WHERE case_id = $1 ORDER BY recipient_kind`, [row.id])).rows as { recipient_kind: string; recipient_id: string }[];
  expect(envelopes.map((g) => g.recipient_kind).sort()).toEqual(['desk', 'desk', 'requester']);

  for (const marker of [formMarker, fileMarker, code, code.replace(/-/g, ''), 'Almaty district court', 'They searched my flat', 'indictment.pdf']) {
    expect(await columnsHolding(marker), `columns holding "${marker}"`).toEqual([]);
  }

  // The legal desk opens the request and the file, byte-exact, with its own key.
  const caseKey = await legalCaseKey(row.id, requesterSignPk);
  const record = (await database().query(`SELECT id, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND kind = 'request'`, [row.id])).rows[0] as { id: string; author_kid: string; ciphertext: string };
  expect(record.author_kid).toBe(kidOf(parseSignPublicKey(requesterSignPk)));
  const form = decryptRecord(caseKey, { caseId: row.id, recordId: record.id, recordKind: 'request' }, { ciphertext: record.ciphertext, authorKid: record.author_kid }, parseSignPublicKey(requesterSignPk));
  expect(form).toEqual({
    type: 'legal',
    caseStage: 'charged',
    nextCourtDate: '2027-03-14',
    courtDetails: `Almaty district court, ${formMarker}`,
    hasLawyer: false,
    country: 'KZ',
    preferredLanguage: 'ru',
    description: `They searched my flat. ${formMarker}`,
  });
  const files = (await database().query(`SELECT id, record_kind, header, meta, wrapped_key, chunk_count, received_chunks, completed_at FROM case_files WHERE case_id = $1`, [row.id])).rows as {
    id: string;
    record_kind: string;
    header: string;
    meta: string;
    wrapped_key: string;
    chunk_count: number;
    received_chunks: number;
    completed_at: Date | null;
  }[];
  expect(files).toHaveLength(1);
  const file = files[0]!;
  expect(file).toMatchObject({ record_kind: 'request', chunk_count: 17, received_chunks: 17 });
  expect(file.completed_at).not.toBeNull();
  const ref = { caseId: row.id, fileId: file.id };
  const bound = { ...ref, recordKind: 'request' };
  expect(decryptCaseFileMeta(caseKey, bound, file.meta)).toEqual({ name: 'indictment.pdf', type: 'application/pdf', size: sentFile.length });
  const decryptor = createFileDecryptor(unwrapCaseFileKey(caseKey, bound, file.wrapped_key), ref, file.header);
  const chunks = (
    await database().query(
      `SELECT c.index, string_agg(b.data, ''::bytea ORDER BY b.part) AS data
         FROM case_file_chunks c JOIN blob_chunks b ON b.key = c.blob_key
        WHERE c.file_id = $1 GROUP BY c.index ORDER BY c.index`,
      [file.id],
    )
  ).rows as { index: number; data: Buffer }[];
  const plain = chunks.map((c) => Buffer.from(decryptor.pull(new Uint8Array(c.data), c.index).bytes));
  decryptor.finish();
  expect(Buffer.concat(plain).equals(sentFile)).toBe(true);

  // The code the page showed opens the request on the follow-up page, its form and file decrypted there.
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill(code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Received', { exact: true })).toBeVisible();
  await page.getByText('Your request, as you sent it').click();
  await expect(page.getByText(`Almaty district court, ${formMarker}`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Files of your request' })).toContainText('indictment.pdf');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  // Nothing of the request reached the server log, which did record the submission.
  const log = await expectLogHoldsNone([code, code.replace(/-/g, ''), formMarker, fileMarker, 'indictment.pdf']);
  expect(log).toContain('POST","path":"/api/v1/intake"');

  // Four cut-off requests, as the test made them, and nothing else.
  expect(v.problems.filter((p) => p === ABORTED)).toHaveLength(4);
  await done(v, [ABORTED]);
});

test('a request whose answer is lost on the way is sent again as the same request: the receipt shows, and the desk gets one case', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/request'));
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where does your legal case stand?').selectOption({ label: 'I have been charged' });
  await page.getByLabel('The court and the charges').fill('Regional court, article 274');
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('No').check();
  await page.getByLabel('Which country is your request about?').selectOption('KZ');
  await page.getByLabel('In which language should we answer you?').selectOption('ru');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeFocused();

  // The first POST reaches the api, which stores the request; its answer never reaches the page.
  const bodies: string[] = [];
  await page.route('**/api/v1/intake', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    bodies.push(route.request().postData() ?? '');
    if (bodies.length > 1) return route.continue();
    const answer = await route.fetch();
    expect(answer.status()).toBe(201);
    await route.abort('failed');
  });
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByRole('heading', { name: 'We could not confirm that your request arrived' })).toBeFocused({ timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveText('The server could not be reached. Check your connection and try again.');
  const { caseId } = JSON.parse(bodies[0]!) as { caseId: string };
  expect((await database().query(`SELECT count(*)::int AS n FROM aid_cases WHERE id = $1`, [caseId])).rows).toEqual([{ n: 1 }]);

  // Sending it again sends the very same bytes, and the api answers as the first time.
  await page.getByRole('button', { name: 'Send it again' }).click();
  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible();
  const code = await page.getByLabel('Your receipt code').inputValue();
  expect(code).toMatch(RECEIPT);
  expect(bodies).toHaveLength(2);
  expect(bodies[1]).toBe(bodies[0]);
  expect(v.requests.filter((r) => r === 'POST /api/v1/intake')).toHaveLength(2);

  // One requester for the code the page showed, with the one case; one case.created event.
  const { instanceId } = (await (await fetch(url('/api/v1/intake/config'))).json()) as { instanceId: string };
  const signPk = encodePublicKey(deriveRequesterKeys(normaliseReceiptCode(code), instanceId).signPk);
  const cases = (await database().query(`SELECT c.id FROM aid_cases c JOIN requesters r ON r.id = c.requester_id WHERE r.sign_pk = $1`, [signPk])).rows as { id: string }[];
  expect(cases).toEqual([{ id: caseId }]);
  const created = (await database().query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.created' AND subject_id = $1`, [caseId])).rows;
  expect(created).toEqual([{ n: 1 }]);

  // The receipt code opens the request on the follow-up page.
  await page.getByLabel('I have written down my receipt code').check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill(code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Received', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  expect(v.problems.filter((p) => p === ABORTED)).toHaveLength(1);
  await done(v, [ABORTED]);
});

test('quick exit replaces the page with a neutral one, clears session storage, and Back cannot return to the form', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/'));
  // The tab's history before the portal: the blank page Playwright opens with.
  const entriesBefore = await page.evaluate(() => history.length);
  await page.getByRole('link', { name: 'Ask for help' }).click();
  await page.getByRole('radio', { name: /Psychological support/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('When are you usually free to talk?').fill('evenings');
  await page.evaluate(() => sessionStorage.setItem('probe', 'x'));

  const exit = page.getByRole('button', { name: 'Leave this site quickly' });
  await expect(exit).toBeVisible();
  await exit.click();
  await expect(page).toHaveURL(url('/about-weather.html?lang=en'));
  await expect(page).toHaveTitle('Reading a weather forecast');
  await expect(page.getByRole('heading', { level: 1, name: 'Reading a weather forecast' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // The form step's entry was gone back over and the portal's first entry became the weather page:
  // Back leaves the site (the browser may keep the step's entry forward of it, which loads an empty page).
  expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(entriesBefore + 1);
  await page.goBack();
  await expect(page).toHaveURL('about:blank');
  await page.goForward();
  await expect(page).toHaveURL(url('/about-weather.html?lang=en'));
  await expect(page.getByText('evenings')).toHaveCount(0);

  // Escape three times does the same from the follow-up page, with a code typed in.
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill('ABCD-EFGH');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(url('/follow-up?lang=en'));
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(url('/about-weather.html?lang=en'));
  await expect(page.getByRole('heading', { level: 1, name: 'Reading a weather forecast' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  // The entry of the follow-up page was replaced, so Back leads to the weather page before it, never to the portal.
  await page.goBack();
  await expect(page).toHaveURL(url('/about-weather.html?lang=en'));
  await expect(page.getByLabel('Receipt code')).toHaveCount(0);
  await done(v);
});

test('follow-up: the receipt code typed loosely opens the status, the desk’s message and file, never the note; the reply and a file arrive encrypted', async ({ browser }) => {
  // A legal request with a file, sent as the portal sends it (in Node: the submission has its own test).
  const formMarker = `court-marker-${randomBytes(6).toString('hex')}`;
  const requester = requesterInNode();
  const sent = await requester.submit({
    type: 'legal',
    caseStage: 'charged',
    nextCourtDate: '2027-03-14',
    courtDetails: `Almaty district court, ${formMarker}`,
    hasLawyer: false,
    country: 'KZ',
    preferredLanguage: 'ru',
  });
  await requester.uploadFile(sent, await requester.signIn(sent.keys), 'indictment.pdf', Buffer.from(`%PDF indictment ${formMarker}\n`.repeat(2000)), 'application/pdf');
  const caseId = sent.caseId;
  const requesterSignPk = encodePublicKey(sent.keys.signPk);
  // The legal desk answers: a message for the requester and a note that must never reach them.
  const caseKey = await legalCaseKey(caseId, requesterSignPk);
  const author = staff.caseworker;
  const messageText = `We will call your lawyer tomorrow. msg-${randomBytes(4).toString('hex')}`;
  const noteText = `NOTE-ONLY-FOR-STAFF-${randomBytes(4).toString('hex')}`;
  for (const [kind, text] of [
    ['message', messageText],
    ['note', noteText],
  ] as const) {
    const id = randomUUID();
    const sealed = encryptRecord(caseKey, { caseId: caseId, recordId: id, recordKind: kind }, { text } as JsonValue, author.identity);
    await database().query(`INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext) VALUES ($1, $2, $3, 'staff', $4, $5, $6)`, [
      id,
      caseId,
      kind,
      author.id,
      sealed.authorKid,
      sealed.ciphertext,
    ]);
  }
  await database().query(`UPDATE aid_cases SET status = 'awaiting_requester', first_responded_at = now() WHERE id = $1`, [caseId]);
  const letter = Buffer.alloc(70_000, `Power of attorney to sign. ${randomBytes(4).toString('hex')}\n`);
  await insertStaffFile(caseId, caseKey, 'message', 'power-of-attorney.txt', letter);
  await insertStaffFile(caseId, generateStaffKey(), 'note', 'internal-assessment.txt', Buffer.from('staff only'));
  // The caseworker's certificate then expires (the admin had issued it to end a moment after
  // the message was stored): the message still verifies, as of when it was stored.
  const { notAfter, passed } = endingShortly();
  const expiring = issueCertificate(staff.admin.identity, { kind: 'staff', subjectId: author.id, encPk: author.identity.encPk, signPk: author.identity.signPk, notAfter });
  await database().query(`UPDATE staff_members SET certificate = $2 WHERE id = $1`, [author.id, JSON.stringify(expiring)]);
  await passed();

  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/'));
  await page.getByRole('link', { name: 'I have a receipt code' }).click();
  await expect(page).toHaveURL(url('/follow-up?lang=en'));
  // Lower case, spaces for dashes, O for 0 and L for 1: the code still opens.
  const loose = sent.code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
  await page.getByLabel('Receipt code').fill(loose);
  await page.getByRole('button', { name: 'Open my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Waiting for your reply', { exact: true })).toBeVisible();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByRole('listitem')).toHaveCount(1);
  await expect(messages).toContainText(messageText);
  // Requesters see the desk's pseudonym (none chosen here: "Our team"), never a caseworker's real name.
  await expect(messages).toContainText('Our team');
  await expect(messages).not.toContainText('Lena Lawyer');
  await expect(messages).not.toContainText('is not shown');
  expect(await page.content()).not.toContain(noteText.slice(0, 20));
  await page.getByText('Your request, as you sent it').click();
  await expect(page.getByText(`Almaty district court, ${formMarker}`)).toBeVisible();
  const fileList = page.getByRole('list', { name: 'Files of your request' });
  await expect(fileList).toContainText('indictment.pdf');
  await expect(fileList).toContainText('power-of-attorney.txt');
  await expect(fileList).not.toContainText('internal-assessment.txt');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download power-of-attorney.txt' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('power-of-attorney.txt');
  expect(readFileSync(await saved.path()).equals(letter)).toBe(true);

  const replyText = `reply-marker-${randomBytes(6).toString('hex')} I will be home after six.`;
  await page.getByLabel('Your reply').fill(replyText);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply was sent.')).toBeVisible();
  await expect(messages.getByRole('listitem')).toHaveCount(2);
  await expect(messages.getByRole('listitem').last()).toContainText(replyText);

  const extraMarker = `extra-file-${randomBytes(6).toString('hex')}`;
  await page.getByLabel('Add files to your request').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from(`${extraMarker}\n`.repeat(100)) });
  await page.getByRole('button', { name: 'Send this file' }).click();
  await expect(page.getByRole('listitem', { name: 'photo.txt' }).getByText('Sent', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Files of your request' })).toContainText('photo.txt');

  const status = (await database().query(`SELECT status FROM aid_cases WHERE id = $1`, [caseId])).rows[0] as { status: string };
  expect(status.status).toBe('in_progress');
  const replies = (await database().query(`SELECT id, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND author_kind = 'requester' AND kind = 'message'`, [caseId])).rows as {
    id: string;
    author_kid: string;
    ciphertext: string;
  }[];
  expect(replies).toHaveLength(1);
  const reply = replies[0]!;
  expect(decryptRecord(caseKey, { caseId: caseId, recordId: reply.id, recordKind: 'message' }, { ciphertext: reply.ciphertext, authorKid: reply.author_kid }, parseSignPublicKey(requesterSignPk))).toEqual({
    text: replyText,
  });
  const extra = (await database().query(`SELECT record_kind, uploader_kind, completed_at FROM case_files WHERE case_id = $1 AND uploader_kind = 'requester' ORDER BY created_at`, [caseId])).rows as {
    record_kind: string;
    uploader_kind: string;
    completed_at: Date | null;
  }[];
  expect(extra.map((f) => [f.record_kind, f.uploader_kind, f.completed_at !== null])).toEqual([
    ['request', 'requester', true],
    ['message', 'requester', true],
  ]);
  for (const marker of [replyText.slice(0, 25), extraMarker, 'photo.txt']) expect(await columnsHolding(marker), `columns holding "${marker}"`).toEqual([]);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
  await expectLogHoldsNone([sent.code, sent.code.replace(/-/g, ''), formMarker, 'indictment.pdf', replyText.slice(0, 25), extraMarker, 'photo.txt']);
  await done(v);
});

test('through the onion origin: the clear site names it in Onion-Location; a requester signs in with the receipt code, replies and sends a file', async ({ browser }) => {
  const requester = requesterInNode();
  const sent = await requester.submit({ type: 'legal', caseStage: 'threatened', hasLawyer: false, country: 'TJ', preferredLanguage: 'tg' });
  await database().query(`UPDATE aid_cases SET status = 'awaiting_requester', first_responded_at = now() WHERE id = $1`, [sent.caseId]);
  const caseKey = await legalCaseKey(sent.caseId, encodePublicKey(sent.keys.signPk));

  const v = await visit(browser);
  const { page } = v;
  // The clear site's page says where the same page is on the onion service; the onion site itself does not.
  const clear = await page.goto(url('/follow-up'));
  expect(clear?.headers()['onion-location']).toBe(onionUrl('/follow-up'));
  const onion = await page.goto(onionUrl('/follow-up'));
  expect(onion?.headers()['onion-location']).toBeUndefined();
  await expect(page).toHaveURL(onionUrl('/follow-up?lang=en'));

  // From here every api call is recorded with the host it went to.
  const apiHosts = new Set<string>();
  v.context.on('request', (request) => {
    const u = new URL(request.url());
    if (u.pathname.startsWith('/api/')) apiHosts.add(u.hostname);
  });
  await page.getByLabel('Receipt code').fill(sent.code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Waiting for your reply', { exact: true })).toBeVisible();

  const replyText = `onion-reply-${randomBytes(6).toString('hex')} I can talk on Thursday.`;
  await page.getByLabel('Your reply').fill(replyText);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply was sent.')).toBeVisible();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages.getByRole('listitem').last()).toContainText(replyText);

  const fileMarker = `onion-file-${randomBytes(6).toString('hex')}`;
  const fileBytes = Buffer.from(`${fileMarker}\n`.repeat(5000));
  await page.getByLabel('Add files to your request').setInputFiles({ name: 'threat.txt', mimeType: 'text/plain', buffer: fileBytes });
  await page.getByRole('button', { name: 'Send this file' }).click();
  await expect(page.getByRole('listitem', { name: 'threat.txt' }).getByText('Sent', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Files of your request' })).toContainText('threat.txt');

  // The page never left the onion origin, and sign-in, reply and upload all went to it.
  expect(new URL(page.url()).hostname).toBe(ONION_HOST);
  expect([...apiHosts]).toEqual([ONION_HOST]);
  for (const call of [/^POST \/api\/v1\/requester\/sign-in$/, /^POST \/api\/v1\/requester\/case\/messages$/, /^PUT \/api\/v1\/cases\/[^/]+\/files\/[^/]+\/chunks\/0$/, /^POST \/api\/v1\/cases\/[^/]+\/files\/[^/]+\/complete$/]) {
    expect(v.requests.some((r) => call.test(r)), String(call)).toBe(true);
  }

  // The desk reads the reply and the file, both stored encrypted.
  const replies = (await database().query(`SELECT id, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND author_kind = 'requester' AND kind = 'message'`, [sent.caseId])).rows as {
    id: string;
    author_kid: string;
    ciphertext: string;
  }[];
  expect(replies).toHaveLength(1);
  const reply = replies[0]!;
  expect(decryptRecord(caseKey, { caseId: sent.caseId, recordId: reply.id, recordKind: 'message' }, { ciphertext: reply.ciphertext, authorKid: reply.author_kid }, sent.keys.signPk)).toEqual({ text: replyText });
  const files = (await database().query(`SELECT id, record_kind, header, wrapped_key, completed_at FROM case_files WHERE case_id = $1 AND uploader_kind = 'requester'`, [sent.caseId])).rows as {
    id: string;
    record_kind: string;
    header: string;
    wrapped_key: string;
    completed_at: Date | null;
  }[];
  expect(files.map((f) => [f.record_kind, f.completed_at !== null])).toEqual([['message', true]]);
  const file = files[0]!;
  const chunks = (
    await database().query(
      `SELECT c.index, string_agg(b.data, ''::bytea ORDER BY b.part) AS data
         FROM case_file_chunks c JOIN blob_chunks b ON b.key = c.blob_key
        WHERE c.file_id = $1 GROUP BY c.index ORDER BY c.index`,
      [file.id],
    )
  ).rows as { index: number; data: Buffer }[];
  const ref = { caseId: sent.caseId, fileId: file.id };
  const decryptor = createFileDecryptor(unwrapCaseFileKey(caseKey, { ...ref, recordKind: 'message' }, file.wrapped_key), ref, file.header);
  const plain = Buffer.concat(chunks.map((c) => Buffer.from(decryptor.pull(new Uint8Array(c.data), c.index).bytes)));
  decryptor.finish();
  expect(plain.equals(fileBytes)).toBe(true);
  for (const marker of [replyText.slice(0, 25), fileMarker]) expect(await columnsHolding(marker), `columns holding "${marker}"`).toEqual([]);
  await expectLogHoldsNone([sent.code, replyText.slice(0, 25), fileMarker, 'threat.txt']);
  await done(v);
});

test('quick exit from an open follow-up also ends the requester session', async ({ browser }) => {
  const { code } = await requesterInNode().submit({ type: 'legal', caseStage: 'threatened', hasLawyer: true, country: 'KG', preferredLanguage: 'ky' });
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill(code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 30_000 });
  expect((await page.evaluate(() => fetch('/api/v1/requester/session').then((r) => r.status))) as number).toBe(200);
  await page.getByRole('button', { name: 'Leave this site quickly' }).click();
  await expect(page).toHaveURL(url('/about-weather.html?lang=en'));
  await expect.poll(() => page.evaluate(() => fetch('/api/v1/requester/session').then((r) => r.status))).toBe(401);
  await done(v);
});

test('a wrong receipt code is refused clearly, and a malformed one before anything is asked of the api', async ({ browser }) => {
  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/follow-up'));
  const input = page.getByLabel('Receipt code');

  await input.fill('ABCD-EFGH-1234');
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('alert')).toHaveText(/A receipt code has 20 or 24 letters and digits/);
  await expect(input).toBeFocused();
  expect(v.requests.filter((r) => r.includes('/requester/'))).toEqual([]);

  await input.fill(generateReceiptCode());
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('alert')).toHaveText('This receipt code was not recognised. Check every character and try again.', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toHaveCount(0);
  expect(v.requests.filter((r) => r.includes('/requester/'))).toEqual(['POST /api/v1/requester/challenge', 'POST /api/v1/requester/sign-in']);
  await done(v);
});

test('desk keys that do not chain to the root built into the app stop the request before anything is sealed or sent', async ({ browser }) => {
  // A server (or someone on the path) hands out a legal desk key certified by another "root".
  const impostorRoot = generateRootKeys();
  const impostorAdmin = generateIdentityKeys();
  const impostorId = randomUUID();
  const forgedKey = generateDeskKeyPair(desks.legal.id, 1);
  const impostorAdminCert = issueCertificate(impostorRoot, { kind: 'admin', subjectId: impostorId, encPk: impostorAdmin.encPk, signPk: impostorAdmin.signPk, notAfter: new Date(Date.now() + YEAR) });
  const forgedChain = [
    issueCertificate(impostorAdmin, { kind: 'desk', subjectId: deskSubjectId(desks.legal.id, 1), encPk: forgedKey.encPk, signPk: forgedKey.signPk, notAfter: new Date(Date.now() + YEAR) }),
    impostorAdminCert,
  ];
  const before = (await database().query(`SELECT count(*)::int AS n FROM aid_cases`)).rows[0] as { n: number };

  const v = await visit(browser);
  const { page } = v;
  // The browser seals only after verifying the desk's whole history (SPEC.md §8.2): that is what is swapped.
  await page.route(`**/api/v1/desks/${desks.legal.id}/history`, async (route) => {
    const response = await route.fetch();
    const keys = { deskId: desks.legal.id, version: 1, encPk: encodePublicKey(forgedKey.encPk), signPk: encodePublicKey(forgedKey.signPk) };
    const forged = { version: 1, encPk: keys.encPk, signPk: keys.signPk, chain: forgedChain, certifiedAt: new Date().toISOString(), link: null, approval: null };
    await route.fulfill({ response, json: { deskId: desks.legal.id, versions: [forged] } });
  });
  await page.goto(url('/request'));
  await page.getByRole('radio', { name: /Legal help/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Where does your legal case stand?').selectOption('threatened');
  await page.getByRole('group', { name: 'Do you have a lawyer?' }).getByLabel('Yes').check();
  await page.getByLabel('Which country is your request about?').selectOption('KG');
  await page.getByLabel('In which language should we answer you?').selectOption('ky');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request was not sent' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('not signed by this organisation. Nothing was sent.');
  // Nothing sent but the proof-of-work challenge the review step asks for (it carries nothing of the person).
  expect(v.requests.filter((r) => r.startsWith('POST ') && r !== 'POST /api/v1/pow/challenge')).toEqual([]);
  const after = (await database().query(`SELECT count(*)::int AS n FROM aid_cases`)).rows[0] as { n: number };
  expect(after.n).toBe(before.n);
  await done(v);
});
