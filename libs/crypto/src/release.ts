/**
 * Release manifests (SPEC.md §15): every file of a web build with its SHA-256, signed by the
 * organisation root key, so that a pinned staff console or an auditor can tell whether a
 * server serves a release the root custodians signed, and nothing else.
 */
import { type JsonValue, type Kid, type RootKeys, type SignPublicKey, brandAs } from './brands';
import { canonicalJson } from './canonical-json';
import { fromBase64Url, toBase64Url, toHex, utf8 } from './encoding';
import { BadEncodingError, BadPrefixError, BadSignatureError, InvalidInputError, WrongKeyError } from './errors';
import { kidOf, parseKid } from './keys';
import { lib, verifyDetached } from './sodium';

/** Where a deployment publishes its signed manifest (same origin as the app). */
export const RELEASE_MANIFEST_PATH = '/.well-known/ashar-release.json';
/** Files every release lists: the app shell and the service worker that pins the console. */
export const RELEASE_REQUIRED_FILES: readonly string[] = ['/index.html', '/sw.js'];
/** Most files one release may list. */
export const RELEASE_MAX_FILES = 2000;
/** Largest manifest a reader accepts, in bytes of JSON text. */
export const RELEASE_MANIFEST_MAX_BYTES = 512 * 1024;

const MEMBERS = ['buildId', 'files', 'hash', 'issuedAt', 'rootKid', 'signature', 'v'];
const PATH = /^(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){1,8}$/;
const PATH_MAX = 512;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BUILD_ID = /^[0-9a-f]{32}$/;
const ISSUED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MESSAGE_PREFIX = 'ashar/v1|release|';

/** A signed release manifest as published (plain JSON). */
export interface ReleaseManifest {
  readonly v: 1;
  /** Names the file list: the first 16 bytes of SHA-256 over its canonical JSON, in hex. */
  readonly buildId: string;
  /** When the custodians signed it, `YYYY-MM-DDTHH:MM:SSZ`; readers refuse to go back in time. */
  readonly issuedAt: string;
  readonly hash: 'sha256';
  /** Path (from the origin's root) → lowercase hex SHA-256 of the bytes served there. */
  readonly files: Readonly<Record<string, string>>;
  readonly rootKid: Kid;
  readonly signature: string;
}

declare const verifiedRelease: unique symbol;
/** Only verifyReleaseManifest makes these: holding one proves the root signed this file list. */
export interface VerifiedRelease {
  readonly [verifiedRelease]: true;
  readonly buildId: string;
  readonly issuedAt: string;
  readonly rootKid: Kid;
  readonly files: ReadonlyMap<string, string>;
}

/** The SHA-256 of a file's bytes, lowercase hex, as a manifest lists it. */
export function hashReleaseFile(bytes: Uint8Array): string {
  return toHex(lib().crypto_hash_sha256(bytes));
}

/** True for a path a manifest may list: `/`-separated segments of `A-Z a-z 0-9 . _ -`, none starting with a dot. */
export function isReleasePath(path: string): boolean {
  return path.length <= PATH_MAX && PATH.test(path);
}

/** The build id of a file list: hex of the first 16 bytes of SHA-256(utf8(canonicalJSON(files))). */
export function releaseBuildId(files: Readonly<Record<string, string>>): string {
  return toHex(lib().crypto_hash_sha256(utf8(canonicalJson(files as JsonValue))).subarray(0, 16));
}

/** The bytes the root signs: `ashar/v1|release|` + canonical JSON of every member but `signature`. */
export function releaseSignedMessage(manifest: Omit<ReleaseManifest, 'signature'>): Uint8Array {
  const body = { v: manifest.v, buildId: manifest.buildId, issuedAt: manifest.issuedAt, hash: manifest.hash, files: manifest.files, rootKid: manifest.rootKid };
  return utf8(MESSAGE_PREFIX + canonicalJson(body as JsonValue));
}

