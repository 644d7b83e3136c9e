import fc from 'fast-check';
import { RuleError } from './errors';
import { FIRST_RESPONSE_WINDOW_MS, firstResponseDueAt, isBreached, recomputeFirstResponseDueAt, timeToDueMs } from './sla';
import { URGENCIES, type Urgency } from './vocabulary';

const T0 = new Date('2025-03-30T00:30:00Z'); // the night Europe moves its clocks: must not matter
const HOUR = 3_600_000;

describe('first response SLA', () => {
  test.each<[Urgency, string]>([
    ['critical', '2025-03-30T04:30:00.000Z'],
    ['high', '2025-03-31T00:30:00.000Z'],
    ['normal', '2025-04-02T00:30:00.000Z'],
    ['low', '2025-04-06T00:30:00.000Z'],
  ])('%s is due at %s', (urgency, expected) => {
    expect(firstResponseDueAt(urgency, T0).toISOString()).toBe(expected);
  });

  test('windows are 4 h, 24 h, 72 h and 7 days, most urgent shortest', () => {
    expect(FIRST_RESPONSE_WINDOW_MS).toEqual({ critical: 4 * HOUR, high: 24 * HOUR, normal: 72 * HOUR, low: 168 * HOUR });
    const windows = URGENCIES.map((u) => FIRST_RESPONSE_WINDOW_MS[u]);
    expect([...windows].sort((a, b) => a - b)).toEqual(windows);
  });

  test('the due time is a new Date; the input is not changed', () => {
    const from = new Date(T0);
    const due = firstResponseDueAt('high', from);
    expect(due).not.toBe(from);
    expect(from.getTime()).toBe(T0.getTime());
  });

  test('recomputation counts the new window from the change, not from creation', () => {
    const created = T0;
    const firstDue = firstResponseDueAt('low', created);
    const raisedAt = new Date(created.getTime() + 72 * HOUR);
    const newDue = recomputeFirstResponseDueAt('critical', raisedAt);
    expect(newDue.toISOString()).toBe(new Date(raisedAt.getTime() + 4 * HOUR).toISOString());
    expect(newDue.getTime()).toBeLessThan(firstDue.getTime());
    expect(isBreached(newDue, raisedAt)).toBe(false);

    const loweredAt = new Date(created.getTime() + 1 * HOUR);
    expect(recomputeFirstResponseDueAt('low', loweredAt).getTime()).toBe(loweredAt.getTime() + 168 * HOUR);
  });

  test('recomputation equals a fresh computation at the change time (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...URGENCIES), fc.integer({ min: 0, max: 4_102_444_800_000 }), (urgency, ms) => {
        const at = new Date(ms);
        const due = recomputeFirstResponseDueAt(urgency, at);
        return due.getTime() === firstResponseDueAt(urgency, at).getTime() && due.getTime() - ms === FIRST_RESPONSE_WINDOW_MS[urgency];
      }),
    );
  });

  describe('isBreached', () => {
    const due = new Date('2025-01-01T12:00:00Z');
    test('before, at and after the due time', () => {
      expect(isBreached(due, new Date('2025-01-01T11:59:59.999Z'))).toBe(false);
      expect(isBreached(due, new Date('2025-01-01T12:00:00.000Z'))).toBe(false);
      expect(isBreached(due, new Date('2025-01-01T12:00:00.001Z'))).toBe(true);
    });
    test('a response decides, whatever the time now', () => {
      const late = new Date('2025-01-02T00:00:00Z');
      expect(isBreached(due, late, new Date('2025-01-01T11:00:00Z'))).toBe(false);
      expect(isBreached(due, new Date('2025-01-01T13:00:00Z'), new Date('2025-01-01T12:30:00Z'))).toBe(true);
      expect(isBreached(due, late, null)).toBe(true);
    });
    test('timeToDueMs counts down and goes negative after a breach', () => {
      expect(timeToDueMs(due, new Date('2025-01-01T11:00:00Z'))).toBe(HOUR);
      expect(timeToDueMs(due, new Date('2025-01-01T13:00:00Z'))).toBe(-HOUR);
    });
  });

  test('invalid dates and urgencies are refused with a DomainError', () => {
    const bad = new Date('not a date');
    expect(() => firstResponseDueAt('high', bad)).toThrow(expect.objectContaining({ code: RuleError.InvalidInput }));
    expect(() => isBreached(bad, T0)).toThrow(expect.objectContaining({ code: RuleError.InvalidInput }));
    expect(() => isBreached(T0, bad)).toThrow(expect.objectContaining({ code: RuleError.InvalidInput }));
    expect(() => firstResponseDueAt('urgent' as Urgency, T0)).toThrow(expect.objectContaining({ code: RuleError.InvalidInput }));
  });
});
