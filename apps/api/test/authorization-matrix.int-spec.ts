import { encodePublicKey, generateRootKeys, ready, type RootKeys } from '@ashar/crypto';
import { type StaffRole } from '@ashar/domain';
import request from 'supertest';
import { SessionStore } from '../src/auth/session.store';
import { RedisStore } from '../src/redis/redis.module';
import { startTestApp, type TestApp } from './app';
import { createPerson, deskId, type TestPerson } from './people';
import { registeredRoutes } from './routes';

/*
 * Every route × every kind of caller, with the exact status each must get.
 * Callers: anonymous, a requester, and one member of staff per role; the
 * caseworker and the desk lead belong to the legal desk, so desk routes are
 * tried on their own desk and on another. Every caller gets a fresh session
 * for every request (some routes end sessions) that has passed a step-up, so
 * what is tested here is the policy; step-up has tests of its own.
 * A route added to the api without a row here fails the coverage test.
 */

const CALLERS = ['anonymous', 'requester', 'caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager', 'admin', 'auditor'] as const;
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

type StaffCaller = Exclude<Caller, 'anonymous' | 'requester'>;
const all = (status: number): Expect => Object.fromEntries(CALLERS.map((c) => [c, status])) as Expect;
const staffOnly = (status: number): Expect => ({ ...all(status), anonymous: 401, requester: 403 });
const requesterOnly = (status: number): Expect => ({ ...all(403), anonymous: 401, requester: status });
const only = (allowed: Partial<Record<Caller, number>>): Expect => ({ ...all(403), anonymous: 401, ...allowed });

interface Row {
  route: string;
  label?: string;
  path: (c: Context) => string;
  body?: (c: Context) => unknown;
  expect: Expect;
}

interface Context {
  legal: string;
  medical: string;
  admin: TestPerson;
  somebody: TestPerson;
}

const badToken = 'A'.repeat(43);
const uuid = '00000000-0000-4000-8000-0000000000aa';

