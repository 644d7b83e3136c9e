import { CallError, RuleError } from './errors';
import { thrown } from '../test/thrown';
import { checkTimeZone, displayDeadline, instantMs, parseLocalDateTime, zonedMoment } from './call-time';

describe('zoned call deadlines', () => {
  it('knows Asia/Almaty moved from UTC+6 to UTC+5 on 1 March 2024', () => {
    expect(zonedMoment('2024-02-29T12:00', 'Asia/Almaty')).toMatchObject({ instant: '2024-02-29T06:00:00Z', offset: '+06:00' });
    expect(zonedMoment('2024-03-01T12:00', 'Asia/Almaty')).toMatchObject({ instant: '2024-03-01T07:00:00Z', offset: '+05:00' });
    expect(zonedMoment('2026-12-14T12:00', 'Asia/Almaty').offset).toBe('+05:00');
  });

  it('reads “14 December 2026, 24:00 Asia/Almaty” as 2026-12-14T19:00:00Z, stored as 00:00 of the next day', () => {
    const moment = zonedMoment('2026-12-14T24:00', 'Asia/Almaty');
    expect(moment).toEqual({ local: '2026-12-15T00:00', timeZone: 'Asia/Almaty', instant: '2026-12-14T19:00:00Z', offset: '+05:00' });
    expect(instantMs(moment)).toBe(Date.UTC(2026, 11, 14, 19, 0, 0));
    // The same instant written as the next day's midnight.
    expect(zonedMoment('2026-12-15T00:00', 'Asia/Almaty').instant).toBe(moment.instant);
  });

  it('shows a closing midnight as 24:00 of the day that ends, other times as they are', () => {
    expect(displayDeadline('2026-12-15T00:00')).toEqual({ date: '2026-12-14', time: '24:00' });
    expect(displayDeadline('2027-01-01T00:00')).toEqual({ date: '2026-12-31', time: '24:00' });
    expect(displayDeadline('2026-03-01T00:00')).toEqual({ date: '2026-02-28', time: '24:00' });
    expect(displayDeadline('2026-12-14T18:30')).toEqual({ date: '2026-12-14', time: '18:30' });
    expect(displayDeadline('2028-03-01T00:00')).toEqual({ date: '2028-02-29', time: '24:00' });
    expect(displayDeadline('2026-12-14T24:00')).toEqual({ date: '2026-12-14', time: '24:00' });
    expect(() => displayDeadline('2026-12-14')).toThrow();
  });

  it('takes 24:00 only as the whole hour, and across month and year ends', () => {
    expect(parseLocalDateTime('2026-12-31T24:00').toString()).toBe('2027-01-01T00:00:00');
    expect(parseLocalDateTime('2028-02-28T24:00').toString()).toBe('2028-02-29T00:00:00');
    for (const bad of ['2026-12-14T24:01', '2026-12-14T25:00', '2026-12-14 12:00', '2026-12-14T12:00:00', '2026-12-14', '14.12.2026 24:00', '']) {
      expect({ bad, code: thrown(() => parseLocalDateTime(bad)).code }).toEqual({ bad, code: RuleError.InvalidInput });
    }
    expect(thrown(() => parseLocalDateTime('2026-02-30T12:00')).code).toBe(RuleError.InvalidInput);
    expect(thrown(() => parseLocalDateTime('2026-02-29T24:00')).code).toBe(RuleError.InvalidInput);
  });

  it('follows daylight saving time in Europe/Prague', () => {
    expect(zonedMoment('2026-01-15T10:00', 'Europe/Prague')).toMatchObject({ instant: '2026-01-15T09:00:00Z', offset: '+01:00' });
    expect(zonedMoment('2026-07-15T10:00', 'Europe/Prague')).toMatchObject({ instant: '2026-07-15T08:00:00Z', offset: '+02:00' });
    // The last minute before and the first after each change exist once.
    expect(zonedMoment('2026-03-29T01:59', 'Europe/Prague').instant).toBe('2026-03-29T00:59:00Z');
    expect(zonedMoment('2026-03-29T03:00', 'Europe/Prague').instant).toBe('2026-03-29T01:00:00Z');
    expect(zonedMoment('2026-10-25T03:00', 'Europe/Prague').instant).toBe('2026-10-25T02:00:00Z');
  });

  it('refuses a local time that never occurs (clocks forward) and one that occurs twice (clocks back)', () => {
    const gap = thrown(() => zonedMoment('2026-03-29T02:30', 'Europe/Prague'));
    expect(gap.code).toBe(CallError.NonexistentLocalTime);
    expect(gap.message).toContain('+01:00');
    expect(gap.message).toContain('+02:00');
    const overlap = thrown(() => zonedMoment('2026-10-25T02:30', 'Europe/Prague'));
    expect(overlap.code).toBe(CallError.AmbiguousLocalTime);
    expect(overlap.message).toMatch(/twice.*\+02:00.*\+01:00/);
    // Asia/Almaty's change of 2024 turned the clocks back an hour at midnight: 23:30 on 29 February happened twice.
    expect(thrown(() => zonedMoment('2024-02-29T23:30', 'Asia/Almaty')).code).toBe(CallError.AmbiguousLocalTime);
  });

  it('refuses ids that are not IANA zones, naming Asia/Almaty for Astana and Nur-Sultan', () => {
    for (const id of ['Asia/Astana', 'Asia/Nur-Sultan', 'asia/nur-sultan']) {
      const error = thrown(() => checkTimeZone(id));
      expect(error.code).toBe(CallError.UnknownTimeZone);
      expect(error.message).toContain('Use Asia/Almaty');
      expect(error.details).toEqual({ hint: 'Asia/Almaty' });
      expect(thrown(() => zonedMoment('2026-12-14T24:00', id)).code).toBe(CallError.UnknownTimeZone);
    }
    for (const id of ['Nur-Sultan time', 'Mars/Olympus', '+05:00', 'Etc/GMT-5', 'UTC+5', '', 'A'.repeat(65), '../../etc/passwd']) {
      expect({ id, code: thrown(() => checkTimeZone(id)).code }).toEqual({ id, code: CallError.UnknownTimeZone });
    }
  });

  it('accepts IANA ids in their canonical spelling', () => {
    expect(checkTimeZone('Asia/Almaty')).toBe('Asia/Almaty');
    expect(checkTimeZone('asia/almaty')).toBe('Asia/Almaty');
    expect(checkTimeZone('Europe/Prague')).toBe('Europe/Prague');
    expect(checkTimeZone('Asia/Bishkek')).toBe('Asia/Bishkek');
    expect(checkTimeZone('UTC')).toBe('UTC');
  });
});
