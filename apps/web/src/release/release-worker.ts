/**
 * The page's side of the release service worker (sw/service-worker.ts): whether this build is
 * pinned at all, loading a console page through the worker, asking its verdict before any key
 * is unlocked, and hearing when it refuses. No libsodium here: this is in the app's entry.
 */
import { ROOT_PUBLIC_KEY } from '../config/root-key';
import { type PageMessage, type Refusal, SERVICE_WORKER_PATH, type Verdict, isRefusedNotice } from './protocol';

/**
 * - `pinned`: the console runs only when the release worker says its code is the signed release;
 * - `no-root`: a build without a root key (the quick start): nothing to pin to, and nobody can be certified;
 * - `unsigned-ok`: built with ASHAR_RELEASE_UNSIGNED_OK=true, for development;
 * - `no-service-worker`: this browser has none (Tor Browser, private windows of some browsers).
 */
export type ReleaseMode = 'pinned' | 'no-root' | 'unsigned-ok' | 'no-service-worker';

const UNSIGNED_OK = import.meta.env.VITE_RELEASE_UNSIGNED_OK === 'true';
/** Set just before the page reloads itself to be loaded through a newly registered worker. */
const RELOAD_MARK = 'ashar-release-pinning';
/** How long a page waits for the worker's verdict before it gives up (and unlocks nothing). */
const VERDICT_TIMEOUT_MS = 120_000;

function container(): ServiceWorkerContainer | null {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null;
}

/**
 * The page's address as it was loaded, read when this module is first evaluated: before main.tsx
 * takes a setup or enrolment token out of the address bar. A reload through the worker goes back
 * here, token included, whenever it happens (main.tsx's check, or the gate's later one).
 */
const firstAddress = typeof location === 'undefined' ? '' : location.href;

/** A page is controlled from its start only when the worker answered (and checked) its navigation. */
const controlledAtStart = container()?.controller != null;

function takeReloadMark(): boolean {
  try {
    const marked = sessionStorage.getItem(RELOAD_MARK) === '1';
    sessionStorage.removeItem(RELOAD_MARK);
    return marked;
  } catch {
    return false;
  }
}

/** This page is the reload made to go through the worker: it is not tried twice. */
const reloadedForPin = takeReloadMark();

export function releaseMode(): ReleaseMode {
  if (ROOT_PUBLIC_KEY === null) return 'no-root';
  if (UNSIGNED_OK) return 'unsigned-ok';
  if (!container()) return 'no-service-worker';
  return 'pinned';
}

/** The staff pages, where keys are made or unlocked: the console, sign-in, setup and enrolment. */
export function isConsolePath(pathname: string): boolean {
  return /^\/(staff|setup|enrol)(\/|$)/.test(pathname);
}

/** Set once this page's own first visit registered the worker and it took control (nothing to reload). */
let pinnedThisLoad = false;

/**
 * True when the release worker controls this page and vouches for what it loaded: it answered
 * the page's own load, or this page is the first visit that pinned the browser (its files are
 * the first bundle, which the pin trusts by definition; the verdict then checks the release).
 */
export function loadedThroughWorker(): boolean {
  return controlledAtStart || pinnedThisLoad;
}

/** True when the page already reloaded once to be loaded through the worker, and still is not. */
export function pinReloadFailed(): boolean {
  return reloadedForPin && !controlledAtStart;
}

function untilControlled(workers: ServiceWorkerContainer, registration: ServiceWorkerRegistration): Promise<void> {
  return new Promise((resolve, reject) => {
    if (workers.controller) return resolve();
    workers.addEventListener('controllerchange', () => resolve(), { once: true });
    const pending = [registration.installing, registration.waiting].filter((worker): worker is ServiceWorker => worker !== null);
    for (const worker of pending) {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'redundant') reject(new Error('the service worker that checks the console did not install'));
      });
    }
    if (pending.length === 0) reject(new Error('the service worker that checks the console does not control this page'));
  });
}

