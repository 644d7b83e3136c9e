/**
 * `ashar release sign` / `release verify` through the built CLI, as custodians and auditors run
 * them (docs/release.md): sign lists every file of a web build under the root key file; the
 * running api publishes the manifest at /.well-known/ashar-release.json; verify checks a live
 * system against a root public key and says VERIFIED (0), NOT VERIFIED (1) or NOT CHECKED (2).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import request from 'supertest';
import {
  encodePublicKey,
  generateRootKeys,
  hashReleaseFile,
  kidFingerprint,
  kidOf,
  parseSignPublicKey,
  protectRootKeys,
  ready,
  verifyReleaseManifest,
  type RootKeys,
} from '@ashar/crypto';
import { releaseProblem } from '../src/web';
import { type TestApp, startTestApp } from './app';

const CLI = join(__dirname, '../../../dist/apps/api/cli.js');
const BUILT_WEB = join(__dirname, '../../../dist/apps/web');
const PASSPHRASE = 'custodians sign every release together';
const MANIFEST = ['.well-known', 'ashar-release.json'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking this process (which also serves the api under test). */
function ashar(args: string[], env: Record<string, string> = { ASHAR_ROOT_PASSPHRASE: PASSPHRASE }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      // Whatever happens, the passphrase is never printed.
      expect(`${stdout}${stderr}`).not.toContain(PASSPHRASE);
      resolve({ status, stdout, stderr });
    });
  });
}

function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ashar-web-'));
  cpSync(BUILT_WEB, dir, { recursive: true });
  rmSync(join(dir, MANIFEST[0]!), { recursive: true, force: true });
  return dir;
}

function chunk(dir: string): string {
  const name = readdirSync(join(dir, 'assets')).find((entry) => entry.endsWith('.js'));
  if (!name) throw new Error('no chunk in the build');
  return join(dir, 'assets', name);
}

