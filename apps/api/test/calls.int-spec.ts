import { encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import { CallError, isDomainError } from '@ashar/domain';
import request from 'supertest';
import { CallDeadline, Clock } from '../src/calls';
import { problemOfCode } from '../src/http/problem-codes';
import { startTestApp, type TestApp } from './app';
import { mediaCallBody } from './calls-support';
import { createPerson, type TestPerson } from './people';

/**
 * Calls for applications over HTTP (docs/calls.md), on the real api and PostgreSQL, with the api's
 * Clock set by the test (never a sleep, never today's date): programme managers create, edit,
 * publish and close calls; the public reads published calls only; the deadline guard takes an
 * application one second before 24:00 Asia/Almaty and refuses one a second after.
 */
describe('calls for applications', () => {
  let t: TestApp;
  let pm: TestPerson;
  let admin: TestPerson;
  let caseworker: TestPerson;
  let now: Date;

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const sign = (who: TestPerson, r: request.Test) => r.set('cookie', who.cookie).set('x-csrf-token', who.csrf);
  const post = (who: TestPerson, path: string, body: unknown) => sign(who, request(t.http).post(`/api/v1${path}`)).send(body as object);
  const put = (who: TestPerson, path: string, body: unknown) => sign(who, request(t.http).put(`/api/v1${path}`)).send(body as object);
  const get = (who: TestPerson | null, path: string) => (who ? request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie) : request(t.http).get(`/api/v1${path}`));
  const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM calls`))[0].n as number;
  const auditOf = async (id: string) =>
    (await t.dataSource.query(`SELECT action, actor_id, data FROM audit_events WHERE subject_type = 'call' AND subject_id = $1 ORDER BY seq`, [id])) as { action: string; actor_id: string; data: unknown }[];

  beforeAll(async () => {
    await ready();
    const root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    pm = await createPerson(t, { roles: ['programme_manager'], certifyWith: { admin } });
    caseworker = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    at('2026-12-01T00:00:00Z');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(() => t.close());

  it('creates a draft whose deadline “14 December, 24:00 Asia/Almaty” is 2026-12-14T19:00:00Z, hidden from the public', async () => {
    const res = await post(pm, '/programme/calls', mediaCallBody()).expect(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      phase: 'draft',
      kind: 'media_grants',
      timeZone: 'Asia/Almaty',
      opens: { local: '2026-11-20T09:00', timeZone: 'Asia/Almaty', instant: '2026-11-20T04:00:00Z', offset: '+05:00' },
      closes: { local: '2026-12-15T00:00', timeZone: 'Asia/Almaty', instant: '2026-12-14T19:00:00Z', offset: '+05:00' },
      quotas: { total: 12, perCountry: { KZ: 6, KG: 6 } },
      decisionOn: '2026-12-21',
      notifyOn: '2026-12-25',
      publishedAt: null,
    });
    expect(res.body.texts.ru.title).toBe('Поддержка независимых СМИ');
    await get(null, `/calls/${res.body.id}`).expect(404);
    expect((await get(null, '/calls').expect(200)).body.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
    // The audit trail holds ids and action names, never the call's words.
    const events = await auditOf(res.body.id);
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([['call.created', pm.id]]);
    expect(JSON.stringify(events)).not.toContain('media');
  });

  it('refuses a zone that is not an IANA id, naming Asia/Almaty, and writes nothing', async () => {
    const before = await count();
    for (const timeZone of ['Asia/Nur-Sultan', 'Asia/Astana']) {
      const res = await post(pm, '/programme/calls', mediaCallBody({ timeZone })).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toBe(`urn:ashar:problem:${CallError.UnknownTimeZone}`);
      expect(res.body.detail).toContain('Asia/Almaty');
      // The hint, and the field the refusal is about (the call editor shows it there).
      expect(res.body.hint).toBe('Asia/Almaty');
      expect(res.body.errors).toEqual([{ path: 'timeZone', message: res.body.detail }]);
    }
    await post(pm, '/programme/calls', mediaCallBody({ timeZone: '+05:00' })).expect(422);
    expect(await count()).toBe(before);
  });

  it('refuses a local time the zone skips or repeats, and a call that closes before it opens', async () => {
    const prague = { timeZone: 'Europe/Prague', opensLocal: '2026-03-01T09:00', decisionOn: null, notifyOn: null };
    const gap = await post(pm, '/programme/calls', mediaCallBody({ ...prague, closesLocal: '2026-03-29T02:30' })).expect(422);
    expect(gap.body.type).toBe(`urn:ashar:problem:${CallError.NonexistentLocalTime}`);
    expect(gap.body.errors).toEqual([{ path: 'closesLocal', message: gap.body.detail }]);
    const overlap = await post(pm, '/programme/calls', mediaCallBody({ ...prague, closesLocal: '2026-10-25T02:30' })).expect(422);
    expect(overlap.body.type).toBe(`urn:ashar:problem:${CallError.AmbiguousLocalTime}`);
    const ok = await post(pm, '/programme/calls', mediaCallBody({ ...prague, closesLocal: '2026-10-25T03:30' })).expect(201);
    expect(ok.body.closes).toMatchObject({ instant: '2026-10-25T02:30:00Z', offset: '+01:00' });
    const backwards = await post(pm, '/programme/calls', mediaCallBody({ opensLocal: '2026-12-15T09:00' })).expect(422);
    expect(backwards.body.type).toBe('urn:ashar:problem:validation');
    await post(pm, '/programme/calls', { ...mediaCallBody(), texts: { ru: mediaCallBody().texts.ru } }).expect(422);
    await post(pm, '/programme/calls', mediaCallBody({ quotas: { total: 4, perCountry: { KZ: 6 } } })).expect(422);
  });

  it('publishes, shows the page by the clock, and guards the deadline to the second', async () => {
    const { body: call } = await post(pm, '/programme/calls', mediaCallBody()).expect(201);
    at('2026-11-01T00:00:00Z');
    const published = await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'publish' }).expect(200);
    expect(published.body).toMatchObject({ status: 'published', phase: 'upcoming' });
    expect(published.body.publishedAt).toBe('2026-11-01T00:00:00Z');
    // Published twice: the lifecycle refuses, as problem+json.
    const twice = await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'publish' }).expect(409);
    expect(twice.body.type).toBe(`urn:ashar:problem:${CallError.CallState}`);

    const deadline = t.app.get(CallDeadline);
    const guard = () => t.dataSource.transaction((manager) => deadline.assertOpen(manager, call.id));
    const refusal = async () => {
      try {
        await guard();
      } catch (error) {
        return isDomainError(error) ? error.code : String(error);
      }
      return 'accepted';
    };
    expect(await refusal()).toBe(CallError.CallNotOpen);

    at('2026-12-14T18:59:59Z'); // 23:59:59 in Almaty
    expect(await refusal()).toBe('accepted');
    const page = await get(null, `/calls/${call.id}`).expect(200);
    expect(page.body).toMatchObject({ phase: 'open', closes: { instant: '2026-12-14T19:00:00Z', local: '2026-12-15T00:00', timeZone: 'Asia/Almaty' } });
    expect(page.body).not.toHaveProperty('status');
    expect(page.body).not.toHaveProperty('createdAt');

    at('2026-12-14T19:00:01Z'); // one second after 24:00 in Almaty
    expect(await refusal()).toBe(CallError.CallClosed);
    expect(problemOfCode(CallError.CallClosed)).toMatchObject({ status: 409, type: 'urn:ashar:problem:call-closed' });
    expect((await get(null, `/calls/${call.id}`).expect(200)).body.phase).toBe('closed');
    const listed = (await get(null, '/calls').expect(200)).body.find((c: { id: string }) => c.id === call.id);
    expect(listed).toMatchObject({ phase: 'closed', titles: { en: 'Support for independent media', ru: 'Поддержка независимых СМИ' } });

    // After the deadline the call no longer changes, and is not closed again; it is decided.
    const edit = await put(pm, `/programme/calls/${call.id}`, mediaCallBody({ closesLocal: '2026-12-20T24:00' })).expect(409);
    expect(edit.body.type).toBe(`urn:ashar:problem:${CallError.CallState}`);
    await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'close' }).expect(409);
    expect((await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'decide' }).expect(200)).body.phase).toBe('decided');

    expect((await auditOf(call.id)).map((e) => [e.action, e.data])).toEqual([
      ['call.created', {}],
      ['call.published', { from: 'draft', to: 'published' }],
      ['call.decided', { from: 'published', to: 'decided' }],
    ]);
  });

  it('closes a call early, extends a deadline while open, and archives a decided call out of public view', async () => {
    at('2026-12-01T00:00:00Z');
    const { body: call } = await post(pm, '/programme/calls', mediaCallBody()).expect(201);
    await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'publish' }).expect(200);
    const extended = await put(pm, `/programme/calls/${call.id}`, mediaCallBody({ closesLocal: '2026-12-16T18:00' })).expect(200);
    expect(extended.body).toMatchObject({ phase: 'open', closes: { instant: '2026-12-16T13:00:00Z' } });
    // A published call's deadline is never moved into the past: closing is its own step.
    await put(pm, `/programme/calls/${call.id}`, mediaCallBody({ opensLocal: '2026-11-01T09:00', closesLocal: '2026-11-30T24:00' })).expect(409);

    const closed = await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'close' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', phase: 'closed' });
    const guard = t.dataSource.transaction((manager) => t.app.get(CallDeadline).assertOpen(manager, call.id));
    await expect(guard).rejects.toMatchObject({ code: CallError.CallClosed });
    await get(null, `/calls/${call.id}`).expect(200);

    await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'decide' }).expect(200);
    await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'archive' }).expect(200);
    await get(null, `/calls/${call.id}`).expect(404);
    await expect(t.dataSource.transaction((manager) => t.app.get(CallDeadline).assertOpen(manager, call.id))).rejects.toMatchObject({ code: 'not-found' });
    expect((await get(pm, '/programme/calls').expect(200)).body.find((c: { id: string }) => c.id === call.id)).toMatchObject({ status: 'archived', phase: 'archived' });
  });

  it('lets only programme managers write calls: anonymous 401, admin and caseworker 403, unknown call 404', async () => {
    at('2026-12-01T00:00:00Z');
    const { body: call } = await post(pm, '/programme/calls', mediaCallBody()).expect(201);
    const before = await count();
    await request(t.http).post('/api/v1/programme/calls').send(mediaCallBody()).expect(401);
    await request(t.http).get('/api/v1/programme/calls').expect(401);
    for (const who of [admin, caseworker]) {
      await post(who, '/programme/calls', mediaCallBody()).expect(403);
      await get(who, '/programme/calls').expect(403);
      await get(who, `/programme/calls/${call.id}`).expect(403);
      await put(who, `/programme/calls/${call.id}`, mediaCallBody()).expect(403);
      await post(who, `/programme/calls/${call.id}/transitions`, { transition: 'publish' }).expect(403);
      // The public page of a draft is as missing for staff as for anyone.
      await get(who, `/calls/${call.id}`).expect(404);
    }
    expect(await count()).toBe(before);
    expect((await get(pm, `/programme/calls/${call.id}`).expect(200)).body.status).toBe('draft');
    await get(pm, '/programme/calls/00000000-0000-4000-8000-000000000000').expect(404);
    await post(pm, '/programme/calls/00000000-0000-4000-8000-000000000000/transitions', { transition: 'publish' }).expect(404);
    await post(pm, `/programme/calls/${call.id}/transitions`, { transition: 'launch' }).expect(422);
  });
});
