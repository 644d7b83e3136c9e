/** Serving the built web app and its signed release manifest, and the pages that work without JavaScript. */
export { mountServerPages, sendPage } from './server-pages';
export { type NoScriptError, type NoScriptValues, NO_SCRIPT_SUBMIT_PATH, noScriptFormPage, noScriptSentPage, pageLanguage } from './pages';
export { mountWebApp, releaseProblem } from './static';
