/**
 * Times, dates and numbers as the console's reader reads them, in the console's current language
 * (docs/staff-console.md, "Languages"). Placeholder until the i18n backbone's helpers are merged.
 */
import i18next from 'i18next';

/** The locale dates, numbers and amounts are formatted in: the console's language (English as in Britain, as before). */
export const formatLocale = (): string => {
  const language = i18next.resolvedLanguage ?? i18next.language ?? 'en';
  return language === 'en' ? 'en-GB' : language;
};
const locale = formatLocale;

/** A moment as staff read it beside a record (medium date, short time); the text as given when it is not a time. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A day (medium date unless told otherwise). */
export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale(), options).format(date);
}

/** A whole or decimal number with the locale's grouping. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(value);
}
