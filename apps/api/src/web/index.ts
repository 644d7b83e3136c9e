/** Serving the built web app and its signed release manifest. */
export { mountWebApp, releaseProblem } from './static';
