/**
 * Dates, times and numbers in the reader's language, one module for the portal and the console.
 * Each formatter asks for the UI language with English after it, so a browser without a locale's
 * data (Chromium ships abridged ky, kk, tg, uz) still formats, in English, rather than failing.
 */
import { type UiLanguage } from '@ashar/domain';
import { useMemo } from 'react';
import { currentUiLanguage } from './i18n';
import { useUiLanguage } from './use-ui-language';

/** The Intl locale of a UI language: the tag itself, then English. */
export function intlLocales(language: UiLanguage): string[] {
  return language === 'en' ? ['en-GB'] : [language, 'en-GB'];
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(language: UiLanguage, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocales(language), options);
    cache.set(key, format);
  }
  return format;
}

function numberFormat(language: UiLanguage, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
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

/** A moment: medium date, short time ("7 Dec 2026, 14:05"); the text as given when it is not a time. */
export function formatDateTime(value: string | number | Date, language: UiLanguage = currentUiLanguage()): string {
  const date = asDate(value);
  return date ? dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date) : String(value);
}

/** A day: medium date. */
export function formatDate(value: string | number | Date, language: UiLanguage = currentUiLanguage()): string {
  const date = asDate(value);
  return date ? dateFormat(language, { dateStyle: 'medium' }).format(date) : String(value);
}

/** A calendar date stored as `YYYY-MM-DD` (no time zone), shown as a long date in the language. */
export function formatIsoDate(iso: string, language: UiLanguage = currentUiLanguage()): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A number with the language's grouping and decimal signs. */
export function formatNumber(value: number | bigint, language: UiLanguage = currentUiLanguage(), options?: Intl.NumberFormatOptions): string {
  return numberFormat(language, options).format(value);
}

/** A size in bytes, in the language's units ("1.5 MB"). */
export function formatBytes(bytes: number, language: UiLanguage = currentUiLanguage()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
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
