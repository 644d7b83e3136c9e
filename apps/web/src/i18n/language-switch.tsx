/**
 * The language switch of every public page: a list of links, each language named in itself and
 * marked with its own `lang` (so a screen reader says it right), the current one marked
 * `aria-current`. Links, not a select: they work with a keyboard, a screen reader and without
 * a change event, and each is a plain address with `lang` set. Choosing one replaces the history
 * entry, so Back does not step through languages; what is typed on the page stays (same page).
 */
import { UI_LANGUAGES, UI_LANGUAGE_NAMES } from '@ashar/domain';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { searchWithLanguage } from './url-language';
import { useUiLanguage } from './use-ui-language';

export function LanguageSwitch() {
  const { t } = useTranslation('common');
  const current = useUiLanguage();
  const location = useLocation();
  return (
    <nav className="language-switch" aria-label={t('languageSwitch.label')}>
      <ul>
        {UI_LANGUAGES.map((language) => (
          <li key={language}>
            <Link
              to={{ pathname: location.pathname, search: searchWithLanguage(location.search, language), hash: location.hash }}
              state={location.state as unknown}
              replace
              preventScrollReset
              lang={language}
              hrefLang={language}
              aria-current={language === current ? 'true' : undefined}
            >
              {UI_LANGUAGE_NAMES[language]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
