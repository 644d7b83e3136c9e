/**
 * Release manifests (SPEC.md §15): signing and verifying a build's file list under the root
 * key, the exact signed bytes, and every way a reader refuses a manifest it must not trust.
 */
import { canonicalJson } from '../src/canonical-json';
import { utf8 } from '../src/encoding';
import {
  RELEASE_MAX_FILES,
  generateRootKeys,
  hashReleaseFile,
  isReleasePath,
  kidOf,
  parseReleaseManifest,
  ready,
  releaseBuildId,
  signReleaseManifest,
  verifyReleaseManifest,
} from '../src/index';
import { releaseSignedMessage } from '../src/release';
import { lib } from '../src/sodium';
import { expectCode } from './helpers';

beforeAll(() => ready());

const ISSUED = new Date('2030-05-01T12:00:00.000Z');

function files(): Record<string, string> {
  return {
    '/index.html': hashReleaseFile(utf8('<!doctype html><title>Ashar</title>')),
    '/sw.js': hashReleaseFile(utf8('self.addEventListener("fetch", () => {});')),
    '/assets/index-abc123.js': hashReleaseFile(utf8('console.log(1)')),
  };
}

/** A manifest as a reader gets it: parsed JSON, members in any order. */
function asPublished(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('release manifest', () => {
  it('hashes with SHA-256 in lowercase hex (the value `sha256sum` prints)', () => {
    expect(hashReleaseFile(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashReleaseFile(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('signs the canonical JSON of every member but the signature, after "ashar/v1|release|"', () => {
    const root = generateRootKeys();
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    expect(manifest).toMatchObject({ v: 1, hash: 'sha256', issuedAt: '2030-05-01T12:00:00Z', rootKid: kidOf(root.signPk), files: files() });
    expect(manifest.buildId).toBe(releaseBuildId(files()));
    expect(manifest.buildId).toMatch(/^[0-9a-f]{32}$/);
    const { signature, ...body } = manifest;
    const message = `ashar/v1|release|${canonicalJson(body)}`;
    expect(new TextDecoder().decode(releaseSignedMessage(manifest))).toBe(message);
    expect(message.startsWith('ashar/v1|release|{"buildId":')).toBe(true);
    expect(lib().crypto_sign_verify_detached(lib().from_base64(signature, lib().base64_variants.URLSAFE_NO_PADDING), utf8(message), root.signPk)).toBe(true);
  });

  it('verifies under its root and returns the file list', () => {
    const root = generateRootKeys();
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    const verified = verifyReleaseManifest(asPublished(manifest), root.signPk);
    expect(verified.buildId).toBe(manifest.buildId);
    expect(verified.issuedAt).toBe('2030-05-01T12:00:00Z');
    expect([...verified.files.entries()].sort()).toEqual(Object.entries(files()).sort());
  });

  it('names the same files with the same build id, whatever the order', () => {
    const reversed = Object.fromEntries(Object.entries(files()).reverse());
    expect(releaseBuildId(reversed)).toBe(releaseBuildId(files()));
    expect(releaseBuildId({ ...files(), '/favicon.svg': hashReleaseFile(utf8('<svg/>')) })).not.toBe(releaseBuildId(files()));
  });

  it('refuses another root key (wrong_key) and a forged or moved signature (bad_signature)', () => {
    const root = generateRootKeys();
    const other = generateRootKeys();
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    expectCode(() => verifyReleaseManifest(asPublished(manifest), other.signPk), 'wrong_key');
    // Another root's signature over the same list, claiming this root.
    const forged = { ...signReleaseManifest(other, { files: files(), issuedAt: ISSUED }), rootKid: manifest.rootKid };
    expectCode(() => verifyReleaseManifest(asPublished(forged), root.signPk), 'bad_signature');
    // A later date on the same signature.
    expectCode(() => verifyReleaseManifest(asPublished({ ...manifest, issuedAt: '2031-01-01T00:00:00Z' }), root.signPk), 'bad_signature');
  });

  it('refuses a changed file hash: the build id no longer names the list, and a recomputed id breaks the signature', () => {
    const root = generateRootKeys();
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    const changed = { ...files(), '/assets/index-abc123.js': hashReleaseFile(utf8('steal()')) };
    expectCode(() => verifyReleaseManifest(asPublished({ ...manifest, files: changed }), root.signPk), 'bad_encoding');
    expectCode(() => verifyReleaseManifest(asPublished({ ...manifest, files: changed, buildId: releaseBuildId(changed) }), root.signPk), 'bad_signature');
    // A file added to the list.
    const added = { ...files(), '/assets/extra.js': hashReleaseFile(utf8('x')) };
    expectCode(() => verifyReleaseManifest(asPublished({ ...manifest, files: added, buildId: releaseBuildId(added) }), root.signPk), 'bad_signature');
  });

  it.each([
    ['another version', { v: 2 }, 'bad_prefix'],
    ['an extra member', { note: 'x' }, 'bad_encoding'],
    ['another hash', { hash: 'blake2b' }, 'bad_encoding'],
    ['a date with milliseconds', { issuedAt: '2030-05-01T12:00:00.000Z' }, 'bad_encoding'],
    ['an impossible date', { issuedAt: '2030-02-30T12:00:00Z' }, 'bad_encoding'],
    ['an upper-case build id', { buildId: 'A'.repeat(32) }, 'bad_encoding'],
    ['a short signature', { signature: 'A'.repeat(84) }, 'bad_length'],
    ['a padded signature', { signature: `${'A'.repeat(86)}==` }, 'bad_encoding'],
    ['a short kid', { rootKid: 'AAAA' }, 'bad_length'],
  ])('refuses %s', (_name, change, code) => {
    const root = generateRootKeys();
    const manifest = { ...signReleaseManifest(root, { files: files(), issuedAt: ISSUED }), ...change };
    expectCode(() => verifyReleaseManifest(asPublished(manifest), root.signPk), code as 'bad_encoding');
  });

  it.each([
    ['a relative path', 'index.html'],
    ['a parent segment', '/assets/../index.html'],
    ['a dot segment', '/./index.html'],
    ['a dotfile (the manifest itself)', '/.well-known/ashar-release.json'],
    ['an empty segment', '/assets//x.js'],
    ['a trailing slash', '/assets/'],
    ['a query', '/index.html?x=1'],
    ['a space', '/my file.js'],
    ['a backslash', '/assets\\x.js'],
  ])('refuses a file list with %s', (_name, path) => {
    expect(isReleasePath(path)).toBe(false);
    const root = generateRootKeys();
    const list = { ...files(), [path]: hashReleaseFile(utf8('x')) };
    expect(() => signReleaseManifest(root, { files: list, issuedAt: ISSUED })).toThrow(/path/);
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    expectCode(() => parseReleaseManifest(asPublished({ ...manifest, files: list, buildId: releaseBuildId(list) })), 'bad_encoding');
  });

  it('refuses a list without the app shell or the service worker, a bad hash, or too many files', () => {
    const root = generateRootKeys();
    const manifest = signReleaseManifest(root, { files: files(), issuedAt: ISSUED });
    for (const missing of ['/index.html', '/sw.js']) {
      const list = { ...files() };
      delete list[missing];
      expectCode(() => parseReleaseManifest(asPublished({ ...manifest, files: list, buildId: releaseBuildId(list) })), 'bad_encoding');
      expectCode(() => signReleaseManifest(root, { files: list, issuedAt: ISSUED }), 'invalid_input');
    }
    for (const hash of ['A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64), 42]) {
      const list = { ...files(), '/sw.js': hash } as Record<string, string>;
      expectCode(() => parseReleaseManifest(asPublished({ ...manifest, files: list })), 'bad_encoding');
    }
    const many: Record<string, string> = { ...files() };
    for (let i = 0; Object.keys(many).length <= RELEASE_MAX_FILES; i += 1) many[`/assets/f${i}.js`] = hashReleaseFile(utf8(String(i)));
    expectCode(() => signReleaseManifest(root, { files: many, issuedAt: ISSUED }), 'invalid_input');
  });

  it('refuses values that are not manifests', () => {
    const root = generateRootKeys();
    for (const value of [null, 'text', [], 1]) expectCode(() => verifyReleaseManifest(value, root.signPk), 'bad_encoding');
  });
});
