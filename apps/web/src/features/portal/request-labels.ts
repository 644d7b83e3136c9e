/**
 * The words of the request forms in the reader's language: labels, hints and options from the
 * `forms` namespace (English in @ashar/domain REQUEST_FORM_WORDS, keyed by the descriptors'
 * label keys), countries and languages named by the browser in the UI language
 * (Intl.DisplayNames, i18n/display-names.ts). A descriptor without words still renders, with a
 * label made from its name, so the form never drifts from the schema (the key test catches it).
 */
import {
  type FieldDescriptor,
  type RequestType,
  type SelectFieldDescriptor,
  REQUEST_FORM_WORDS_NAMESPACE,
  REQUEST_LANGUAGES,
  fieldHintWordKey,
  fieldLabelWordKey,
  optionWordKey,
  requestTypeWordKeys,
} from '@ashar/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryDisplayName, languageDisplayName, useFormat } from '../../i18n';
import { isCountryField } from '../../request-values/option-order';

function humanise(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const languageCodes: ReadonlySet<string> = new Set(REQUEST_LANGUAGES);

export function isLanguageField(field: SelectFieldDescriptor): boolean {
  return field.options.every((o) => languageCodes.has(o));
}

export interface RequestWords {
  fieldLabel(field: FieldDescriptor): string;
  fieldHint(field: FieldDescriptor): string | undefined;
  optionLabel(field: SelectFieldDescriptor, option: string): string;
  valueWords(field: FieldDescriptor, value: unknown): string;
  typeTitle(type: RequestType): string;
  typeDescription(type: RequestType): string;
}

/** The request forms' words in the page's language; re-made when the language changes. */
export function useRequestWords(): RequestWords {
  const { t } = useTranslation(REQUEST_FORM_WORDS_NAMESPACE);
  const { t: portal } = useTranslation('portal');
  const format = useFormat();
  const language = format.language;
  return useMemo(() => {
    const say = (key: string): string | undefined => {
      const text = t(key, { defaultValue: '' });
      return text === '' ? undefined : text;
    };
    const optionLabel = (field: SelectFieldDescriptor, option: string): string => {
      if (isCountryField(field)) return countryDisplayName(option, language);
      if (isLanguageField(field)) return languageDisplayName(option, language);
      return say(optionWordKey(field, option)) ?? humanise(option);
    };
    return {
      fieldLabel: (field) => say(fieldLabelWordKey(field)) ?? humanise(field.name),
      fieldHint: (field) => say(fieldHintWordKey(field)),
      optionLabel,
      valueWords: (field, value) => {
        if (value === undefined || value === '') return portal('answer.none');
        switch (field.kind) {
          case 'boolean':
            return value ? portal('answer.yes') : portal('answer.no');
          case 'select':
            return optionLabel(field, String(value));
          case 'date':
            return format.isoDate(String(value));
          case 'number':
            return typeof value === 'number' ? format.number(value) : String(value);
          default:
            return String(value);
        }
      },
      typeTitle: (type) => t(requestTypeWordKeys(type).title),
      typeDescription: (type) => t(requestTypeWordKeys(type).description),
    };
  }, [t, portal, format, language]);
}
