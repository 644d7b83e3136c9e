import { describe, expect, it } from '@jest/globals';
import { DEFAULT_APPROVAL_POLICY, formatMoney } from '@ashar/domain';
import { type FundDraft, addTier, changeTier, checkFundDraft, checkFundUpdate, checkPolicy, defaultPolicyDraft, emptyFundDraft, policyWords, removeTier } from './fund-form-model';

const draft = (fields: Partial<FundDraft>): FundDraft => ({
  ...emptyFundDraft(),
  name: 'Safety fund 2027',
  donor: 'A foundation',
  currency: 'EUR',
  total: '50 000',
  periodStart: '2027-01-01',
  periodEnd: '2027-12-31',
  ...fields,
});

describe('the approval policy editor', () => {
  it('starts from domain.md’s default and gives it back unchanged', () => {
    const policy = defaultPolicyDraft('EUR');
    expect(policy.tiers.map((t) => t.upTo)).toEqual(['500.00', '5000.00', '']);
    expect(checkPolicy(policy, 'EUR')).toEqual({ ok: true, value: DEFAULT_APPROVAL_POLICY });
  });

  it('adds a tier before “any amount above” and never removes the last', () => {
    const added = addTier(defaultPolicyDraft());
    expect(added.tiers).toHaveLength(4);
    expect(added.tiers[2]).toEqual({ upTo: '', approvers: '2', director: false });
    expect(added.tiers[3]?.upTo).toBe('');
    expect(removeTier(added, 3)).toBe(added);
    expect(removeTier(added, 2).tiers).toEqual(defaultPolicyDraft().tiers);
  });

  it('reads amounts in major units into minor units', () => {
    const policy = changeTier(defaultPolicyDraft(), 0, { upTo: '1 000,50' });
    const checked = checkPolicy(policy, 'EUR');
    expect(checked.ok && checked.value.tiers[0]?.upToMinor).toBe('100050');
  });

  it('says which field is wrong: a bad amount, too many approvers, days out of range', () => {
    let policy = changeTier(defaultPolicyDraft(), 0, { upTo: '12.3456' });
    policy = changeTier(policy, 1, { approvers: '7' });
    const checked = checkPolicy({ ...policy, reportDueDays: '0' }, 'EUR');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['reportDueDays', 'tiers.0.upTo', 'tiers.1.approvers']);
    expect(checked.errors['tiers.0.upTo']).toMatch(/at most two decimals/);
  });

  it('refuses tiers that do not go up, or a higher tier with fewer approvers or without the director, as libs/domain does', () => {
    const down = checkPolicy(changeTier(defaultPolicyDraft(), 1, { upTo: '400' }), 'EUR');
    expect(down).toEqual({ ok: false, errors: { 'tiers.1.upTo': 'Tiers go up in amount.' } });
    const fewer = checkPolicy(changeTier(defaultPolicyDraft(), 2, { approvers: '1' }), 'EUR');
    expect(fewer.ok).toBe(false);
    if (!fewer.ok) expect(fewer.errors['tiers.2']).toMatch(/never needs fewer approvers/);
    const dropped = checkPolicy(changeTier(changeTier(defaultPolicyDraft(), 1, { director: true }), 2, { director: false }), 'EUR');
    expect(dropped.ok).toBe(false);
  });

  it('says the policy in words', () => {
    expect(policyWords(DEFAULT_APPROVAL_POLICY, (m) => formatMoney(m, 'EUR'))).toEqual([
      'Up to €500.00: 1 approver',
      'Up to €5,000.00: 2 approvers',
      'Above €5,000.00: 2 approvers including the director',
    ]);
  });
});

describe('the fund form', () => {
  it('makes the body of POST /funds with the total in minor units', () => {
    expect(checkFundDraft(draft({ total: '50 000' }))).toEqual({
      ok: true,
      value: { name: 'Safety fund 2027', donor: 'A foundation', currency: 'EUR', totalMinor: '5000000', periodStart: '2027-01-01', periodEnd: '2027-12-31', approvalPolicy: DEFAULT_APPROVAL_POLICY },
    });
  });

  it('names every missing or wrong field, and a period that ends before it starts', () => {
    const checked = checkFundDraft({ ...emptyFundDraft(), periodStart: '2027-05-01', periodEnd: '2027-04-01' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['currency', 'donor', 'name', 'periodEnd']);
    const zero = checkFundDraft(draft({ total: '0' }));
    expect(zero.ok || zero.errors['total']).toBe('The amount must be more than zero.');
    const float = checkFundDraft(draft({ total: '1e5' }));
    expect(float.ok).toBe(false);
  });

  it('makes the body of PUT /funds/:id without currency or start', () => {
    const checked = checkFundUpdate(draft({ status: 'closed', total: '60000' }));
    expect(checked).toEqual({ ok: true, value: { name: 'Safety fund 2027', donor: 'A foundation', totalMinor: '6000000', periodEnd: '2027-12-31', status: 'closed', approvalPolicy: DEFAULT_APPROVAL_POLICY } });
  });
});
