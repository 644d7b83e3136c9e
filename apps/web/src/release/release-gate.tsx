/**
 * The release check as the console shows it. ReleaseProvider holds the verdict of this page
 * load and stops everything when the release worker refuses; ReleaseGate stands in front of
 * every staff page (router.tsx), so that no passkey sign-in, unlock or enrolment runs before the
 * worker has said that this console's code is the release the root custodians signed.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { endCryptoWorker } from '../crypto/crypto-client';
import { CHECK_AGAIN_PARAMETER, REFUSAL_EXPLANATION, type Refusal } from './protocol';
import { askVerdict, loadThroughReleaseWorker, loadedThroughWorker, pinReloadFailed, pinThisBrowser, releaseMode, watchRelease } from './release-worker';

export type ReleaseState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'verified'; readonly buildId: string; readonly issuedAt: string; readonly newPin: boolean }
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | { readonly kind: 'unavailable'; readonly detail: string }
  | { readonly kind: 'no-service-worker'; readonly accepted: boolean }
  | { readonly kind: 'no-root' }
  | { readonly kind: 'unsigned-ok' };

interface ReleaseContextValue {
  /** null until a staff page asks (the requester portal never does). */
  readonly state: ReleaseState | null;
  check(): Promise<void>;
  /** In a browser without service workers, the person chose to go on unchecked. */
  acceptUnchecked(): void;
}

const ReleaseContext = createContext<ReleaseContextValue | null>(null);

async function verdictNow(): Promise<ReleaseState> {
  switch (releaseMode()) {
    case 'no-root':
      return { kind: 'no-root' };
    case 'unsigned-ok':
      return { kind: 'unsigned-ok' };
    case 'no-service-worker':
      return { kind: 'no-service-worker', accepted: false };
    case 'pinned':
      break;
  }
  if (!loadedThroughWorker()) {
    if (pinReloadFailed()) {
      return { kind: 'unavailable', detail: 'This browser did not load the console through the service worker that checks it. Reload the page normally (not with Shift).' };
    }
    if (!(await loadThroughReleaseWorker())) return { kind: 'checking' }; // reloading through the worker
    try {
      await pinThisBrowser();
    } catch (error) {
      return { kind: 'unavailable', detail: error instanceof Error ? error.message : 'The service worker that checks the console did not install.' };
    }
  }
  const verdict = await askVerdict();
  if (verdict.state === 'verified') return { kind: 'verified', buildId: verdict.buildId, issuedAt: verdict.issuedAt, newPin: verdict.newPin };
  return verdict.state === 'refused' ? { kind: 'refused', refusal: verdict.refusal } : { kind: 'unavailable', detail: verdict.detail };
}

export function ReleaseProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<ReleaseState | null>(null);

  // A refusal while the page is open: drop every key at once, then load the worker's warning page.
  useEffect(
    () =>
      watchRelease((refusal) => {
        endCryptoWorker();
        setState({ kind: 'refused', refusal });
        location.reload();
      }),
    [],
  );

  const check = useCallback(async () => {
    setState({ kind: 'checking' });
    const next = await verdictNow().catch((error: unknown) => ({ kind: 'unavailable' as const, detail: error instanceof Error ? error.message : 'The check failed.' }));
    if (next.kind === 'refused') endCryptoWorker();
    setState(next);
  }, []);

  const acceptUnchecked = useCallback(() => setState({ kind: 'no-service-worker', accepted: true }), []);
  const value = useMemo(() => ({ state, check, acceptUnchecked }), [state, check, acceptUnchecked]);
  return <ReleaseContext.Provider value={value}>{state?.kind === 'refused' ? <ReleaseWarning refusal={state.refusal} /> : children}</ReleaseContext.Provider>;
}

function useRelease(): ReleaseContextValue {
  const value = useContext(ReleaseContext);
  if (!value) throw new Error('useRelease outside ReleaseProvider');
  return value;
}

/** The staff frame (as routes/layout draws it) for what the gate shows instead of a page. */
function GateFrame({ children }: { children: ReactNode }) {
  return (
    <div className="layout layout--staff">
      <header className="layout__header">
        <span className="layout__brand">Ashar</span>
        <span className="layout__area">Staff console</span>
      </header>
      <main className="layout__main">{children}</main>
    </div>
  );
}

