import { describe, expect, it } from '@jest/globals';
import { formatBytes, formatDate, formatIsoDate, formatNumber } from './format';

describe('formatting by the UI language', () => {
  it('writes a calendar date in words in each language, the same in every browser', () => {
    expect(formatIsoDate('2027-03-14', 'en')).toBe('14 March 2027');
    expect(formatIsoDate('2027-03-14', 'ru')).toBe('14 марта 2027 г.');
    expect(formatIsoDate('2027-03-14', 'ky')).toBe('2027-ж., 14-март');
    expect(formatIsoDate('2027-03-14', 'kk')).toBe('2027 ж. 14 наурыз');
    expect(formatIsoDate('2027-03-14', 'tg')).toBe('14 марти 2027');
    expect(formatIsoDate('2027-03-14', 'uz-Latn')).toBe('14-mart, 2027');
    expect(formatIsoDate('not a date', 'ru')).toBe('not a date');
  });

  it('writes a moment in the device time zone', () => {
    expect(formatDate(new Date(2026, 11, 7, 23, 30), 'ru')).toBe('7 декабря 2026 г.');
  });

  it('groups numbers the way the language does, Russian-style where a browser lacks Kyrgyz or Tajik', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'ru').replace(/\s/g, ' ')).toBe('12 345');
    expect(formatNumber(12345, 'tg').replace(/\s/g, ' ')).toBe('12 345');
    expect(formatBytes(1536 * 1024, 'en')).toBe('1.5 MB');
  });
});
