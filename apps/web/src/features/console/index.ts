/** The staff console's surface: the layout around every staff page and its home. */
export { ConsoleHome } from './console-home';
export { ConsoleLayout } from './console-layout';
export { AccountPage } from './account-page';
