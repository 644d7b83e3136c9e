import { SUBJECT_CIPHERTEXT_LENGTH, checkSubjectFormat, generateCaseKey, openSubject, ready, sealSubject } from '../src';

const CASE = '0b6f0c9e-3c55-4d0c-9a57-2f6f2a7c1e01';

describe('the requester’s subject line (SPEC.md §19)', () => {
  beforeAll(() => ready());

  test('opens to what was sealed, with the case key and case it was sealed for only', () => {
    const key = generateCaseKey();
    const sealed = sealSubject(key, CASE, 'Нужен адвокат — Алматы');
    expect(openSubject(key, CASE, sealed)).toBe('Нужен адвокат — Алматы');
    expect(() => openSubject(generateCaseKey(), CASE, sealed)).toThrow(expect.objectContaining({ code: 'wrong_key' }));
    expect(() => openSubject(key, '1b6f0c9e-3c55-4d0c-9a57-2f6f2a7c1e01', sealed)).toThrow(expect.objectContaining({ code: 'wrong_ad' }));
  });

  test('has the same length whatever the subject, so its length tells nothing', () => {
    const key = generateCaseKey();
    for (const subject of ['a', 'x'.repeat(120), '😀'.repeat(120), 'Brother detained']) {
      const sealed = sealSubject(key, CASE, subject);
      expect(sealed).toHaveLength(SUBJECT_CIPHERTEXT_LENGTH);
      expect(() => checkSubjectFormat(sealed)).not.toThrow();
    }
  });

  test('refuses subjects a writer must not make, and strings that are no sealed subject', () => {
    const key = generateCaseKey();
    for (const subject of ['', 'x'.repeat(121), 'two\nlines', 'nul\u0000']) expect(() => sealSubject(key, CASE, subject)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => checkSubjectFormat('a1.short')).toThrow();
    expect(() => checkSubjectFormat(42)).toThrow();
  });
});
