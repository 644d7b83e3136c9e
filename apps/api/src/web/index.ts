/** Serving the built web app. */
export { mountWebApp } from './static';
