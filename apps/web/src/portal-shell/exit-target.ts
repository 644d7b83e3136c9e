import { isUiLanguage } from '@ashar/domain';

/** The neutral page the api renders in each interface language: no script, nothing from outside the deployment. */
export const NEUTRAL_PAGE = '/about-weather.html';

/**
 * The exit in the reader's language: the local neutral page gets the page's `?lang=` (the
 * interface language is kept in the URL); an external EXIT_URL is left exactly as it is.
 */
export function exitInLanguage(target: string, search: string): string {
  if (target !== NEUTRAL_PAGE) return target;
  const lang = new URLSearchParams(search).get('lang');
  return isUiLanguage(lang) ? `${target}?lang=${encodeURIComponent(lang)}` : target;
}
