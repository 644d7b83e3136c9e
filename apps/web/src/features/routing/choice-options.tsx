import { TYPE_LABELS, countryName, languageName } from '../../request-values/names';
import { COUNTRY_CHOICES, LANGUAGE_CHOICES, REQUEST_TYPE_CHOICES } from './routing-model';

/** The <option>s of the request types, by their labels. */
export function RequestTypeOptions() {
  return (
    <>
      {REQUEST_TYPE_CHOICES.map((type) => (
        <option key={type} value={type}>
          {TYPE_LABELS[type]}
        </option>
      ))}
    </>
  );
}

/** The countries as two <optgroup>s: the region the organisation works in first, then the rest. */
export function CountryOptions() {
  return (
    <>
      <optgroup label="Central Asia and nearby">
        {COUNTRY_CHOICES.near.map((code) => (
          <option key={code} value={code}>
            {countryName(code)}
          </option>
        ))}
      </optgroup>
      <optgroup label="All other countries">
        {COUNTRY_CHOICES.rest.map((code) => (
          <option key={code} value={code}>
            {countryName(code)}
          </option>
        ))}
      </optgroup>
    </>
  );
}

/** The <option>s of the languages a rule or a request may name. */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGE_CHOICES.map((tag) => (
        <option key={tag} value={tag}>
          {languageName(tag)}
        </option>
      ))}
    </>
  );
}
