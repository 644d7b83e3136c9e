import {
  type Cohort,
  DEFAULT_LOGISTICS_DUE,
  type FellowChecklist,
  type HostOrganisation,
  LOGISTICS_ITEMS,
  type LogisticsEntry,
  type LogisticsItem,
  type Placement,
  assertPlaceable,
  blockedBoard,
  cohortProblem,
  cohortToday,
  dueReminders,
  hostOccupancy,
  logisticsDueOn,
  logisticsReminderKey,
  logisticsStep,
  newChecklist,
  overdueItems,
  placementTransition,
} from './cohorts';
import { HOST_NOTES_CIPHERTEXT_MAX, cohortInputSchema, hostInputSchema, logisticsBoardViewSchema, logisticsChangeSchema, placementInputSchema } from './contracts/cohorts';
import { CallError, CohortError, RuleError } from './errors';
import { thrown } from '../test/thrown';

/** Ten weeks in Prague: Monday 1 March to Sunday 9 May 2027. */
const prague: Cohort = {
  id: 'cohort-1',
  callId: 'call-1',
  name: 'Leadership fellowship, Prague',
  startsOn: '2027-03-01',
  endsOn: '2027-05-09',
  city: 'Prague',
  timeZone: 'Europe/Prague',
};
const at = (iso: string) => new Date(iso);

describe('a cohort', () => {
  it('has real dates, ends on or after its first day, lasts at most two years, and is in an IANA zone', () => {
    expect(cohortProblem(prague)).toBeNull();
    expect(cohortProblem({ ...prague, endsOn: prague.startsOn })).toBeNull();
    expect(cohortProblem({ ...prague, endsOn: '2027-02-28' })).toMatch(/ends on or after/);
    expect(cohortProblem({ ...prague, endsOn: '2029-03-01' })).toMatch(/at most 731 days/);
    expect(cohortProblem({ ...prague, endsOn: '2029-02-28' })).toBeNull(); // 731 days
    expect(cohortProblem({ ...prague, startsOn: '2027-02-29' })).toMatch(/not a calendar date/);
    expect(cohortProblem({ ...prague, startsOn: '1 March 2027' })).toMatch(/YYYY-MM-DD/);
    expect(cohortProblem({ ...prague, timeZone: 'Asia/Astana' })).toMatch(/Asia\/Almaty/);
  });

  it('reckons today in its own zone', () => {
    expect(cohortToday('Europe/Prague', at('2027-02-28T22:59:59Z')).toString()).toBe('2027-02-28');
    expect(cohortToday('Europe/Prague', at('2027-02-28T23:00:00Z')).toString()).toBe('2027-03-01');
    expect(cohortToday('Asia/Almaty', at('2026-12-14T18:59:59Z')).toString()).toBe('2026-12-14');
    expect(cohortToday('Asia/Almaty', at('2026-12-14T19:00:00Z')).toString()).toBe('2026-12-15');
    expect(thrown(() => cohortToday('Asia/Nur-Sultan', at('2026-12-14T19:00:00Z'))).code).toBe(CallError.UnknownTimeZone);
  });
});

