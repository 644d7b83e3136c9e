import { type RootKeys, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { SlaEscalationService } from '../src/cases/sla-escalation.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, certifiedDesk, staffGet, submitIntake } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { startSink } from './smtp-sink';

const MARKER = 'MARKER-MAIL-my-brother-was-arrested';

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
});
