/// <reference lib="webworker" />
/**
 * The release service worker (built on its own as /sw.js, see vite.config.ts): it pins the
 * organisation root key of the first bundle this browser trusted and lets no file of the app
 * reach a page unless it is the file a manifest signed by that key lists (SPEC.md §15,
 * docs/release.md). It refuses a changed file, a manifest from another root, an older release
 * and a service worker update that is not the signed one; then every page shows its warning
 * and no key is unlocked. Pages ask it for a verdict before any key is unlocked (protocol.ts).
 */
import { RELEASE_MANIFEST_PATH, type VerifiedRelease, ready } from '@ashar/crypto';
import { CHECK_AGAIN_PARAMETER, type PageMessage, type Refusal, type RefusedNotice, type Verdict } from '../protocol';
import { loadPin, updatePin } from './pin-store';
import { type Pin, acceptManifest, checkFile, checkWorkerScript, newPin, pathToCheck } from './release-check';
import { unavailablePage, warningPage } from './warning-page';

declare const self: ServiceWorkerGlobalScope;

/** The root key built into this worker: pinned by the first worker a browser installs, compared by every later one. */
const BUILT_ROOT_PUBLIC_KEY: string = import.meta.env.VITE_ROOT_PUBLIC_KEY;

type Current = { readonly kind: 'release'; readonly release: VerifiedRelease } | { readonly kind: 'refused'; readonly refusal: Refusal } | { readonly kind: 'unavailable'; readonly detail: string };

const sodium = ready();
/** The release the pages of this worker run, checked at the last page load. */
let current: Promise<Current> | null = null;

/**
 * The pin, read from IndexedDB on every use: an update of this worker, or another event, may
 * have written it since (never cached in memory, so a refusal is never missed).
 */
function pin(): Promise<Pin | null> {
  return loadPin();
}

const unavailable = (detail: string): Current => ({ kind: 'unavailable', detail });

/** Fetches and checks the published manifest; records a newer issuedAt. */
async function fetchRelease(from: Pin): Promise<Current> {
  await sodium;
  let response: Response;
  try {
    response = await fetch(RELEASE_MANIFEST_PATH, { cache: 'no-store', credentials: 'omit', redirect: 'error' });
  } catch {
    return unavailable(`${RELEASE_MANIFEST_PATH} could not be fetched: the server is unreachable.`);
  }
  if (response.status === 404) return { kind: 'refused', refusal: { reason: 'no-manifest', detail: `${RELEASE_MANIFEST_PATH} answered 404: this server publishes no signed release.` } };
  if (!response.ok) return unavailable(`${RELEASE_MANIFEST_PATH} answered ${response.status}.`);
  const outcome = acceptManifest(from, await response.text());
  if (!outcome.ok) return { kind: 'refused', refusal: outcome.refusal };
  const newest = outcome.pin.newestIssuedAt;
  if (newest !== from.newestIssuedAt) {
    await updatePin((stored) => (stored && (stored.newestIssuedAt === null || (newest ?? '') > stored.newestIssuedAt) ? { ...stored, newestIssuedAt: newest } : null));
  }
  return { kind: 'release', release: outcome.release };
}

function refreshRelease(from: Pin): Promise<Current> {
  current = fetchRelease(from);
  return current;
}

/**
 * Records the refusal (every later page load shows the warning until a check passes), tells
 * every page, and sends `broken` (a page whose script was just refused, so it cannot listen) to
 * the warning itself.
 */
async function refuse(refusal: Refusal, broken?: string): Promise<void> {
  await updatePin((stored) => stored && { ...stored, refusal });
  current = null;
  const notice: RefusedNotice = { type: 'ashar-release/refused', refusal };
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    if (client.id === broken) await client.navigate(client.url).catch(() => undefined);
    else client.postMessage(notice);
  }
}

async function bytesOf(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches every listed file and checks it: null when all match; a refusal or why the check could not run. */
async function checkWholeRelease(release: VerifiedRelease): Promise<{ refusal: Refusal } | { unavailable: string } | null> {
  const results = await Promise.all(
    [...release.files.keys()].map(async (path) => {
      let response: Response;
      try {
        response = await fetch(path, { cache: 'no-cache', credentials: 'same-origin', redirect: 'error' });
      } catch {
        return { unavailable: `${path} could not be fetched.` };
      }
      if (!response.ok) return { unavailable: `${path} answered ${response.status}.` };
      const refusal = checkFile(release, path, await bytesOf(response));
      return refusal ? { refusal } : null;
    }),
  );
  return results.find((r) => r !== null && 'refusal' in r) ?? results.find((r) => r !== null) ?? null;
}

/** Checks the script of a service worker update the browser is installing or holding, against the release. */
async function checkIncomingWorkers(release: VerifiedRelease): Promise<Refusal | null> {
  for (const worker of [self.registration.installing, self.registration.waiting]) {
    if (!worker || worker.scriptURL === self.location.href) continue;
    const url = new URL(worker.scriptURL);
    let bytes: Uint8Array;
    try {
      bytes = await bytesOf(await fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'error' }));
    } catch {
      return { reason: 'worker-changed', path: url.pathname, detail: `The service worker update at ${url.pathname} could not be fetched to check it.` };
    }
    const refusal = checkWorkerScript(release, url.origin === self.location.origin ? url.pathname : url.href, bytes);
    if (refusal) return refusal;
  }
  return null;
}

