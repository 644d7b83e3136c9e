/**
 * The order a select offers its options in, the same on the request form and in the routing
 * rules: countries by their name in the UI language with the region's countries first, other
 * lists as the descriptor orders them.
 */
import { type SelectFieldDescriptor, type UiLanguage, COUNTRY_CODES } from '@ashar/domain';
import { currentUiLanguage } from '../i18n/current-language';
import { countryDisplayName, nameCollator } from '../i18n/display-names';

const countryCodes: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** Countries most requests come from, offered first. */
const NEAR_COUNTRIES = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF', 'AZ', 'AM', 'GE', 'MN', 'RU', 'BY', 'UA'];

/** A select of countries: every option a country code, and more than a short list of them. */
export function isCountryField(field: SelectFieldDescriptor): boolean {
  return field.options.every((o) => countryCodes.has(o)) && field.options.length > 50;
}

/** The options of `field` in display order, split into the region's countries (`near`) and the rest. */
export function orderedOptions(
  field: SelectFieldDescriptor,
  language: UiLanguage = currentUiLanguage(),
): { readonly near: readonly string[]; readonly rest: readonly string[] } {
  if (!isCountryField(field)) return { near: [], rest: field.options };
  const collator = nameCollator(language);
  const names = new Map(field.options.map((c) => [c, countryDisplayName(c, language)]));
  const byName = (a: string, b: string) => collator.compare(names.get(a) ?? a, names.get(b) ?? b);
  const near = NEAR_COUNTRIES.filter((c) => field.options.includes(c));
  const rest = field.options.filter((c) => !near.includes(c)).sort(byName);
  return { near: [...near].sort(byName), rest };
}
