import { describe, expect, it } from '@jest/globals';
import { FINANCE_DESK_SLUG, PROGRAMME_DESK_SLUG, mayJoinDesk } from './principal';

describe('mayJoinDesk', () => {
  it('lets case workers join any desk and finance officers the finance desk only', () => {
    expect(mayJoinDesk(['caseworker'], 'legal')).toBe(true);
    expect(mayJoinDesk(['desk_lead'], FINANCE_DESK_SLUG)).toBe(true);
    expect(mayJoinDesk(['finance_officer'], FINANCE_DESK_SLUG)).toBe(true);
    expect(mayJoinDesk(['finance_officer'], 'legal')).toBe(false);
    expect(mayJoinDesk(['finance_approver'], FINANCE_DESK_SLUG)).toBe(false);
    expect(mayJoinDesk(['director', 'auditor'], FINANCE_DESK_SLUG)).toBe(false);
  });

  it('lets programme managers join the programme desk only', () => {
    expect(mayJoinDesk(['programme_manager'], PROGRAMME_DESK_SLUG)).toBe(true);
    expect(mayJoinDesk(['programme_manager'], 'legal')).toBe(false);
    expect(mayJoinDesk(['programme_manager'], FINANCE_DESK_SLUG)).toBe(false);
    expect(mayJoinDesk(['finance_officer'], PROGRAMME_DESK_SLUG)).toBe(false);
    expect(mayJoinDesk(['caseworker'], PROGRAMME_DESK_SLUG)).toBe(true);
  });
});