// ---- install and activate --------------------------------------------------------------

async function install(event: ExtendableEvent): Promise<void> {
  await sodium;
  const existing = await pin();
  if (!existing) {
    // The first worker of this browser: it pins the root key of the bundle it came with.
    if (!/^[A-Za-z0-9_-]{43}$/.test(BUILT_ROOT_PUBLIC_KEY)) throw new Error('this build has no root public key to pin');
    const first = (await updatePin((stored) => (stored ? null : newPin(BUILT_ROOT_PUBLIC_KEY)))) ?? newPin(BUILT_ROOT_PUBLIC_KEY);
    const outcome = await fetchRelease(first);
    const refusal = outcome.kind === 'refused' ? outcome.refusal : outcome.kind === 'release' ? await checkOwnScript(outcome.release) : null;
    // Kept, so that the console shows the warning instead of running; a check later can clear it.
    if (refusal) await updatePin((stored) => stored && { ...stored, refusal });
  } else {
    // An update: it must be built for the pinned root and be the worker the signed release lists.
    if (BUILT_ROOT_PUBLIC_KEY !== existing.rootPublicKey) throw new Error('this service worker was built for another root key than the pinned one');
    const outcome = await fetchRelease(existing);
    if (outcome.kind !== 'release') throw new Error('the release could not be verified');
    if (await checkOwnScript(outcome.release)) throw new Error('this service worker is not the one the signed release lists');
  }
  await routeApiPastTheWorker(event);
  await self.skipWaiting();
}

async function checkOwnScript(release: VerifiedRelease): Promise<Refusal | null> {
  const bytes = await bytesOf(await fetch(self.location.href, { cache: 'no-store', credentials: 'omit', redirect: 'error' }));
  return checkWorkerScript(release, new URL(self.location.href).pathname, bytes);
}

/** Where the browser supports it (static routing), api calls go to the network without waking this worker. */
async function routeApiPastTheWorker(event: ExtendableEvent): Promise<void> {
  const routes = (event as ExtendableEvent & { addRoutes?: (rules: unknown) => Promise<void> }).addRoutes;
  const Pattern = (globalThis as { URLPattern?: new (init: { pathname: string }) => unknown }).URLPattern;
  if (typeof routes !== 'function' || !Pattern) return;
  try {
    await routes.call(event, [
      { condition: { urlPattern: new Pattern({ pathname: '/api/*' }), requestMode: 'cors' }, source: 'network' },
      { condition: { urlPattern: new Pattern({ pathname: RELEASE_MANIFEST_PATH }), requestMode: 'cors' }, source: 'network' },
    ]);
  } catch {
    // Not supported in this form: the fetch handler lets these requests through itself.
  }
}

self.addEventListener('install', (event) => event.waitUntil(install(event)));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// ---- fetch -----------------------------------------------------------------------------

/**
 * The bytes the worker checked, with the server's headers but those that described the bytes
 * on the wire (a proxy may have compressed them; these are decoded).
 */
function checkedResponse(response: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
}

/** The api's pages without JavaScript: /no-script, /no-script/request and /about-weather.html. */
const SERVER_PAGES = /^\/(no-script(\/request)?|about-weather\.html)$/;
/** Their sandbox: no script still, but their stylesheet and their form (to this origin) work. */
const SERVER_PAGE_SANDBOX = "sandbox allow-forms; default-src 'none'; style-src 'self'; img-src data:; form-action 'self'";

/** Api answers and well-known files opened as pages are sandboxed: no script of theirs runs in this origin. */
async function sandboxedNavigation(request: Request, policy = "sandbox; default-src 'none'"): Promise<Response> {
  const response = await fetch(request);
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', policy);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function answerNavigation(request: Request, url: URL): Promise<Response> {
  const from = await pin();
  if (!from) return unavailablePage('This browser holds no pinned root key.', url);
  if (from.refusal) {
    if (url.searchParams.get(CHECK_AGAIN_PARAMETER) !== '1') return warningPage(from.refusal, url);
    const verdict = await verdictFor(from, true);
    if (verdict.state === 'verified') return Response.redirect(`${url.origin}${url.pathname}`, 303);
    return verdict.state === 'refused' ? warningPage(verdict.refusal, url) : unavailablePage(verdict.detail, url);
  }
  if (request.method !== 'GET') return unavailablePage('The console never sends forms to the server; this page was not opened.', url);
  const state = await refreshRelease(from);
  if (state.kind === 'refused') {
    await refuse(state.refusal);
    return warningPage(state.refusal, url);
  }
  if (state.kind === 'unavailable') return unavailablePage(state.detail, url);
  const path = pathToCheck(state.release, url.pathname, true) ?? '/index.html';
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    return unavailablePage('The server could not be reached.', url);
  }
  if (response.status !== 200) return unavailablePage(`The server answered ${response.status} for ${url.pathname}.`, url);
  const bytes = await bytesOf(response);
  const refusal = checkFile(state.release, path, bytes);
  if (refusal) {
    await refuse(refusal);
    return warningPage(refusal, url);
  }
  return checkedResponse(response, bytes);
}

