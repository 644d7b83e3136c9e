/**
 * The languages Ashar's own screens speak (issue 15, item 1), as BCP 47 tags. Not to be confused
 * with REQUEST_LANGUAGES (languages.ts), the languages a requester may ask to be answered in.
 *
 * - The public portal and the pages the api serves without JavaScript: all six.
 * - The staff console and staff e-mails: English and Russian.
 *
 * Uzbek is written in Latin script (`uz-Latn`); a browser asking for `uz` gets it, one asking for
 * `uz-Cyrl` does not (it gets its next choice, e.g. Russian), because Latin text is not what it
 * asked for.
 */

export const UI_LANGUAGES = ['en', 'ru', 'ky', 'kk', 'tg', 'uz-Latn'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const STAFF_UI_LANGUAGES = ['en', 'ru'] as const satisfies readonly UiLanguage[];
export type StaffUiLanguage = (typeof STAFF_UI_LANGUAGES)[number];

/** The language when nothing the reader asked for is offered. */
export const DEFAULT_UI_LANGUAGE: UiLanguage = 'en';

/** Each language named in itself, for a language switch. */
export const UI_LANGUAGE_NAMES: Readonly<Record<UiLanguage, string>> = {
  en: 'English',
  ru: 'Русский',
  ky: 'Кыргызча',
  kk: 'Қазақша',
  tg: 'Тоҷикӣ',
  'uz-Latn': 'Oʻzbekcha',
};

/** Text direction of each language: all six are written left to right. */
export const UI_LANGUAGE_DIRECTION: Readonly<Record<UiLanguage, 'ltr' | 'rtl'>> = {
  en: 'ltr',
  ru: 'ltr',
  ky: 'ltr',
  kk: 'ltr',
  tg: 'ltr',
  'uz-Latn': 'ltr',
};

/** The script a language is written in when its tag names none (only the ones we need to tell apart). */
const DEFAULT_SCRIPT: Readonly<Record<string, string>> = { uz: 'latn', tg: 'cyrl', ky: 'cyrl', kk: 'cyrl', ru: 'cyrl' };

interface TagParts {
  readonly language: string;
  readonly script: string | undefined;
}

/** Language and script subtags of a tag, lower-case ("uz-Cyrl-UZ" → uz, cyrl); region and variants ignored. */
function tagParts(tag: string): TagParts | undefined {
  const subtags = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  const language = subtags[0];
  if (!language || !/^[a-z]{2,3}$/.test(language)) return undefined;
  const second = subtags[1];
  const script = second && /^[a-z]{4}$/.test(second) ? second : undefined;
  return { language, script };
}

/** Whether `candidate` (what a reader asks for) is served by `offered` when only base language and script are compared. */
function sameBaseLanguage(candidate: TagParts, offered: TagParts): boolean {
  if (candidate.language !== offered.language) return false;
  const asked = candidate.script ?? DEFAULT_SCRIPT[candidate.language];
  const given = offered.script ?? DEFAULT_SCRIPT[offered.language];
  return asked === undefined || given === undefined || asked === given;
}

/**
 * The best of `allowed` for a reader who asks for `candidates` in order of preference (a `lang`
 * parameter, then `navigator.languages`; or a staff member's saved language): the first candidate
 * that is offered exactly (case-insensitive), else whose base language (and script) is offered
 * ('ru-RU' → 'ru', 'uz' → 'uz-Latn', 'uz-Cyrl' → none), else the next candidate; the first of
 * `allowed` if none matches (English in both lists). Each candidate is tried exactly before its
 * base language, and an earlier candidate's base language wins over a later exact match, as
 * browsers order languages by preference.
 */
export function resolveUiLanguage<const L extends string>(candidates: readonly string[], allowed: readonly [L, ...L[]]): L;
export function resolveUiLanguage(candidates: readonly string[]): UiLanguage;
export function resolveUiLanguage(candidates: readonly string[], allowed: readonly string[] = UI_LANGUAGES): string {
  const offered = allowed.map((tag) => ({ tag, parts: tagParts(tag) }));
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const exact = offered.find((o) => o.tag.toLowerCase() === candidate.trim().replace(/_/g, '-').toLowerCase());
    if (exact) return exact.tag;
    const parts = tagParts(candidate);
    if (!parts) continue;
    const base = offered.find((o) => o.parts && sameBaseLanguage(parts, o.parts));
    if (base) return base.tag;
  }
  return allowed[0] ?? DEFAULT_UI_LANGUAGE;
}

/** Whether `value` is exactly one of the UI languages (as written in a URL or a saved setting). */
export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The plural rule of a UI language: the categories its translations must give for a counted
 * phrase, and the category of a number. Russian, Kyrgyz, Kazakh, Uzbek and English come from the
 * browser's CLDR data (Intl.PluralRules).
 *
 * Tajik has no plural rules in CLDR: `Intl.PluralRules('tg')` falls back to the default locale
 * without saying so (en-US in Node). We give it an explicit rule, written here: `one` for exactly 1,
 * `other` for every other number. A Tajik noun after a numeral stays singular (се китоб, "three
 * books"), as in Persian, whose CLDR rule is also one/other; the two forms let a translation say
 * "як файл" for one and "{{count}} файл" for the rest.
 */
export interface UiPluralRule {
  readonly categories: readonly Intl.LDMLPluralRule[];
  select(n: number): Intl.LDMLPluralRule;
}

const TAJIK_PLURAL_RULE: UiPluralRule = {
  categories: ['one', 'other'],
  select: (n) => (n === 1 ? 'one' : 'other'),
};

/** CLDR's order of categories, so lists compare equal whatever order a browser gives them in. */
const CATEGORY_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

const ruleCache = new Map<string, UiPluralRule>();

/** The plural rule of `lang` (a UI language or any tag whose base language is one). */
export function uiPluralRule(lang: string): UiPluralRule {
  const cached = ruleCache.get(lang);
  if (cached) return cached;
  let rule: UiPluralRule;
  if (tagParts(lang)?.language === 'tg') {
    rule = TAJIK_PLURAL_RULE;
  } else {
    const intl = new Intl.PluralRules(lang);
    const categories = [...intl.resolvedOptions().pluralCategories].sort((a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
    rule = { categories, select: (n) => intl.select(n) };
  }
  ruleCache.set(lang, rule);
  return rule;
}

/** The plural category of `n` in `lang` ('ru', 5 → 'many'; 'tg', 1 → 'one'). */
export function pluralCategory(lang: string, n: number): Intl.LDMLPluralRule {
  return uiPluralRule(lang).select(n);
}
