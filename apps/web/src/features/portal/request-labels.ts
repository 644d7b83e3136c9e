/**
 * The words of the request forms, in English, keyed by the label keys of the libs/domain field
 * descriptors (`request.<name>`, `request.<type>.<name>`, options `<key>.option.<value>`).
 * Countries and languages are named by the browser (Intl.DisplayNames). A descriptor without
 * words here still renders, with a label made from its name, so the form never drifts from
 * the schema.
 */
import { type FieldDescriptor, type RequestType, type SelectFieldDescriptor, REQUEST_LANGUAGES, optionLabelKey } from '@ashar/domain';
import { isCountryField } from '../../request-values/option-order';

interface FieldWords {
  readonly label: string;
  readonly hint?: string;
}

const FIELDS: Readonly<Record<string, FieldWords>> = {
  'request.country': {
    label: 'Which country is your request about?',
    hint: 'Usually where you live or where the danger is. With the language below, it decides which team receives your request, so these two answers travel unencrypted.',
  },
  'request.preferredLanguage': { label: 'In which language should we answer you?' },
  'request.description': { label: 'Anything else we should know', hint: 'Optional. Describe your situation in your own words.' },
  'request.contactDetails': {
    label: 'How can we reach you safely?',
    hint: 'Optional: a Signal number, a safe e-mail address, a time to call. Leave it empty to talk only through this website with your receipt code.',
  },

  'request.legal.caseStage': { label: 'Where does your legal case stand?' },
  'request.legal.nextCourtDate': { label: 'Date of the next court hearing', hint: 'Optional, if you know it.' },
  'request.legal.courtDetails': { label: 'The court and the charges', hint: 'Optional: which court, what you are accused of, case numbers.' },
  'request.legal.hasLawyer': { label: 'Do you have a lawyer?' },
  'request.legal.lawyerDetails': { label: 'About your lawyer', hint: 'Optional: who they are and whether you trust them.' },

  'request.relocation.threat': { label: 'What threat are you facing?', hint: 'Who threatens you, since when, and what has happened so far.' },
  'request.relocation.currentLocationSafety': { label: 'How safe are you where you are now?' },
  'request.relocation.dependantsCount': { label: 'How many people depend on you and would need to move with you?', hint: 'Children, a partner, parents. Write 0 if nobody.' },
  'request.relocation.dependantsDetails': { label: 'About the people who depend on you', hint: 'Optional: their ages and any special needs.' },
  'request.relocation.travelDocuments': { label: 'What travel documents do you have?' },
  'request.relocation.documentsDetails': { label: 'More about your documents', hint: 'Optional: expiry dates, visas, documents of the people with you.' },

  'request.medical.condition': { label: 'What is the medical condition or injury?' },
  'request.medical.medicalUrgency': { label: 'How urgent is it?' },
  'request.medical.currentTreatment': { label: 'Treatment you receive now', hint: 'Optional: medicines, doctors, hospital.' },

  'request.psychological.preferredContact': { label: 'How would you like to talk with us?' },
  'request.psychological.sessionLanguage': { label: 'Language for the sessions', hint: 'Optional: only if it differs from the language of our answers.' },
  'request.psychological.availability': { label: 'When are you usually free to talk?', hint: 'Optional: days and times, and your time zone.' },
};

const OPTIONS: Readonly<Record<string, string>> = {
  'request.legal.caseStage.option.threatened': 'I have been threatened with prosecution',
  'request.legal.caseStage.option.under_investigation': 'I am under investigation',
  'request.legal.caseStage.option.charged': 'I have been charged',
  'request.legal.caseStage.option.on_trial': 'My trial is under way',
  'request.legal.caseStage.option.appeal': 'I am appealing a judgement',
  'request.legal.caseStage.option.convicted': 'I have been convicted',
  'request.legal.caseStage.option.other': 'Something else',

  'request.relocation.currentLocationSafety.option.unsafe_now': 'I am in danger now',
  'request.relocation.currentLocationSafety.option.unsafe_within_weeks': 'I expect to be in danger within weeks',
  'request.relocation.currentLocationSafety.option.safe_for_now': 'I am safe for now',
  'request.relocation.travelDocuments.option.valid_passport': 'A valid passport',
  'request.relocation.travelDocuments.option.expired_passport': 'An expired passport',
  'request.relocation.travelDocuments.option.national_id_only': 'Only a national identity card',
  'request.relocation.travelDocuments.option.none': 'No documents',

  'request.medical.medicalUrgency.option.life_threatening': 'Life-threatening: care is needed now',
  'request.medical.medicalUrgency.option.within_days': 'Care is needed within days',
  'request.medical.medicalUrgency.option.within_weeks': 'Care is needed within weeks',
  'request.medical.medicalUrgency.option.not_urgent': 'Not urgent',

  'request.psychological.preferredContact.option.signal': 'Signal',
  'request.psychological.preferredContact.option.telegram': 'Telegram',
  'request.psychological.preferredContact.option.whatsapp': 'WhatsApp',
  'request.psychological.preferredContact.option.phone': 'Phone call',
  'request.psychological.preferredContact.option.email': 'E-mail',
  'request.psychological.preferredContact.option.video_call': 'Video call',
  'request.psychological.preferredContact.option.in_person': 'In person',
};

/** The request types as a person chooses between them. */
export const REQUEST_TYPE_WORDS: Readonly<Record<RequestType, { readonly title: string; readonly description: string }>> = {
  psychological: { title: 'Psychological support', description: 'Someone to talk to after threats, detention, violence or long stress.' },
  legal: { title: 'Legal help', description: 'A lawyer or legal advice when you are threatened with prosecution, charged or on trial.' },
  medical: { title: 'Medical help', description: 'Treatment or medicines for an illness or an injury.' },
  relocation: { title: 'Relocation', description: 'Help to move somewhere safer, in your country or abroad, with the people who depend on you.' },
};

function humanise(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldLabel(field: FieldDescriptor): string {
  return FIELDS[field.labelKey]?.label ?? humanise(field.name);
}

export function fieldHint(field: FieldDescriptor): string | undefined {
  return FIELDS[field.labelKey]?.hint;
}

const regionNames = safeDisplayNames('region');
const languageNames = safeDisplayNames('language');

function safeDisplayNames(type: 'region' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames(['en'], { type, fallback: 'code' });
  } catch {
    return null;
  }
}

const languageCodes: ReadonlySet<string> = new Set(REQUEST_LANGUAGES);

function isLanguageField(field: SelectFieldDescriptor): boolean {
  return field.options.every((o) => languageCodes.has(o));
}

/** The words of one option: ours, else the browser's name of a country or language, else the value. */
export function optionLabel(field: SelectFieldDescriptor, option: string): string {
  const ours = OPTIONS[optionLabelKey(field, option)];
  if (ours) return ours;
  if (isCountryField(field)) return regionNames?.of(option) ?? option;
  if (isLanguageField(field)) {
    const name = languageNames?.of(option);
    return name && name !== option ? name : option;
  }
  return humanise(option.replace(/_/g, ' '));
}

/** Words of a form value for the review step. */
export function valueWords(field: FieldDescriptor, value: unknown): string {
  if (value === undefined || value === '') return 'Not answered';
  switch (field.kind) {
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'select':
      return optionLabel(field, String(value));
    default:
      return String(value);
  }
}
