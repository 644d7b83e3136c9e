import { MAX_MINOR, addMinor, exchangeRateSchema, formatMoney, fundEquivalent, minorAmountSchema, parseMajor, positiveMinorAmountSchema, scaledRate, subtractMinor, toMajorString } from './money';

describe('money', () => {
  describe('parseMajor: what people type → minor units', () => {
    it.each([
      ['1200', 'EUR', 120000n],
      ['1200.5', 'EUR', 120050n],
      ['1 200,50', 'EUR', 120050n],
      ['1,200.50', 'EUR', 120050n],
      ['1.200,50', 'EUR', 120050n],
      ['1\u202f200', 'KGS', 120000n],
      ['1,200', 'USD', 120000n],
      ['0.01', 'KZT', 1n],
      // Three digits after a single mark are thousands, not decimals, in a two-digit currency.
      ['1.001', 'EUR', 100100n],
      [',5', 'EUR', 50n],
      ['9999999999999.99', 'EUR', MAX_MINOR],
    ] as const)('%s %s → %s', (text, currency, minor) => {
      expect(parseMajor(text, currency)).toBe(minor);
    });

    it.each(['', ' ', 'abc', '-5', '+5', '1,200.5.0', '1,2,3', '1.200,50.1', '10000000000000', '1e5', '12.345.678,9.1'])('refuses %j', (text) => {
      expect(parseMajor(text, 'EUR')).toBeNull();
    });

    it('refuses more decimals than the currency has', () => {
      expect(parseMajor('1.2345', 'EUR')).toBeNull();
    });
  });

  it('adds, subtracts and prints through dinero.js, exactly', () => {
    expect(addMinor(999_999_999_999_998n, 1n, 'EUR')).toBe(MAX_MINOR);
    expect(subtractMinor(120050n, 50n, 'UZS')).toBe(120000n);
    expect(toMajorString(120050n, 'EUR')).toBe('1200.50');
    expect(toMajorString(5n, 'KGS')).toBe('0.05');
    expect(formatMoney(120050n, 'EUR', 'en-GB')).toBe('€1,200.50');
  });

  it('keeps amounts as digit strings in JSON', () => {
    expect(minorAmountSchema.safeParse('0').success).toBe(true);
    expect(minorAmountSchema.safeParse('999999999999999').success).toBe(true);
    for (const bad of ['01', '-1', '1.5', '1e3', '', '1000000000000000']) expect(minorAmountSchema.safeParse(bad).success).toBe(false);
    expect(positiveMinorAmountSchema.safeParse('0').success).toBe(false);
  });

  describe('exchange rates', () => {
    it('are exact positive decimals', () => {
      for (const good of ['1', '0.010234', '12.5', '0.000000000001']) expect(exchangeRateSchema.safeParse(good).success).toBe(true);
      for (const bad of ['0', '0.0', '-1', '1e-3', '.5', '1.', '0.0000000000001', 'NaN']) expect(exchangeRateSchema.safeParse(bad).success).toBe(false);
      expect(scaledRate('0.010234')).toEqual({ amount: 10234n, scale: 6n });
      expect(scaledRate('12')).toEqual({ amount: 12n, scale: 0n });
    });

    it('fundEquivalent converts once and rounds half to even at the fund currency’s minor unit', () => {
      // 60 000.00 KGS at 0.010234 EUR/KGS = 614.04 EUR.
      expect(fundEquivalent({ minor: 6_000_000n, currency: 'KGS' }, 'EUR', '0.010234')).toBe(61_404n);
      // Exact halves: 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4 minor units.
      expect(fundEquivalent({ minor: 50n, currency: 'KGS' }, 'EUR', '0.01')).toBe(0n);
      expect(fundEquivalent({ minor: 150n, currency: 'KGS' }, 'EUR', '0.01')).toBe(2n);
      expect(fundEquivalent({ minor: 250n, currency: 'KGS' }, 'EUR', '0.01')).toBe(2n);
      expect(fundEquivalent({ minor: 350n, currency: 'KGS' }, 'EUR', '0.01')).toBe(4n);
      // Not a half: rounds to the nearest.
      expect(fundEquivalent({ minor: 151n, currency: 'KGS' }, 'EUR', '0.01')).toBe(2n);
      expect(fundEquivalent({ minor: 149n, currency: 'KGS' }, 'EUR', '0.01')).toBe(1n);
      // The other way round (EUR paid from a KGS fund).
      expect(fundEquivalent({ minor: 100n, currency: 'EUR' }, 'KGS', '97.71')).toBe(9_771n);
    });

    it('a payment in the fund currency has the rate 1 and is unchanged', () => {
      expect(fundEquivalent({ minor: 123_456n, currency: 'EUR' }, 'EUR', '1')).toBe(123_456n);
      expect(fundEquivalent({ minor: 123_456n, currency: 'EUR' }, 'EUR', '1.000')).toBe(123_456n);
      expect(() => fundEquivalent({ minor: 1n, currency: 'EUR' }, 'EUR', '1.01')).toThrow(RangeError);
    });
  });
});
