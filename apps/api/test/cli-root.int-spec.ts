/**
 * `ashar root init` / `root certify-admin` through the built CLI, as a custodian runs them:
 * the printed certificate verifies against the printed root public key; a wrong passphrase,
 * an existing file and bad input fail cleanly with one line; no secret is ever printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentityKeys, kidFingerprint, kidOf, parseSignPublicKey, publicKeysOf, ready, verifyCertificateChain } from '@ashar/crypto';

const CLI = join(__dirname, '../../../dist/apps/api/cli.js');
const PASSPHRASE = 'four words of custodian passphrase';
const ADMIN_ID = '8c1d1f9e-52a4-4f1c-9a53-0d0c6c3e7b21';

/** Runs the built CLI; `passphrase: null` leaves ASHAR_ROOT_PASSPHRASE unset. */
function ashar(args: string[], passphrase: string | null = PASSPHRASE) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...(passphrase === null ? {} : { ASHAR_ROOT_PASSPHRASE: passphrase }) },
    encoding: 'utf8',
    input: '', // stdin is not a terminal
    timeout: 60_000,
  });
  // Whatever happens, neither the passphrase nor the file's secret part is ever printed.
  expect(`${run.stdout}${run.stderr}`).not.toContain(PASSPHRASE);
  return run;
}

function oneLineError(run: ReturnType<typeof ashar>, pattern: RegExp): void {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('root key CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ashar-root-'));
  const rootFile = join(dir, 'root.key');
  let rootPublicKey: string;
  const admin = { encPk: '', signPk: '' };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('build the api first (npm run build)');
    await ready();
    Object.assign(admin, publicKeysOf(generateIdentityKeys()));
  });

  it('init writes a protected file readable only by its owner and prints the root public key and fingerprint', () => {
    const run = ashar(['root', 'init', '--out', rootFile]);
    expect(run.status).toBe(0);
    const key = /^ROOT_PUBLIC_KEY=([A-Za-z0-9_-]{43})$/m.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    rootPublicKey = key!;
    const fingerprint = /^Fingerprint: ([0-9a-f]{4}( [0-9a-f]{4}){3})$/m.exec(run.stdout)?.[1];
    expect(fingerprint).toBe(kidFingerprint(kidOf(parseSignPublicKey(rootPublicKey))));

    const text = readFileSync(rootFile, 'utf8');
    expect(text.startsWith(`rkp1.${rootPublicKey}.3.268435456.`)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(statSync(rootFile).mode & 0o777).toBe(0o600);
  });

  it('certify-admin prints a certificate that verifies against the printed root public key', () => {
    const run = ashar(['root', 'certify-admin', '--root', rootFile, '--admin', ADMIN_ID, '--enc-pk', admin.encPk, '--sign-pk', admin.signPk, '--days', '30']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`Admin certificate for ${ADMIN_ID}`);
    const certificate: unknown = JSON.parse(run.stdout);
    const verified = verifyCertificateChain([certificate], parseSignPublicKey(rootPublicKey), new Date());
    expect(verified).toMatchObject({ kind: 'admin', subjectId: ADMIN_ID });
    expect(publicKeysOf(verified as Parameters<typeof publicKeysOf>[0])).toMatchObject(admin);
    const days = (Date.parse((certificate as { notAfter: string }).notAfter) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    // Another root does not vouch for it.
    const otherRoot = publicKeysOf(generateIdentityKeys()).signPk;
    expect(() => verifyCertificateChain([certificate], parseSignPublicKey(otherRoot), new Date())).toThrow();
  });

  it('refuses a wrong passphrase without printing a certificate', () => {
    const run = ashar(['root', 'certify-admin', '--root', rootFile, '--admin', ADMIN_ID, '--enc-pk', admin.encPk, '--sign-pk', admin.signPk], 'not the custodian passphrase');
    oneLineError(run, /^ashar: wrong passphrase for .*root\.key$/);
  });

  it('never overwrites an existing file', () => {
    const before = readFileSync(rootFile);
    const run = ashar(['root', 'init', '--out', rootFile], 'another long passphrase for a new key');
    oneLineError(run, /^ashar: .*root\.key already exists; refusing to overwrite it$/);
    expect(readFileSync(rootFile)).toEqual(before);
  });

  it('refuses a short passphrase and a missing one, and creates nothing', () => {
    const file = join(dir, 'short.key');
    oneLineError(ashar(['root', 'init', '--out', file], 'too short'), /^ashar: the passphrase must be at least 16 characters$/);
    oneLineError(ashar(['root', 'init', '--out', file], null), /^ashar: no passphrase: set ASHAR_ROOT_PASSPHRASE or run the command in a terminal/);
    expect(existsSync(file)).toBe(false);
  });

  it('rejects bad input in one line before asking for the passphrase', () => {
    const base = ['root', 'certify-admin', '--root', rootFile, '--admin', ADMIN_ID, '--enc-pk', admin.encPk, '--sign-pk', admin.signPk];
    const swap = (option: string, value: string) => base.map((arg, i) => (base[i - 1] === option ? value : arg));
    // No passphrase in the environment: reaching the prompt would fail with another message.
    oneLineError(ashar(swap('--enc-pk', 'AAAA'), null), /^ashar: --enc-pk must be a base64url X25519 public key/);
    oneLineError(ashar(swap('--sign-pk', `${admin.signPk}=`), null), /^ashar: --sign-pk must be a base64url Ed25519 public key/);
    oneLineError(ashar(swap('--admin', 'an admin'), null), /^ashar: --admin must be a staff id/);
    oneLineError(ashar([...base, '--days', '0'], null), /^ashar: --days must be a whole number from 1 to 3650$/);
    oneLineError(ashar(swap('--root', join(dir, 'missing.key')), null), /^ashar: cannot read .*missing\.key \(ENOENT\)$/);
    const notRoot = join(dir, 'not-root.key');
    writeFileSync(notRoot, 'rk1.AAAA\n');
    oneLineError(ashar(swap('--root', notRoot), null), /^ashar: .*not-root\.key is not a root key file/);
    oneLineError(ashar(base.filter((_, i) => i < base.length - 2), null), /^error: required option '--sign-pk <b64>' not specified$/);
  });

  it('reports a damaged file as such', () => {
    const damaged = join(dir, 'damaged.key');
    const fields = readFileSync(rootFile, 'utf8').trim().split('.');
    const last = fields[8]!;
    fields[8] = `${last[0] === 'A' ? 'B' : 'A'}${last.slice(1)}`;
    writeFileSync(damaged, `${fields.join('.')}\n`);
    oneLineError(ashar(['root', 'certify-admin', '--root', damaged, '--admin', ADMIN_ID, '--enc-pk', admin.encPk, '--sign-pk', admin.signPk]), /^ashar: .*damaged\.key is damaged or has been altered \(tampered\)$/);
  });
});