describe('release CLI', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'ashar-release-key-'));
  const rootFile = join(keyDir, 'root.key');
  let root: RootKeys;
  let rootPublicKey: string;
  let web: string;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(join(BUILT_WEB, 'sw.js'))) throw new Error('build the api and the web app first (npm run build)');
    await ready();
    root = generateRootKeys();
    rootPublicKey = encodePublicKey(root.signPk);
    writeFileSync(rootFile, `${protectRootKeys(root, PASSPHRASE, { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 })}\n`, { mode: 0o600 });
    web = copyOfBuild();
    app = await startTestApp({ WEB_DIST: web, ROOT_PUBLIC_KEY: rootPublicKey });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(app.http.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(web, { recursive: true, force: true });
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('publishes nothing before the build is signed, and the start-up check says why', async () => {
    await request(app.http).get('/.well-known/ashar-release.json').expect(404);
    expect(releaseProblem(web, rootPublicKey)).toMatch(/has no signed release manifest: staff consoles will refuse to unlock keys/);
    const run = await ashar(['release', 'verify', url, '--root-public-key', rootPublicKey]);
    expect(run.status).toBe(1);
    expect(run.stdout.trim()).toBe(`NOT VERIFIED: ${url} publishes no signed release (/.well-known/ashar-release.json answered 404).`);
  });

  it('sign lists every file of the build with its SHA-256 and signs the list with the root key file', async () => {
    const run = await ashar(['release', 'sign', '--root', rootFile, '--web', web]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = readFileSync(join(web, ...MANIFEST), 'utf8');
    const release = verifyReleaseManifest(JSON.parse(text), parseSignPublicKey(rootPublicKey));
    expect(run.stdout).toContain(`Signed release ${release.buildId}: ${release.files.size} files of ${web}`);
    expect(run.stdout).toContain(`with the root key ${kidFingerprint(kidOf(root.signPk))}`);
    // Every file the browser may load, and nothing else: not the brotli and gzip copies of them the api may send instead.
    const onDisk = (dir: string, prefix = ''): string[] =>
      readdirSync(join(web, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.name.startsWith('.') ? [] : entry.isDirectory() ? onDisk(join(dir, entry.name), `${prefix}/${entry.name}`) : [`${prefix}/${entry.name}`],
      );
    const copies = onDisk('').filter((path) => /\.(br|gz)$/.test(path));
    expect(copies).toEqual(expect.arrayContaining(['/index.html.br', '/index.html.gz', '/sw.js.br', '/sw.js.gz']));
    expect([...release.files.keys()].sort()).toEqual(onDisk('').filter((path) => !copies.includes(path)).sort());
    expect([...release.files.keys()]).toEqual(expect.arrayContaining(['/index.html', '/sw.js', '/favicon.svg', '/about-weather.css']));
    expect([...release.files.keys()].some((path) => /^\/assets\/crypto\.worker-.*\.js$/.test(path))).toBe(true);
    for (const [path, hash] of release.files) expect(hashReleaseFile(readFileSync(join(web, path)))).toBe(hash);
    expect(releaseProblem(web, rootPublicKey)).toBeNull();
  });

  it('the api publishes the manifest at the well-known path, and no other well-known path', async () => {
    const answer = await request(app.http).get('/.well-known/ashar-release.json').expect(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.text).toBe(readFileSync(join(web, ...MANIFEST), 'utf8'));
    await request(app.http).get('/.well-known/other.json').expect(404);
    await request(app.http).get('/.well-known/').expect(404);
  });

  it('verify fetches the live system and every listed file and says VERIFIED (exit 0)', async () => {
    const run = await ashar(['release', 'verify', `${url}/staff?x=1`], { ROOT_PUBLIC_KEY: rootPublicKey });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const release = verifyReleaseManifest(JSON.parse(readFileSync(join(web, ...MANIFEST), 'utf8')), root.signPk);
    expect(run.stdout.trim()).toBe(
      `VERIFIED: ${url} serves the signed release ${release.buildId} issued ${release.issuedAt}, root key ${kidFingerprint(kidOf(root.signPk))}: all ${release.files.size} files and 3 entry pages match, brotli, gzip and uncompressed.`,
    );
  });

  it('verify names every changed file and says NOT VERIFIED (exit 1); the start-up check sees it too', async () => {
    const file = chunk(web);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([Buffer.from('fetch("/steal");\n'), original]));
    try {
      const run = await ashar(['release', 'verify', url, '--root-public-key', rootPublicKey]);
      expect(run.status).toBe(1);
      const path = file.slice(web.length);
      // The file is newer than its brotli and gzip copies: the api sends it as it is to every client, and verify sees it three times.
      for (const as of ['as br', 'as gzip', 'uncompressed']) {
        expect(run.stdout).toContain(`changed  ${path} (${as}): sha256 ${hashReleaseFile(readFileSync(file))}, the release lists ${hashReleaseFile(original)}`);
      }
      expect(run.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^NOT VERIFIED: ${url} serves 1 file that differs from the signed release [0-9a-f]{32}`));
      expect(releaseProblem(web, rootPublicKey)).toContain(`differs from its signed release`);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('verify checks what each kind of browser gets: a changed brotli copy is NOT VERIFIED though the file itself is the signed one', async () => {
    const file = chunk(web);
    const copy = `${file}.br`;
    const original = readFileSync(copy);
    writeFileSync(copy, brotliCompressSync(Buffer.concat([Buffer.from('fetch("/steal");\n'), readFileSync(file)])));
    try {
      const run = await ashar(['release', 'verify', url, '--root-public-key', rootPublicKey]);
      expect(run.status).toBe(1);
      const path = file.slice(web.length);
      expect(run.stdout).toContain(`changed  ${path} (as br): sha256 `);
      expect(run.stdout).not.toContain(`changed  ${path} (as gzip)`);
      expect(run.stdout).not.toContain(`changed  ${path} (uncompressed)`);
      expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^NOT VERIFIED: .* serves 1 file that differs from the signed release/);
    } finally {
      writeFileSync(copy, original);
    }
  });

  it('verify refuses a release checked against another root key, and a manifest whose signature was moved', async () => {
    const other = encodePublicKey(generateRootKeys().signPk);
    const run = await ashar(['release', 'verify', url, '--root-public-key', other]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^NOT VERIFIED: .* publishes a release signed for another root key than [0-9a-f ]{19}\.$/m);
    expect(releaseProblem(web, other)).toMatch(/does not verify under ROOT_PUBLIC_KEY \(wrong_key\)/);

    const path = join(web, ...MANIFEST);
    const signed = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, JSON.stringify({ ...JSON.parse(signed), issuedAt: '2099-01-01T00:00:00Z' }));
      const forged = await ashar(['release', 'verify', url, '--root-public-key', rootPublicKey]);
      expect(forged.status).toBe(1);
      expect(forged.stdout).toMatch(/signature does not verify under the root key/);
    } finally {
      writeFileSync(path, signed);
    }
  });

  it('verify says NOT CHECKED (exit 2) when it cannot check: no root key, a bad address, nothing listening', async () => {
    const noKey = await ashar(['release', 'verify', url], {});
    expect(noKey.status).toBe(2);
    expect(noKey.stderr.trim()).toBe('ashar: give the root public key to check against: --root-public-key <b64> or ROOT_PUBLIC_KEY');
    const badAddress = await ashar(['release', 'verify', 'ftp://example.org', '--root-public-key', rootPublicKey]);
    expect(badAddress.status).toBe(2);
    const closed = await ashar(['release', 'verify', 'http://127.0.0.1:9', '--root-public-key', rootPublicKey]);
    expect(closed.status).toBe(2);
    expect(closed.stderr).toMatch(/^ashar: cannot fetch http:\/\/127\.0\.0\.1:9\/\.well-known\/ashar-release\.json/);
  });

  it('sign refuses, in one line and writing nothing, a wrong passphrase and a directory that is not a plain build', async () => {
    const dir = copyOfBuild();
    try {
      const wrong = await ashar(['release', 'sign', '--root', rootFile, '--web', dir], { ASHAR_ROOT_PASSPHRASE: 'not the custodians passphrase' });
      expect(wrong.status).toBe(1);
      expect(wrong.stderr.trim()).toMatch(/^ashar: wrong passphrase for .*root\.key$/);
      expect(existsSync(join(dir, ...MANIFEST))).toBe(false);

      writeFileSync(join(dir, '.env'), 'SECRET=1');
      expect((await ashar(['release', 'sign', '--root', rootFile, '--web', dir])).stderr.trim()).toBe('ashar: /.env cannot be listed in a release (names of letters, digits, ".", "_" and "-", none starting with a dot)');
      unlinkSync(join(dir, '.env'));

      symlinkSync('/etc/hostname', join(dir, 'linked.txt'));
      expect((await ashar(['release', 'sign', '--root', rootFile, '--web', dir])).stderr.trim()).toBe('ashar: /linked.txt is a symbolic link: a release lists plain files only');
      unlinkSync(join(dir, 'linked.txt'));

      mkdirSync(join(dir, '.well-known'));
      writeFileSync(join(dir, '.well-known', 'security.txt'), 'x');
      expect((await ashar(['release', 'sign', '--root', rootFile, '--web', dir])).stderr.trim()).toMatch(/holds security\.txt: a release serves nothing it does not list$/);
      rmSync(join(dir, '.well-known'), { recursive: true });

      // A brotli or gzip copy must decode to its file's bytes: a browser checks what it decodes.
      const copy = join(dir, 'index.html.gz');
      const gz = readFileSync(copy);
      writeFileSync(copy, 'not gzip');
      expect((await ashar(['release', 'sign', '--root', rootFile, '--web', dir])).stderr.trim()).toBe('ashar: /index.html.gz is not the gzip copy of /index.html: build the web app again');
      writeFileSync(copy, gz);
      const br = readFileSync(join(dir, 'index.html.br'));
      writeFileSync(join(dir, 'index.html.br'), brotliCompressSync('<!doctype html><title>another page</title>'));
      expect((await ashar(['release', 'sign', '--root', rootFile, '--web', dir])).stderr.trim()).toBe('ashar: /index.html.br is not the br copy of /index.html: build the web app again');
      writeFileSync(join(dir, 'index.html.br'), br);
      expect(existsSync(join(dir, ...MANIFEST))).toBe(false);

      unlinkSync(join(dir, 'sw.js'));
      const noWorker = await ashar(['release', 'sign', '--root', rootFile, '--web', dir]);
      expect(noWorker.status).toBe(1);
      expect(noWorker.stderr.trim()).toMatch(/is not a web build: \/sw\.js is missing \(run npm run build\)$/);
      expect(existsSync(join(dir, ...MANIFEST))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signing again replaces the manifest with one for the same build, which the api serves at once', async () => {
    const before = JSON.parse(readFileSync(join(web, ...MANIFEST), 'utf8')) as { buildId: string };
    const run = await ashar(['release', 'sign', '--root', rootFile, '--web', web]);
    expect(run.status).toBe(0);
    const served = (await request(app.http).get('/.well-known/ashar-release.json').expect(200)).text;
    expect(served).toBe(readFileSync(join(web, ...MANIFEST), 'utf8'));
    expect((JSON.parse(served) as { buildId: string }).buildId).toBe(before.buildId);
  });
});
