/**
 * The console namespace's translation outside React components (label tables, errors made in
 * helpers): the current language of the app's i18next instance (i18n/). Components use
 * useTranslation('console'), which also re-renders them when the language changes.
 */
import { type TOptions } from 'i18next';
import { i18n } from '../i18n';

export function ct(key: string, options?: TOptions): string {
  return i18n.t(key, { ns: 'console', ...options }) as string;
}

/** Whether the console namespace has `key` in the current language (or English). */
export function hasConsoleKey(key: string): boolean {
  return i18n.exists(key, { ns: 'console' });
}

/**
 * A table of words for a vocabulary (statuses, roles, purposes) whose entries are read in the
 * current language each time: `LABELS[value]` is `ct(`${prefix}.${value}`)`.
 */
export function translatedLabels<K extends string>(prefix: string, values: readonly K[]): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const value of values) Object.defineProperty(labels, value, { get: () => ct(`${prefix}.${value}`), enumerable: true });
  return labels;
}
