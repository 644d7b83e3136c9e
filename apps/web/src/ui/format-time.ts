import { formatDateTime } from '../i18n/format';

/**
 * A moment as staff read it beside a record (medium date, short time) in the UI language; the text
 * as given when it is not a time. Components that re-render on a language change use
 * `useFormat().dateTime` from i18n/ instead.
 */
export function formatTime(iso: string): string {
  return formatDateTime(iso);
}
