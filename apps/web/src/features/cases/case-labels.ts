/**
 * Words the case screens show for the domain's values: statuses, urgencies, lifecycle moves, and
 * the request form's fields (libs/domain label keys) and their options, in the console's language;
 * request types, countries and languages are named in request-values/names.ts, shared with routing.
 */
import {
  type CaseStatus,
  type FieldDescriptor,
  type Urgency,
  CASE_STATUSES,
  URGENCIES,
  optionLabelKey,
} from '@ashar/domain';
import { countryName, languageName } from '../../request-values/names';
import { ct, translatedLabels } from '../../ui/console-t';
import { formatNumber } from '../../ui/format-time';

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = translatedLabels('caseStatus', CASE_STATUSES);

export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = translatedLabels('urgency', URGENCIES);

/** The first-response window of each urgency, as people say it (libs/domain FIRST_RESPONSE_WINDOW_MS). */
export const URGENCY_WINDOWS: Readonly<Record<Urgency, string>> = translatedLabels('urgencyWindow', URGENCIES);

/** The button that moves a case to a status (case-lifecycle.ts names the edges). */
export const TRANSITION_LABELS: Readonly<Record<CaseStatus, string>> = translatedLabels('caseTransition', CASE_STATUSES);

const FIELD_LABELS: Readonly<Record<string, string>> = {
  'request.country': 'Country',
  'request.preferredLanguage': 'Preferred language',
  'request.description': 'What happened, and what help is needed',
  'request.contactDetails': 'How to reach the requester',
  'request.relocation.threat': 'The threat',
  'request.relocation.currentLocationSafety': 'How safe the current location is',
  'request.relocation.dependantsCount': 'Dependants',
  'request.relocation.dependantsDetails': 'About the dependants',
  'request.relocation.travelDocuments': 'Travel documents',
  'request.relocation.documentsDetails': 'About the documents',
  'request.legal.caseStage': 'Stage of the legal case',
  'request.legal.nextCourtDate': 'Next court date',
  'request.legal.courtDetails': 'About the court and the charges',
  'request.legal.hasLawyer': 'Has a lawyer',
  'request.legal.lawyerDetails': 'About the lawyer',
  'request.medical.condition': 'The condition',
  'request.medical.medicalUrgency': 'How urgent it is medically',
  'request.medical.currentTreatment': 'Current treatment',
  'request.psychological.preferredContact': 'Preferred way of contact',
  'request.psychological.sessionLanguage': 'Language for sessions',
  'request.psychological.availability': 'Availability',
};

const OPTION_LABELS: Readonly<Record<string, string>> = {
  'request.relocation.currentLocationSafety.option.unsafe_now': 'Unsafe now',
  'request.relocation.currentLocationSafety.option.unsafe_within_weeks': 'Unsafe within weeks',
  'request.relocation.currentLocationSafety.option.safe_for_now': 'Safe for now',
  'request.relocation.travelDocuments.option.valid_passport': 'Valid passport',
  'request.relocation.travelDocuments.option.expired_passport': 'Expired passport',
  'request.relocation.travelDocuments.option.national_id_only': 'National ID only',
  'request.relocation.travelDocuments.option.none': 'None',
  'request.legal.caseStage.option.under_investigation': 'Under investigation',
  'request.legal.caseStage.option.on_trial': 'On trial',
  'request.medical.medicalUrgency.option.life_threatening': 'Life-threatening',
  'request.medical.medicalUrgency.option.within_days': 'Within days',
  'request.medical.medicalUrgency.option.within_weeks': 'Within weeks',
  'request.medical.medicalUrgency.option.not_urgent': 'Not urgent',
  'request.psychological.preferredContact.option.video_call': 'Video call',
  'request.psychological.preferredContact.option.in_person': 'In person',
  'request.psychological.preferredContact.option.whatsapp': 'WhatsApp',
  'request.psychological.preferredContact.option.email': 'E-mail',
};

/** "under_investigation" → "Under investigation": the fallback for a word without a label. */
export function humanise(word: string): string {
  const spaced = word.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldLabel(field: FieldDescriptor): string {
  return FIELD_LABELS[field.labelKey] ?? humanise(field.name);
}

/** How a select field's value reads: countries and languages by name, other options by label. */
export function optionLabel(field: FieldDescriptor & { kind: 'select' }, value: string): string {
  if (field.name === 'country') return countryName(value);
  if (field.name === 'preferredLanguage' || field.name === 'sessionLanguage') return languageName(value);
  return OPTION_LABELS[optionLabelKey(field, value)] ?? humanise(value);
}

/** "in 3 h", "2 d ago": how far a due time is from now, for a glance in the inbox. */
export function relativeTo(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const span = minutes < 60 ? ct('time.minutes', { count: minutes }) : minutes < 48 * 60 ? ct('time.hours', { count: Math.round(minutes / 60) }) : ct('time.days', { count: Math.round(minutes / 1440) });
  return ms >= 0 ? ct('time.in', { span }) : ct('time.ago', { span });
}

/** The short handle of a case people can read out: the first eight hex digits of its id. */
export function caseHandle(caseId: string): string {
  return caseId.slice(0, 8);
}

/** Bytes as people read them. */
export function formatBytes(size: number): string {
  const decimals = (value: number, digits: number) => formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (size < 1024) return ct('size.bytes', { count: size, size: formatNumber(size) });
  if (size < 1024 * 1024) return ct('size.kib', { size: decimals(size / 1024, 1) });
  if (size < 1024 * 1024 * 1024) return ct('size.mib', { size: decimals(size / (1024 * 1024), 1) });
  return ct('size.gib', { size: decimals(size / (1024 * 1024 * 1024), 2) });
}