describe('hosts and placements', () => {
  const host: HostOrganisation = { id: 'host-1', name: 'People in Need', city: 'Prague', capacity: 2 };
  const accepted = ['fellow-1', 'fellow-2', 'fellow-3', 'fellow-4'];
  const placement = (id: string, applicationId: string, status: Placement['status'], hostId = host.id): Placement => ({ id, applicationId, hostId, status });

  it('counts proposed and confirmed placements against the capacity, not declined ones', () => {
    const placements = [placement('p1', 'fellow-1', 'proposed'), placement('p2', 'fellow-2', 'declined'), placement('p3', 'fellow-3', 'confirmed_by_host'), placement('p4', 'fellow-4', 'proposed', 'host-2')];
    expect(hostOccupancy(host, placements)).toEqual({ taken: 2, free: 0 });
    expect(hostOccupancy({ ...host, capacity: 1 }, placements)).toEqual({ taken: 2, free: 0 });
    expect(hostOccupancy({ ...host, capacity: 5 }, [])).toEqual({ taken: 0, free: 5 });
  });

  it('places an accepted fellow with a host that has room', () => {
    expect(() => assertPlaceable('fellow-1', host, [], accepted)).not.toThrow();
    expect(() => assertPlaceable('fellow-2', host, [placement('p1', 'fellow-1', 'proposed')], accepted)).not.toThrow();
  });

  it('refuses a fellow who is not accepted, or already placed; a declined placement frees both', () => {
    expect(thrown(() => assertPlaceable('someone', host, [], accepted)).code).toBe(CohortError.PlacementRefused);
    const err = thrown(() => assertPlaceable('fellow-1', host, [placement('p1', 'fellow-1', 'confirmed_by_host', 'host-2')], accepted));
    expect(err.code).toBe(CohortError.PlacementRefused);
    expect(err.details).toEqual({ placementId: 'p1' });
    expect(() => assertPlaceable('fellow-1', host, [placement('p1', 'fellow-1', 'declined')], accepted)).not.toThrow();
  });

  it('refuses a host without a free place', () => {
    const full = [placement('p1', 'fellow-1', 'proposed'), placement('p2', 'fellow-2', 'confirmed_by_host')];
    const err = thrown(() => assertPlaceable('fellow-3', host, full, accepted));
    expect(err.code).toBe(CohortError.HostFull);
    expect(err.details).toEqual({ hostId: 'host-1', capacity: 2 });
    expect(() => assertPlaceable('fellow-3', host, [full[0] as Placement, placement('p2', 'fellow-2', 'declined')], accepted)).not.toThrow();
  });

  it('records the host’s confirmation or refusal of a proposal, and nothing after', () => {
    const p = placement('p1', 'fellow-1', 'proposed');
    expect(placementTransition(p, 'confirm', host, [p])).toBe('confirmed_by_host');
    expect(placementTransition(p, 'decline', host, [p])).toBe('declined');
    for (const status of ['confirmed_by_host', 'declined'] as const) {
      const done = { ...p, status };
      expect(thrown(() => placementTransition(done, 'confirm', host, [done])).code).toBe(CohortError.PlacementState);
      expect(thrown(() => placementTransition(done, 'decline', host, [done])).code).toBe(CohortError.PlacementState);
    }
  });

  it('confirms no more placements than the capacity (after it was lowered)', () => {
    const p = placement('p3', 'fellow-3', 'proposed');
    const others = [placement('p1', 'fellow-1', 'confirmed_by_host'), placement('p2', 'fellow-2', 'confirmed_by_host')];
    expect(thrown(() => placementTransition(p, 'confirm', host, [...others, p])).code).toBe(CohortError.HostFull);
    expect(placementTransition(p, 'decline', host, [...others, p])).toBe('declined');
    expect(placementTransition(p, 'confirm', { ...host, capacity: 3 }, [...others, p])).toBe('confirmed_by_host');
  });
});

