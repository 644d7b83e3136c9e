/**
 * Quick exit: a control on every public page (and Escape pressed three times) that replaces
 * the page at once with a neutral page: this deployment's own by default, or the api's
 * EXIT_URL (read from GET /intake/config when the page opens; until it arrives, the local
 * page). `location.replace` swaps the current history entry instead of adding one. The request
 * page adds one entry per step (portal-steps.ts); leaving from a later step first goes back to
 * the page's first entry, so Back cannot return to the portal. Session storage is cleared and
 * the crypto worker, with every key it held, is ended before leaving.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { endCryptoWorker } from '../crypto/crypto-handle';
import { NEUTRAL_PAGE, exitInLanguage } from './exit-target';

export { NEUTRAL_PAGE } from './exit-target';
/**
 * The one document title of every public page: what a browser's history list shows of the portal.
 * Said in the page's language (portal `neutralTitle`); this English one stands before the words load.
 */
export const NEUTRAL_TITLE = 'Notes';

let exitTarget = NEUTRAL_PAGE;
let exitTargetAsked = false;

/** Asks the api once where the quick exit goes; a failure keeps the local page. */
function learnExitTarget(): void {
  if (exitTargetAsked) return;
  exitTargetAsked = true;
  import('./exit-config').then(({ exitUrlFromApi }) => exitUrlFromApi()).then(
    (exitUrl) => {
      if (/^\/[^/\\]/.test(exitUrl) || /^https?:\/\//i.test(exitUrl)) exitTarget = exitUrl;
    },
    () => {
      exitTargetAsked = false;
    },
  );
}

/** Entries the page added to the tab's history above its first one (the request steps); quick exit goes back over them first. */
let addedEntries = 0;
export function setAddedHistoryEntries(count: number): void {
  addedEntries = Math.max(0, count);
}
const ESCAPES_TO_EXIT = 3;
const ESCAPE_WINDOW_MS = 2_000;

const beforeExit = new Set<() => void>();

/** Runs `hook` (say, ending a requester session with a keepalive request) on quick exit; returns the unregister function. */
export function onQuickExit(hook: () => void): () => void {
  beforeExit.add(hook);
  return () => {
    beforeExit.delete(hook);
  };
}

let leaving = false;
/** True once a quick exit began: nothing may move the history any more. */
export function quickExitStarted(): boolean {
  return leaving;
}

export function quickExit(): void {
  leaving = true;
  // Hide what is on screen before the next page has even started loading.
  document.documentElement.classList.add('leaving');
  document.title = i18n.t('portal:quickExit.leavingTitle');
  for (const hook of beforeExit) {
    try {
      hook();
    } catch {
      // Leaving must never fail.
    }
  }
  try {
    sessionStorage.clear();
  } catch {
    // Storage may be disabled.
  }
  endCryptoWorker();
  const target = exitInLanguage(exitTarget, window.location.search);
  if (addedEntries > 0) {
    // Back to the portal's first entry, then replace it: no portal entry is left behind the exit.
    const back = addedEntries;
    addedEntries = 0;
    window.addEventListener('popstate', () => window.location.replace(target), { once: true });
    history.go(-back);
    return;
  }
  window.location.replace(target);
}

/**
 * The last Escape presses, kept outside the bar: when the bar mounts again (its words arriving in
 * another language, a page change) the presses made just before still count.
 */
let presses: number[] = [];

/** Escape pressed three times within two seconds leaves the site. */
function useQuickExitKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.repeat) return;
      // When the key was pressed, not when a busy page got to it: three quick presses on a slow
      // phone still count as quick.
      const now = event.timeStamp;
      presses = [...presses.filter((t) => now - t < ESCAPE_WINDOW_MS), now];
      if (presses.length >= ESCAPES_TO_EXIT) quickExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The quick-exit bar: first in the page and in the tab order, fixed at the top on small screens too. */
export function QuickExitBar() {
  const { t } = useTranslation('portal');
  useQuickExitKeys();
  useEffect(() => {
    learnExitTarget();
  }, []);
  const title = t('quickExit.neutralTitle');
  useEffect(() => {
    if (!quickExitStarted()) document.title = title;
  }, [title]);
  return (
    <div className="quick-exit" role="region" aria-label={t('quickExit.region')}>
      <button type="button" className="quick-exit__button" onClick={quickExit}>
        {t('quickExit.button')}
      </button>
      <span className="quick-exit__hint">{t('quickExit.hint')}</span>
    </div>
  );
}
