import { type DomainError } from './errors';
import {
  GRANT_TRANSITIONS,
  allowedGrantTransitions,
  assertGrantTransition,
  canTransitionGrant,
  grantTransitionBetween,
  isEditableGrant,
  isFinalGrant,
} from './grant-lifecycle';
import { GRANT_STATUSES } from './vocabulary';

describe('grant lifecycle', () => {
  it('walks the happy path draft → closed with the actors of docs/grants.md', () => {
    const path: [string, string, 'case_staff' | 'finance' | 'approver' | 'system'][] = [
      ['draft', 'submitted', 'case_staff'],
      ['submitted', 'approved', 'system'],
      ['approved', 'disbursing', 'system'],
      ['disbursing', 'disbursed', 'finance'],
      ['disbursed', 'reported', 'case_staff'],
      ['reported', 'closed', 'finance'],
    ];
    for (const [from, to, actor] of path) expect(canTransitionGrant(from as never, to as never, actor)).toBe(true);
  });

  it('approve and start_disbursing are the system’s alone', () => {
    for (const actor of ['case_staff', 'finance', 'approver'] as const) {
      expect(canTransitionGrant('submitted', 'approved', actor)).toBe(false);
      expect(canTransitionGrant('approved', 'disbursing', actor)).toBe(false);
    }
  });

  it('more information goes back to the proposer, and returns', () => {
    expect(canTransitionGrant('submitted', 'needs_information', 'approver')).toBe(true);
    expect(canTransitionGrant('submitted', 'needs_information', 'finance')).toBe(true);
    expect(canTransitionGrant('submitted', 'needs_information', 'case_staff')).toBe(false);
    expect(canTransitionGrant('needs_information', 'submitted', 'case_staff')).toBe(true);
    expect(canTransitionGrant('needs_information', 'submitted', 'approver')).toBe(false);
  });

  it('withdraw is the case staff’s before approval; cancel is finance’s while money may still be out', () => {
    for (const from of ['draft', 'submitted', 'needs_information'] as const) expect(canTransitionGrant(from, 'withdrawn', 'case_staff')).toBe(true);
    expect(canTransitionGrant('approved', 'withdrawn', 'case_staff')).toBe(false);
    for (const from of ['approved', 'disbursing'] as const) {
      expect(canTransitionGrant(from, 'cancelled', 'finance')).toBe(true);
      expect(canTransitionGrant(from, 'cancelled', 'case_staff')).toBe(false);
    }
    expect(canTransitionGrant('disbursed', 'cancelled', 'finance')).toBe(false);
  });

  it('final statuses have no way out', () => {
    for (const status of ['rejected', 'closed', 'withdrawn', 'cancelled'] as const) {
      expect(isFinalGrant(status)).toBe(true);
      expect(GRANT_TRANSITIONS.filter((t) => t.from === status)).toEqual([]);
    }
    expect(isFinalGrant('approved')).toBe(false);
  });

  it('terms change only before approval', () => {
    expect(GRANT_STATUSES.filter(isEditableGrant)).toEqual(['draft', 'submitted', 'needs_information']);
  });

  it('every edge joins known statuses and names actors', () => {
    for (const t of GRANT_TRANSITIONS) {
      expect(GRANT_STATUSES).toContain(t.from);
      expect(GRANT_STATUSES).toContain(t.to);
      expect(t.actors.length).toBeGreaterThan(0);
      expect(grantTransitionBetween(t.from, t.to)).toBe(t);
    }
  });

  it('lists the moves an actor may take, and asserts with the right codes', () => {
    expect(allowedGrantTransitions('submitted', ['case_staff']).map((t) => t.to)).toEqual(['withdrawn']);
    expect(allowedGrantTransitions('submitted', ['approver']).map((t) => t.to).sort()).toEqual(['needs_information', 'rejected']);
    expect(assertGrantTransition('draft', 'submitted', ['case_staff']).name).toBe('submit');
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as DomainError).code;
      }
      return null;
    };
    expect(code(() => assertGrantTransition('draft', 'closed', ['finance']))).toBe('invalid-transition');
    expect(code(() => assertGrantTransition('approved', 'cancelled', ['case_staff']))).toBe('transition-forbidden');
  });
});
