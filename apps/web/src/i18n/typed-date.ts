/**
 * Dates a person types (issue 15, item 4): one text box in the order people of the UI language
 * write dates by hand, with the pattern said beside it in their language ("ДД.ММ.ГГГГ"), and the
 * stored value ISO `YYYY-MM-DD`. All six UI languages write day, month, year (ICU's numeric
 * Kyrgyz pattern, y-d-m, is not what people write, so the order is ours, not Intl's). An ISO date
 * (year first, four digits) is understood too, whatever the language: it cannot be misread.
 */
import { type UiLanguage } from '@ashar/domain';

export type DateOrder = 'dmy' | 'mdy';

/** How each UI language writes a date by hand: the order and the separator. */
export const TYPED_DATE_STYLE: Readonly<Record<UiLanguage, { readonly order: DateOrder; readonly separator: string }>> = {
  en: { order: 'dmy', separator: '/' },
  ru: { order: 'dmy', separator: '.' },
  ky: { order: 'dmy', separator: '.' },
  kk: { order: 'dmy', separator: '.' },
  tg: { order: 'dmy', separator: '.' },
  'uz-Latn': { order: 'dmy', separator: '.' },
};

function isoOf(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The ISO date of what was typed, or undefined when it is not a real date: `14.03.2025`,
 * `14/3/2025`, `14 03 2025`, `14032025` (in the language's order) or `2025-03-14`.
 */
export function parseTypedDate(typed: string, language: UiLanguage): string | undefined {
  const text = typed.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const parts = /^(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!parts) return undefined;
  const [first, second, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return TYPED_DATE_STYLE[language].order === 'dmy' ? isoOf(year, second, first) : isoOf(year, first, second);
}

/** An ISO date written the way the language types it (`2025-03-14` → `14.03.2025`). */
export function typedDateOf(iso: string, language: UiLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const { order, separator } = TYPED_DATE_STYLE[language];
  return order === 'dmy' ? [day, month, year].join(separator) : [month, day, year].join(separator);
}
