import { CASE_TRANSITIONS, OPEN_CASE_STATUSES, SHUT_CASE_STATUSES, isOpenStatus, isShutStatus, sqlStatusList } from './case-lifecycle';
import { CASE_WORKER_ROLES, leadsWith, ledDeskIds, memberDeskIds, worksCases } from './principal';
import { CASE_STATUSES, type CaseStatus } from './vocabulary';

/** Statuses reachable from `from` along the lifecycle's edges. */
function reachable(from: CaseStatus): Set<CaseStatus> {
  const seen = new Set<CaseStatus>();
  const queue: CaseStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift() as CaseStatus;
    for (const t of CASE_TRANSITIONS.filter((e) => e.from === at && !seen.has(e.to))) {
      seen.add(t.to);
      queue.push(t.to);
    }
  }
  return seen;
}

describe('case status sets', () => {
  it('split the statuses: open, shut, and the two outcomes between them', () => {
    const rest = CASE_STATUSES.filter((s) => !isOpenStatus(s) && !isShutStatus(s));
    expect(rest.sort()).toEqual(['declined', 'resolved']);
    expect(OPEN_CASE_STATUSES.filter((s) => isShutStatus(s))).toEqual([]);
  });

  it('an open case can still reach an outcome; a shut one leaves only by reopen or purge', () => {
    for (const status of OPEN_CASE_STATUSES) expect([...reachable(status)].some((s) => s === 'resolved' || s === 'declined')).toBe(true);
    const waysOut = CASE_TRANSITIONS.filter((t) => isShutStatus(t.from)).map((t) => t.name);
    expect([...new Set(waysOut)].sort()).toEqual(['purge', 'reopen']);
  });

  it('write the SQL list in the order of the constant, as the partial indexes spell it', () => {
    expect(sqlStatusList(OPEN_CASE_STATUSES)).toBe(`('new', 'triaged', 'in_progress', 'awaiting_requester')`);
    expect(sqlStatusList(SHUT_CASE_STATUSES)).toBe(`('closed', 'purged')`);
  });
});

describe('desk membership rules', () => {
  const staff = (roles: ('caseworker' | 'desk_lead' | 'admin')[]) => ({ kind: 'staff' as const, userId: 'u', roles, deskIds: ['a'], leadDeskIds: ['b'] });

  it('caseworkers and leads work cases; an admin alone does not', () => {
    expect(CASE_WORKER_ROLES).toEqual(['caseworker', 'desk_lead']);
    expect(worksCases(['caseworker'])).toBe(true);
    expect(worksCases(['desk_lead', 'admin'])).toBe(true);
    expect(worksCases(['admin'])).toBe(false);
  });

  it('a lead flag gives lead powers only with the desk_lead role', () => {
    expect(leadsWith(['caseworker'])).toBe(false);
    expect(ledDeskIds(staff(['caseworker']))).toEqual([]);
    expect(memberDeskIds(staff(['caseworker']))).toEqual(['a']);
    expect(ledDeskIds(staff(['desk_lead']))).toEqual(['b']);
    expect(memberDeskIds(staff(['desk_lead'])).sort()).toEqual(['a', 'b']);
  });
});