async function answerSubresource(event: FetchEvent, url: URL): Promise<Response> {
  const from = await pin();
  if (!from || from.refusal) return Response.error();
  const state = await (current ?? refreshRelease(from));
  if (state.kind === 'refused') {
    await refuse(state.refusal, event.clientId);
    return Response.error();
  }
  if (state.kind === 'unavailable') return Response.error();
  const path = pathToCheck(state.release, url.pathname, false);
  // Nothing outside the release is fetched for a page: a signed file never names one.
  if (path === null) return new Response(null, { status: 404 });
  let response: Response;
  try {
    response = await fetch(event.request);
  } catch {
    return Response.error();
  }
  if (response.status !== 200) return Response.error();
  const bytes = await bytesOf(response);
  const refusal = checkFile(state.release, path, bytes);
  if (refusal) {
    await refuse(refusal, event.clientId);
    return Response.error();
  }
  return checkedResponse(response, bytes);
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return; // the CSP lets pages reach nothing else
  const navigation = event.request.mode === 'navigate';
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/.well-known/')) {
    if (navigation) event.respondWith(sandboxedNavigation(event.request));
    return;
  }
  // The pages the api renders without JavaScript (the "Safest" page, its form, the quick-exit
  // page): not files of the release, so not checked against it, and sandboxed like api answers.
  if (SERVER_PAGES.test(url.pathname)) {
    if (navigation) event.respondWith(sandboxedNavigation(event.request, SERVER_PAGE_SANDBOX));
    return;
  }
  if (!navigation && event.request.method !== 'GET') return;
  event.respondWith(navigation ? answerNavigation(event.request, url) : answerSubresource(event, url));
});

// ---- verdicts --------------------------------------------------------------------------

function sameRefusal(a: Refusal | null, b: Refusal | null): boolean {
  return a !== null && b !== null && a.reason === b.reason && a.detail === b.detail;
}

/**
 * The verdict a page waits for before it unlocks any key: the pin holds no refusal, the
 * published manifest verifies under the pinned root, every listed file the server sends now is
 * the listed one, and no pending service worker update differs from the signed worker.
 * With `clearing`, a passing check lifts an earlier refusal ("check again").
 */
async function verdictFor(from: Pin, clearing = false): Promise<Verdict> {
  if (from.refusal && !clearing) return { state: 'refused', refusal: from.refusal };
  const state = await refreshRelease(from);
  if (state.kind === 'unavailable') return { state: 'unavailable', detail: state.detail };
  if (state.kind === 'refused') {
    await refuse(state.refusal);
    return { state: 'refused', refusal: state.refusal };
  }
  const whole = await checkWholeRelease(state.release);
  if (whole && 'unavailable' in whole) return { state: 'unavailable', detail: whole.unavailable };
  const refusal = whole?.refusal ?? (await checkIncomingWorkers(state.release));
  if (refusal) {
    await refuse(refusal);
    return { state: 'refused', refusal };
  }
  // Clears the refusal this check was asked to clear, never one recorded meanwhile by another event.
  const announced = { before: true };
  const after = await updatePin((stored) => {
    if (!stored || (stored.refusal && !(clearing && sameRefusal(stored.refusal, from.refusal)))) return null;
    announced.before = stored.announced;
    return { ...stored, refusal: null, announced: true };
  });
  if (!after) return { state: 'unavailable', detail: 'This browser holds no pinned root key.' };
  if (after.refusal) return { state: 'refused', refusal: after.refusal };
  return { state: 'verified', buildId: state.release.buildId, issuedAt: state.release.issuedAt, rootPublicKey: after.rootPublicKey, newPin: !announced.before };
}

async function answerMessage(event: ExtendableMessageEvent): Promise<void> {
  const message = event.data as PageMessage | undefined;
  await sodium;
  const from = await pin();
  if (message?.type === 'ashar-release/verdict') {
    const port = event.ports[0];
    const verdict: Verdict = from ? await verdictFor(from) : { state: 'unavailable', detail: 'This browser holds no pinned root key.' };
    port?.postMessage(verdict);
  } else if (message?.type === 'ashar-release/check-update' && from && !from.refusal) {
    await checkUpdate(from);
  }
}

async function checkUpdate(from: Pin): Promise<void> {
  const state = await refreshRelease(from);
  if (state.kind === 'refused') return refuse(state.refusal);
  if (state.kind !== 'release') return;
  const refusal = await checkIncomingWorkers(state.release);
  if (refusal) await refuse(refusal);
}

self.addEventListener('message', (event) => event.waitUntil(answerMessage(event)));

// The browser found a byte-different /sw.js (its own update check, at least daily): check it at once.
self.registration.addEventListener('updatefound', () => {
  void pin().then((from) => (from && !from.refusal ? checkUpdate(from) : undefined));
});

