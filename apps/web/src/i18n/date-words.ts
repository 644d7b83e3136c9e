/**
 * How each UI language writes a date in words, as data of our own rather than the browser's:
 * Chromium ships only abridged data for Kazakh and Uzbek (a long date comes out as
 * "2027 M03 14") and none for Kyrgyz or Tajik (English instead), so a date would read differently
 * from browser to browser. These follow CLDR's long date patterns for each language; the month
 * names are in the grammatical form the pattern needs (Russian genitive "марта", Tajik with the
 * izafet "марти"). Needs review by native speakers (docs/portal.md, Languages).
 */
import { type UiLanguage } from '@ashar/domain';

interface DateWords {
  readonly months: readonly [string, string, string, string, string, string, string, string, string, string, string, string];
  /** The long date from its parts. */
  readonly long: (day: number, month: string, year: number) => string;
}

export const DATE_WORDS: Readonly<Record<UiLanguage, DateWords>> = {
  en: {
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    long: (d, m, y) => `${d} ${m} ${y}`,
  },
  ru: {
    months: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    long: (d, m, y) => `${d} ${m} ${y} г.`,
  },
  ky: {
    months: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
    long: (d, m, y) => `${y}-ж., ${d}-${m}`,
  },
  kk: {
    months: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
    long: (d, m, y) => `${y} ж. ${d} ${m}`,
  },
  tg: {
    months: ['январи', 'феврали', 'марти', 'апрели', 'майи', 'июни', 'июли', 'августи', 'сентябри', 'октябри', 'ноябри', 'декабри'],
    long: (d, m, y) => `${d} ${m} ${y}`,
  },
  'uz-Latn': {
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avgust', 'sentabr', 'oktabr', 'noyabr', 'dekabr'],
    long: (d, m, y) => `${d}-${m}, ${y}`,
  },
};

/** A calendar day in words ("14 марта 2027 г."). */
export function longDate(year: number, month: number, day: number, language: UiLanguage): string {
  const words = DATE_WORDS[language];
  return words.long(day, words.months[month - 1] ?? String(month), year);
}
