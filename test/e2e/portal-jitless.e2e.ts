/**
 * The requester path once more in a Chromium without WebAssembly and without a JIT
 * (`--js-flags=--jitless`, what Tor Browser's "Safer" level turns off; issue 15, item 9): the
 * page and the crypto worker run libs/crypto's pure-JavaScript backend (SPEC.md §1 "Without
 * WebAssembly"), on a system of its own like test/e2e/portal.e2e.ts.
 *
 * A requester sends a legal request with a file and gets a version 2 receipt code (SPEC.md
 * §10.3); the legal desk opens the request and the file byte-exact in Node (format v1, with
 * libsodium's WebAssembly, as staff do) and answers; the requester signs in with the code, reads
 * the answer and replies with a file, which the desk opens. A version 1 code, made where
 * WebAssembly runs, still opens the follow-up here (Argon2id in JavaScript, slowly).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type IdentityKeys,
  type JsonValue,
  createFileDecryptor,
  cryptoBackend,
  decryptCaseFileMeta,
  decryptRecord,
  deriveRequesterKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  encryptRecord,
  generateDeskKeyPair,
  generateIdentityKeys,
  importRootKeys,
  issueCertificate,
  openCaseKeyEnvelope,
  parseSignPublicKey,
  ready,
  receiptCodeVersion,
  signDeskApproval,
  unwrapCaseFileKey,
} from '@ashar/crypto';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { startSystem, type RunningSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { nodeRequester } from './node-requester';
import { collectPageProblems, guardLocalOnly } from './support';

const ROOT_DIR = join(__dirname, '../..');
const YEAR = 365 * 86_400_000;
/** A version 2 receipt code: 24 characters in six groups. */
const RECEIPT_V2 = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;

// The browser of this file: the same Chromium, with V8's JIT off, which also removes WebAssembly.
test.use({
  launchOptions: {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic', '--js-flags=--jitless'],
  },
});

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let db: Client | undefined;

const desks = {} as { intake: { id: string; key: DeskKeyPair }; legal: { id: string; key: DeskKeyPair } };
const staff = {} as { admin: { id: string; identity: IdentityKeys }; approver: { id: string; identity: IdentityKeys }; caseworker: { id: string; identity: IdentityKeys } };

function url(path = ''): string {
  if (!system) throw new Error('the system did not start');
  return `${system.url}${path}`;
}

function database(): Client {
  if (!db) throw new Error('no database connection');
  return db;
}

interface Visitor {
  context: BrowserContext;
  page: Page;
  outside: string[];
  problems: string[];
}

async function visit(browser: Browser): Promise<Visitor> {
  const context = await browser.newContext();
  const outside = await guardLocalOnly(context);
  const problems = collectPageProblems(context);
  const page = await context.newPage();
  return { context, page, outside, problems };
}

async function done(visitor: Visitor): Promise<void> {
  expect(visitor.outside, 'requests that left this machine').toEqual([]);
  expect(visitor.problems, 'page errors').toEqual([]);
  await visitor.context.close();
}

