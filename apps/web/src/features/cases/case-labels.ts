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
import { ct, hasConsoleKey, translatedLabels } from '../../ui/console-t';
import { formatNumber } from '../../ui/format-time';

export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = translatedLabels('caseStatus', CASE_STATUSES);

export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = translatedLabels('urgency', URGENCIES);

/** The first-response window of each urgency, as people say it (libs/domain FIRST_RESPONSE_WINDOW_MS). */
export const URGENCY_WINDOWS: Readonly<Record<Urgency, string>> = translatedLabels('urgencyWindow', URGENCIES);

/** The button that moves a case to a status (case-lifecycle.ts names the edges). */
export const TRANSITION_LABELS: Readonly<Record<CaseStatus, string>> = translatedLabels('caseTransition', CASE_STATUSES);

/** "under_investigation" → "Under investigation": the fallback for a word without a label. */
export function humanise(word: string): string {
  const spaced = word.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldLabel(field: FieldDescriptor): string {
  const key = `requestField.${field.labelKey}`;
  return hasConsoleKey(key) ? ct(key) : humanise(field.name);
}

/** How a select field's value reads: countries and languages by name, other options by label. */
export function optionLabel(field: FieldDescriptor & { kind: 'select' }, value: string): string {
  if (field.name === 'country') return countryName(value);
  if (field.name === 'preferredLanguage' || field.name === 'sessionLanguage') return languageName(value);
  const key = `requestOption.${optionLabelKey(field, value)}`;
  return hasConsoleKey(key) ? ct(key) : humanise(value);
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
