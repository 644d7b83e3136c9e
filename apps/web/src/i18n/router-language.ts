/**
 * Keeps i18next in the language of the URL: on every navigation, a public page without a valid
 * `lang` gets one (history replace, state kept) and i18next follows the `lang` it reads. On the
 * staff side, the signed-in staff member's own language (preferStaffLanguage) comes before the
 * browser's; an explicit `lang` in the address still wins for that view (docs/staff-console.md).
 */
import { type StaffUiLanguage } from '@ashar/domain';
import { type createBrowserRouter } from 'react-router';
import { currentUiLanguage, i18n } from './i18n';
import { isStaffPath, languageForLocation, languageInSearch, needsLanguageParam, searchWithLanguage } from './url-language';

type Router = ReturnType<typeof createBrowserRouter>;
type RouterLocation = Router['state']['location'];

/** The signed-in staff member's saved language, or null when nobody is signed in. */
let staffLanguage: StaffUiLanguage | null = null;

function languageOf(pathname: string, search: string) {
  if (staffLanguage && isStaffPath(pathname) && languageInSearch(search) === undefined) return staffLanguage;
  return languageForLocation(pathname, search);
}

/**
 * The console follows the signed-in staff member's own language on staff pages without `lang`
 * (null: signed out, back to the address's or the browser's); applied at once on such a page.
 */
export function preferStaffLanguage(language: StaffUiLanguage | null): void {
  staffLanguage = language;
  if (typeof location === 'undefined' || !isStaffPath(location.pathname)) return;
  const wanted = languageOf(location.pathname, location.search);
  if (currentUiLanguage() !== wanted || i18n.language !== wanted) void i18n.changeLanguage(wanted);
}

/**
 * Puts the language into the address of a public page before the router reads it, so that a page
 * whose code loads with its route already has its `lang` when it shows (bindLanguageToRouter waits
 * for a settled location). Call once, before createRouter.
 */
export function putLanguageInAddress(): void {
  const { pathname, search, hash } = window.location;
  if (!needsLanguageParam(pathname, search)) return;
  window.history.replaceState(window.history.state, '', `${pathname}${searchWithLanguage(search, languageOf(pathname, search))}${hash}`);
}

export function bindLanguageToRouter(router: Router): () => void {
  const follow = (location: RouterLocation) => {
    const language = languageOf(location.pathname, location.search);
    if (needsLanguageParam(location.pathname, location.search)) {
      void router.navigate(
        { pathname: location.pathname, search: searchWithLanguage(location.search, language), hash: location.hash },
        { replace: true, state: location.state as unknown, preventScrollReset: true },
      );
    }
    if (currentUiLanguage() !== language || i18n.language !== language) void i18n.changeLanguage(language);
  };
  // Only a settled location: replacing it while a navigation is on its way (a page whose code loads
  // with its route, on the first load too) would start that navigation again, and again, without end.
  const onState = (state: Router['state']) => {
    if (state.initialized && state.navigation.state === 'idle') follow(state.location);
  };
  onState(router.state);
  return router.subscribe(onState);
}
