import { describe, expect, it } from '@jest/globals';
import { parseTypedDate, typedDateOf } from './typed-date';

describe('typed dates', () => {
  it('reads day, month, year with the usual separators', () => {
    expect(parseTypedDate('14.03.2025', 'ru')).toBe('2025-03-14');
    expect(parseTypedDate('14/3/2025', 'en')).toBe('2025-03-14');
    expect(parseTypedDate(' 4 - 7 - 2026 ', 'ky')).toBe('2026-07-04');
    expect(parseTypedDate('14 03 2025', 'tg')).toBe('2025-03-14');
    expect(parseTypedDate('14032025', 'uz-Latn')).toBe('2025-03-14');
  });

  it('understands an ISO date in any language', () => {
    expect(parseTypedDate('2027-03-14', 'kk')).toBe('2027-03-14');
    expect(parseTypedDate('2027-3-4', 'en')).toBe('2027-03-04');
  });

  it('refuses what is not a real date', () => {
    expect(parseTypedDate('31.02.2025', 'ru')).toBeUndefined();
    expect(parseTypedDate('14.13.2025', 'ru')).toBeUndefined();
    expect(parseTypedDate('14.03.25', 'ru')).toBeUndefined();
    expect(parseTypedDate('03/14/2025', 'en')).toBeUndefined();
    expect(parseTypedDate('tomorrow', 'en')).toBeUndefined();
    expect(parseTypedDate('', 'en')).toBeUndefined();
  });

  it('writes an ISO date back in the language order', () => {
    expect(typedDateOf('2025-03-14', 'ru')).toBe('14.03.2025');
    expect(typedDateOf('2025-03-14', 'en')).toBe('14/03/2025');
  });
});
