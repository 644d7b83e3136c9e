/**
 * The release check as the console shows it. ReleaseProvider holds the verdict of this page
 * load and stops everything when the release worker refuses; ReleaseGate stands in front of
 * every staff page (router.tsx), so that no passkey sign-in, unlock or enrolment runs before the
 * worker has said that this console's code is the release the root custodians signed.
 */
import { formatDate } from '../ui/format-time';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { endCryptoWorker } from '../crypto/crypto-handle';
import { ct } from '../ui/console-t';
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

/** The product's name, the same in every language. */
const BRAND = 'Ashar';

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
      return { kind: 'unavailable', detail: ct('release.notThroughWorker') };
    }
    if (!(await loadThroughReleaseWorker())) return { kind: 'checking' }; // reloading through the worker
    try {
      await pinThisBrowser();
    } catch (error) {
      return { kind: 'unavailable', detail: error instanceof Error ? error.message : ct('release.workerNotInstalled') };
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
    const next = await verdictNow().catch((error: unknown) => ({ kind: 'unavailable' as const, detail: error instanceof Error ? error.message : ct('release.checkFailed') }));
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
  const { t } = useTranslation('console');
  return (
    <div className="layout layout--staff">
      <header className="layout__header">
        <span className="layout__brand">{BRAND}</span>
        <span className="layout__area">{t('home.title')}</span>
      </header>
      <main className="layout__main">{children}</main>
    </div>
  );
}

/** What the page shows when the release was refused: the same words as the worker's own warning page. */
export function ReleaseWarning({ refusal }: { refusal: Refusal }) {
  const { t } = useTranslation('console');
  return (
    <GateFrame>
      <div className="release-warning" role="alert">
        <h1>{t('release.stopTitle')}</h1>
        <p>
          <strong>{t(`release.refusal.${refusal.reason}`, { defaultValue: REFUSAL_EXPLANATION[refusal.reason] })}</strong>
        </p>
        <p>{t('release.keysStayLocked')}</p>
        <p>
          {t('release.whatFailed')} <code>{refusal.detail}</code>
        </p>
        <p>{t('release.doNotType')}</p>
        <p>
          <Trans t={t} i18nKey="release.checkAgainLink" components={{ recheck: <a href={`${location.pathname}?${CHECK_AGAIN_PARAMETER}=1`} /> }} />
        </p>
      </div>
    </GateFrame>
  );
}

function StatusLine({ state }: { state: ReleaseState }) {
  const { t } = useTranslation('console');
  switch (state.kind) {
    case 'verified':
      return (
        <footer className="release-status" aria-label={t('release.footerLabel')}>
          <p>
            <Trans
              t={t}
              i18nKey="release.verified"
              values={{ build: state.buildId.slice(0, 12), date: formatDate(state.issuedAt) }}
              components={{ code: <code /> }}
            />
          </p>
          {state.newPin && (
            <p className="release-status__new">
              {t('release.newPin')}
            </p>
          )}
        </footer>
      );
    case 'no-root':
      return (
        <footer className="release-status release-status--unchecked" aria-label={t('release.footerLabel')}>
          <p>{t('release.noRoot')}</p>
        </footer>
      );
    case 'unsigned-ok':
      return (
        <footer className="release-status release-status--unchecked" aria-label={t('release.footerLabel')}>
          <p>{t('release.unsigned')}</p>
        </footer>
      );
    case 'no-service-worker':
      return (
        <footer className="release-status release-status--unchecked" aria-label={t('release.footerLabel')}>
          <p>{t('release.noServiceWorkerFooter')}</p>
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
  const { t } = useTranslation('console');
  const { state, check, acceptUnchecked } = useRelease();

  useEffect(() => {
    if (state === null) void check();
  }, [state, check]);

  if (state === null || state.kind === 'checking') {
    return (
      <GateFrame>
        <p className="message" role="status">
          {t('release.checking')}
        </p>
      </GateFrame>
    );
  }
  if (state.kind === 'refused') return <ReleaseWarning refusal={state.refusal} />;
  if (state.kind === 'unavailable') {
    return (
      <GateFrame>
        <h1>{t('release.unavailableTitle')}</h1>
        <p className="message message--error" role="alert">
          {t('release.unavailable', { detail: state.detail })}
        </p>
        <button type="button" className="button" onClick={() => void check()}>
          {t('release.checkAgain')}
        </button>
      </GateFrame>
    );
  }
  if (state.kind === 'no-service-worker' && !state.accepted) {
    return (
      <GateFrame>
        <h1>{t('release.noServiceWorkerTitle')}</h1>
        <p className="message message--error" role="alert">
          {t('release.noServiceWorker')}
        </p>
        <p>
          <Trans t={t} i18nKey="release.continueOnlyIf" components={{ code: <code /> }} />
        </p>
        <button type="button" className="button button--secondary" onClick={acceptUnchecked}>
          {t('release.continueUnchecked')}
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
