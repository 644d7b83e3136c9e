import { randomUUID } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RootKeys, decryptRecord, deriveRequesterKeys, encodePublicKey, generateRootKeys, kidOf, parseSignPublicKey, ready } from '@ashar/crypto';
import { type CaseView, anyRequestFormSchema } from '@ashar/domain';
import request from 'supertest';
import { PAGE_LANGUAGES, PAGE_TEXT } from '../src/web/page-text';
import { startTestApp, withOwnerClient, type TestApp } from './app';
import { INSTANCE_ID, certifiedDesk, openCaseKeyAsStaff, requesterSignIn, staffGet, writtenCounts } from './cases-support';
import { createPerson, deskId, type TestPerson } from './people';

const SUBMIT = '/api/v1/intake/no-script';
/** Text that must never be found in clear anywhere but in the sealed record. */
const marker = () => `noscript-${randomUUID()}`;
const CODE = /<code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})<\/code>/;

/** Every row of every table of the app's schema, as text (the owner sees them all, the audit log too). */
async function everyRow(): Promise<string> {
  return withOwnerClient(async (client) => {
    const tables = (await client.query<{ name: string }>(`SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`)).rows;
    expect(tables.length).toBeGreaterThan(20);
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = (await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows;
      parts.push(...rows.map((r) => r.row));
    }
    return parts.join('\n');
  });
}

describe('pages without JavaScript: the "Safest" page and the quick-exit page', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(PAGE_LANGUAGES)('says in %s why JavaScript is needed and how to change the level, with links to all six languages', async (lang) => {
    const res = await request(t.http).get(`/no-script?lang=${lang}`).expect(200);
    const text = PAGE_TEXT[lang];
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).toContain(`<html lang="${lang}">`);
    expect(res.text).toContain(`<title>${text.neutralTitle}</title>`);
    expect(res.text).toContain(text.safestHeading);
    expect(res.text).toContain(text.steps[2]);
    expect(res.text).not.toMatch(/<script|\son\w+=|javascript:/i);
    // Nothing from outside the deployment.
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const other of PAGE_LANGUAGES) expect(res.text).toContain(`<a href="/no-script?lang=${other}" lang="${other}" hreflang="${other}"`);
    // The quick exit goes to the neutral page in the same language; the form is off.
    expect(res.text).toContain(`href="/about-weather.html?lang=${lang}"`);
    expect(res.text).not.toContain('/no-script/request');
  });

  it('takes the language from Accept-Language when the URL has none, and English when neither names one', async () => {
    const lang = async (headers: Record<string, string>, query = '') => /<html lang="([^"]+)">/.exec((await request(t.http).get(`/no-script${query}`).set(headers).expect(200)).text)?.[1];
    expect(await lang({ 'accept-language': 'kk-KZ,ru;q=0.8' })).toBe('kk');
    expect(await lang({ 'accept-language': 'de;q=1, ru;q=0.9, ky;q=0.95' })).toBe('ky');
    expect(await lang({ 'accept-language': 'uz' })).toBe('uz-Latn');
    expect(await lang({ 'accept-language': 'en-US,en' })).toBe('en');
    expect(await lang({ 'accept-language': 'de-DE' })).toBe('en');
    expect(await lang({})).toBe('en');
    // The URL wins; an unknown or hostile value falls back, and is never echoed.
    expect(await lang({ 'accept-language': 'ru' }, '?lang=TG')).toBe('tg');
    const hostile = await request(t.http).get('/no-script?lang=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E').set('accept-language', 'ru').expect(200);
    expect(hostile.text).toContain('<html lang="ru">');
    expect(hostile.text).not.toContain('alert(1)');
  });

  it.each(PAGE_LANGUAGES)('serves the neutral quick-exit page in %s, titled by its own subject', async (lang) => {
    const res = await request(t.http).get(`/about-weather.html?lang=${lang}`).expect(200);
    expect(res.text).toContain(`<html lang="${lang}">`);
    expect(res.text).toContain(`<title>${PAGE_TEXT[lang].weatherTitle}</title>`);
    expect(res.text).toContain(`<h1>${PAGE_TEXT[lang].weatherTitle}</h1>`);
    // Nothing of the portal: no quick exit, no word of help, requests or JavaScript.
    expect(res.text).not.toMatch(/no-script|JavaScript|quick-exit/);
    for (const other of PAGE_LANGUAGES) expect(res.text).toContain(`href="/about-weather.html?lang=${other}"`);
  });

  it('keeps /about-weather.html in English without a language', async () => {
    const res = await request(t.http).get('/about-weather.html').expect(200);
    expect(res.text).toContain('<title>Reading a weather forecast</title>');
  });

  it('has no form without JavaScript unless NOSCRIPT_INTAKE is on: 404, and nothing stored', async () => {
    await request(t.http).get('/no-script/request').expect(404);
    const before = await writtenCounts(t);
    const res = await request(t.http).post(SUBMIT).type('form').send({ type: 'legal', country: 'KZ', preferredLanguage: 'ru', description: 'help' }).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await writtenCounts(t)).toEqual(before);
  });
});

