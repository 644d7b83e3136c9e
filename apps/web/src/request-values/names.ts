/**
 * How staff screens name a request's routing values (its type, country and language): the
 * case screens and the routing rules show the same words, in the console's language. Countries
 * and languages come from the browser's own tables (Intl.DisplayNames), nothing fetched.
 */
import i18next from 'i18next';
import { REQUEST_TYPES, type RequestType } from '@ashar/domain';
import { ct, translatedLabels } from '../ui/console-t';

/** "Legal", "Юридическая помощь": a request type as the console names it (console `requestTypes.*`). */
export function typeLabel(type: RequestType): string {
  return ct(`requestTypes.${type}`);
}

/** The request types' words, read in the console's language at each use. */
export const TYPE_LABELS: Readonly<Record<RequestType, string>> = translatedLabels('requestTypes', REQUEST_TYPES);

const tables = new Map<string, { countries: Intl.DisplayNames; languages: Intl.DisplayNames }>();

/** The browser's name tables in the console's current language (made once per language). */
function namesNow(): { countries: Intl.DisplayNames; languages: Intl.DisplayNames } {
  const locale = i18next.resolvedLanguage ?? 'en';
  let found = tables.get(locale);
  if (!found) {
    found = { countries: new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' }), languages: new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' }) };
    tables.set(locale, found);
  }
  return found;
}

/** "KZ" → "Kazakhstan (KZ)", "Казахстан (KZ)"; the browser's own table, nothing fetched. */
export function countryName(code: string): string {
  try {
    const name = namesNow().countries.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** "ru" → "Russian (ru)", "русский (ru)". */
export function languageName(tag: string): string {
  try {
    const name = namesNow().languages.of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}
