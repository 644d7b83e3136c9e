/**
 * How staff screens name a request's routing values (its type, country and language): the
 * case screens and the routing rules show the same words. Countries and languages come from the
 * browser's own tables (Intl.DisplayNames), nothing fetched.
 */
import { type RequestType } from '@ashar/domain';

export const TYPE_LABELS: Readonly<Record<RequestType, string>> = {
  psychological: 'Psychological',
  legal: 'Legal',
  medical: 'Medical',
  relocation: 'Relocation',
};

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "KZ" → "Kazakhstan (KZ)"; the browser's own table, nothing fetched. */
export function countryName(code: string): string {
  try {
    const name = countryNames.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** "ru" → "Russian (ru)". */
export function languageName(tag: string): string {
  try {
    const name = languageNames.of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}
