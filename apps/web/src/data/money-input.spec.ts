import { describe, expect, it } from '@jest/globals';
import { percentOf, readAmount, readEquivalent } from './money-input';

describe('readAmount', () => {
  it('reads major units typed the ways people type them into exact minor units', () => {
    expect(readAmount('1 200', 'EUR')).toEqual({ ok: true, minor: 120000n });
    expect(readAmount('1200,5', 'EUR')).toEqual({ ok: true, minor: 120050n });
    expect(readAmount('103 000', 'KGS')).toEqual({ ok: true, minor: 10300000n });
  });

  it('refuses empty, zero, negative, too precise and exponent input with a sentence', () => {
    expect(readAmount('', 'EUR')).toEqual({ ok: false, error: 'Enter an amount.' });
    expect(readAmount('0', 'EUR')).toEqual({ ok: false, error: 'The amount must be more than zero.' });
    expect(readAmount('0', 'EUR', { allowZero: true })).toEqual({ ok: true, minor: 0n });
    for (const bad of ['-5', '1.2345', '1e3', 'ten', '1,2.5']) expect(readAmount(bad, 'EUR').ok).toBe(false);
  });
});

describe('readEquivalent', () => {
  it('shows the fund-currency equivalent of a payment at a rate, rounded once half to even', () => {
    // 103 000.00 KGS at 0.010234 EUR per KGS = 1 054.102 EUR → 1 054.10
    expect(readEquivalent('103000', 'KGS', '0.010234', 'EUR')).toEqual({ ok: true, minor: 105410n, text: '€1,054.10' });
    // 0.5 cent exactly: half to even
    expect(readEquivalent('0.05', 'KGS', '0.1', 'EUR')).toMatchObject({ ok: true, minor: 0n });
    expect(readEquivalent('0.15', 'KGS', '0.1', 'EUR')).toMatchObject({ ok: true, minor: 2n });
  });

  it('takes the rate 1 in the fund currency and refuses another', () => {
    expect(readEquivalent('145.90', 'EUR', '1', 'EUR')).toEqual({ ok: true, minor: 14590n, text: '€145.90' });
    expect(readEquivalent('145.90', 'EUR', '1.1', 'EUR')).toEqual({ ok: false, error: 'A payment in EUR, the fund’s currency, has the rate 1.' });
  });

  it('refuses a rate that is not an exact positive decimal', () => {
    for (const rate of ['', '0', '-1', '1e-2', '0,01', 'abc']) expect(readEquivalent('10', 'KGS', rate, 'EUR').ok).toBe(false);
  });
});

describe('percentOf', () => {
  it('is an exact whole percentage, 0 for an empty whole, never above 100', () => {
    expect(percentOf('50', '200')).toBe(25);
    expect(percentOf('1', '3')).toBe(33);
    expect(percentOf('5', '0')).toBe(0);
    expect(percentOf('500', '200')).toBe(100);
    expect(percentOf(999_999_999_999_999n, 1_000_000_000_000_000n)).toBe(99);
  });
});
