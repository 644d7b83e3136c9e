/** Languages of the web app: see i18n.ts and docs/decisions.md "Languages (issue 15, item 1)". */
export { NAMESPACES, PORTAL_PAGE_NAMESPACES, type Namespace, currentUiLanguage, ensureNamespaces, i18n, startI18n } from './i18n';
export { bindLanguageToRouter, preferStaffLanguage, putLanguageInAddress } from './router-language';
export { LANGUAGE_PARAM, browserLanguages, isStaffPath, languageForLocation, pathWithLanguage, searchWithLanguage } from './url-language';
export { useLanguageNavigate, useLanguagePath, useUiLanguage } from './use-ui-language';
export { LanguageLink } from './language-link';
export { LanguageSwitch } from './language-switch';
export { formatBytes, formatDate, formatDateTime, formatIsoDate, formatNumber, intlLocales, numberLocale, useFormat } from './format';
export { countryDisplayName, languageDisplayName, nameCollator } from './display-names';
export { TYPED_DATE_STYLE, parseTypedDate, typedDateOf } from './typed-date';
