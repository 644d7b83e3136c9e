import { type RootKeys, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { SlaEscalationService } from '../src/cases/sla-escalation.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, certifiedDesk, staffGet, submitIntake } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { startSink } from './smtp-sink';

const MARKER = 'MARKER-MAIL-my-brother-was-arrested';

/** The decoded subject and body of a message as the SMTP sink received it (nodemailer encodes non-ASCII text). */
function decoded(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase();
  const text = rest.join('\n\n');
  const body =
    encoding === 'base64'
      ? Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : text;
  return { subject, body: body.replace(/\r\n/g, '\n').trim() };
}

async function until<T>(what: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('staff notification e-mail', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let t: TestApp;
  let root: RootKeys;
  let worker: TestPerson;
  let lead: TestPerson;
  let medical: TestPerson;
  let silent: TestPerson;

  const setEmail = (who: TestPerson, email: string | null) =>
    request(t.http).put('/api/v1/notifications/email').set('cookie', who.cookie).set('x-csrf-token', who.csrf).send({ email });

  beforeAll(async () => {
    await ready();
    sink = await startSink();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Ashar <ashar@example.org>', PUBLIC_URL: 'https://ashar.example.org' });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const ids: Record<string, string> = {};
    for (const slug of ['legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    worker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], certifyWith: { admin } });
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal!], certifyWith: { admin } });
    silent = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], certifyWith: { admin } });
    medical = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [worker, lead, silent]);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('lets staff set and remove their own notification address', async () => {
    await setEmail(worker, 'worker@example.org').expect(204);
    await setEmail(lead, 'lead@example.org').expect(204);
    await setEmail(medical, 'medical@example.org').expect(204);
    await setEmail(silent, 'silent@example.org').expect(204);
    await setEmail(silent, null).expect(204);
    await setEmail(worker, 'not an address').expect(422);
    expect((await staffGet(t, worker, '/notifications/email').expect(200)).body).toEqual({ email: 'worker@example.org', mailEnabled: true });
    expect((await staffGet(t, silent, '/notifications/email').expect(200)).body).toEqual({ email: null, mailEnabled: true });
  });

  it('tells the owning desk of a new case, and its leads of a missed first response, without any case content', async () => {
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: MARKER } });
    const newCase = await until(() => (sink.messages.length >= 2 ? sink.messages.slice(0, 2) : undefined));
    expect(newCase.flatMap((m) => m.to).sort()).toEqual(['lead@example.org', 'worker@example.org']);
    for (const m of newCase) {
      expect(m.raw).toContain('A new case on the Legal aid desk needs attention.');
      expect(m.raw).toContain('https://ashar.example.org/staff/console');
      expect(m.raw).toContain('From: Ashar <ashar@example.org>');
    }

    // The first response is missed: the lead (only) is told.
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = now() - interval '1 minute' WHERE id = $1`, [sub.caseId]);
    expect(await t.app.get(SlaEscalationService).escalate(sub.caseId, null)).toBe(1);
    const breach = await until(() => (sink.messages.length >= 3 ? sink.messages[2] : undefined));
    expect(breach.to).toEqual(['lead@example.org']);
    expect(breach.raw).toContain('A case on the Legal aid desk needs attention.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages).toHaveLength(3);

    for (const m of sink.messages) {
      for (const secret of [MARKER, sub.caseId, sub.recordId, 'KZ', 'legal request', worker.id, lead.id]) expect(m.raw).not.toContain(secret);
      // Only the Message-ID and Date headers, the addresses and the fixed text: nothing else is in the message.
      const body = m.raw.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim();
      expect(body.replace(/=\r?\n/g, '').split(/\r?\n/).filter((line) => line.length > 0)).toEqual([
        expect.stringMatching(/^A (new )?case on the Legal aid desk needs attention\.$/),
        'Open the staff console to see it: https://ashar.example.org/staff/console',
        'This message holds no case details, by design.',
      ]);
    }
  });

  it('lets each member of staff read and change only their own console language', async () => {
    const setLanguage = (who: TestPerson | null, body: unknown, csrf = true) => {
      const req = request(t.http).put('/api/v1/staff/me/language');
      if (who) req.set('cookie', who.cookie);
      if (who && csrf) req.set('x-csrf-token', who.csrf);
      return req.send(body as object);
    };
    expect((await staffGet(t, worker, '/staff/me/language').expect(200)).body).toEqual({ language: 'en' });
    for (const bad of [{ language: 'de' }, { language: 'RU' }, { language: 'x'.repeat(10_000) }, {}, { language: 'ru', staffId: lead.id }]) {
      const res = await setLanguage(worker, bad).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await setLanguage(null, { language: 'ru' }).expect(401);
    await setLanguage(worker, { language: 'ru' }, false).expect(403);
    await request(t.http).get('/api/v1/staff/me/language').expect(401);
    expect((await staffGet(t, worker, '/staff/me/language').expect(200)).body).toEqual({ language: 'en' });

    await setLanguage(worker, { language: 'ru' }).expect(204);
    expect((await staffGet(t, worker, '/staff/me/language').expect(200)).body).toEqual({ language: 'ru' });
    expect((await staffGet(t, worker, '/auth/session').expect(200)).body.staff.language).toBe('ru');
    // Only the caller's own setting moved.
    expect((await staffGet(t, lead, '/staff/me/language').expect(200)).body).toEqual({ language: 'en' });
  });

  it('writes each recipient’s e-mail in their own language, still without any case content', async () => {
    const before = sink.messages.length;
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KG', language: 'ky', body: { type: 'legal', description: MARKER } });
    const messages = await until(() => (sink.messages.length >= before + 2 ? sink.messages.slice(before, before + 2) : undefined));
    const toWorker = messages.find((m) => m.to.includes('worker@example.org'))!;
    const toLead = messages.find((m) => m.to.includes('lead@example.org'))!;
    const ru = decoded(toWorker.raw);
    expect(ru.subject).toBe('Ashar: новое дело в отделе «Legal aid»');
    expect(ru.body.split('\n').filter((line) => line.length > 0)).toEqual([
      'Новое дело в отделе «Legal aid» требует внимания.',
      'Откройте консоль сотрудников, чтобы его увидеть: https://ashar.example.org/staff/console?lang=ru',
      'В этом письме намеренно нет подробностей дела.',
    ]);
    const en = decoded(toLead.raw);
    expect(en.subject).toBe('Ashar: a new case on the Legal aid desk');
    expect(en.body).toContain('A new case on the Legal aid desk needs attention.');
    for (const m of messages) {
      const { subject, body } = decoded(m.raw);
      for (const secret of [MARKER, sub.caseId, sub.recordId, 'KG', 'ky']) expect(`${subject}\n${body}`).not.toContain(secret);
      for (const secret of [MARKER, sub.caseId, sub.recordId]) expect(m.raw).not.toContain(secret);
    }
  });
});
