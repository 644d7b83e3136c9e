/**
 * Dates, times and numbers in the reader's language, one module for the portal and the console.
 * Dates are written from our own words (date-words.ts) and times as 24-hour HH:MM, the same in
 * every browser; numbers use Intl with the UI language first and, where the browser lacks it
 * (Chromium has no Kyrgyz or Tajik data), the conventions the language shares with Russian
 * (space between thousands, decimal comma) rather than English ones.
 */
import { type UiLanguage } from '@ashar/domain';
import { useMemo } from 'react';
import { currentUiLanguage } from './current-language';
import { longDate } from './date-words';
import { useUiLanguage } from './use-ui-language';

/** The Intl locales of a UI language for numbers, best first. */
export function intlLocales(language: UiLanguage): string[] {
  switch (language) {
    case 'en':
      return ['en-GB'];
    case 'ky':
    case 'kk':
    case 'tg':
      return [language, 'ru'];
    default:
      return [language, 'en-GB'];
  }
}

/** The one locale string for APIs that take a single locale (formatMoney): the first of intlLocales the browser has. */
export function numberLocale(language: UiLanguage): string {
  const locales = intlLocales(language);
  return locales.find((l) => Intl.NumberFormat.supportedLocalesOf([l]).length > 0) ?? 'en-GB';
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(language: UiLanguage, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocales(language), options);
    cache.set(key, format);
  }
  return format;
}

function asDate(value: string | number | Date): Date | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment in this device's time zone: the day in words and the time ("14 марта 2027 г., 09:05"); the text as given when it is not a time. */
export function formatDateTime(value: string | number | Date, language: UiLanguage = currentUiLanguage()): string {
  const date = asDate(value);
  if (!date) return String(value);
  return `${longDate(date.getFullYear(), date.getMonth() + 1, date.getDate(), language)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A day in this device's time zone, in words. */
export function formatDate(value: string | number | Date, language: UiLanguage = currentUiLanguage()): string {
  const date = asDate(value);
  return date ? longDate(date.getFullYear(), date.getMonth() + 1, date.getDate(), language) : String(value);
}

/** A calendar date stored as `YYYY-MM-DD` (no time zone), in words. */
export function formatIsoDate(iso: string, language: UiLanguage = currentUiLanguage()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return longDate(year, month, day, language);
}

/** A number with the language's grouping and decimal signs. */
export function formatNumber(value: number | bigint, language: UiLanguage = currentUiLanguage(), options?: Intl.NumberFormatOptions): string {
  return numberFormat(language, options).format(value);
}

/** A size in bytes, in the language's units ("1.5 MB"), counted in 1024s as phones and file managers show sizes. */
export function formatBytes(bytes: number, language: UiLanguage = currentUiLanguage()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return numberFormat(language, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/** The formatters bound to the page's language, re-rendering when it changes. */
export function useFormat() {
  const language = useUiLanguage();
  return useMemo(
    () => ({
      language,
      dateTime: (value: string | number | Date) => formatDateTime(value, language),
      date: (value: string | number | Date) => formatDate(value, language),
      isoDate: (iso: string) => formatIsoDate(iso, language),
      number: (value: number | bigint, options?: Intl.NumberFormatOptions) => formatNumber(value, language, options),
      bytes: (bytes: number) => formatBytes(bytes, language),
    }),
    [language],
  );
}
