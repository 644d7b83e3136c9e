import { describe, expect, test } from '@jest/globals';
import { generateCaseKey, openSubject, ready, sealSubject } from '@ashar/crypto';
import { SUBJECT_LINE_MAX_CHARS, sealedSubjectSchema } from '@ashar/domain';
import { checkSubject } from './request-subject';

describe('checkSubject', () => {
  test('an empty or blank subject is no subject', () => {
    expect(checkSubject('')).toEqual({ ok: true, subject: null });
    expect(checkSubject('   \t  ')).toEqual({ ok: true, subject: null });
  });

  test('trims the ends and turns control characters into spaces', () => {
    expect(checkSubject('  Eviction\tnotice\nin Osh  ')).toEqual({ ok: true, subject: 'Eviction notice in Osh' });
  });

  test('counts characters, not UTF-16 units: 120 emoji pass, 121 are refused with both numbers', () => {
    expect(checkSubject('🙂'.repeat(SUBJECT_LINE_MAX_CHARS))).toEqual({ ok: true, subject: '🙂'.repeat(SUBJECT_LINE_MAX_CHARS) });
    expect(checkSubject('ж'.repeat(SUBJECT_LINE_MAX_CHARS + 1))).toEqual({ ok: false, problem: { key: 'problem.tooLong', values: { max: 120, count: 121 } } });
  });

  test('whatever it accepts seals to what the api takes and opens to the same words', async () => {
    await ready();
    const key = generateCaseKey();
    const caseId = '0b6f7f0e-6a8b-4c3e-9a51-3f7d2c9d1e42';
    for (const typed of ['Суд 12 марта', ' a\u0007b ', 'x'.repeat(120), '🙂'.repeat(120)]) {
      const checked = checkSubject(typed);
      if (!checked.ok || checked.subject === null) throw new Error(`refused: ${typed}`);
      const sealed = sealSubject(key, caseId, checked.subject);
      expect(sealedSubjectSchema.safeParse(sealed).success).toBe(true);
      expect(openSubject(key, caseId, sealed)).toBe(checked.subject);
    }
  });
});
