import { randomUUID } from 'node:crypto';
import { deriveRequesterKeys, encodePublicKey, generateReceiptCode, kidOf, ready, signChallenge } from '@ashar/crypto';
import request from 'supertest';
import { RedisStore } from '../src/redis/redis.module';
import { RequesterRepository } from '../src/requesters/requester.repository';
import { startTestApp, type TestApp } from './app';
import { withPow } from './pow';

describe('requester sign-in with a receipt code', () => {
  let t: TestApp;
  const receipt = { code: '', kid: '', keys: undefined as unknown as ReturnType<typeof deriveRequesterKeys> };

  beforeAll(async () => {
    await ready();
    t = await startTestApp({ INSTANCE_ID: 'test-instance' });
    receipt.code = generateReceiptCode();
    receipt.keys = deriveRequesterKeys(receipt.code, 'test-instance');
    receipt.kid = kidOf(receipt.keys.signPk);
    // What the first submission does: an account holding only the derived public keys.
    await t.dataSource.transaction((m) =>
      t.app.get(RequesterRepository).create(m, { signKid: receipt.kid, encPk: encodePublicKey(receipt.keys.encPk), signPk: encodePublicKey(receipt.keys.signPk) }),
    );
  });
  afterAll(() => t.close());

  async function challenge(kid: string) {
    const res = await withPow(request(t.http).post('/api/v1/requester/challenge'), t.http, 'requester-challenge').send({ kid }).expect(200);
    return res.body as { ceremonyId: string; challenge: string; instanceId: string };
  }

  it('signs in with the signed challenge and gets a requester session', async () => {
    const c = await challenge(receipt.kid);
    expect(c.instanceId).toBe('test-instance');
    const signature = signChallenge(receipt.keys, c.instanceId, c.challenge);
    const res = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: c.ceremonyId, signature }).expect(204);
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    // __Host-: Secure, Path=/ and no Domain, or a browser refuses it (issue 13, finding 8).
    expect(cookie).toMatch(/^__Host-ashar_sid=[A-Za-z0-9_-]{43};/);
    expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
    const sid = cookie.split(';')[0]!;
    const session = await request(t.http).get('/api/v1/requester/session').set('cookie', sid).expect(200);
    expect(session.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A requester is not staff.
    await request(t.http).get('/api/v1/auth/session').set('cookie', sid).expect(403);
    await request(t.http).get('/api/v1/staff').set('cookie', sid).expect(403);
    // Nothing but the keys is stored.
    const [row] = await t.dataSource.query(`SELECT * FROM requesters WHERE sign_kid = $1`, [receipt.kid]);
    expect(Object.keys(row).sort()).toEqual(['created_at', 'enc_pk', 'id', 'sign_kid', 'sign_pk']);
    expect(new Date(row.created_at).getUTCHours()).toBe(0);
  });

  it('uses a challenge once', async () => {
    const c = await challenge(receipt.kid);
    const signature = signChallenge(receipt.keys, c.instanceId, c.challenge);
    await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: c.ceremonyId, signature }).expect(204);
    const again = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: c.ceremonyId, signature }).expect(400);
    expect(JSON.parse(again.text).type).toBe('urn:ashar:problem:ceremony-expired');
  });

  it('refuses a wrong receipt code the same way as an unknown one', async () => {
    const other = deriveRequesterKeys(generateReceiptCode(), 'test-instance');
    // Right kid, wrong key: the signature does not verify.
    const c1 = await challenge(receipt.kid);
    const r1 = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: c1.ceremonyId, signature: signChallenge(other, c1.instanceId, c1.challenge) }).expect(401);
    // Unknown kid: a challenge is still given, and sign-in fails identically.
    const c2 = await challenge(kidOf(other.signPk));
    const r2 = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: c2.ceremonyId, signature: signChallenge(other, c2.instanceId, c2.challenge) }).expect(401);
    expect(JSON.parse(r1.text)).toEqual({ ...JSON.parse(r2.text) });
  });

  it('records sign-ins and failures in the audit log, without the key id or any address', async () => {
    const rows: { action: string; actor_kind: string; data: unknown }[] = await t.dataSource.query(
      `SELECT action, actor_kind, data FROM audit_events WHERE action LIKE 'auth.sign_in%' ORDER BY seq`,
    );
    expect(rows.filter((r) => r.action === 'auth.sign_in' && r.actor_kind === 'requester').length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.action === 'auth.sign_in_failed').map((r) => (r.data as { reason: string }).reason).sort()).toEqual(['bad_signature', 'unknown_receipt']);
    expect(JSON.stringify(rows)).not.toContain(receipt.kid);
  });

  it('validates the key id and the signature shape', async () => {
    await withPow(request(t.http).post('/api/v1/requester/challenge'), t.http, 'requester-challenge').send({ kid: 'short' }).expect(422);
    await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: 'not-a-uuid', signature: 'x' }).expect(422);
  });

  it('counts attempts after Redis lost the counting script (restart, SCRIPT FLUSH) as before', async () => {
    const redis = t.app.get(RedisStore);
    const everyone = async () => {
      let sum = 0;
      for (const key of await redis.client.keys(redis.key('rl', '*', 'all'))) sum += Number(await redis.client.get(key));
      return sum;
    };
    const before = await everyone();
    await redis.client.script('FLUSH');
    // Staff sign-in options count for everyone together (the receipt challenge proves work instead).
    const res = await request(t.http).post('/api/v1/auth/options').send({});
    expect(res.status).toBeLessThan(300);
    expect(await everyone()).toBe(before + 1);
    // ...and the next one runs the script Redis has again.
    await request(t.http).post('/api/v1/auth/options').send({});
    expect(await everyone()).toBe(before + 2);
  });

  it('wants a proof of work for a receipt challenge, never counts attempts by address, and lets sign-in spend the ceremony the proof bought', async () => {
    expect((await request(t.http).post('/api/v1/requester/challenge').send({ kid: receipt.kid })).status).toBe(428);
    // More attempts from this one address than the old per-address limit (20 a minute) allowed: each with its own proof.
    for (let i = 0; i < 25; i++) await withPow(request(t.http).post('/api/v1/requester/challenge'), t.http, 'requester-challenge').send({ kid: receipt.kid }).expect(200);
    // Sign-in needs no proof of its own: an attempt without a live ceremony is refused as before.
    const res = await request(t.http).post('/api/v1/requester/sign-in').send({ ceremonyId: randomUUID(), signature: 'A'.repeat(86) });
    expect(res.body.type).toBe('urn:ashar:problem:ceremony-expired');
  });
});
