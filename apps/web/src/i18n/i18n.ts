/**
 * The i18next instance of the web app (issue 15, item 1; docs/decisions.md "Languages").
 *
 * - Languages: UI_LANGUAGES from @ashar/domain; the current one comes from the URL (`lang`
 *   parameter, url-language.ts), never from storage.
 * - Resources: one JSON file per language and namespace under ./locales/<lang>/<ns>.json, keys
 *   flat (a dot is part of the key, `keySeparator: false`), plurals as `<key>_<category>`.
 *   English `common` and `portal` are in the entry chunk, the request forms' English words come
 *   from @ashar/domain (REQUEST_FORM_WORDS, through en-forms.ts); every other file is a chunk of
 *   its own, loaded when its language (or namespace, e.g. `console`) is first needed. The landing
 *   page needs `common` and `portal` only; the request and follow-up pages load `forms` and
 *   `names` with their code (PORTAL_PAGE_NAMESPACES), the staff pages `console` too.
 * - Plurals: i18next asks Intl.PluralRules, which has no rule for Tajik and silently falls back;
 *   the instance's plural resolver takes every rule from uiPluralRule (domain), which gives Tajik
 *   its explicit one/other rule.
 */
import { type REQUEST_FORM_WORDS_NAMESPACE, UI_LANGUAGES, UI_LANGUAGE_DIRECTION, isUiLanguage, uiPluralRule, type UiLanguage } from '@ashar/domain';
import i18next, { type BackendModule, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCommon from './locales/en/common.json';
import enPortal from './locales/en/portal.json';
import { setCurrentUiLanguage } from './current-language';
import { registerNames } from './display-names';
import { loadLocale } from './load-locale';

/** libs/domain's REQUEST_FORM_WORDS_NAMESPACE, named here so that the first page's script does not carry the words with it. */
const FORMS: typeof REQUEST_FORM_WORDS_NAMESPACE = 'forms';

/**
 * Namespaces; `forms` holds the request forms' words (English in @ashar/domain); `names` the
 * names of countries and languages for languages whose data browsers often lack (no English file:
 * the browser names them); `calls` the public call pages' words (docs/calls.md), loaded with their chunk.
 */
export const NAMESPACES = ['common', 'portal', 'console', FORMS, 'names', 'calls'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** What every page needs before it renders (the landing page needs no more). */
const INITIAL_NAMESPACES: readonly Namespace[] = ['common', 'portal'];
/** What the request and follow-up pages (and the console) load on top, with their code (ensureNamespaces). */
export const PORTAL_PAGE_NAMESPACES: readonly Namespace[] = [FORMS, 'names'];

/** The English request-form words are libs/domain's, in a chunk of their own like every other resource. */
const readResources = (language: string, namespace: string): Promise<Record<string, string>> =>
  language === 'en' && namespace === FORMS ? import('./en-forms').then((m) => m.EN_FORMS) : loadLocale(language, namespace);

const lazyBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, callback) {
    readResources(language, namespace).then(
      (resources) => callback(null, resources),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  },
};

export const i18n: I18n = i18next.createInstance();

/** Every plural rule from @ashar/domain, so that Tajik gets its explicit rule (see uiPluralRule). */
function takeDomainPluralRules(instance: I18n): void {
  const resolver = instance.services.pluralResolver as unknown as { getRule(code: string, options?: { ordinal?: boolean }): unknown };
  const original = resolver.getRule.bind(resolver);
  resolver.getRule = (code, options = {}) => {
    if (options.ordinal || !isUiLanguage(code)) return original(code, options);
    const rule = uiPluralRule(code);
    return { select: (n: number) => rule.select(n), resolvedOptions: () => ({ pluralCategories: [...rule.categories] }) };
  };
}

function setDocumentLanguage(language: string): void {
  if (!isUiLanguage(language)) return;
  setCurrentUiLanguage(language);
  // Country and language names that came with the language (ky, kk, tg, uz-Latn), before anything re-renders.
  registerNames(language, i18n.getResourceBundle(language, 'names') as Record<string, unknown> | undefined);
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  document.documentElement.dir = UI_LANGUAGE_DIRECTION[language];
}

let started: Promise<unknown> | undefined;

/** Starts i18next in `language` and waits for what the first page needs. Call once, before rendering. */
export function startI18n(language: UiLanguage): Promise<unknown> {
  if (started) return started.then(() => i18n.changeLanguage(language));
  i18n.on('languageChanged', setDocumentLanguage);
  const init = i18n
    .use(lazyBackend)
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: 'en',
      supportedLngs: [...UI_LANGUAGES],
      load: 'currentOnly',
      ns: [...INITIAL_NAMESPACES],
      defaultNS: 'common',
      partialBundledLanguages: true,
      resources: { en: { common: enCommon, portal: enPortal, names: {} } },
      keySeparator: false,
      nsSeparator: ':',
      returnNull: false,
      // React escapes what it renders; escaping here too would show &amp; and &#39;.
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
  // The services exist as soon as init has been called; replace the rules before anything is translated.
  takeDomainPluralRules(i18n);
  started = init.then(() => setDocumentLanguage(i18n.language));
  return started;
}

/** Loads namespaces (e.g. `console`) in the current language before a page that needs them renders. */
export async function ensureNamespaces(...namespaces: Namespace[]): Promise<void> {
  await i18n.loadNamespaces(namespaces);
  // Country and language names that came later than the language itself (setDocumentLanguage registered none yet).
  if (namespaces.includes('names') && isUiLanguage(i18n.language)) registerNames(i18n.language, i18n.getResourceBundle(i18n.language, 'names') as Record<string, unknown> | undefined);
}

export { currentUiLanguage } from './current-language';
