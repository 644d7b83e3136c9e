/**
 * The UI language lives in the URL (`?lang=ky`), never in storage: nothing on the phone keeps a
 * trace of the visit, and a page reloaded or a link followed keeps its language. A public page
 * without a valid `lang` gets one chosen from the browser's languages, written into the URL in
 * place (history replace, no new entry). Staff pages read `lang` when present and otherwise follow
 * the browser (limited to the staff languages) without writing it; the staff member's saved
 * language takes over there (console).
 */
import { STAFF_UI_LANGUAGES, isUiLanguage, resolveUiLanguage, type UiLanguage } from '@ashar/domain';

export const LANGUAGE_PARAM = 'lang';

/** Paths of the staff side (sign-in, console, setup, enrolment): the rest is the public portal. */
export function isStaffPath(pathname: string): boolean {
  return /^\/(staff|setup|enrol)(\/|$)/.test(pathname);
}

/** The languages the browser asks for, best first. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

/** The exact `lang` of a query string, when it names a UI language. */
export function languageInSearch(search: string): UiLanguage | undefined {
  const value = new URLSearchParams(search).get(LANGUAGE_PARAM);
  return isUiLanguage(value) ? value : undefined;
}

/**
 * The language a location asks for: its valid `lang`; else the best match of what `lang` says
 * ('uz' → 'uz-Latn', 'ru-RU' → 'ru') and then of the browser's languages; English at last.
 */
export function languageForLocation(pathname: string, search: string, browser: readonly string[] = browserLanguages()): UiLanguage {
  const exact = languageInSearch(search);
  const staff = isStaffPath(pathname);
  if (exact && (!staff || (STAFF_UI_LANGUAGES as readonly string[]).includes(exact))) return exact;
  const asked = new URLSearchParams(search).get(LANGUAGE_PARAM);
  const candidates = [...(asked ? [asked] : []), ...browser];
  return staff ? resolveUiLanguage(candidates, STAFF_UI_LANGUAGES) : resolveUiLanguage(candidates);
}

/** `search` with `lang` set to `language` (other parameters kept, in order). */
export function searchWithLanguage(search: string, language: UiLanguage): string {
  const params = new URLSearchParams(search);
  params.set(LANGUAGE_PARAM, language);
  return `?${params.toString()}`;
}

/** Whether a public location must be rewritten to carry `lang` explicitly. */
export function needsLanguageParam(pathname: string, search: string): boolean {
  return !isStaffPath(pathname) && languageInSearch(search) === undefined;
}

/** A path inside the app, with `lang` added: '/request' → '/request?lang=ky'; '/x?a=1#b' keeps a and b. */
export function pathWithLanguage(to: string, language: UiLanguage): string {
  const hashAt = to.indexOf('#');
  const hash = hashAt >= 0 ? to.slice(hashAt) : '';
  const rest = hashAt >= 0 ? to.slice(0, hashAt) : to;
  const queryAt = rest.indexOf('?');
  const pathname = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const search = queryAt >= 0 ? rest.slice(queryAt) : '';
  return `${pathname}${searchWithLanguage(search, language)}${hash}`;
}
