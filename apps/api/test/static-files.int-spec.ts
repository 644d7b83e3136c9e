/**
 * The web app as the api serves it (apps/api/src/web/static.ts): the brotli and gzip copies the
 * build makes beside each file go to the browsers that accept them, with the file's type, the
 * copy's length and ETag, `Vary: Accept-Encoding` and the same caching and security headers as
 * the file itself; hashed assets are immutable, the rest is revalidated; a missing asset is a 404.
 * Bytes are read off the socket as sent and decompressed here, so what is checked is the wire.
 */
import { mkdtempSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { acceptedQuality } from '../src/web/static';
import { startTestApp, type TestApp } from './app';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with exactly these headers (no client of ours adds or decodes anything). */
function fetchRaw(t: TestApp, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { port } = (t.http as { address(): AddressInfo }).address();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { ...headers, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A build's files: a hashed script, a hashed style, the shell, the service worker and a file too small to have copies. */
function makeBuild(): { web: string; script: Buffer; shell: Buffer; worker: Buffer } {
  const web = mkdtempSync(join(tmpdir(), 'ashar-web-static-'));
  mkdirSync(join(web, 'assets'));
  const script = Buffer.from(`export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word number ${i}`))};\n`);
  const shell = Buffer.from(`<!doctype html><html lang="en"><head><title>shell</title></head><body>${'<div id="root"></div>'.repeat(40)}</body></html>`);
  const worker = Buffer.from(`self.addEventListener('fetch', () => {});\n${'// worker\n'.repeat(100)}`);
  const files: [string, Buffer][] = [
    ['assets/index-AbC123.js', script],
    ['assets/index-DeF456.css', Buffer.from(`body { color: black; }\n${'.a { margin: 0; }\n'.repeat(100)}`)],
    ['index.html', shell],
    ['sw.js', worker],
  ];
  for (const [name, bytes] of files) {
    writeFileSync(join(web, name), bytes);
    writeFileSync(join(web, `${name}.br`), brotliCompressSync(bytes));
    writeFileSync(join(web, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  }
  writeFileSync(join(web, 'assets', 'tiny-Gh789.js'), 'export{}');
  return { web, script, shell, worker };
}

describe('static files of the web app', () => {
  let t: TestApp;
  let off: TestApp;
  const build = makeBuild();
  const script = '/assets/index-AbC123.js';

  beforeAll(async () => {
    t = await startTestApp({ WEB_DIST: build.web });
    off = await startTestApp({ WEB_DIST: build.web, STATIC_PRECOMPRESSED: 'false' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => off.http.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t.close();
    await off.close();
  });

  it('sends the brotli copy to a browser that accepts brotli, with the type, length, ETag and caching of a hashed asset', async () => {
    const res = await fetchRaw(t, script, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBe(readFileSync(join(build.web, `${script}.br`)).length);
    expect(res.headers['etag']).toEqual(expect.any(String));
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(brotliDecompressSync(res.body).equals(build.script)).toBe(true);
  });

  it('sends the gzip copy to a browser that accepts only gzip, and the file itself to one that accepts neither', async () => {
    const gzip = await fetchRaw(t, script, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzip.body).equals(build.script)).toBe(true);
    const plain = await fetchRaw(t, script);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.equals(build.script)).toBe(true);
    // Three representations, three validators: a cache never mixes them up.
    const brotli = await fetchRaw(t, script, { 'accept-encoding': 'br' });
    expect(new Set([brotli.headers['etag'], gzip.headers['etag'], plain.headers['etag']]).size).toBe(3);
    const again = await fetchRaw(t, script, { 'accept-encoding': 'br', 'if-none-match': String(brotli.headers['etag']) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('follows the preferences a browser states: refused or less liked encodings are not sent', async () => {
    expect((await fetchRaw(t, script, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await fetchRaw(t, script, { 'accept-encoding': 'gzip;q=0.5, br;q=0.8' })).headers['content-encoding']).toBe('br');
    expect((await fetchRaw(t, script, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
    expect((await fetchRaw(t, script, { 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined();
    expect((await fetchRaw(t, script, { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br');
    expect((await fetchRaw(t, script, { 'accept-encoding': 'identity;q=1, br;q=0.5' })).headers['content-encoding']).toBeUndefined();
    expect(acceptedQuality('gzip;q=0.5, identity;q=0', 'identity')).toBe(0);
    expect(acceptedQuality('gzip;q=nonsense', 'gzip')).toBe(0);
    expect(acceptedQuality(undefined, 'br')).toBe(0);
  });

  it('answers HEAD with the copy’s headers and no body', async () => {
    const res = await fetchRaw(t, script, { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(readFileSync(join(build.web, `${script}.br`)).length);
    expect(res.body.length).toBe(0);
  });

  it('caches only hashed assets for good: the shell, client routes and the service worker are revalidated', async () => {
    for (const path of ['/', '/request', '/staff/console']) {
      const page = await fetchRaw(t, path, { 'accept-encoding': 'br' });
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBe('br');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(brotliDecompressSync(page.body).equals(build.shell)).toBe(true);
    }
    const worker = await fetchRaw(t, '/sw.js', { 'accept-encoding': 'gzip' });
    expect(worker.headers['content-encoding']).toBe('gzip');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(worker.body).equals(build.worker)).toBe(true);
    const style = await fetchRaw(t, '/assets/index-DeF456.css', { 'accept-encoding': 'br' });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends a file without copies as it is', async () => {
    const res = await fetchRaw(t, '/assets/tiny-Gh789.js', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('export{}');
  });

  it('answers a missing asset, and a copy asked for by its own name, with 404 and never the app shell', async () => {
    for (const path of ['/assets/missing-Zz999.js', `${script}.br`, `${script}.gz`, '/index.html.br', '/sw.js.gz']) {
      const res = await fetchRaw(t, path, { 'accept-encoding': 'br, gzip' });
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 404, type: expect.stringContaining('application/problem+json') });
      expect(res.body.toString()).not.toContain('<title>shell</title>');
    }
  });

  it('never sends a copy older than its file: a file changed after the build goes out as it is to everyone', async () => {
    const web = makeBuild();
    const changed = Buffer.from('export const changed = true;\n'.repeat(50));
    writeFileSync(join(web.web, 'assets', 'index-AbC123.js'), changed);
    const past = new Date(Date.now() - 3600_000);
    for (const suffix of ['.br', '.gz']) utimesSync(join(web.web, `${script}${suffix}`), past, past);
    const app = await startTestApp({ WEB_DIST: web.web });
    try {
      await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
      const res = await fetchRaw(app, script, { 'accept-encoding': 'br, gzip' });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(changed)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('sends every file as it is when STATIC_PRECOMPRESSED=false, still varying by Accept-Encoding', async () => {
    const res = await fetchRaw(off, script, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.body.equals(build.script)).toBe(true);
    const shell = await fetchRaw(off, '/request', { 'accept-encoding': 'br, gzip' });
    expect(shell.headers['content-encoding']).toBeUndefined();
    expect(shell.body.equals(build.shell)).toBe(true);
  });
});
