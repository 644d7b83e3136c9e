/**
 * What the page and the release service worker (sw/service-worker.ts) say to each other. The
 * page asks for a verdict before any key is unlocked and waits for it; the worker tells every
 * page when it refuses the release. Plain data only: this file is in both bundles.
 */

/** The worker's script, at the root so that its scope covers the console, setup and enrolment. */
export const SERVICE_WORKER_PATH = '/sw.js';
/** A navigation with this query parameter asks a worker that refused to check the whole release again. */
export const CHECK_AGAIN_PARAMETER = 'ashar-release-check';

/** Why the worker refused: named for the warning page, which says what each means. */
export type RefusalReason =
  /** The deployment publishes no signed manifest. */
  | 'no-manifest'
  /** The manifest is not one the pinned root key signed (another root, a bad signature, a bad shape). */
  | 'bad-manifest'
  /** The manifest is older than one this browser already accepted. */
  | 'rollback'
  /** A file the server sent differs from the one the signed release lists. */
  | 'file-changed'
  /** The service worker the server offers as an update differs from the signed one. */
  | 'worker-changed'
  /** This build was made for another root key than the one this browser pinned. */
  | 'other-root';

export interface Refusal {
  readonly reason: RefusalReason;
  /** One sentence, for the warning page: what failed (never a secret: paths, ids, hashes). */
  readonly detail: string;
  /** The file that failed, when one did. */
  readonly path?: string;
}

/** What each refusal means, in the words of both warning pages (the worker's and the app's). */
export const REFUSAL_EXPLANATION: Record<RefusalReason, string> = {
  'no-manifest': 'The server publishes no signed release manifest, so nothing it sends can be checked.',
  'bad-manifest': 'The release manifest the server publishes is not one your organisation’s root key signed.',
  rollback: 'The server went back to an older release than one this browser already trusted.',
  'file-changed': 'The server sent code for this console that is not part of the release your organisation’s root key signed.',
  'worker-changed': 'The server offered a new version of the service worker that guards this console, and it is not part of the signed release.',
  'other-root': 'This console was built for another organisation root key than the one this browser trusted first.',
};

export type Verdict =
  | {
      readonly state: 'verified';
      readonly buildId: string;
      readonly issuedAt: string;
      /** The root public key this browser pinned (base64url). */
      readonly rootPublicKey: string;
      /** True the first time this browser's pin answers: the console says so once. */
      readonly newPin: boolean;
    }
  | { readonly state: 'refused'; readonly refusal: Refusal }
  /** The check could not run (server unreachable, a file not served): nothing is unlocked, nothing is recorded. */
  | { readonly state: 'unavailable'; readonly detail: string };

/** Page → worker, with a MessagePort for the answer (a Verdict). */
export interface VerdictRequest {
  readonly type: 'ashar-release/verdict';
}

/** Page → worker: the browser found an update of the worker; check it against the release now. */
export interface CheckUpdateRequest {
  readonly type: 'ashar-release/check-update';
}

/** Worker → every page it controls: the release was refused; stop. */
export interface RefusedNotice {
  readonly type: 'ashar-release/refused';
  readonly refusal: Refusal;
}

export type PageMessage = VerdictRequest | CheckUpdateRequest;

export function isRefusedNotice(value: unknown): value is RefusedNotice {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ashar-release/refused';
}
