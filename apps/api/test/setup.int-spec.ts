import request from 'supertest';
import { SetupTokenService } from '../src/bootstrap/setup-token.service';
import { startTestApp, type TestApp } from './app';

describe('first-run setup token', () => {
  let t: TestApp;
  let tokens: SetupTokenService;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = t.app.get(SetupTokenService);
  });
  afterAll(() => t.close());
  beforeEach(() => t.dataSource.query(`DELETE FROM staff_members; DELETE FROM setup_tokens`));

  it('issues a random token while no admin exists, and stores only its hash', async () => {
    const a = await tokens.issueIfNoAdmin();
    const b = await tokens.issueIfNoAdmin();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).not.toEqual(a);
    const rows: { token_hash: Buffer; used_at: Date | null }[] = await t.dataSource.query(`SELECT token_hash, used_at FROM setup_tokens ORDER BY created_at`);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.token_hash.toString('base64url')).not.toEqual(a);
    // Issuing a new token revokes the previous one.
    expect(await tokens.isValid(a!)).toBe(false);
    expect(await tokens.isValid(b!)).toBe(true);
  });

  it('is checked over HTTP: 204 when live, 404 otherwise', async () => {
    const token = await tokens.issueIfNoAdmin();
    await request(t.http).post('/api/v1/setup/check').send({ token }).expect(204);
    await request(t.http).post('/api/v1/setup/check').send({ token: 'A'.repeat(43) }).expect(404);
  });

  it('refuses a display name with a control character (a NUL included) as a 422, and stores nothing', async () => {
    const token = await tokens.issueIfNoAdmin();
    for (const displayName of ['Aigerim\u0000', 'Ai\ngerim', 'Ai\u007fgerim']) {
      const res = await request(t.http).post('/api/v1/setup/options').send({ token, displayName }).expect(422);
      expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:ashar:problem:validation' });
    }
    expect(await tokens.isValid(token!)).toBe(true);
  });

  it('is single-use', async () => {
    const token = (await tokens.issueIfNoAdmin())!;
    expect(await t.dataSource.transaction((m) => tokens.consume(m, token))).toBe(true);
    expect(await t.dataSource.transaction((m) => tokens.consume(m, token))).toBe(false);
    await request(t.http).post('/api/v1/setup/check').send({ token }).expect(404);
  });

  it('expires', async () => {
    const token = (await tokens.issueIfNoAdmin())!;
    await t.dataSource.query(`UPDATE setup_tokens SET expires_at = now() - interval '1 second'`);
    expect(await tokens.isValid(token)).toBe(false);
    expect(await t.dataSource.transaction((m) => tokens.consume(m, token))).toBe(false);
  });

  it('is neither issued nor accepted once an admin exists', async () => {
    const token = (await tokens.issueIfNoAdmin())!;
    await t.dataSource.query(`INSERT INTO staff_members (display_name, roles) VALUES ('First admin', '{admin}')`);
    expect(await tokens.issueIfNoAdmin()).toBeNull();
    expect(await tokens.isValid(token)).toBe(false);
    expect(await t.dataSource.transaction((m) => tokens.consume(m, token))).toBe(false);
  });
});