describe('the logistics checklist', () => {
  it('has the default due dates relative to the cohort', () => {
    const due = Object.fromEntries(LOGISTICS_ITEMS.map((item) => [item, logisticsDueOn(prague, item)]));
    expect(due).toEqual({
      invitation_letter: '2026-12-31', // 60 days before 1 March 2027
      visa_application: '2027-01-15',
      visa_decision: '2027-02-08',
      travel_booked: '2027-02-15',
      lodging: '2027-02-15',
      insurance: '2027-02-22',
      arrival: '2027-02-28',
      departure: '2027-05-09', // the last day
    });
    expect(Object.keys(DEFAULT_LOGISTICS_DUE)).toEqual([...LOGISTICS_ITEMS]);
  });

  it('takes a cohort’s own due dates, within a year of its dates', () => {
    expect(logisticsDueOn(prague, 'invitation_letter', { invitation_letter: { from: 'start', days: -90 } })).toBe('2026-12-01');
    expect(logisticsDueOn(prague, 'departure', { departure: { from: 'end', days: 1 } })).toBe('2027-05-10');
    expect(logisticsDueOn({ startsOn: '2028-03-30', endsOn: '2028-04-01' }, 'arrival', { arrival: { from: 'start', days: -30 } })).toBe('2028-02-29');
    expect(thrown(() => logisticsDueOn(prague, 'arrival', { arrival: { from: 'start', days: -366 } })).code).toBe(RuleError.InvalidInput);
    expect(thrown(() => logisticsDueOn(prague, 'arrival', { arrival: { from: 'start', days: 1.5 } })).code).toBe(RuleError.InvalidInput);
  });

  it('starts with every item open', () => {
    const list = newChecklist(prague, 'fellow-1');
    expect(list.applicationId).toBe('fellow-1');
    expect(list.entries.map((e) => e.item)).toEqual([...LOGISTICS_ITEMS]);
    expect(list.entries.every((e) => e.status === 'open' && e.blockedReason === null)).toBe(true);
  });

  const entry = (status: LogisticsEntry['status'], item: LogisticsItem = 'visa_decision'): LogisticsEntry => ({
    item,
    status,
    blockedReason: status === 'blocked' ? 'waiting_for_embassy' : null,
    dueOn: '2027-02-08',
  });

  it('moves an item between open, done and blocked (with a reason), and refuses what makes no sense', () => {
    expect(logisticsStep(entry('open'), { kind: 'done' })).toMatchObject({ status: 'done', blockedReason: null });
    expect(logisticsStep(entry('blocked'), { kind: 'done' })).toMatchObject({ status: 'done', blockedReason: null });
    expect(logisticsStep(entry('open'), { kind: 'block', reason: 'visa_refused' })).toMatchObject({ status: 'blocked', blockedReason: 'visa_refused' });
    expect(logisticsStep(entry('blocked'), { kind: 'block', reason: 'waiting_for_fellow' })).toMatchObject({ status: 'blocked', blockedReason: 'waiting_for_fellow' });
    expect(logisticsStep(entry('done'), { kind: 'reopen' })).toMatchObject({ status: 'open', blockedReason: null });
    expect(logisticsStep(entry('blocked'), { kind: 'reopen' })).toMatchObject({ status: 'open', blockedReason: null });
    expect(logisticsStep(entry('blocked'), { kind: 'move', dueOn: '2027-02-20' })).toMatchObject({ status: 'blocked', dueOn: '2027-02-20' });
    for (const [e, change] of [
      [entry('done'), { kind: 'done' }],
      [entry('done'), { kind: 'block', reason: 'other' }],
      [entry('open'), { kind: 'reopen' }],
      [entry('done'), { kind: 'move', dueOn: '2027-02-20' }],
      [entry('open'), { kind: 'block', reason: 'because' }],
    ] as const) {
      expect(thrown(() => logisticsStep(e, change as never)).code).toBe(CohortError.LogisticsState);
    }
    expect(thrown(() => logisticsStep(entry('open'), { kind: 'move', dueOn: '2027-02-30' })).code).toBe(RuleError.InvalidInput);
  });

  const checklists = (): FellowChecklist[] => {
    const a = newChecklist(prague, 'fellow-a');
    const b = newChecklist(prague, 'fellow-b');
    const set = (list: FellowChecklist, item: LogisticsItem, change: Parameters<typeof logisticsStep>[1]): FellowChecklist => ({
      ...list,
      entries: list.entries.map((e) => (e.item === item ? logisticsStep(e, change) : e)),
    });
    return [
      set(set(set(a, 'invitation_letter', { kind: 'done' }), 'visa_application', { kind: 'block', reason: 'waiting_for_documents' }), 'lodging', { kind: 'block', reason: 'waiting_for_host' }),
      set(set(b, 'invitation_letter', { kind: 'done' }), 'visa_application', { kind: 'done' }),
    ];
  };

  it('finds the items overdue at an instant, from the day after the due date in the cohort’s zone', () => {
    // visa_application is due 15 January 2027; Prague is UTC+1 in winter.
    const onDueDay = overdueItems(prague, checklists(), at('2027-01-15T22:59:59Z'));
    expect(onDueDay).toEqual([]);
    const dayAfter = overdueItems(prague, checklists(), at('2027-01-15T23:00:00Z'));
    expect(dayAfter).toEqual([{ applicationId: 'fellow-a', item: 'visa_application', status: 'blocked', dueOn: '2027-01-15', daysOverdue: 1 }]);
    // On 16 February 2027 in Prague: visa decisions (due 8 Feb) and travel and lodging (due 15 Feb) are late; done items never are.
    const later = overdueItems(prague, checklists(), at('2027-02-16T12:00:00Z'));
    expect(later.map((o) => [o.applicationId, o.item, o.daysOverdue])).toEqual([
      ['fellow-a', 'visa_application', 32],
      ['fellow-a', 'visa_decision', 8],
      ['fellow-b', 'visa_decision', 8],
      ['fellow-a', 'travel_booked', 1],
      ['fellow-a', 'lodging', 1],
      ['fellow-b', 'travel_booked', 1],
      ['fellow-b', 'lodging', 1],
    ]);
  });

  it('reckons the day in Asia/Almaty for a cohort there', () => {
    const almaty = { ...prague, timeZone: 'Asia/Almaty' };
    const list: FellowChecklist = { applicationId: 'f', entries: [{ item: 'arrival', status: 'open', blockedReason: null, dueOn: '2026-12-14' }] };
    expect(overdueItems(almaty, [list], at('2026-12-14T18:59:59Z'))).toEqual([]);
    expect(overdueItems(almaty, [list], at('2026-12-14T19:00:00Z'))).toHaveLength(1);
  });

  it('lists who is blocked on what, soonest due first', () => {
    const board = blockedBoard(prague, checklists(), at('2027-02-01T12:00:00Z'));
    expect(board).toEqual([
      { applicationId: 'fellow-a', item: 'visa_application', reason: 'waiting_for_documents', dueOn: '2027-01-15', overdue: true, daysOverdue: 17 },
      { applicationId: 'fellow-a', item: 'lodging', reason: 'waiting_for_host', dueOn: '2027-02-15', overdue: false, daysOverdue: 0 },
    ]);
    expect(logisticsBoardViewSchema.safeParse({ cohortId: prague.id, blocked: board, overdue: overdueItems(prague, checklists(), at('2027-02-01T12:00:00Z')) }).success).toBe(true);
  });

  it('reminds once per item and due date, from seven days before it, of open items only', () => {
    // Visa decisions are due 8 February 2027: reminders from 00:00 on 1 February in Prague (2027-01-31T23:00Z).
    // fellow-a's visa application is blocked and overdue: it is on the board, not reminded; done items never are.
    expect(dueReminders(prague, checklists(), at('2027-01-31T22:59:59Z'), new Set())).toEqual([]);
    const firstDay = dueReminders(prague, checklists(), at('2027-01-31T23:00:00Z'), new Set());
    expect(firstDay.map((r) => [r.applicationId, r.item, r.overdue])).toEqual([
      ['fellow-a', 'visa_decision', false],
      ['fellow-b', 'visa_decision', false],
    ]);
    // Travel and lodging are due 15 February: from 8 February (fellow-a's lodging is blocked).
    expect(dueReminders(prague, checklists(), at('2027-02-07T22:59:59Z'), new Set())).toHaveLength(2);
    const reminders = dueReminders(prague, checklists(), at('2027-02-07T23:00:00Z'), new Set());
    expect(reminders.map((r) => [r.applicationId, r.item])).toEqual([
      ['fellow-a', 'visa_decision'],
      ['fellow-b', 'visa_decision'],
      ['fellow-a', 'travel_booked'],
      ['fellow-b', 'travel_booked'],
      ['fellow-b', 'lodging'],
    ]);
    expect(reminders[0]).toEqual({ key: 'logistics-reminder:cohort-1:fellow-a:visa_decision:2027-02-08', cohortId: 'cohort-1', applicationId: 'fellow-a', item: 'visa_decision', dueOn: '2027-02-08', overdue: false });
    // Sent once: the keys make a second run add nothing.
    const sent = new Set(reminders.map((r) => r.key));
    expect(dueReminders(prague, checklists(), at('2027-02-08T12:00:00Z'), sent)).toEqual([]);
    // An overdue item whose reminder never went out is reminded, marked overdue.
    const late = dueReminders(prague, checklists(), at('2027-02-09T12:00:00Z'), new Set());
    expect(late.find((r) => r.applicationId === 'fellow-b' && r.item === 'visa_decision')?.overdue).toBe(true);
  });

  it('reminds again when a due date moves, and with another lead when asked', () => {
    const [a] = checklists() as [FellowChecklist];
    const moved: FellowChecklist = { ...a, entries: a.entries.map((e) => (e.item === 'visa_decision' ? logisticsStep(e, { kind: 'move', dueOn: '2027-02-12' }) : e)) };
    const sent = new Set([logisticsReminderKey('cohort-1', 'fellow-a', 'visa_decision', '2027-02-08')]);
    expect(dueReminders(prague, [moved], at('2027-02-08T12:00:00Z'), sent).map((r) => r.key)).toContain('logistics-reminder:cohort-1:fellow-a:visa_decision:2027-02-12');
    expect(dueReminders(prague, [a], at('2027-02-07T12:00:00Z'), new Set(), 0)).toEqual([]);
    expect(dueReminders(prague, [a], at('2027-02-07T23:00:00Z'), new Set(), 0).map((r) => r.item)).toEqual(['visa_decision']);
    expect(thrown(() => dueReminders(prague, [a], at('2027-02-07T12:00:00Z'), new Set(), -1)).code).toBe(RuleError.InvalidInput);
  });
});

