/**
 * The release service worker's decisions, without the browser around them (so jest can run
 * them): whether a manifest is one the pinned root key signed and no older than one already
 * accepted, which listed file a request must match, and whether the bytes do.
 */
import {
  RELEASE_MANIFEST_MAX_BYTES,
  type VerifiedRelease,
  hashReleaseFile,
  isCryptoError,
  parseSignPublicKey,
  verifyReleaseManifest,
} from '@ashar/crypto';
import { type Refusal } from '../protocol';

/** What the worker keeps (IndexedDB) between runs. */
export interface Pin {
  /** The root public key of the first bundle this browser trusted (base64url). */
  readonly rootPublicKey: string;
  /** The newest `issuedAt` accepted: an older manifest is a rollback. */
  readonly newestIssuedAt: string | null;
  /** Set when the worker refused the release: every console page shows the warning until a check passes. */
  readonly refusal: Refusal | null;
  /** Whether a verdict was already given under this pin (the first one tells the person). */
  readonly announced: boolean;
}

export type ManifestOutcome = { readonly ok: true; readonly release: VerifiedRelease; readonly pin: Pin } | { readonly ok: false; readonly refusal: Refusal };

/** A pin made from the root key built into the first worker this browser installed. */
export function newPin(rootPublicKey: string): Pin {
  return { rootPublicKey, newestIssuedAt: null, refusal: null, announced: false };
}

function describeManifestError(error: unknown): string {
  if (isCryptoError(error, 'wrong_key')) return 'The published release manifest is signed for another root key than the one this browser pinned.';
  if (isCryptoError(error, 'bad_signature')) return 'The signature of the published release manifest does not verify under the pinned root key.';
  return 'The published release manifest is not a valid signed manifest.';
}

/**
 * Checks the text of a published manifest against the pin: the pinned root signed it and it
 * is not older than one already accepted. Returns the release and the pin to keep, or why not.
 */
export function acceptManifest(pin: Pin, text: string): ManifestOutcome {
  if (text.length > RELEASE_MANIFEST_MAX_BYTES) return { ok: false, refusal: { reason: 'bad-manifest', detail: 'The published release manifest is larger than any release.' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, refusal: { reason: 'bad-manifest', detail: 'The published release manifest is not JSON.' } };
  }
  let release: VerifiedRelease;
  try {
    release = verifyReleaseManifest(value, parseSignPublicKey(pin.rootPublicKey));
  } catch (error) {
    return { ok: false, refusal: { reason: 'bad-manifest', detail: describeManifestError(error) } };
  }
  // Same fixed-width UTC format on both sides: string order is time order.
  if (pin.newestIssuedAt !== null && release.issuedAt < pin.newestIssuedAt) {
    return {
      ok: false,
      refusal: { reason: 'rollback', detail: `The server offers a release signed at ${release.issuedAt}, older than the one this browser already accepted (${pin.newestIssuedAt}).` },
    };
  }
  const newest = pin.newestIssuedAt === null || release.issuedAt > pin.newestIssuedAt ? release.issuedAt : pin.newestIssuedAt;
  return { ok: true, release, pin: { ...pin, newestIssuedAt: newest } };
}

/**
 * The listed file a same-origin GET must match: its own path when listed; for a page load of
 * any other path, the app shell (the server answers every app route with index.html); else
 * null, and the worker answers 404 without asking the server.
 */
export function pathToCheck(release: VerifiedRelease, pathname: string, navigation: boolean): string | null {
  if (release.files.has(pathname)) return pathname;
  return navigation ? '/index.html' : null;
}

/** Null when `bytes` are the listed file at `path`, else the refusal. */
export function checkFile(release: VerifiedRelease, path: string, bytes: Uint8Array): Refusal | null {
  const expected = release.files.get(path);
  const actual = hashReleaseFile(bytes);
  if (expected === actual) return null;
  return {
    reason: 'file-changed',
    path,
    detail: `The server sent ${path} with SHA-256 ${actual}, but the signed release ${release.buildId} lists ${expected ?? 'no such file'}.`,
  };
}

/** Null when the script of an incoming service worker update is the one the release lists, else the refusal. */
export function checkWorkerScript(release: VerifiedRelease, scriptPath: string, bytes: Uint8Array): Refusal | null {
  if (!release.files.has(scriptPath) || scriptPath !== '/sw.js') {
    return { reason: 'worker-changed', path: scriptPath, detail: `The browser was offered a service worker at ${scriptPath}, which the signed release does not list.` };
  }
  const refusal = checkFile(release, scriptPath, bytes);
  return refusal && { ...refusal, reason: 'worker-changed', detail: `The service worker update the server offers differs from the signed one. ${refusal.detail}` };
}
