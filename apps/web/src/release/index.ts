/** The pinned console (docs/release.md): the gate in front of staff pages and the page's side of the release service worker. */
export { ReleaseGate, ReleaseProvider, ReleaseWarning } from './release-gate';
export { isConsolePath, loadThroughReleaseWorker, releaseMode } from './release-worker';
