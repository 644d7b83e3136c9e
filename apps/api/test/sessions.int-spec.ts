import { SessionStore } from '../src/auth/session.store';
import { RedisStore } from '../src/redis/redis.module';
import { startTestApp, type TestApp } from './app';

describe('sessions', () => {
  let t: TestApp;
  let sessions: SessionStore;
  let redis: RedisStore;

  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '2' });
    sessions = t.app.get(SessionStore);
    redis = t.app.get(RedisStore);
  });
  afterAll(() => t.close());

  const subject = { kind: 'staff' as const, staffId: '00000000-0000-4000-8000-000000000001', credentialId: 'cred-1' };

  it('stores only the hash of the session id, with the idle time-out as TTL', async () => {
    const { sid, session } = await sessions.create(subject);
    expect(await redis.client.exists(redis.key('session', sid))).toBe(0);
    const ttl = await redis.client.ttl(redis.key('session', session.hash));
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
    expect((await sessions.read(sid))?.subject).toEqual(subject);
  });

  it('ends a session past its absolute time-out even if it was used recently', async () => {
    const { sid, session } = await sessions.create(subject);
    const key = redis.key('session', session.hash);
    const data = JSON.parse((await redis.client.get(key))!);
    data.createdAt = Date.now() - 2 * 3600 * 1000 - 1000;
    await redis.client.set(key, JSON.stringify(data), 'EX', 300);
    expect(await sessions.read(sid)).toBeNull();
    expect(await redis.client.exists(key)).toBe(0);
  });

  it('ends a session after the idle time-out', async () => {
    const { sid, session } = await sessions.create(subject);
    await redis.client.pexpire(redis.key('session', session.hash), 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await sessions.read(sid)).toBeNull();
  });

  it('rotates: every sign-in gets a new id', async () => {
    const a = await sessions.create(subject);
    const b = await sessions.create(subject);
    expect(a.sid).not.toBe(b.sid);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
  });

  it('ignores malformed cookie values', async () => {
    expect(await sessions.read('../../etc')).toBeNull();
    expect(await sessions.read(undefined)).toBeNull();
  });
});
