/** The first-run setup feature's surface. */
export { SetupPage } from './setup-page';
