import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// From react-router/dom: it brings ReactDOM.flushSync, which navigations with { flushSync: true } need.
import { RouterProvider } from 'react-router/dom';
import { captureFragmentToken } from './data/fragment-token';
import { bindLanguageToRouter, languageForLocation, putLanguageInAddress, startI18n } from './i18n';
import { ReleaseProvider, isConsolePath, loadThroughReleaseWorker } from './release';
import { createRouter } from './router';
import './styles/app.css';

async function start(): Promise<void> {
  // Before anything renders: a setup or enrolment token leaves the address bar.
  const address = location.href;
  captureFragmentToken();
  // A console page of a pinned browser runs only when loaded through the release service worker
  // (docs/release.md): one that bypassed it loads again, at its first address, token included.
  if (isConsolePath(location.pathname) && !(await loadThroughReleaseWorker(address))) return;
  // The language of the address (or the browser's, on a page without one), loaded before the first render.
  await startI18n(languageForLocation(location.pathname, location.search));
  putLanguageInAddress();
  const router = createRouter();
  bindLanguageToRouter(router);

  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <ReleaseProvider>
        {/* TanStack Query's provider comes with the pages that use it (data/query-root.tsx), not with the landing page. */}
        <RouterProvider router={router} />
      </ReleaseProvider>
    </StrictMode>,
  );
}

void start();