function formatIssuedAt(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new InvalidInputError('issuedAt must be a valid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Throws BadEncodingError unless `files` is a valid file list (paths, hashes, count, required files). */
function checkFiles(files: unknown): Record<string, string> {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new BadEncodingError('release manifest: files must be an object');
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length > RELEASE_MAX_FILES) throw new BadEncodingError(`release manifest: more than ${RELEASE_MAX_FILES} files`);
  const out: Record<string, string> = {};
  for (const [path, hash] of entries) {
    if (!isReleasePath(path)) throw new BadEncodingError('release manifest: a file path is not allowed');
    if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) throw new BadEncodingError('release manifest: a file hash is not 64 lowercase hex digits');
    out[path] = hash;
  }
  for (const required of RELEASE_REQUIRED_FILES) {
    if (!(required in out)) throw new BadEncodingError(`release manifest: ${required} is not listed`);
  }
  return out;
}

/**
 * Signs a release with the root key. `files` maps each path to hashReleaseFile of its bytes.
 * Throws InvalidInputError for a file list a reader would refuse or an invalid date.
 */
export function signReleaseManifest(root: RootKeys, release: { readonly files: Readonly<Record<string, string>>; readonly issuedAt: Date }): ReleaseManifest {
  let files: Record<string, string>;
  try {
    files = checkFiles(release.files);
  } catch (error) {
    throw new InvalidInputError(error instanceof Error ? error.message : 'invalid file list');
  }
  const body = { v: 1 as const, buildId: releaseBuildId(files), issuedAt: formatIssuedAt(release.issuedAt), hash: 'sha256' as const, files, rootKid: kidOf(root.signPk) };
  const signature = lib().crypto_sign_detached(releaseSignedMessage(body), root.signSk);
  return { ...body, signature: toBase64Url(signature) };
}

/**
 * Validates the shape of an untrusted manifest (no signature check). Throws BadPrefixError
 * (v ≠ 1), BadEncodingError (members, hash name, date, paths, hashes, build id that does not
 * name the files), BadLengthError (kid or signature length).
 */
export function parseReleaseManifest(value: unknown): ReleaseManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('release manifest: not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw new BadPrefixError('release manifest: unsupported version');
  const keys = Object.keys(record).sort();
  if (keys.length !== MEMBERS.length || keys.some((key, index) => key !== MEMBERS[index])) throw new BadEncodingError('release manifest: unexpected members');
  const { buildId, issuedAt, hash, rootKid, signature } = record;
  if (hash !== 'sha256') throw new BadEncodingError('release manifest: hash must be sha256');
  if (typeof buildId !== 'string' || !BUILD_ID.test(buildId)) throw new BadEncodingError('release manifest: buildId is not 32 lowercase hex digits');
  if (typeof issuedAt !== 'string' || !ISSUED_AT.test(issuedAt) || Number.isNaN(Date.parse(issuedAt)) || formatIssuedAt(new Date(issuedAt)) !== issuedAt) {
    throw new BadEncodingError('release manifest: issuedAt is not YYYY-MM-DDTHH:MM:SSZ');
  }
  if (typeof rootKid !== 'string' || typeof signature !== 'string') throw new BadEncodingError('release manifest: rootKid and signature must be strings');
  const files = checkFiles(record['files']);
  if (releaseBuildId(files) !== buildId) throw new BadEncodingError('release manifest: buildId does not name its files');
  const kid = parseKid(rootKid);
  fromBase64Url(signature, 'release signature', 64);
  return { v: 1, buildId, issuedAt, hash: 'sha256', files, rootKid: kid, signature };
}

/**
 * Verifies a manifest against the trusted root public key and returns its file list.
 * Throws, in order: the errors of parseReleaseManifest; WrongKeyError when it names another
 * root; BadSignatureError when the signature does not verify.
 */
export function verifyReleaseManifest(value: unknown, root: SignPublicKey): VerifiedRelease {
  const manifest = parseReleaseManifest(value);
  if (manifest.rootKid !== kidOf(root)) throw new WrongKeyError('release manifest: signed for another root key');
  if (!verifyDetached(fromBase64Url(manifest.signature, 'release signature', 64), releaseSignedMessage(manifest), root)) {
    throw new BadSignatureError('release manifest: signature does not verify');
  }
  return brandAs<VerifiedRelease>({ buildId: manifest.buildId, issuedAt: manifest.issuedAt, rootKid: manifest.rootKid, files: new Map(Object.entries(manifest.files)) });
}
