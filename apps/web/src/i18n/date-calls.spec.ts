/**
 * Every date, time and number a page shows goes through i18n/format.ts (through useFormat or
 * ui/format-time.ts), so the console reads one way per language ("7 December 2026, 03:44",
 * "7 декабря 2026 г., 03:44"), never the browser's own style ("12/7/2026, 3:42:02 AM"). This scan
 * fails when any source file of the web app formats a date or number by itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { join, relative } from 'node:path';
import { formatDate, formatDateTime } from './format';

const SOURCE = join(__dirname, '..');
/** Asking the device for its time zone's name (`Intl.DateTimeFormat().resolvedOptions().timeZone`) formats nothing. */
const READS_ZONE_ONLY = /^\s*return Intl\.DateTimeFormat\(\)\.resolvedOptions\(\)\.timeZone;\s*$/;
/** The calls that write a date, a time or a number in the browser's own style. */
const FORBIDDEN = /\.toLocale(?:String|DateString|TimeString)\s*\(|\.to(?:Date|Time|UTC|GMT)String\s*\(|\bIntl\s*\.\s*(?:DateTimeFormat|RelativeTimeFormat)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: text` of every forbidden call in `text` (comments included: a comment naming one is rare and easily reworded). */
function offences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (FORBIDDEN.test(line) && !READS_ZONE_ONLY.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('dates and times in the web app', () => {
  it('the scan catches each way of formatting a date outside i18n/format.ts', () => {
    for (const call of ['new Date(x).toLocaleString()', 'd.toLocaleDateString("en-US")', 'd.toLocaleTimeString()', 'new Intl.DateTimeFormat(l)', 'new Intl.RelativeTimeFormat(l)', 'd.toUTCString()', 'd.toDateString()', 'n.toLocaleString()']) {
      expect([call, offences('x.tsx', call)]).toEqual([call, ['x.tsx:1: ' + call]]);
    }
    expect(offences('x.tsx', "name.toLocaleUpperCase('ru'); formatDateTime(at)")).toEqual([]);
    // Reading the device's zone name is allowed; formatting with the same object is not.
    expect(offences('x.ts', '  return Intl.DateTimeFormat().resolvedOptions().timeZone;')).toEqual([]);
    expect(offences('x.ts', 'const z = Intl.DateTimeFormat().resolvedOptions().timeZone; Intl.DateTimeFormat(l).format(d)')).toHaveLength(1);
  });

  it('no component or helper formats a date, a time or a number by itself', () => {
    const files = sources(SOURCE);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => offences(relative(SOURCE, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('writes one style per language: the day in words and a 24-hour time', () => {
    const moment = new Date(2026, 11, 7, 3, 44, 2);
    expect(formatDateTime(moment, 'en')).toBe('7 December 2026, 03:44');
    expect(formatDateTime(moment, 'ru')).toBe('7 декабря 2026 г., 03:44');
    expect(formatDate(moment, 'en')).toBe('7 December 2026');
    expect(formatDate(moment, 'ru')).toBe('7 декабря 2026 г.');
    expect(formatDateTime(moment.toISOString(), 'en')).toBe('7 December 2026, 03:44');
  });
});
