import { describe, expect, it } from '@jest/globals';
import { EMPTY_PAYEE, checkPayee, payeeDraftOf } from './payee-details';

describe('payee details', () => {
  it('gives the trimmed details to encrypt', () => {
    expect(checkPayee({ name: ' Aida K. ', method: 'bank', account: 'KG12 3456 7890, Demir Bank', contact: 'Signal +996 555 000 111' })).toEqual({
      ok: true,
      details: { name: 'Aida K.', method: 'bank', account: 'KG12 3456 7890, Demir Bank', contact: 'Signal +996 555 000 111' },
    });
  });

  it('names each missing field, and what the account is for the chosen method', () => {
    const empty = checkPayee(EMPTY_PAYEE);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors).sort()).toEqual(['account', 'contact', 'method', 'name']);
    const mobile = checkPayee({ name: 'A', method: 'mobile', account: '', contact: 'x' });
    expect(mobile.ok || mobile.errors.account).toEqual({ key: 'payee.error.account.mobile' });
  });

  it('wants a phone number for mobile money and refuses overlong fields', () => {
    const letters = checkPayee({ name: 'A', method: 'mobile', account: 'call me', contact: 'x' });
    expect(letters.ok || letters.errors.account).toEqual({ key: 'payee.error.phone' });
    expect(checkPayee({ name: 'A', method: 'mobile', account: '+996 (555) 000-111', contact: 'x' }).ok).toBe(true);
    const long = checkPayee({ name: 'x'.repeat(301), method: 'intermediary', account: 'Uncle', contact: 'x' });
    expect(long.ok || long.errors.name).toEqual({ key: 'payee.error.tooLong', values: { count: 300 } });
  });

  it('reads decrypted details back into the form, ignoring what it does not know', () => {
    expect(payeeDraftOf({ name: 'A', method: 'intermediary', account: 'B', contact: 'C', extra: 1 })).toEqual({ name: 'A', method: 'intermediary', account: 'B', contact: 'C' });
    expect(payeeDraftOf({ name: 5, method: 'crypto' })).toEqual(EMPTY_PAYEE);
  });
});
