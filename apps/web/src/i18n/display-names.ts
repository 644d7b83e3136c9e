/**
 * Country and language names in the reader's language. For Kyrgyz, Kazakh, Tajik and Uzbek, whose
 * data browsers often lack (Debian's Chromium has none for ky and tg, no names for kk and uz),
 * the names come with the language's resources (`names` namespace, made from CLDR; registered
 * here when the language loads); otherwise the browser's own tables (Intl.DisplayNames). Where
 * neither has a name, the English one; a small table of our own covers Karakalpak, which ICU
 * lacks. Never a raw code like "kaa".
 */
import { type UiLanguage } from '@ashar/domain';
import { currentUiLanguage } from './current-language';

/** Names ICU lacks (or spells oddly) for languages requesters may choose, in each UI language. */
const OWN_LANGUAGE_NAMES: Readonly<Record<string, Readonly<Record<UiLanguage, string>>>> = {
  kaa: { en: 'Karakalpak', ru: 'каракалпакский', ky: 'каракалпакча', kk: 'қарақалпақ тілі', tg: 'қарақалпоқӣ', 'uz-Latn': 'qoraqalpoqcha' },
};

type Kind = 'region' | 'language';

/** Names that came with a language's resources: `country.KG`, `language.ru`. */
const registered = new Map<UiLanguage, Readonly<Record<string, string>>>();

/** Called when a language's `names` resources are loaded (i18n.ts). */
export function registerNames(language: UiLanguage, names: Readonly<Record<string, unknown>> | undefined): void {
  if (!names) return;
  const table: Record<string, string> = {};
  for (const [key, value] of Object.entries(names)) if (typeof value === 'string' && value !== '') table[key] = value;
  registered.set(language, table);
}

function registeredName(kind: Kind, code: string, language: UiLanguage): string | undefined {
  return registered.get(language)?.[`${kind === 'region' ? 'country' : 'language'}.${code}`];
}

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
  const own = registeredName(kind, code, language);
  if (own) return own;
  // The language itself, then English (never another language the reader may not read).
  for (const locale of language === 'en' ? ['en'] : [language, 'en']) {
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
  return first.toLocaleUpperCase(language === 'en' ? 'en' : [language, 'en']) + name.slice(1);
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
  // Kyrgyz, Kazakh and Tajik sort as Russian does where the browser lacks their own order (Cyrillic first).
  return new Intl.Collator(language === 'en' ? ['en'] : language === 'uz-Latn' ? [language, 'en'] : [language, 'ru']);
}