/**
 * For a console page the worker did not answer although this browser is pinned (a reload that
 * bypassed it, such as Shift+Reload): loads the page again, normally, so that it goes through the
 * worker. Resolves false when the page is reloading (render nothing), true otherwise: the page
 * went through the worker, or this browser has no worker yet (the gate pins it), or the reload
 * was tried once already (the gate says so). `address` is the page's URL as it was loaded
 * (by default the one read before any token left the address bar).
 */
export async function loadThroughReleaseWorker(address = firstAddress): Promise<boolean> {
  const workers = container();
  if (releaseMode() !== 'pinned' || !workers || controlledAtStart || reloadedForPin) return true;
  let existing: ServiceWorkerRegistration | undefined;
  try {
    existing = await workers.getRegistration('/');
  } catch {
    return true;
  }
  if (!existing?.active) return true;
  try {
    sessionStorage.setItem(RELOAD_MARK, '1');
  } catch {
    return true;
  }
  // The page's first address again (a setup or enrolment token is taken again after the reload).
  history.replaceState(null, '', address);
  location.reload();
  return false;
}

/**
 * A first visit: registers the release worker, which pins the root key built into it on its
 * first install, and waits until it controls this page. Throws when it does not install.
 */
export async function pinThisBrowser(): Promise<void> {
  const workers = container();
  if (!workers) throw new Error('this browser has no service workers');
  // "all": the api serves /sw.js with no-cache, so each update check is a conditional request.
  const registration = await workers.register(SERVICE_WORKER_PATH, { scope: '/', updateViaCache: 'all' });
  await untilControlled(workers, registration);
  pinnedThisLoad = true;
}

/**
 * The worker's verdict on the release, asked before any key is unlocked: the browser first
 * looks for an update of the worker (which the worker then checks too), then the worker checks
 * the manifest and every file of the release.
 */
export async function askVerdict(): Promise<Verdict> {
  const workers = container();
  const controller = workers?.controller;
  if (!workers || !loadedThroughWorker() || !controller) {
    return { state: 'unavailable', detail: 'This page was not loaded through the service worker that checks the console. Reload the page.' };
  }
  try {
    await (await workers.getRegistration())?.update();
  } catch {
    // No update could be fetched: the worker's own check below still covers /sw.js.
  }
  const verdict = await new Promise<Verdict>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve({ state: 'unavailable', detail: 'The service worker that checks the console did not answer.' }), VERDICT_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<Verdict>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    const request: PageMessage = { type: 'ashar-release/verdict' };
    controller.postMessage(request, [channel.port2]);
  });
  if (verdict.state === 'verified' && verdict.rootPublicKey !== ROOT_PUBLIC_KEY) {
    return { state: 'refused', refusal: { reason: 'other-root', detail: 'The root key this browser pinned is not the one this console was built with.' } };
  }
  return verdict;
}

/**
 * Calls `onRefused` when the worker refuses the release while this page is open, and has the
 * worker check any update of itself the browser finds. Returns the function that stops listening.
 */
export function watchRelease(onRefused: (refusal: Refusal) => void): () => void {
  const workers = container();
  if (!workers) return () => undefined;
  const onMessage = (event: MessageEvent) => {
    if (isRefusedNotice(event.data)) onRefused(event.data.refusal);
  };
  const onUpdateFound = () => {
    const request: PageMessage = { type: 'ashar-release/check-update' };
    workers.controller?.postMessage(request);
  };
  let registration: ServiceWorkerRegistration | undefined;
  let stopped = false;
  workers.addEventListener('message', onMessage);
  void workers.getRegistration().then((found) => {
    if (stopped || !found) return;
    registration = found;
    found.addEventListener('updatefound', onUpdateFound);
  });
  return () => {
    stopped = true;
    workers.removeEventListener('message', onMessage);
    registration?.removeEventListener('updatefound', onUpdateFound);
  };
}