describe('the cohort contracts', () => {
  const callId = 'c0000000-0000-4000-8000-000000000001';
  const cohort = { callId, name: 'Leadership fellowship', startsOn: '2027-03-01', endsOn: '2027-05-09', city: 'Prague', timeZone: 'Europe/Prague', logisticsDue: {} };

  it('bounds a cohort', () => {
    expect(cohortInputSchema.safeParse(cohort).success).toBe(true);
    expect(cohortInputSchema.safeParse({ ...cohort, logisticsDue: { invitation_letter: { from: 'start', days: -90 } } }).success).toBe(true);
    expect(cohortInputSchema.safeParse({ ...cohort, logisticsDue: { invitation_letter: { from: 'start', days: -366 } } }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, logisticsDue: { passport: { from: 'start', days: -1 } } }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, endsOn: '2027-02-28' }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, endsOn: '2029-03-01' }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, startsOn: '2027-02-30' }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, name: 'x'.repeat(201) }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, city: ' ' }).success).toBe(false);
    expect(cohortInputSchema.safeParse({ ...cohort, timeZone: 'x'.repeat(65) }).success).toBe(false);
  });

  it('bounds a host, with sealed notes', () => {
    const host = { name: 'People in Need', city: 'Prague', capacity: 3, contact: { name: 'Jana Nováková', email: 'jana@example.org', phone: '+420 123 456 789' }, notes: 'a1.abc.def' };
    expect(hostInputSchema.safeParse(host).success).toBe(true);
    expect(hostInputSchema.safeParse({ ...host, notes: null, contact: { ...host.contact, email: null, phone: null } }).success).toBe(true);
    expect(hostInputSchema.safeParse({ ...host, capacity: 0 }).success).toBe(false);
    expect(hostInputSchema.safeParse({ ...host, capacity: 101 }).success).toBe(false);
    expect(hostInputSchema.safeParse({ ...host, notes: 'plain words' }).success).toBe(false);
    expect(hostInputSchema.safeParse({ ...host, notes: `a1.${'x'.repeat(HOST_NOTES_CIPHERTEXT_MAX)}` }).success).toBe(false);
    expect(hostInputSchema.safeParse({ ...host, contact: { ...host.contact, phone: 'call me' } }).success).toBe(false);
    expect(hostInputSchema.safeParse({ ...host, contact: { ...host.contact, email: 'not an address' } }).success).toBe(false);
  });

  it('takes a placement and a logistics change', () => {
    expect(placementInputSchema.safeParse({ applicationId: callId, hostId: callId }).success).toBe(true);
    expect(placementInputSchema.safeParse({ applicationId: 'fellow-1', hostId: callId }).success).toBe(false);
    expect(logisticsChangeSchema.safeParse({ kind: 'block', reason: 'waiting_for_embassy' }).success).toBe(true);
    expect(logisticsChangeSchema.safeParse({ kind: 'block' }).success).toBe(false);
    expect(logisticsChangeSchema.safeParse({ kind: 'block', reason: 'the embassy is slow' }).success).toBe(false);
    expect(logisticsChangeSchema.safeParse({ kind: 'move', dueOn: '2027-02-20' }).success).toBe(true);
    expect(logisticsChangeSchema.safeParse({ kind: 'done', note: 'x' }).success).toBe(false);
  });
});