describe('the form without JavaScript (NOSCRIPT_INTAKE=true): the api seals the request as the portal would', () => {
  let t: TestApp;
  let root: RootKeys;
  let intakeWorker: TestPerson;
  let legalWorker: TestPerson;
  let logDir: string;
  const secrets: string[] = [];
  const BUDGET = 4;
  let spent = 0;
  let closed = false;

  const send = (fields: Record<string, string>, lang = 'ru') => {
    spent += 1;
    return request(t.http).post(`${SUBMIT}?lang=${lang}`).type('form').send(fields);
  };

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    logDir = await mkdtemp(join(tmpdir(), 'ashar-noscript-log-'));
    t = await startTestApp(
      { ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, NOSCRIPT_INTAKE: 'true', NOSCRIPT_INTAKE_PER_MINUTE: String(BUDGET), LOG_LEVEL: 'trace' },
      { logTo: join(logDir, 'api.log') },
    );
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    intakeWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [await deskId(t, 'intake')], certifyWith: { admin } });
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [await deskId(t, 'legal')], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake', [intakeWorker]);
    await certifiedDesk(t, admin, 'legal', [legalWorker]);
  });
  afterAll(async () => {
    await rm(logDir, { recursive: true, force: true });
  });

  it('shows the form in the reader’s language, labelled as weaker, without files', async () => {
    const res = await request(t.http).get('/no-script/request?lang=kk').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(PAGE_TEXT.kk.weakerWarning);
    expect(res.text).toContain(PAGE_TEXT.kk.noFiles);
    expect(res.text).toContain(`action="${SUBMIT}?lang=kk"`);
    expect(res.text).toContain('maxlength="10000"');
    expect(res.text).not.toMatch(/type="file"|<script/);
    // Country names in the reader's language, the four of the region first.
    expect(res.text).toMatch(/<option value="KG">Қырғызстан<\/option><option value="KZ">Қазақстан<\/option>/);
    const safest = await request(t.http).get('/no-script?lang=kk').expect(200);
    expect(safest.text).toContain('href="/no-script/request?lang=kk"');
  });

  it('creates a case that the routed desk and intake open in format v1 to the very text sent, and the receipt code signs in', async () => {
    const description = `${marker()} — суд в понедельник, нужна помощь адвоката`;
    const contact = marker();
    secrets.push(description, contact);
    const before = await writtenCounts(t);
    const res = await send({ type: 'legal', country: 'KZ', preferredLanguage: 'ru', description, contactDetails: contact }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(PAGE_TEXT.ru.sentTitle);
    const code = CODE.exec(res.text)?.[1];
    expect(code).toBeDefined();
    secrets.push(code!);
    expect(res.text).not.toContain(description);

    const after = await writtenCounts(t);
    expect(after.aid_cases).toBe(before.aid_cases! + 1);
    const keys = deriveRequesterKeys(code!, INSTANCE_ID);
    const [account] = await t.dataSource.query(`SELECT id FROM requesters WHERE sign_kid = $1`, [kidOf(keys.signPk)]);
    expect(account).toBeDefined();
    const [row] = await t.dataSource.query(`SELECT id, request_type, country, language FROM aid_cases WHERE requester_id = $1`, [account.id]);
    expect(row).toMatchObject({ request_type: 'legal', country: 'KZ', language: 'ru' });
    const [event] = await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'case.created' AND subject_id = $1`, [row.id]);
    expect(event.data).toMatchObject({ requestType: 'legal', channel: 'no-script' });

    for (const worker of [legalWorker, intakeWorker]) {
      const view = (await staffGet(t, worker, `/cases/${row.id}`).expect(200)).body as CaseView;
      const caseKey = await openCaseKeyAsStaff(t, root, worker, view);
      const [req] = view.records;
      const body = decryptRecord(caseKey, { caseId: row.id, recordId: req!.id, recordKind: 'request' }, req!, parseSignPublicKey(view.requester!.signPk));
      expect(body).toEqual({ type: 'legal', channel: 'no-script', country: 'KZ', preferredLanguage: 'ru', description, contactDetails: contact });
      // The staff console reads it as a request form.
      expect(anyRequestFormSchema.safeParse(body).success).toBe(true);
    }
    // The code shown once is the requester's key: follow-up signs in with it, as with any receipt code.
    await requesterSignIn(t, keys);
  });

  it('refuses a text over the limit with the form again and its reason, escaped, and stores nothing', async () => {
    const before = await writtenCounts(t);
    const long = await send({ type: 'medical', country: 'TJ', preferredLanguage: 'tg', description: `<script>alert(1)</script>${'д'.repeat(10_001)}` }, 'tg').expect(413);
    expect(long.text).toContain(PAGE_TEXT.tg.errorTitle);
    expect(long.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(long.text).not.toContain('<script>');
    // Past the byte limit the body is not even read.
    const huge = await send({ type: 'medical', country: 'TJ', preferredLanguage: 'tg', description: 'x'.repeat(200 * 1024) }, 'tg').expect(413);
    expect(huge.text).toContain(PAGE_TEXT.tg.errorTitle);
    const invalid = await send({ type: 'legal', country: 'XX', preferredLanguage: 'ru', description: 'help' }, 'uz-Latn').expect(422);
    expect(invalid.text).toContain(PAGE_TEXT['uz-Latn'].errorInvalid);
    await send({ type: 'legal', country: 'KZ', preferredLanguage: 'ru', description: '   ' }).expect(422);
    await send({ type: 'legal', country: 'KZ', preferredLanguage: 'ru', description: 'help', extra: 'x' }).expect(400);
    await request(t.http).post(`${SUBMIT}?lang=ru`).set('origin', 'https://elsewhere.example').type('form').send({ type: 'legal', country: 'KZ', preferredLanguage: 'ru', description: 'help' }).expect(403);
    expect(await writtenCounts(t)).toEqual(before);
  });

  it('answers 429 with a page in the language once the global budget of the minute is spent, and stores nothing', async () => {
    const form = { type: 'psychological', country: 'KG', preferredLanguage: 'ky', description: marker() };
    secrets.push(form.description);
    // The refusals above were never counted (refused before the budget): the minute's budget is whole.
    let status = 0;
    let sent = 0;
    let res: request.Response | undefined;
    while (status !== 429 && sent <= 2 * BUDGET + 1) {
      res = await send(form, 'ky');
      status = res.status;
      if (status === 200) sent += 1;
      else expect(status).toBe(429);
    }
    // A minute may turn between two posts; the budget then starts again, never more than BUDGET a minute.
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(2 * BUDGET);
    expect(status).toBe(429);
    expect(res!.headers['retry-after']).toBe('60');
    expect(res!.text).toContain(PAGE_TEXT.ky.errorBusy);
    const before = await writtenCounts(t);
    await send(form, 'ky').expect(429);
    expect(await writtenCounts(t)).toEqual(before);
    expect(spent).toBeGreaterThan(0);
  });

  it('stores and logs nothing of any text sent in clear: no row of any table, no log line', async () => {
    expect(secrets.length).toBeGreaterThan(0);
    const rows = await everyRow();
    for (const secret of secrets) expect(rows).not.toContain(secret);
    await t.close();
    const log = await readFile(join(logDir, 'api.log'), 'utf8');
    expect(log).toContain('/api/v1/intake/no-script');
    for (const secret of secrets) expect(log).not.toContain(secret);
    closed = true;
  });

  afterAll(async () => {
    if (!closed) await t.close();
  });
});
