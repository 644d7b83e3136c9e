/**
 * Keeps i18next in the language of the URL: on every navigation, a public page without a valid
 * `lang` gets one (history replace, state kept) and i18next follows the `lang` it reads.
 */
import { type createBrowserRouter } from 'react-router';
import { currentUiLanguage, i18n } from './i18n';
import { languageForLocation, needsLanguageParam, searchWithLanguage } from './url-language';

type Router = ReturnType<typeof createBrowserRouter>;
type RouterLocation = Router['state']['location'];

export function bindLanguageToRouter(router: Router): () => void {
  const follow = (location: RouterLocation) => {
    const language = languageForLocation(location.pathname, location.search);
    if (needsLanguageParam(location.pathname, location.search)) {
      void router.navigate(
        { pathname: location.pathname, search: searchWithLanguage(location.search, language), hash: location.hash },
        { replace: true, state: location.state as unknown, preventScrollReset: true },
      );
    }
    if (currentUiLanguage() !== language || i18n.language !== language) void i18n.changeLanguage(language);
  };
  follow(router.state.location);
  return router.subscribe((state) => follow(state.location));
}
