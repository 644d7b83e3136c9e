/**
 * How staff screens name a request's routing values (its type, country and language): the
 * case screens and the routing rules show the same words, in the console's language. Countries
 * and languages come from the browser's own tables through the i18n backbone (display-names.ts),
 * with the code beside the name, as staff compare codes with routing rules.
 */
import { REQUEST_TYPES, type RequestType } from '@ashar/domain';
import { countryDisplayName, languageDisplayName } from '../i18n';
import { ct, translatedLabels } from '../ui/console-t';

/** "Legal", "Юридическая помощь": a request type as the console names it (console `requestTypes.*`). */
export function typeLabel(type: RequestType): string {
  return ct(`requestTypes.${type}`);
}

/** The request types' words, read in the console's language at each use. */
export const TYPE_LABELS: Readonly<Record<RequestType, string>> = translatedLabels('requestTypes', REQUEST_TYPES);

/** "KZ" → "Kazakhstan (KZ)", "Казахстан (KZ)". */
export function countryName(code: string): string {
  const name = countryDisplayName(code);
  return name && name !== code ? `${name} (${code})` : code;
}

/** "ru" → "Russian (ru)", "Русский (ru)". */
export function languageName(tag: string): string {
  const name = languageDisplayName(tag);
  return name && name !== tag ? `${name} (${tag})` : tag;
}
