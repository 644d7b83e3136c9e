/**
 * A call's deadline as two lines a reader can trust: in the call's own zone as it was announced
 * ("14 December 2026, 24:00", Asia/Almaty) and in the reader's zone (this device's), from the
 * instant the api computed. Pure functions, so the page and its tests agree.
 */
import { type UiLanguage, type ZonedMoment, displayDeadline } from '@ashar/domain';
import { formatDateTime, formatIsoDate } from '../../i18n';

/** The deadline in the call's zone, midnight shown as 24:00 of the day that ends. */
export function deadlineInCallZone(closes: Pick<ZonedMoment, 'local'>, language: UiLanguage): string {
  const { date, time } = displayDeadline(closes.local);
  return `${formatIsoDate(date, language)}, ${time}`;
}

/** The reader's time zone, as this device names it (an IANA id, e.g. Europe/Prague). */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The deadline in this device's zone. */
export function deadlineForReader(closes: Pick<ZonedMoment, 'instant'>, language: UiLanguage): string {
  return formatDateTime(closes.instant, language);
}