/** What the page shows when the release was refused: the same words as the worker's own warning page. */
export function ReleaseWarning({ refusal }: { refusal: Refusal }) {
  return (
    <GateFrame>
      <div className="release-warning" role="alert">
        <h1>Stop: this console failed its release check</h1>
        <p>
          <strong>{REFUSAL_EXPLANATION[refusal.reason]}</strong>
        </p>
        <p>Your keys stay locked, and this browser will not unlock them on this site until the check passes.</p>
        <p>
          What failed: <code>{refusal.detail}</code>
        </p>
        <p>Do not type your passphrase or recovery code on this site. Tell your administrator and the root custodians now.</p>
        <p>
          When they say the server is fixed, <a href={`${location.pathname}?${CHECK_AGAIN_PARAMETER}=1`}>check the release again</a>.
        </p>
      </div>
    </GateFrame>
  );
}

function StatusLine({ state }: { state: ReleaseState }) {
  switch (state.kind) {
    case 'verified':
      return (
        <footer className="release-status" aria-label="Release check">
          <p>
            This console passed its release check: build <code>{state.buildId.slice(0, 12)}</code>, signed by your organisation’s root key on {state.issuedAt.slice(0, 10)}.
          </p>
          {state.newPin && (
            <p className="release-status__new">
              This browser has just pinned this console to your organisation’s root key. If you have used the Ashar console in this browser before, stop
              and tell your administrator: something removed the pin.
            </p>
          )}
        </footer>
      );
    case 'no-root':
      return (
        <footer className="release-status release-status--unchecked" aria-label="Release check">
          <p>This build has no organisation root key: it cannot check its own code, and nobody can be certified. Use it only to try Ashar.</p>
        </footer>
      );
    case 'unsigned-ok':
      return (
        <footer className="release-status release-status--unchecked" aria-label="Release check">
          <p>Development build: this console does not check its code against a signed release.</p>
        </footer>
      );
    case 'no-service-worker':
      return (
        <footer className="release-status release-status--unchecked" aria-label="Release check">
          <p>This browser cannot pin the console, so its code was not checked. Have the server checked with ashar release verify.</p>
        </footer>
      );
    default:
      return null;
  }
}

/**
 * Renders a staff page only once the release check allows it: verified by the pinned worker, or
 * a build that has nothing to pin (its footer says so), or — in a browser without service workers
 * — after the person chose to go on unchecked. Otherwise it shows why, and the page never runs.
 */
export function ReleaseGate({ children }: { children: ReactNode }) {
  const { state, check, acceptUnchecked } = useRelease();

  useEffect(() => {
    if (state === null) void check();
  }, [state, check]);

  if (state === null || state.kind === 'checking') {
    return (
      <GateFrame>
        <p className="message" role="status">
          Checking this console against its signed release…
        </p>
      </GateFrame>
    );
  }
  if (state.kind === 'refused') return <ReleaseWarning refusal={state.refusal} />;
  if (state.kind === 'unavailable') {
    return (
      <GateFrame>
        <h1>The console could not be checked</h1>
        <p className="message message--error" role="alert">
          Before any key is unlocked, this console checks its code against the release your organisation’s root key signed. The check could not be
          completed: {state.detail}
        </p>
        <button type="button" className="button" onClick={() => void check()}>
          Check again
        </button>
      </GateFrame>
    );
  }
  if (state.kind === 'no-service-worker' && !state.accepted) {
    return (
      <GateFrame>
        <h1>This browser cannot check the console</h1>
        <p className="message message--error" role="alert">
          This browser has no service workers (Tor Browser and some private windows), so it cannot pin this console to your organisation’s root key or check
          its code before your keys are unlocked. A server that was taken over could send code that steals them.
        </p>
        <p>
          Continue only if someone checked this server just now with <code>ashar release verify</code> against your root key, and it passed.
        </p>
        <button type="button" className="button button--secondary" onClick={acceptUnchecked}>
          Continue without the check
        </button>
      </GateFrame>
    );
  }
  return (
    <>
      {children}
      <StatusLine state={state} />
    </>
  );
}
