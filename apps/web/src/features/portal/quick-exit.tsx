/** The quick exit lives in portal-shell/ (the landing page needs it without the rest of the portal); the portal's pages reach it here. */
export { NEUTRAL_PAGE, NEUTRAL_TITLE, QuickExitBar, onQuickExit, quickExit, quickExitStarted, setAddedHistoryEntries } from '../../portal-shell/quick-exit';
