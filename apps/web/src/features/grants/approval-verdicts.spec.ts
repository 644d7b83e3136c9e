import { describe, expect, it } from '@jest/globals';
import { type GrantView } from '@ashar/domain';
import { decisionRows, failedCount } from './approval-verdicts';

const approval = (approverId: string, termsVersion: number, voided = false): GrantView['approvals'][number] => ({
  approverId,
  approverName: approverId,
  byDirector: false,
  decision: 'approve',
  termsVersion,
  signature: 's',
  signerKid: 'k',
  signerSignPk: 'p',
  at: '2026-12-07T10:00:00.000Z',
  voided,
});

describe('decisionRows', () => {
  it('passes only what the worker verified on the current terms, and voids what was made on earlier terms', () => {
    const rows = decisionRows({ version: 2, approvals: [approval('a', 1, true), approval('b', 2), approval('c', 2)] }, [
      { approverId: 'b', state: 'verified' },
      { approverId: 'c', state: 'refused', code: 'bad_signature' },
    ]);
    expect(rows.map((r) => [r.approval.approverId, r.verdict])).toEqual([
      ['a', 'voided'],
      ['b', 'verified'],
      ['c', 'failed'],
    ]);
    expect(failedCount(rows)).toBe(1);
  });

  it('fails a current decision the worker did not check, and one the api calls current on other terms', () => {
    const rows = decisionRows({ version: 2, approvals: [approval('a', 2), approval('b', 1), approval('c', 3, true)] }, []);
    expect(rows.map((r) => r.verdict)).toEqual(['failed', 'failed', 'failed']);
    expect(failedCount(rows)).toBe(3);
  });
});
