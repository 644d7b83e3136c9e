import { describe, expect, it } from '@jest/globals';
import { checkPseudonym } from './pseudonym';

describe('checkPseudonym', () => {
  it('trims a pseudonym and accepts up to 60 characters', () => {
    expect(checkPseudonym('  Aigerim, legal desk ')).toEqual({ ok: true, pseudonym: 'Aigerim, legal desk' });
    expect(checkPseudonym('я'.repeat(60))).toEqual({ ok: true, pseudonym: 'я'.repeat(60) });
  });

  it('says why one cannot be saved: empty, too long, or with a control character', () => {
    expect(checkPseudonym('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkPseudonym('   ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkPseudonym('x'.repeat(61))).toEqual({ ok: false, problem: 'tooLong' });
    expect(checkPseudonym('Aigerim\nlegal desk')).toEqual({ ok: false, problem: 'control' });
    expect(checkPseudonym('Aigerim\tlegal')).toEqual({ ok: false, problem: 'control' });
  });
});
