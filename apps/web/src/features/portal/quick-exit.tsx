/**
 * Quick exit: a control on every public page (and Escape pressed three times) that replaces
 * the page at once with a neutral page served by this deployment. `location.replace` swaps the
 * current history entry instead of adding one, and the portal never adds entries of its own
 * (its links and steps replace too), so Back cannot return to the portal. Session storage is
 * cleared and the crypto worker, with every key it held, is ended before leaving.
 */
import { useEffect } from 'react';
import { endCryptoWorker } from '../../crypto/crypto-client';

/** A static page of apps/web/public: no script, nothing from outside the deployment. */
export const NEUTRAL_PAGE = '/about-weather.html';
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

export function quickExit(): void {
  // Hide what is on screen before the next page has even started loading.
  document.documentElement.classList.add('leaving');
  document.title = 'Reading a weather forecast';
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
  window.location.replace(NEUTRAL_PAGE);
}

/** Escape pressed three times within two seconds leaves the site. */
function useQuickExitKeys(): void {
  useEffect(() => {
    let presses: number[] = [];
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.repeat) return;
      const now = performance.now();
      presses = [...presses.filter((t) => now - t < ESCAPE_WINDOW_MS), now];
      if (presses.length >= ESCAPES_TO_EXIT) quickExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The quick-exit bar: first in the page and in the tab order, fixed at the top on small screens too. */
export function QuickExitBar() {
  useQuickExitKeys();
  return (
    <div className="quick-exit" role="region" aria-label="Quick exit">
      <button type="button" className="quick-exit__button" onClick={quickExit}>
        Leave this site quickly
      </button>
      <span className="quick-exit__hint">or press Esc three times</span>
    </div>
  );
}
