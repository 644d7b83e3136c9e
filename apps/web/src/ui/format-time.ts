/**
 * Times, dates and numbers as the console's reader reads them, in the UI language, through the
 * i18n backbone's formatters (i18n/format.ts). Components that re-render on a language change
 * (every console component calls useTranslation) call these during render.
 */
import { currentUiLanguage, formatDate as formatDay, formatDateTime, formatNumber as formatNumberIn, intlLocales } from '../i18n';

/** A moment as staff read it beside a record ("7 December 2026, 03:44": the day in words, 24-hour time); the text as given when it is not a time. */
export function formatTime(iso: string): string {
  return formatDateTime(iso);
}

/** A day in words ("7 December 2026"); the text as given when it is not a date. */
export function formatDate(iso: string): string {
  return formatDay(iso);
}

/** A number with the UI language's grouping and decimal signs. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return formatNumberIn(value, currentUiLanguage(), options);
}

/** The one Intl locale amounts are formatted in (libs/domain formatMoney takes one): the UI language's, English as in Britain. */
export function formatLocale(): string {
  return intlLocales(currentUiLanguage())[0] ?? 'en-GB';
}
