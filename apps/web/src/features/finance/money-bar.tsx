/**
 * A fund's or budget line's money drawn as one bar: disbursed, then committed, then what remains,
 * out of what is allocated — an SVG (no inline style, so the strict CSP holds) with the same
 * amounts in words for screen readers.
 */
import { useTranslation } from 'react-i18next';
import { type CurrencyCode } from '@ashar/domain';
import { money, percentOf } from '../../data/money-input';

export function MoneyBar({ label, allocated, committed, disbursed, currency }: { label: string; allocated: string; committed: string; disbursed: string; currency: CurrencyCode }) {
  const { t } = useTranslation('console');
  const paid = percentOf(disbursed, allocated);
  const reserved = Math.min(100 - paid, percentOf(committed, allocated));
  const words = t('finance.barWords', { label, disbursed: money(disbursed, currency), committed: money(committed, currency), allocated: money(allocated, currency) });
  return (
    <svg className="money-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={words}>
      <title>{words}</title>
      <rect className="money-bar__rest" x="0" y="0" width="100" height="6" />
      <rect className="money-bar__disbursed" x="0" y="0" width={paid} height="6" />
      <rect className="money-bar__committed" x={paid} y="0" width={reserved} height="6" />
    </svg>
  );
}
