import { useTranslation } from 'react-i18next';
import { countryName, languageName, typeLabel } from '../../request-values/names';
import { COUNTRY_CHOICES, LANGUAGE_CHOICES, REQUEST_TYPE_CHOICES } from './routing-model';

/** The <option>s of the request types, by their labels. */
export function RequestTypeOptions() {
  useTranslation('console');
  return (
    <>
      {REQUEST_TYPE_CHOICES.map((type) => (
        <option key={type} value={type}>
          {typeLabel(type)}
        </option>
      ))}
    </>
  );
}

/** The countries as two <optgroup>s: the region the organisation works in first, then the rest. */
export function CountryOptions() {
  const { t } = useTranslation('console');
  return (
    <>
      <optgroup label={t('routing.countriesNear')}>
        {COUNTRY_CHOICES.near.map((code) => (
          <option key={code} value={code}>
            {countryName(code)}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('routing.countriesRest')}>
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
  useTranslation('console');
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