/** WebAssembly is missing in the page and in every worker it started (the crypto worker included). */
async function expectNoWebAssembly(page: Page): Promise<void> {
  expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');
  // A worker may end between being listed and being asked (an upload's worker finishes its file):
  // one that has ended is passed over, and at least one that is still running must answer.
  let asked = 0;
  for (const worker of page.workers()) {
    const kind = await worker.evaluate(() => typeof WebAssembly).catch(() => 'ended');
    if (kind === 'ended') continue;
    expect(kind).toBe('undefined');
    asked += 1;
  }
  expect(asked, 'running workers asked about WebAssembly').toBeGreaterThan(0);
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

/** Version 1 of a desk's key, certified and approved by two admins (SPEC.md §8.2), straight in the database. */
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
    [id, encodePublicKey(key.encPk), encodePublicKey(key.signPk), JSON.stringify(certificate), staff.admin.id, signDeskApproval(staff.approver.identity, deskVersionKeys(key)), staff.approver.id, JSON.stringify(approverCertificate)],
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

/** The desk opens a requester's file of `caseId` byte for byte, and its name. */
async function openRequesterFile(caseKey: CaseKey, caseId: string, recordKind: 'request' | 'message'): Promise<{ name: string; bytes: Buffer }> {
  const files = (
    await database().query(`SELECT id, header, meta, wrapped_key, completed_at FROM case_files WHERE case_id = $1 AND uploader_kind = 'requester' AND record_kind = $2`, [caseId, recordKind])
  ).rows as { id: string; header: string; meta: string; wrapped_key: string; completed_at: Date | null }[];
  expect(files).toHaveLength(1);
  const file = files[0]!;
  expect(file.completed_at).not.toBeNull();
  const ref = { caseId, fileId: file.id };
  const bound = { ...ref, recordKind };
  const meta = decryptCaseFileMeta(caseKey, bound, file.meta);
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
  return { name: meta.name, bytes: Buffer.concat(plain) };
}

/** A message from the caseworker, signed and encrypted as the console does, and the case waiting for the requester. */
async function answer(caseKey: CaseKey, caseId: string, text: string): Promise<void> {
  const id = randomUUID();
  const sealed = encryptRecord(caseKey, { caseId, recordId: id, recordKind: 'message' }, { text } as JsonValue, staff.caseworker.identity);
  await database().query(`INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext) VALUES ($1, $2, 'message', 'staff', $3, $4, $5)`, [
    id,
    caseId,
    staff.caseworker.id,
    sealed.authorKid,
    sealed.ciphertext,
  ]);
  await database().query(`UPDATE aid_cases SET status = 'awaiting_requester', first_responded_at = now() WHERE id = $1`, [caseId]);
}

test.beforeAll(async () => {
  // This side (Node) plays the staff: libsodium's WebAssembly, as in every staff browser.
  await ready();
  expect(cryptoBackend()).toBe('libsodium');
  const root = testRoot();
  env = await createTestEnvironment('portal_jitless');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/portal-jitless-server.log'), () => ({
    WEB_DIST: join(ROOT_DIR, 'tmp/e2e-web'),
    ROOT_PUBLIC_KEY: root.rootPublicKey,
    BLOB_STORE: 'postgres',
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

test('without WebAssembly or a JIT: a request with a file gets a version 2 receipt code; the desk reads it in format v1 and answers; the requester reads the answer and replies with a file', async ({ browser }) => {
  test.setTimeout(600_000);
  const formMarker = `court-marker-${randomBytes(6).toString('hex')}`;
  const sentFile = Buffer.alloc(200_000, `evidence ${randomBytes(4).toString('hex')}\n`);

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
  await page.getByLabel('Add files').setInputFiles({ name: 'indictment.pdf', mimeType: 'application/pdf', buffer: sentFile });
  await expect(page.getByRole('list', { name: 'Files to send' })).toContainText('indictment.pdf');
  await page.getByRole('button', { name: 'Review my request' }).click();
  await expect(page.getByRole('heading', { name: 'Check your request before sending' })).toBeFocused();
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request was sent' })).toBeVisible({ timeout: 300_000 });
  await expectNoWebAssembly(page);
  const codeInput = page.getByLabel('Your receipt code');
  await expect(codeInput).toHaveValue(RECEIPT_V2);
  const code = await codeInput.inputValue();
  expect(receiptCodeVersion(code)).toBe(2);
  const upload = page.getByRole('listitem', { name: 'indictment.pdf' });
  await expect(upload.getByText('Sent', { exact: true })).toBeVisible({ timeout: 300_000 });
  await page.getByLabel('I have written down my receipt code').check();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));

  // The desk, in Node with libsodium's WebAssembly: the requester's keys from the version 2 code,
  // the request and the file in format v1, byte for byte.
  const { instanceId } = (await (await fetch(url('/api/v1/intake/config'))).json()) as { instanceId: string };
  const requesterSignPk = encodePublicKey(deriveRequesterKeys(code, instanceId).signPk);
  const rows = (await database().query(`SELECT c.id FROM aid_cases c JOIN requesters r ON r.id = c.requester_id WHERE r.sign_pk = $1`, [requesterSignPk])).rows as { id: string }[];
  expect(rows).toHaveLength(1);
  const caseId = rows[0]!.id;
  const caseKey = await legalCaseKey(caseId, requesterSignPk);
  const record = (await database().query(`SELECT id, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND kind = 'request'`, [caseId])).rows[0] as { id: string; author_kid: string; ciphertext: string };
  expect(record.ciphertext.startsWith('a1.')).toBe(true);
  const form = decryptRecord(caseKey, { caseId, recordId: record.id, recordKind: 'request' }, { ciphertext: record.ciphertext, authorKid: record.author_kid }, parseSignPublicKey(requesterSignPk));
  expect(form).toMatchObject({ type: 'legal', caseStage: 'charged', courtDetails: `Almaty district court, ${formMarker}`, country: 'KZ', preferredLanguage: 'ru' });
  const opened = await openRequesterFile(caseKey, caseId, 'request');
  expect(opened.name).toBe('indictment.pdf');
  expect(opened.bytes.equals(sentFile)).toBe(true);

  const messageText = `We will call your lawyer tomorrow. msg-${randomBytes(4).toString('hex')}`;
  await answer(caseKey, caseId, messageText);

  // Back with the code, typed loosely, still without WebAssembly.
  await page.getByRole('link', { name: 'I have a receipt code' }).click();
  await page.getByLabel('Receipt code').fill(code.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 300_000 });
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages).toContainText(messageText);
  // Requesters see a pseudonym (none chosen here: "Our team"), never a caseworker's real name.
  await expect(messages).toContainText('Our team');
  await expect(messages).not.toContainText('Lena Lawyer');
  await expect(messages).not.toContainText('is not shown');

  const replyText = `reply-marker-${randomBytes(6).toString('hex')} I will be home after six.`;
  await page.getByLabel('Your reply').fill(replyText);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply was sent.')).toBeVisible({ timeout: 120_000 });
  const replyFile = Buffer.alloc(90_000, `photo ${randomBytes(4).toString('hex')}\n`);
  await page.getByLabel('Add files to your request').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: replyFile });
  await page.getByRole('button', { name: 'Send this file' }).click();
  await expect(page.getByRole('listitem', { name: 'photo.txt' }).getByText('Sent', { exact: true })).toBeVisible({ timeout: 300_000 });
  await expectNoWebAssembly(page);

  const replies = (await database().query(`SELECT id, author_kid, ciphertext FROM case_records WHERE case_id = $1 AND author_kind = 'requester' AND kind = 'message'`, [caseId])).rows as {
    id: string;
    author_kid: string;
    ciphertext: string;
  }[];
  expect(replies).toHaveLength(1);
  const reply = replies[0]!;
  expect(decryptRecord(caseKey, { caseId, recordId: reply.id, recordKind: 'message' }, { ciphertext: reply.ciphertext, authorKid: reply.author_kid }, parseSignPublicKey(requesterSignPk))).toEqual({ text: replyText });
  const photo = await openRequesterFile(caseKey, caseId, 'message');
  expect(photo.name).toBe('photo.txt');
  expect(createHash('sha256').update(photo.bytes).digest('hex')).toBe(createHash('sha256').update(replyFile).digest('hex'));

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
  await done(v);
});

test('without WebAssembly, a version 1 receipt code (as earlier releases made them) still opens the follow-up: Argon2id in JavaScript', async ({ browser }) => {
  test.setTimeout(900_000);
  const requester = nodeRequester(url());
  const sent = await requester.submit({ type: 'legal', caseStage: 'threatened', hasLawyer: false, country: 'TJ', preferredLanguage: 'tg' }, { codeVersion: 1 });
  expect(receiptCodeVersion(sent.code)).toBe(1);
  const caseKey = await legalCaseKey(sent.caseId, encodePublicKey(sent.keys.signPk));
  const messageText = `An answer for an older code. msg-${randomBytes(4).toString('hex')}`;
  await answer(caseKey, sent.caseId, messageText);

  const v = await visit(browser);
  const { page } = v;
  await page.goto(url('/follow-up'));
  await page.getByLabel('Receipt code').fill(sent.code);
  await page.getByRole('button', { name: 'Open my request' }).click();
  await expect(page.getByRole('heading', { name: 'Your request', exact: true })).toBeVisible({ timeout: 840_000 });
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText(messageText);
  await expectNoWebAssembly(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/?lang=en'));
  await done(v);
});
