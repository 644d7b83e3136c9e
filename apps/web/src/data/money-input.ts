/**
 * Amounts as people type and read them on the finance screens: major units in, minor units
 * (bigint, decimal strings to the api) out, through libs/domain's money.ts — never a float.
 */
import { formatLocale } from '../ui/format-time';
import { ct } from '../ui/console-t';
import { type CurrencyCode, CURRENCY_CODES, formatMoney, fundEquivalent, parseMajor, toMajorString, exchangeRateSchema } from '@ashar/domain';

export type AmountReading = { readonly ok: true; readonly minor: bigint } | { readonly ok: false; readonly error: string };

/** What a person typed as an amount of `currency` in major units: minor units, or why it is not an amount. */
export function readAmount(text: string, currency: CurrencyCode, options: { allowZero?: boolean } = {}): AmountReading {
  if (text.trim() === '') return { ok: false, error: ct('money.enterAmount') };
  const minor = parseMajor(text, currency);
  if (minor === null) return { ok: false, error: ct('money.badAmount', { currency }) };
  if (minor === 0n && !options.allowZero) return { ok: false, error: ct('money.zero') };
  return { ok: true, minor };
}

/** A minor-units decimal string as people read it ("€1,200.00"). */
export const money = (minor: string | bigint, currency: CurrencyCode): string => formatMoney(BigInt(minor), currency, formatLocale());

/** A minor-units amount as an input's starting text in major units ("1200.00"). */
export const majorText = (minor: string | bigint, currency: CurrencyCode): string => toMajorString(BigInt(minor), currency);

export const isCurrencyCode = (value: string): value is CurrencyCode => (CURRENCY_CODES as readonly string[]).includes(value);

/** Share of `part` in `whole` as a whole percentage 0–100 (for bars), exact on bigints and never above 100. */
export function percentOf(part: string | bigint, whole: string | bigint): number {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w <= 0n || p <= 0n) return 0;
  if (p >= w) return 100;
  return Number((p * 100n) / w);
}

export type EquivalentReading = { readonly ok: true; readonly minor: bigint; readonly text: string } | { readonly ok: false; readonly error: string };

/**
 * The fund-currency equivalent of a payment as the send form shows it live: the typed paid
 * amount in its currency at the typed rate (units of the fund currency per paid unit), through
 * money.ts fundEquivalent (rounded once, half to even). A payment in the fund currency has the rate 1.
 */
export function readEquivalent(paidText: string, paidCurrency: CurrencyCode, rateText: string, fundCurrency: CurrencyCode): EquivalentReading {
  const paid = readAmount(paidText, paidCurrency);
  if (!paid.ok) return paid;
  const rate = rateText.trim();
  if (!exchangeRateSchema.safeParse(rate).success) return { ok: false, error: ct('money.badRate') };
  try {
    const minor = fundEquivalent({ minor: paid.minor, currency: paidCurrency }, fundCurrency, rate);
    return { ok: true, minor, text: formatMoney(minor, fundCurrency, formatLocale()) };
  } catch {
    return { ok: false, error: ct('money.rateOne', { currency: fundCurrency }) };
  }
}
