/**
 * From what a person typed into one field to the value its schema reads, and plain words for why
 * an answer is refused: shared by the request forms (features/portal) and the applications to
 * calls (features/calls). Words are a key of the `portal` namespace (or `ns:key` of another) and
 * its values, put into the reader's language where they are shown.
 */
import { type FieldDescriptor, type UiLanguage } from '@ashar/domain';
import { parseTypedDate } from '../i18n/typed-date';

export interface Words {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

export function words(key: string, values?: Readonly<Record<string, string | number>>): Words {
  return values ? { key, values } : { key };
}

/** The value of one input of `field` as the schema reads it (undefined: unanswered). */
export function valueOf(field: FieldDescriptor, raw: string, language: UiLanguage): unknown {
  if (raw === '') return undefined;
  switch (field.kind) {
    case 'date':
      return parseTypedDate(raw, language) ?? raw;
    case 'number':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'boolean':
      return raw === 'yes' ? true : raw === 'no' ? false : raw;
    default:
      return raw;
  }
}

/** Plain words for why a field's answer is refused (numbers as numbers: the page formats them). */
export function fieldProblem(field: FieldDescriptor, raw: string): Words {
  const missing = raw.trim() === '';
  switch (field.kind) {
    case 'select':
      return words(missing ? 'problem.chooseOne' : 'problem.chooseFromList');
    case 'boolean':
      return words('problem.yesOrNo');
    case 'number':
      return words(missing ? 'problem.number' : 'problem.wholeNumber', { min: field.min, max: field.max });
    case 'date':
      return words('problem.date');
    case 'text':
    case 'textarea':
      if (raw.length > field.maxLength) return words('problem.tooLong', { max: field.maxLength, count: raw.length });
      return words('problem.answer');
  }
}

