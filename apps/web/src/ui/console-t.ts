/**
 * The console namespace's translation outside React components (label tables, errors made in
 * helpers): the current language of the shared i18next instance. Components use
 * useTranslation('console'), which also re-renders them when the language changes.
 */
import i18next, { type TOptions } from 'i18next';

export function ct(key: string, options?: TOptions): string {
  return i18next.t(key, { ns: 'console', ...options }) as string;
}
