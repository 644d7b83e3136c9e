/**
 * Country and language names in the reader's language, from the browser's own tables
 * (Intl.DisplayNames): nothing fetched, nothing to translate by hand. Where the browser lacks
 * the UI locale or a name in it (Chromium ships abridged ky, kk, tg and uz data; ICU has no
 * Karakalpak in Kyrgyz, Tajik or Uzbek), the English name; a small table of our own names the
 * few languages ICU leaves out. Never a raw code like "kaa".
 */
import { type UiLanguage } from '@ashar/domain';
import { currentUiLanguage } from './i18n';
import { intlLocales } from './format';

/** Names ICU lacks (or spells oddly) for languages requesters may choose, in each UI language. */
const OWN_LANGUAGE_NAMES: Readonly<Record<string, Readonly<Record<UiLanguage, string>>>> = {
  kaa: { en: 'Karakalpak', ru: 'каракалпакский', ky: 'каракалпакча', kk: 'қарақалпақ тілі', tg: 'қарақалпоқӣ', 'uz-Latn': 'qoraqalpoqcha' },
};

type Kind = 'region' | 'language';

const namers = new Map<string, Intl.DisplayNames | null>();

function namer(kind: Kind, locale: string): Intl.DisplayNames | null {
  const key = `${kind}|${locale}`;
  if (!namers.has(key)) {
    let value: Intl.DisplayNames | null = null;
    try {
      // Only a locale the browser has: otherwise DisplayNames would quietly answer in its default.
      if (Intl.DisplayNames.supportedLocalesOf([locale]).length > 0) value = new Intl.DisplayNames([locale], { type: kind, fallback: 'none' });
    } catch {
      value = null;
    }
    namers.set(key, value);
  }
  return namers.get(key) ?? null;
}

function browserName(kind: Kind, code: string, language: UiLanguage): string | undefined {
  for (const locale of [...intlLocales(language), 'en']) {
    try {
      const name = namer(kind, locale)?.of(code);
      if (name && name.toLowerCase() !== code.toLowerCase()) return name;
    } catch {
      // A code the browser refuses (malformed): try the next locale, then give up.
    }
  }
  return undefined;
}

/** Upper-cases the first letter in the language's own way ("русский" → "Русский"), as names stand alone in a list. */
function capitalised(name: string, language: UiLanguage): string {
  const first = name.charAt(0);
  return first.toLocaleUpperCase(intlLocales(language)) + name.slice(1);
}

/** "KG" → "Кыргызстан" (ky). An unknown code stays as given. */
export function countryDisplayName(code: string, language: UiLanguage = currentUiLanguage()): string {
  return browserName('region', code, language) ?? code;
}

/** "kaa" → "каракалпакча" (ky), "ru" → "Орусча" (ky). An unknown tag stays as given. */
export function languageDisplayName(tag: string, language: UiLanguage = currentUiLanguage()): string {
  const own = OWN_LANGUAGE_NAMES[tag]?.[language];
  const name = own ?? browserName('language', tag, language) ?? OWN_LANGUAGE_NAMES[tag]?.en ?? tag;
  return capitalised(name, language);
}

/** A comparison of names for sorting lists in the language's alphabetical order. */
export function nameCollator(language: UiLanguage = currentUiLanguage()): Intl.Collator {
  return new Intl.Collator(intlLocales(language));
}
