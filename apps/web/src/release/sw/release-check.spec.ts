/**
 * The release service worker's decisions (release-check.ts) on real signed manifests: it takes
 * only a manifest the pinned root signed, never an older one than it accepted, and serves a
 * file only when its bytes are the listed ones.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { encodePublicKey, generateRootKeys, hashReleaseFile, ready, signReleaseManifest, type RootKeys } from '@ashar/crypto';
import { acceptManifest, checkFile, checkWorkerScript, newPin, pathToCheck, type Pin } from './release-check';

const text = (value: string) => new TextEncoder().encode(value);
const SHELL = text('<!doctype html><title>Ashar</title>');
const WORKER = text('self.addEventListener("fetch", () => {});');
const ENTRY = text('import("./sign-in.js");');

let root: RootKeys;
let pin: Pin;

function manifest(issuedAt: string, signer: RootKeys = root): string {
  const files = { '/index.html': hashReleaseFile(SHELL), '/sw.js': hashReleaseFile(WORKER), '/assets/index-1.js': hashReleaseFile(ENTRY) };
  return JSON.stringify(signReleaseManifest(signer, { files, issuedAt: new Date(issuedAt) }));
}

function accepted(from: Pin, published: string) {
  const outcome = acceptManifest(from, published);
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.detail}`);
  return outcome;
}

beforeAll(async () => {
  await ready();
  root = generateRootKeys();
  pin = newPin(encodePublicKey(root.signPk));
});

describe('release service worker checks', () => {
  it('accepts a manifest of the pinned root and remembers its date', () => {
    const { release, pin: next } = accepted(pin, manifest('2030-01-01T00:00:00Z'));
    expect(release.files.get('/index.html')).toBe(hashReleaseFile(SHELL));
    expect(next.newestIssuedAt).toBe('2030-01-01T00:00:00Z');
    expect(next.rootPublicKey).toBe(pin.rootPublicKey);
  });

  it('refuses a manifest of another root, a forged one, and text that is not a manifest', () => {
    const other = generateRootKeys();
    expect(acceptManifest(pin, manifest('2030-01-01T00:00:00Z', other))).toEqual({ ok: false, refusal: expect.objectContaining({ reason: 'bad-manifest', detail: expect.stringMatching(/another root key/) }) });
    const forged = { ...(JSON.parse(manifest('2030-01-01T00:00:00Z')) as Record<string, unknown>), issuedAt: '2031-01-01T00:00:00Z' };
    expect(acceptManifest(pin, JSON.stringify(forged))).toEqual({ ok: false, refusal: expect.objectContaining({ reason: 'bad-manifest', detail: expect.stringMatching(/does not verify/) }) });
    expect(acceptManifest(pin, '<html>')).toEqual({ ok: false, refusal: expect.objectContaining({ reason: 'bad-manifest' }) });
    expect(acceptManifest(pin, 'x'.repeat(600 * 1024))).toEqual({ ok: false, refusal: expect.objectContaining({ reason: 'bad-manifest' }) });
  });

  it('refuses a release older than one already accepted (a rollback), takes the same or a newer one', () => {
    const { pin: seen } = accepted(pin, manifest('2030-06-01T00:00:00Z'));
    expect(acceptManifest(seen, manifest('2030-05-31T23:59:59Z'))).toEqual({ ok: false, refusal: expect.objectContaining({ reason: 'rollback' }) });
    expect(accepted(seen, manifest('2030-06-01T00:00:00Z')).pin.newestIssuedAt).toBe('2030-06-01T00:00:00Z');
    expect(accepted(seen, manifest('2030-07-01T00:00:00Z')).pin.newestIssuedAt).toBe('2030-07-01T00:00:00Z');
  });

  it('checks a listed file by its own path, any page load against the app shell, and nothing else', () => {
    const { release } = accepted(pin, manifest('2030-01-01T00:00:00Z'));
    expect(pathToCheck(release, '/assets/index-1.js', false)).toBe('/assets/index-1.js');
    expect(pathToCheck(release, '/staff/console', true)).toBe('/index.html');
    expect(pathToCheck(release, '/about-weather.html', true)).toBe('/index.html');
    expect(pathToCheck(release, '/assets/injected.js', false)).toBeNull();
  });

  it('passes the listed bytes and refuses one changed byte, naming the file and both hashes', () => {
    const { release } = accepted(pin, manifest('2030-01-01T00:00:00Z'));
    expect(checkFile(release, '/assets/index-1.js', ENTRY)).toBeNull();
    const changed = ENTRY.slice();
    changed[0] = (changed[0] ?? 0) ^ 1;
    const refusal = checkFile(release, '/assets/index-1.js', changed);
    expect(refusal).toMatchObject({ reason: 'file-changed', path: '/assets/index-1.js' });
    expect(refusal?.detail).toContain(hashReleaseFile(changed));
    expect(refusal?.detail).toContain(hashReleaseFile(ENTRY));
    expect(checkFile(release, '/index.html', ENTRY)).toMatchObject({ reason: 'file-changed' });
  });

  it('accepts only the signed service worker as an update', () => {
    const { release } = accepted(pin, manifest('2030-01-01T00:00:00Z'));
    expect(checkWorkerScript(release, '/sw.js', WORKER)).toBeNull();
    expect(checkWorkerScript(release, '/sw.js', text('self.skipWaiting(); steal();'))).toMatchObject({ reason: 'worker-changed', path: '/sw.js' });
    expect(checkWorkerScript(release, '/assets/index-1.js', ENTRY)).toMatchObject({ reason: 'worker-changed' });
    expect(checkWorkerScript(release, '/other-sw.js', WORKER)).toMatchObject({ reason: 'worker-changed' });
  });
});
