import { DEFAULT_APPROVAL_POLICY, DomainError } from '@ashar/domain';
import { lineView, policyOf, trimRate } from './grant-views';

describe('grant views', () => {
  it('prints NUMERIC rates without trailing zeros, exactly', () => {
    expect(trimRate('0.010234000000')).toBe('0.010234');
    expect(trimRate('1.000000000000')).toBe('1');
    expect(trimRate('97.710000000000')).toBe('97.71');
    expect(trimRate('12')).toBe('12');
  });

  it('computes remaining from the columns, in bigint', () => {
    const line = lineView({ id: 'l', fund_id: 'f', purpose: 'legal_fees', allocated_minor: '999999999999999', committed_minor: '1', disbursed_minor: '999999999999997' });
    expect(line.remainingMinor).toBe('1');
  });

  it('refuses a stored policy that does not parse (no approvals on a broken policy)', () => {
    expect(policyOf(DEFAULT_APPROVAL_POLICY)).toEqual(DEFAULT_APPROVAL_POLICY);
    expect(() => policyOf({ tiers: [] })).toThrow(DomainError);
  });
});
