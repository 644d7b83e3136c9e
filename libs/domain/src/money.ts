/**
 * Money (domain.md, Mini-grants): an amount is an integer number of minor units (bigint here,
 * BIGINT in PostgreSQL, a decimal string in JSON) with an ISO 4217 currency. Never a float.
 * Arithmetic, conversion and formatting go through dinero.js v2 (its bigint build and its ISO
 * 4217 currency data); this module only adds strict parsing of what people type and the
 * exchange-rate rules (docs/grants.md, "Money").
 */
import { add, convert, dinero, halfEven, subtract, toDecimal, toSnapshot, transformScale, type Dinero } from 'dinero.js/bigint';
import { EUR, KGS, KZT, RUB, TJS, USD, UZS } from 'dinero.js/bigint/currencies';
import { z } from 'zod';

/** The currencies Ashar keeps (the `currencies` table holds the same, with their exponents). */
export const CURRENCY_CODES = ['KGS', 'KZT', 'TJS', 'UZS', 'RUB', 'USD', 'EUR'] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];
export const currencyCodeSchema = z.enum(CURRENCY_CODES);

/** dinero.js's ISO 4217 data for each kept currency (code, base 10, exponent). */
export const CURRENCIES = { KGS, KZT, TJS, UZS, RUB, USD, EUR } as const;

/** English names, for lists; the web formats amounts with Intl. */
export const CURRENCY_NAMES: Record<CurrencyCode, string> = {
  KGS: 'Kyrgyzstani som',
  KZT: 'Kazakhstani tenge',
  TJS: 'Tajikistani somoni',
  UZS: 'Uzbekistani sum',
  RUB: 'Russian ruble',
  USD: 'US dollar',
  EUR: 'Euro',
};

/** The number of minor-unit digits of a currency (2 for every kept one today). */
export const currencyExponent = (code: CurrencyCode): number => Number(CURRENCIES[code].exponent);

/**
 * The largest amount Ashar accepts in minor units: 10^15 − 1 (ten trillion units of a
 * two-digit currency), far below PostgreSQL's BIGINT, so that sums of many never overflow.
 */
export const MAX_MINOR = 999_999_999_999_999n;

/** A non-negative amount in minor units as JSON carries it: a decimal string without leading zeros, at most 15 digits. */
export const minorAmountSchema = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, { error: 'Expected an amount in minor units: digits only, no leading zeros, at most 15' });
/** A positive amount in minor units. */
export const positiveMinorAmountSchema = minorAmountSchema.refine((v) => v !== '0', { error: 'The amount must be more than zero' });

export interface Money {
  readonly minor: bigint;
  readonly currency: CurrencyCode;
}

/** A dinero.js object for an amount. */
export const moneyOf = (minor: bigint, currency: CurrencyCode): Dinero<bigint> => dinero({ amount: minor, currency: CURRENCIES[currency] });

/** The minor units of a dinero.js object kept at its currency's own scale (add and subtract keep it). */
export function minorOf(amount: Dinero<bigint>): bigint {
  const snap = toSnapshot(amount);
  if (snap.scale !== snap.currency.exponent) throw new RangeError('amount is not at its currency scale');
  return snap.amount;
}

export const addMinor = (a: bigint, b: bigint, currency: CurrencyCode): bigint => minorOf(add(moneyOf(a, currency), moneyOf(b, currency)));
export const subtractMinor = (a: bigint, b: bigint, currency: CurrencyCode): bigint => minorOf(subtract(moneyOf(a, currency), moneyOf(b, currency)));

/** "1200.50" for 120050 EUR: the amount as a plain decimal in major units (exports, inputs). */
export const toMajorString = (minor: bigint, currency: CurrencyCode): string => toDecimal(moneyOf(minor, currency));

/**
 * What a person typed ("1 200,50", "1200.5", "1,200.50") in major units → minor units, or null
 * when it is not an amount of that currency (more decimals than the currency has, letters,
 * a sign, more than MAX_MINOR). Spaces (also narrow no-break) and one kind of thousands
 * separator are accepted; the last `.` or `,` followed by 1–exponent digits is the decimal mark.
 */
export function parseMajor(text: string, currency: CurrencyCode): bigint | null {
  const exponent = currencyExponent(currency);
  const compact = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (compact.length === 0 || compact.length > 30) return null;
  const match = /^([0-9.,]*?)(?:[.,]([0-9]+))?$/.exec(compact);
  if (!match) return null;
  let [, whole = '', fraction = ''] = match;
  // "1,200" or "1.200" with exactly three digits after one mark is a thousands separator, not decimals, when exponent < 3.
  if (fraction.length === 3 && exponent < 3 && !/[.,]/.test(whole)) {
    whole += fraction;
    fraction = '';
  }
  if (fraction.length > exponent) return null;
  if (whole === '' && fraction === '') return null;
  const separators = whole.match(/[.,]/g) ?? [];
  if (separators.length > 0) {
    if (new Set(separators).size > 1 || !/^[0-9]{1,3}([.,][0-9]{3})+$/.test(whole)) return null;
    whole = whole.replace(/[.,]/g, '');
  }
  const minor = BigInt(whole === '' ? '0' : whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return minor > MAX_MINOR ? null : minor;
}

/** "€1,200.50" / "1 200,50 сом": an amount for people, in a locale, through Intl with the exact decimal. */
export function formatMoney(minor: bigint, currency: CurrencyCode, locale = 'en-GB'): string {
  const decimal = toMajorString(minor, currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: currencyExponent(currency) });
  // Intl formats a decimal string exactly (no float in between) since ES2023's NumberFormat v3.
  return format.format(decimal as unknown as number);
}

/**
 * An exchange rate as an exact decimal: how many units of the fund currency one unit of the
 * paid currency is worth ("0.010234" EUR per KGS). Positive, at most 12 digits before and 12
 * after the point, no exponent.
 */
export const exchangeRateSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,12})?$/, { error: 'Expected a rate as a decimal number such as 0.010234' })
  .refine((v) => /[1-9]/.test(v), { error: 'The rate must be more than zero' });

/** A rate string as dinero.js's scaled amount: "0.010234" → { amount: 10234n, scale: 6n }. */
export function scaledRate(rate: string): { amount: bigint; scale: bigint } {
  const [whole, fraction = ''] = rate.split('.');
  return { amount: BigInt(`${whole}${fraction}`), scale: BigInt(fraction.length) };
}

/**
 * The fund-currency equivalent of an amount paid in another currency at a rate, in the fund
 * currency's minor units, rounded half to even (banker's rounding) once at the end. Same
 * currency: the rate must be exactly 1 and the amount is returned unchanged.
 */
export function fundEquivalent(paid: Money, fundCurrency: CurrencyCode, rate: string): bigint {
  if (paid.currency === fundCurrency) {
    if (scaledRate(rate).amount !== 10n ** scaledRate(rate).scale) throw new RangeError('a payment in the fund currency has the rate 1');
    return paid.minor;
  }
  const converted = convert(moneyOf(paid.minor, paid.currency), CURRENCIES[fundCurrency], { [fundCurrency]: scaledRate(rate) });
  return toSnapshot(transformScale(converted, CURRENCIES[fundCurrency].exponent, halfEven)).amount;
}