const ROWS: Row[] = [
  { route: 'GET /api/health', path: () => '/api/health', expect: all(200) },
  { route: 'GET /api/health/ready', path: () => '/api/health/ready', expect: all(200) },
  { route: 'POST /api/v1/setup/check', path: () => '/api/v1/setup/check', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/setup/options', path: () => '/api/v1/setup/options', body: () => ({ token: badToken, displayName: 'X' }), expect: all(404) },
  { route: 'POST /api/v1/setup/complete', path: () => '/api/v1/setup/complete', body: () => ({}), expect: all(422) },
  { route: 'POST /api/v1/enrol/check', path: () => '/api/v1/enrol/check', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/enrol/options', path: () => '/api/v1/enrol/options', body: () => ({ token: badToken }), expect: all(404) },
  { route: 'POST /api/v1/enrol/complete', path: () => '/api/v1/enrol/complete', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/auth/session', path: () => '/api/v1/auth/session', expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/options', path: () => '/api/v1/auth/options', body: () => ({}), expect: all(200) },
  { route: 'POST /api/v1/auth/sign-in', path: () => '/api/v1/auth/sign-in', body: () => ({}), expect: all(422) },
  { route: 'POST /api/v1/auth/sign-out', path: () => '/api/v1/auth/sign-out', expect: staffOnly(204) },
  { route: 'POST /api/v1/auth/sign-out-everywhere', path: () => '/api/v1/auth/sign-out-everywhere', expect: staffOnly(204) },
  { route: 'GET /api/v1/auth/passkeys', path: () => '/api/v1/auth/passkeys', expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/passkeys/options', path: () => '/api/v1/auth/passkeys/options', body: () => ({}), expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/passkeys', path: () => '/api/v1/auth/passkeys', body: () => ({}), expect: staffOnly(422) },
  { route: 'DELETE /api/v1/auth/passkeys/:id', path: () => `/api/v1/auth/passkeys/${uuid}`, expect: staffOnly(404) },
  { route: 'POST /api/v1/auth/step-up/options', path: () => '/api/v1/auth/step-up/options', body: () => ({}), expect: staffOnly(200) },
  { route: 'POST /api/v1/auth/step-up', path: () => '/api/v1/auth/step-up', body: () => ({}), expect: staffOnly(422) },
  { route: 'GET /api/v1/staff', path: () => '/api/v1/staff', expect: staffOnly(200) },
  {
    route: 'POST /api/v1/staff/invitations',
    path: () => '/api/v1/staff/invitations',
    body: () => ({ displayName: 'New person', roles: ['caseworker'], deskIds: [] }),
    expect: only({ admin: 201 }),
  },
  { route: 'GET /api/v1/keys/root', path: () => '/api/v1/keys/root', expect: all(200) },
  { route: 'GET /api/v1/keys/staff/:id', path: (c) => `/api/v1/keys/staff/${c.admin.id}`, expect: all(200) },
  { route: 'GET /api/v1/keys/staff/:id', label: 'unknown member', path: () => `/api/v1/keys/staff/${uuid}`, expect: all(404) },
  {
    route: 'POST /api/v1/keys/staff/:id/certificate',
    path: (c) => `/api/v1/keys/staff/${c.somebody.id}/certificate`,
    body: () => ({ certificate: {} }),
    expect: staffOnly(422),
  },
  { route: 'POST /api/v1/requester/challenge', path: () => '/api/v1/requester/challenge', body: () => ({ kid: 'B'.repeat(22) }), expect: all(200) },
  { route: 'POST /api/v1/requester/sign-in', path: () => '/api/v1/requester/sign-in', body: () => ({}), expect: all(422) },
  { route: 'GET /api/v1/requester/session', path: () => '/api/v1/requester/session', expect: requesterOnly(200) },
  { route: 'POST /api/v1/requester/sign-out', path: () => '/api/v1/requester/sign-out', expect: requesterOnly(204) },
  { route: 'GET /api/v1/desks', path: () => '/api/v1/desks', expect: all(200) },
  {
    route: 'GET /api/v1/desks/:deskId/members',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members`,
    expect: { ...staffOnly(404), caseworker: 200, desk_lead: 200, admin: 200 },
  },
  {
    route: 'GET /api/v1/desks/:deskId/members',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/members`,
    expect: { ...staffOnly(404), admin: 200 },
  },
  {
    route: 'POST /api/v1/desks/:deskId/members',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members`,
    body: (c) => ({ staffId: c.somebody.id }),
    expect: only({ desk_lead: 204, admin: 204 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/members',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/members`,
    body: (c) => ({ staffId: c.somebody.id }),
    expect: only({ admin: 204 }),
  },
  {
    route: 'DELETE /api/v1/desks/:deskId/members/:staffId',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/members/${uuid}`,
    expect: only({ desk_lead: 404, admin: 404 }),
  },
  {
    route: 'DELETE /api/v1/desks/:deskId/members/:staffId',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/members/${uuid}`,
    expect: only({ admin: 404 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/keys`,
    body: () => ({ version: 1, encPk: 'C'.repeat(43), sealedKey: 's1.bad' }),
    expect: only({ desk_lead: 422 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/keys`,
    body: () => ({ version: 1, encPk: 'C'.repeat(43), sealedKey: 's1.bad' }),
    expect: only({}),
  },
  {
    route: 'POST /api/v1/desks/:deskId/keys/:version/certificate',
    path: (c) => `/api/v1/desks/${c.legal}/keys/9/certificate`,
    body: () => ({ certificate: {} }),
    expect: only({ admin: 404 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/grants',
    label: 'own desk',
    path: (c) => `/api/v1/desks/${c.legal}/grants`,
    body: () => ({ version: 1, staffId: uuid, sealedKey: 's1.bad' }),
    expect: only({ desk_lead: 422 }),
  },
  {
    route: 'POST /api/v1/desks/:deskId/grants',
    label: 'other desk',
    path: (c) => `/api/v1/desks/${c.medical}/grants`,
    body: () => ({ version: 1, staffId: uuid, sealedKey: 's1.bad' }),
    expect: only({}),
  },
  { route: 'GET /api/v1/desks/:deskId/grants/mine', path: (c) => `/api/v1/desks/${c.legal}/grants/mine`, expect: staffOnly(200) },
];

describe('authorization matrix', () => {
  let t: TestApp;
  let root: RootKeys;
  const people = {} as Record<StaffCaller, TestPerson>;
  let ctx: Context;
  let requesterId: string;

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    const legal = await deskId(t, 'legal');
    const medical = await deskId(t, 'medical');
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    people.admin = admin;
    const roles: Record<Exclude<StaffCaller, 'admin'>, { roles: StaffRole[]; deskIds?: string[]; leadDeskIds?: string[] }> = {
      caseworker: { roles: ['caseworker'], deskIds: [legal] },
      desk_lead: { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal] },
      finance_officer: { roles: ['finance_officer'] },
      finance_approver: { roles: ['finance_approver'] },
      programme_manager: { roles: ['programme_manager'] },
      auditor: { roles: ['auditor'] },
    };
    for (const [name, spec] of Object.entries(roles)) people[name as keyof typeof roles] = await createPerson(t, { ...spec, certifyWith: { admin } });
    const somebody = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    const [row] = await t.dataSource.query(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $2) RETURNING id`, ['D'.repeat(22), 'E'.repeat(43)]);
    requesterId = row.id;
    ctx = { legal, medical, admin, somebody };
  });
  afterAll(() => t.close());

  /** A fresh, stepped-up session for the caller: the Cookie header and CSRF token. */
  async function credentials(caller: Caller): Promise<{ cookie?: string; csrf?: string }> {
    if (caller === 'anonymous') return {};
    const sessions = t.app.get(SessionStore);
    const subject = caller === 'requester' ? { kind: 'requester' as const, requesterId } : { kind: 'staff' as const, staffId: people[caller].id, credentialId: 'matrix' };
    const { sid, session } = await sessions.create(subject);
    await sessions.markSteppedUp(session);
    return { cookie: `ashar_sid=${sid}`, csrf: session.csrfToken };
  }

  async function clearRateLimits(): Promise<void> {
    const redis = t.app.get(RedisStore);
    const keys = await redis.client.keys(redis.key('rl', '*'));
    if (keys.length > 0) await redis.client.del(...keys);
  }

  it('has a row for every route of the router, and no row for a route that does not exist', () => {
    const registered = new Set(registeredRoutes(t.app).map((r) => r.key));
    const covered = new Set(ROWS.map((r) => r.route));
    expect([...registered].filter((r) => !covered.has(r)).sort()).toEqual([]);
    expect([...covered].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.route}${row.label ? ` (${row.label})` : ''}`, async () => {
      await clearRateLimits();
      const [method, template] = row.route.split(' ') as [string, string];
      const got: Partial<Expect> = {};
      for (const caller of CALLERS) {
        const { cookie, csrf } = await credentials(caller);
        let req = request(t.http)[method.toLowerCase() as 'get' | 'post' | 'delete'](row.path(ctx));
        if (cookie) req = req.set('cookie', cookie);
        if (csrf) req = req.set('x-csrf-token', csrf);
        const res = row.body ? await req.send(row.body(ctx) as object) : await req;
        got[caller] = res.status;
      }
      expect({ route: template, got }).toEqual({ route: template, got: row.expect });
    });
  }

  it('answers 401 to a signed-in call whose session has ended, and 403 without the CSRF token', async () => {
    const { cookie } = await credentials('admin');
    await request(t.http).post('/api/v1/staff/invitations').set('cookie', cookie!).send({ displayName: 'X', roles: ['caseworker'] }).expect(403);
    await request(t.http).get('/api/v1/auth/session').set('cookie', 'ashar_sid=' + 'Z'.repeat(43)).expect(401);
  });

  it('refuses a session of a suspended member as if signed out', async () => {
    const person = await createPerson(t, { roles: ['caseworker'] });
    await request(t.http).get('/api/v1/auth/session').set('cookie', person.cookie).expect(200);
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [person.id]);
    await request(t.http).get('/api/v1/auth/session').set('cookie', person.cookie).expect(401);
  });
});

