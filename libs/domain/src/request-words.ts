/**
 * The words of the request forms in English, the source language: labels, help texts and option
 * names of the field descriptors in request-forms.ts, and the request types as a requester
 * chooses between them. Translations live beside the web app's other resources (namespace
 * `forms`, apps/web/src/i18n/locales/<lang>/forms.json) and a unit test checks that each has
 * exactly these keys. Countries and languages are not here: the browser names them
 * (Intl.DisplayNames) in the reader's language.
 *
 * Keys (flat, dots are part of the key):
 * - `<labelKey>.label`, `<labelKey>.hint` for a field (hint optional);
 * - `<labelKey>.option.<value>` for an option of a select (`optionLabelKey`);
 * - `requestType.<type>.title`, `requestType.<type>.description`.
 */
import { optionLabelKey } from './form-field-keys';
import { type FieldDescriptor, type SelectFieldDescriptor } from './form-fields';
import { type RequestType } from './vocabulary';

export const REQUEST_FORM_WORDS = {
  'request.country.label': 'Which country is your request about?',
  'request.country.hint':
    'Usually where you live or where the danger is. With the language below, it decides which team receives your request, so these two answers travel unencrypted.',
  'request.preferredLanguage.label': 'In which language should we answer you?',
  'request.description.label': 'Anything else we should know',
  'request.description.hint': 'Optional. Describe your situation in your own words.',
  'request.contactDetails.label': 'How can we reach you safely?',
  'request.contactDetails.hint':
    'Optional: a Signal number, a safe e-mail address, a time to call. Leave it empty to talk only through this website with your receipt code.',

  'request.legal.caseStage.label': 'Where does your legal case stand?',
  'request.legal.caseStage.option.threatened': 'I have been threatened with prosecution',
  'request.legal.caseStage.option.under_investigation': 'I am under investigation',
  'request.legal.caseStage.option.charged': 'I have been charged',
  'request.legal.caseStage.option.on_trial': 'My trial is under way',
  'request.legal.caseStage.option.appeal': 'I am appealing a judgement',
  'request.legal.caseStage.option.convicted': 'I have been convicted',
  'request.legal.caseStage.option.other': 'Something else',
  'request.legal.nextCourtDate.label': 'Date of the next court hearing',
  'request.legal.nextCourtDate.hint': 'Optional, if you know it.',
  'request.legal.courtDetails.label': 'The court and the charges',
  'request.legal.courtDetails.hint': 'Optional: which court, what you are accused of, case numbers.',
  'request.legal.hasLawyer.label': 'Do you have a lawyer?',
  'request.legal.lawyerDetails.label': 'About your lawyer',
  'request.legal.lawyerDetails.hint': 'Optional: who they are and whether you trust them.',

  'request.relocation.threat.label': 'What threat are you facing?',
  'request.relocation.threat.hint': 'Who threatens you, since when, and what has happened so far.',
  'request.relocation.currentLocationSafety.label': 'How safe are you where you are now?',
  'request.relocation.currentLocationSafety.option.unsafe_now': 'I am in danger now',
  'request.relocation.currentLocationSafety.option.unsafe_within_weeks': 'I expect to be in danger within weeks',
  'request.relocation.currentLocationSafety.option.safe_for_now': 'I am safe for now',
  'request.relocation.dependantsCount.label': 'How many people depend on you and would need to move with you?',
  'request.relocation.dependantsCount.hint': 'Children, a partner, parents. Write 0 if nobody.',
  'request.relocation.dependantsDetails.label': 'About the people who depend on you',
  'request.relocation.dependantsDetails.hint': 'Optional: their ages and any special needs.',
  'request.relocation.travelDocuments.label': 'What travel documents do you have?',
  'request.relocation.travelDocuments.option.valid_passport': 'A valid passport',
  'request.relocation.travelDocuments.option.expired_passport': 'An expired passport',
  'request.relocation.travelDocuments.option.national_id_only': 'Only a national identity card',
  'request.relocation.travelDocuments.option.none': 'No documents',
  'request.relocation.documentsDetails.label': 'More about your documents',
  'request.relocation.documentsDetails.hint': 'Optional: expiry dates, visas, documents of the people with you.',

  'request.medical.condition.label': 'What is the medical condition or injury?',
  'request.medical.medicalUrgency.label': 'How urgent is it?',
  'request.medical.medicalUrgency.option.life_threatening': 'Life-threatening: care is needed now',
  'request.medical.medicalUrgency.option.within_days': 'Care is needed within days',
  'request.medical.medicalUrgency.option.within_weeks': 'Care is needed within weeks',
  'request.medical.medicalUrgency.option.not_urgent': 'Not urgent',
  'request.medical.currentTreatment.label': 'Treatment you receive now',
  'request.medical.currentTreatment.hint': 'Optional: medicines, doctors, hospital.',

  'request.psychological.preferredContact.label': 'How would you like to talk with us?',
  'request.psychological.preferredContact.option.signal': 'Signal',
  'request.psychological.preferredContact.option.telegram': 'Telegram',
  'request.psychological.preferredContact.option.whatsapp': 'WhatsApp',
  'request.psychological.preferredContact.option.phone': 'Phone call',
  'request.psychological.preferredContact.option.email': 'E-mail',
  'request.psychological.preferredContact.option.video_call': 'Video call',
  'request.psychological.preferredContact.option.in_person': 'In person',
  'request.psychological.sessionLanguage.label': 'Language for the sessions',
  'request.psychological.sessionLanguage.hint': 'Optional: only if it differs from the language of our answers.',
  'request.psychological.availability.label': 'When are you usually free to talk?',
  'request.psychological.availability.hint': 'Optional: days and times, and your time zone.',

  'requestType.psychological.title': 'Psychological support',
  'requestType.psychological.description': 'Someone to talk to after threats, detention, violence or long stress.',
  'requestType.legal.title': 'Legal help',
  'requestType.legal.description': 'A lawyer or legal advice when you are threatened with prosecution, charged or on trial.',
  'requestType.medical.title': 'Medical help',
  'requestType.medical.description': 'Treatment or medicines for an illness or an injury.',
  'requestType.relocation.title': 'Relocation',
  'requestType.relocation.description': 'Help to move somewhere safer, in your country or abroad, with the people who depend on you.',
} as const satisfies Readonly<Record<string, string>>;

export type RequestFormWordKey = keyof typeof REQUEST_FORM_WORDS;

/** The i18n namespace the translations of REQUEST_FORM_WORDS live in. */
export const REQUEST_FORM_WORDS_NAMESPACE = 'forms';

export function fieldLabelWordKey(field: FieldDescriptor): string {
  return `${field.labelKey}.label`;
}

export function fieldHintWordKey(field: FieldDescriptor): string {
  return `${field.labelKey}.hint`;
}

export function optionWordKey(field: SelectFieldDescriptor, option: string): string {
  return optionLabelKey(field, option);
}

export function requestTypeWordKeys(type: RequestType): { readonly title: RequestFormWordKey; readonly description: RequestFormWordKey } {
  return { title: `requestType.${type}.title`, description: `requestType.${type}.description` };
}
