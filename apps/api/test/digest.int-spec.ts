import { type RootKeys, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { DigestService } from '../src/mail/digest.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, certifiedDesk, staffGet, submitIntake } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { startSink } from './smtp-sink';

const MARKER = 'MARKER-DIGEST-my-sister-is-missing';

async function until<T>(what: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The body lines of a captured message (quoted-printable soft breaks joined). */
const bodyLines = (raw: string) =>
  raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n')
    .replace(/=\r?\n/g, '')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);

describe('the notification digest e-mail (issue 16)', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  let t: TestApp;
  let root: RootKeys;
  let worker: TestPerson;
  let other: TestPerson;
  let noAddress: TestPerson;

  const put = (who: TestPerson, path: string, body: object) => request(t.http).put(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body);
  const sweep = (period: string) => t.app.get(DigestService).sweep(period);

  beforeAll(async () => {
    await ready();
    sink = await startSink();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, PUBLIC_URL: 'https://ashar.example.org', NOTIFICATION_DIGEST_HOUR_UTC: '7' });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const legal = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`))[0].id as string;
    worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    other = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    noAddress = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [worker, other, noAddress]);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('is off by default, and each member of staff turns their own on', async () => {
    expect((await staffGet(t, worker, '/notifications/digest').expect(200)).body).toEqual({ enabled: false, mailEnabled: true, hourUtc: 7 });
    await put(worker, '/notifications/digest', { enabled: 'yes' }).expect(422);
    await put(worker, '/notifications/digest', { enabled: true }).expect(204);
    await put(noAddress, '/notifications/digest', { enabled: true }).expect(204);
    await put(worker, '/notifications/email', { email: 'worker@example.org' }).expect(204);
    await put(other, '/notifications/email', { email: 'other@example.org' }).expect(204);
    expect((await staffGet(t, worker, '/notifications/digest').expect(200)).body.enabled).toBe(true);
    expect((await staffGet(t, other, '/notifications/digest').expect(200)).body.enabled).toBe(false);
  });

  it('mails each opted-in member with unread notifications once per period: counts by kind and the console link, nothing else', async () => {
    // Two new cases on the legal desk: two case_new notifications each (and the desk's new-case e-mails).
    const subs = [];
    for (const text of [MARKER, `${MARKER}-2`]) subs.push(await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: text } }));
    // The per-case e-mails of the desk go to worker and other (addresses given): wait for them first.
    await until(() => (sink.messages.length >= 4 ? true : undefined));
    const before = sink.messages.length;

    expect(await sweep('p1')).toBe(1);
    const digest = await until(() => sink.messages.slice(before).find((m) => m.raw.includes('notifications are waiting')));
    expect(digest.to).toEqual(['worker@example.org']);
    expect(digest.raw).toContain('Subject: Ashar: 2 notifications are waiting');
    expect(bodyLines(digest.raw)).toEqual([
      'Unread in the staff console:',
      '- 2 new cases on your desks',
      'Open the staff console to see them: https://ashar.example.org/staff/console',
      'This message holds no case details, by design.',
    ]);
    for (const secret of [MARKER, ...subs.map((s) => s.caseId), 'KZ', 'Legal', worker.id]) expect(digest.raw).not.toContain(secret);

    // The same period again, or a later one with nothing new: no second e-mail.
    expect(await sweep('p1')).toBe(0);
    expect(await sweep('p2')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages.slice(before).filter((m) => m.raw.includes('notifications are waiting'))).toHaveLength(1);

    // Read everything: nothing to tell even when something newer comes and is read before the sweep.
    const items = (await staffGet(t, worker, '/notifications?limit=100').expect(200)).body.items as { id: string }[];
    for (const n of items) await request(t.http).post(`/api/v1/notifications/${n.id}/read`).set('cookie', worker.cookie).set('x-csrf-token', worker.csrf).expect(204);
    await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'x' } });
    // A new unread notification since the last digest: the next period mails again (one of one kind).
    expect(await sweep('p3')).toBe(1);
    const next = await until(() => sink.messages.slice(before).find((m) => m.raw.includes('notification is waiting')));
    expect(next.raw).toContain('Subject: Ashar: 1 notification is waiting');
    expect(bodyLines(next.raw)).toContain('- 1 new case on your desks');

    // Turned off: no more digests.
    await put(worker, '/notifications/digest', { enabled: false }).expect(204);
    await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'y' } });
    expect(await sweep('p4')).toBe(0);
  });
});
