import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';

describe('HTTP foundation', () => {
  let t: TestApp;
  const web = mkdtempSync(join(tmpdir(), 'ashar-web-'));

  beforeAll(async () => {
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
    t = await startTestApp({ WEB_DIST: web });
  });
  afterAll(() => t.close());

  it('answers liveness', async () => {
    const res = await request(t.http).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL and Redis as ready', async () => {
    const res = await request(t.http).get('/api/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.postgres.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('sends a strict Content-Security-Policy and no-store on api responses', async () => {
    const res = await request(t.http).get('/api/health');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers an unknown api route with a problem+json 404 that does not echo the URL', async () => {
    const res = await request(t.http).get('/api/v1/nothing-here?secret=abc').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ type: 'urn:ashar:problem:not-found', status: 404, instance: '/api/v1/nothing-here' });
    expect(res.text).not.toContain('secret');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await request(t.http).post('/api/v1/setup/check').set('content-type', 'application/json').send('{"token": ').expect(400);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:ashar:problem:bad-request', status: 400 });
  });

  it('does not echo any of a malformed JSON body in its 400 problem', async () => {
    const res = await request(t.http).post('/api/v1/setup/check').set('content-type', 'application/json').send('{"token": "body-marker-7f3a').expect(400);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:ashar:problem:bad-request', status: 400 });
    expect(res.text).not.toContain('body-marker');
  });

  it('answers a body whose Content-Encoding does not decode with a 400 problem, signed in or not', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await request(t.http).post('/api/v1/setup/check').set('content-type', 'application/json').set('content-encoding', encoding).send(Buffer.from('not compressed at all, body-marker')).expect(400);
      expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:ashar:problem:bad-request', status: 400 });
      expect(res.text).not.toContain('body-marker');
    }
  });

  it('turns off browser features the app never uses, and keeps passkeys on its own origin', async () => {
    const res = await request(t.http).get('/api/health');
    const policy = String(res.headers['permissions-policy'] ?? '');
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()', 'browsing-topics=()']) expect(policy).toContain(feature);
    expect(policy).toContain('publickey-credentials-get=(self)');
    expect(policy).toContain('publickey-credentials-create=(self)');
  });

  it('refuses a body over the size limit with a 413 problem', async () => {
    const res = await request(t.http).post('/api/v1/setup/check').set('content-type', 'application/json').send(JSON.stringify({ token: 'x'.repeat(70 * 1024) })).expect(413);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:ashar:problem:payload-too-large', status: 413 });
  });

  it('answers invalid input with a 422 problem naming the field but not its value', async () => {
    const res = await request(t.http).post('/api/v1/setup/check').send({ token: 'a'.repeat(65), extra: 'my-marker' }).expect(422);
    const body = JSON.parse(res.text);
    expect(body.type).toBe('urn:ashar:problem:validation');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['(body)', 'token']);
    expect(res.text).not.toContain('my-marker');
    expect(res.text).not.toContain('aaaaaaaa');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await request(t.http).get('/api/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/health/ready', '/api/v1/setup/check']));
    await request(t.http).get('/api/docs').expect(200);
  });

  it('serves no OpenAPI document in production unless API_DOCS says so', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', WEB_DIST: web });
    try {
      await request(production.http).get('/api/docs/openapi.json').expect(404);
      await request(production.http).get('/api/docs').expect(404);
    } finally {
      await production.close();
    }
    const documented = await startTestApp({ NODE_ENV: 'production', API_DOCS: 'true', WEB_DIST: web });
    try {
      await request(documented.http).get('/api/docs/openapi.json').expect(200);
    } finally {
      await documented.close();
    }
  });

  it('serves the web app shell for client routes and caches hashed assets', async () => {
    const shell = await request(t.http).get('/staff').expect(200);
    expect(shell.text).toContain('<title>shell</title>');
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(shell.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = await request(t.http).get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });
});
