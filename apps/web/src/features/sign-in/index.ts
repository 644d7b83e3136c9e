/** The sign-in feature's surface. */
export { SignInPage } from './sign-in-page';
