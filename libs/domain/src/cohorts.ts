/**
 * Cohorts of fellows (issue 17; domain.md, "Calls and fellowships"; docs/calls.md, "Cohorts"):
 * the cohort and its dates in its city's zone, host organisations with a capacity, placements
 * fellow ↔ host with the host's confirmation, and the logistics checklist per fellow with due
 * dates relative to the cohort's dates, the overdue items, the board of who is blocked on what,
 * and the reminders due. Pure rules; the wire shapes are contracts/cohorts.ts.
 *
 * Dates are plain dates (`YYYY-MM-DD`) in the cohort's zone: an item due on 1 March is on time
 * until the end of 1 March in that zone, and overdue from 00:00 of 2 March there.
 *
 * Error contract: the functions here throw DomainError (CohortError codes, RuleError
 * `invalid-input` for malformed dates, CallError `unknown-time-zone`) and nothing else.
 */
import { Temporal } from 'temporal-polyfill';
import { checkTimeZone } from './call-time';
import { CohortError, DomainError, RuleError } from './errors';

// ---------------------------------------------------------------------------------------------
// Cohort

export interface Cohort {
  readonly id: string;
  readonly callId: string;
  /** The programme's name ("Leadership fellowship, Prague, spring 2027"). */
  readonly name: string;
  /** First and last day, plain dates in the cohort's zone (inclusive). */
  readonly startsOn: string;
  readonly endsOn: string;
  readonly city: string;
  /** The IANA zone of the cohort's city (Europe/Prague): the zone its due dates are reckoned in. */
  readonly timeZone: string;
}

/** Most days a cohort lasts (two years). */
export const COHORT_DAYS_MAX = 731;

export function parsePlainDate(value: string, what = 'date'): Temporal.PlainDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new DomainError(RuleError.InvalidInput, `Expected the ${what} as YYYY-MM-DD`);
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw new DomainError(RuleError.InvalidInput, `${value} is not a calendar date`);
  }
}

/** Why a cohort's dates or zone are wrong, or null: real dates, end on or after start, at most COHORT_DAYS_MAX days, an IANA zone. */
export function cohortProblem(cohort: Pick<Cohort, 'startsOn' | 'endsOn' | 'timeZone'>): string | null {
  try {
    const start = parsePlainDate(cohort.startsOn, 'start date');
    const end = parsePlainDate(cohort.endsOn, 'end date');
    if (Temporal.PlainDate.compare(end, start) < 0) return 'A cohort ends on or after its first day';
    if (start.until(end).days + 1 > COHORT_DAYS_MAX) return `A cohort lasts at most ${COHORT_DAYS_MAX} days`;
    checkTimeZone(cohort.timeZone);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'Invalid cohort';
  }
}

/** The date in the cohort's zone at an instant. */
export function cohortToday(timeZone: string, now: Date): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(checkTimeZone(timeZone)).toPlainDate();
}

// ---------------------------------------------------------------------------------------------
// Hosts and placements

export interface HostOrganisation {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  /** How many fellows of the cohort it takes at once, ≥ 1. */
  readonly capacity: number;
}

export const PLACEMENT_STATUSES = ['proposed', 'confirmed_by_host', 'declined'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];
/** Statuses that hold one of the host's places: a proposal reserves it until the host answers. */
export const PLACE_HOLDING_STATUSES = ['proposed', 'confirmed_by_host'] as const satisfies readonly PlacementStatus[];

export interface Placement {
  readonly id: string;
  /** The fellow: an accepted application of the cohort's call. */
  readonly applicationId: string;
  readonly hostId: string;
  readonly status: PlacementStatus;
}

const holdsPlace = (p: Placement): boolean => (PLACE_HOLDING_STATUSES as readonly PlacementStatus[]).includes(p.status);

/** The places of a host that are taken (proposed or confirmed) and free. */
export function hostOccupancy(host: HostOrganisation, placements: readonly Placement[]): { taken: number; free: number } {
  const taken = placements.filter((p) => p.hostId === host.id && holdsPlace(p)).length;
  return { taken, free: Math.max(host.capacity - taken, 0) };
}

/**
 * Checks a new placement of a fellow with a host, given the cohort's placements so far:
 * the fellow is an accepted application of the cohort's call and has no other placement
 * proposed or confirmed (`placement-refused`); the host has a free place (`host-full`).
 */
export function assertPlaceable(applicationId: string, host: HostOrganisation, placements: readonly Placement[], acceptedApplicationIds: readonly string[]): void {
  if (!acceptedApplicationIds.includes(applicationId)) {
    throw new DomainError(CohortError.PlacementRefused, 'Only an accepted applicant of the cohort’s call is placed', { applicationId });
  }
  const existing = placements.find((p) => p.applicationId === applicationId && holdsPlace(p));
  if (existing) throw new DomainError(CohortError.PlacementRefused, 'The fellow already has a placement proposed or confirmed', { placementId: existing.id });
  if (hostOccupancy(host, placements).free < 1) throw new DomainError(CohortError.HostFull, `${host.name.slice(0, 100)} has no free place`, { hostId: host.id, capacity: host.capacity });
}

export const PLACEMENT_TRANSITIONS = ['confirm', 'decline'] as const;
export type PlacementTransition = (typeof PLACEMENT_TRANSITIONS)[number];

/**
 * The status a placement moves to: `confirm` (the host's confirmation, recorded by staff) and
 * `decline` (the host said no, or the proposal is withdrawn) from `proposed` only; anything else
 * is `placement-state`. A declined placement frees the place; placing the fellow again is a new
 * placement. A capacity lowered below the confirmed placements does not undo them, but no
 * proposal is confirmed while the host is over its capacity (`host-full`).
 */
export function placementTransition(placement: Placement, transition: PlacementTransition, host: HostOrganisation, placements: readonly Placement[]): PlacementStatus {
  if (placement.status !== 'proposed') {
    throw new DomainError(CohortError.PlacementState, 'Only a proposed placement is confirmed or declined', { status: placement.status, transition });
  }
  if (transition === 'decline') return 'declined';
  const confirmedOthers = placements.filter((p) => p.hostId === host.id && p.status === 'confirmed_by_host' && p.id !== placement.id).length;
  if (confirmedOthers + 1 > host.capacity) throw new DomainError(CohortError.HostFull, `${host.name.slice(0, 100)} has no free place`, { hostId: host.id, capacity: host.capacity });
  return 'confirmed_by_host';
}

// ---------------------------------------------------------------------------------------------
// Logistics checklist

export const LOGISTICS_ITEMS = ['invitation_letter', 'visa_application', 'visa_decision', 'travel_booked', 'lodging', 'insurance', 'arrival', 'departure'] as const;
export type LogisticsItem = (typeof LOGISTICS_ITEMS)[number];

/** A due date relative to the cohort: `days` after (negative: before) its first or last day. */
export interface RelativeDue {
  readonly from: 'start' | 'end';
  readonly days: number;
}

/** Most days a due date may be from its anchor, either way. */
export const RELATIVE_DUE_DAYS_MAX = 365;

/**
 * The default due dates (a cohort may set its own):
 * - invitation letter 60 days before the start (an embassy wants it with the application);
 * - visa application 45 days before (Schengen consulates take 15 days, up to 45 in peaks);
 * - visa decision 21 days before;
 * - travel booked 14 days before (once the visa is granted);
 * - lodging 14 days before;
 * - insurance 7 days before (travel insurance is bought for the dates of the stay);
 * - arrival the day before the start;
 * - departure on the last day.
 */
export const DEFAULT_LOGISTICS_DUE: Readonly<Record<LogisticsItem, RelativeDue>> = {
  invitation_letter: { from: 'start', days: -60 },
  visa_application: { from: 'start', days: -45 },
  visa_decision: { from: 'start', days: -21 },
  travel_booked: { from: 'start', days: -14 },
  lodging: { from: 'start', days: -14 },
  insurance: { from: 'start', days: -7 },
  arrival: { from: 'start', days: -1 },
  departure: { from: 'end', days: 0 },
};

/** The due date of an item in a cohort, `YYYY-MM-DD`. */
export function logisticsDueOn(cohort: Pick<Cohort, 'startsOn' | 'endsOn'>, item: LogisticsItem, overrides: Partial<Record<LogisticsItem, RelativeDue>> = {}): string {
  const rule = overrides[item] ?? DEFAULT_LOGISTICS_DUE[item];
  if (!Number.isInteger(rule.days) || Math.abs(rule.days) > RELATIVE_DUE_DAYS_MAX) {
    throw new DomainError(RuleError.InvalidInput, `A due date is at most ${RELATIVE_DUE_DAYS_MAX} days from the cohort’s dates`);
  }
  const anchor = parsePlainDate(rule.from === 'start' ? cohort.startsOn : cohort.endsOn);
  return anchor.add({ days: rule.days }).toString();
}

export const LOGISTICS_STATUSES = ['open', 'done', 'blocked'] as const;
export type LogisticsStatus = (typeof LOGISTICS_STATUSES)[number];

/** Why an item is blocked: a code the console words in each language (no free text: content stays off the board). */
export const LOGISTICS_BLOCK_REASONS = [
  'waiting_for_fellow',
  'waiting_for_host',
  'waiting_for_embassy',
  'waiting_for_documents',
  'waiting_for_funds',
  'visa_refused',
  'other',
] as const;
export type LogisticsBlockReason = (typeof LOGISTICS_BLOCK_REASONS)[number];

export interface LogisticsEntry {
  readonly item: LogisticsItem;
  readonly status: LogisticsStatus;
  /** Set exactly when blocked. */
  readonly blockedReason: LogisticsBlockReason | null;
  /** `YYYY-MM-DD`: from logisticsDueOn, or moved by staff for this fellow. */
  readonly dueOn: string;
}

/** A fellow's checklist: one entry per item. */
export interface FellowChecklist {
  readonly applicationId: string;
  readonly entries: readonly LogisticsEntry[];
}

/** A fresh checklist for a fellow: every item open, due as the cohort says. */
export function newChecklist(cohort: Pick<Cohort, 'startsOn' | 'endsOn'>, applicationId: string, overrides: Partial<Record<LogisticsItem, RelativeDue>> = {}): FellowChecklist {
  return { applicationId, entries: LOGISTICS_ITEMS.map((item) => ({ item, status: 'open', blockedReason: null, dueOn: logisticsDueOn(cohort, item, overrides) })) };
}

export type LogisticsChange =
  | { readonly kind: 'done' }
  | { readonly kind: 'block'; readonly reason: LogisticsBlockReason }
  | { readonly kind: 'reopen' }
  | { readonly kind: 'move'; readonly dueOn: string };

/**
 * The entry after a change: `done` from open or blocked; `block` (with a reason code) from open,
 * or from blocked to change the reason; `reopen` from done or blocked back to open; `move` (a new
 * due date for this fellow, `YYYY-MM-DD`) while not done. Anything else (finishing a done item,
 * blocking or moving a done one, reopening an open one) is `logistics-state`.
 */
export function logisticsStep(entry: LogisticsEntry, change: LogisticsChange): LogisticsEntry {
  const refuse = (why: string): never => {
    throw new DomainError(CohortError.LogisticsState, why, { item: entry.item, status: entry.status, change: change.kind });
  };
  switch (change.kind) {
    case 'done':
      if (entry.status === 'done') return refuse('The item is done already');
      return { ...entry, status: 'done', blockedReason: null };
    case 'block':
      if (entry.status === 'done') return refuse('A done item is reopened before it is blocked');
      if (!(LOGISTICS_BLOCK_REASONS as readonly string[]).includes(change.reason)) return refuse('A blocked item says why, with a known reason');
      return { ...entry, status: 'blocked', blockedReason: change.reason };
    case 'reopen':
      if (entry.status === 'open') return refuse('The item is open already');
      return { ...entry, status: 'open', blockedReason: null };
    case 'move':
      if (entry.status === 'done') return refuse('A done item keeps its due date');
      return { ...entry, dueOn: parsePlainDate(change.dueOn, 'due date').toString() };
  }
}

/** Days an item is overdue at `today` in the cohort's zone (0 when not overdue or done). Due on D: overdue from D+1. */
function daysOverdue(entry: LogisticsEntry, today: Temporal.PlainDate): number {
  if (entry.status === 'done') return 0;
  const late = parsePlainDate(entry.dueOn, 'due date').until(today).days;
  return late > 0 ? late : 0;
}

export interface OverdueItem {
  readonly applicationId: string;
  readonly item: LogisticsItem;
  readonly status: Exclude<LogisticsStatus, 'done'>;
  readonly dueOn: string;
  readonly daysOverdue: number;
}

const itemOrder = (item: LogisticsItem): number => LOGISTICS_ITEMS.indexOf(item);
const byDueThenFellowThenItem = <T extends { dueOn: string; applicationId: string; item: LogisticsItem }>(a: T, b: T): number =>
  a.dueOn.localeCompare(b.dueOn) || a.applicationId.localeCompare(b.applicationId) || itemOrder(a.item) - itemOrder(b.item);

/**
 * The items not done whose due date has passed at `now` in the cohort's zone (open or blocked),
 * oldest due first, then by fellow and by checklist order.
 */
export function overdueItems(cohort: Pick<Cohort, 'timeZone'>, checklists: readonly FellowChecklist[], now: Date): OverdueItem[] {
  const today = cohortToday(cohort.timeZone, now);
  const out: OverdueItem[] = [];
  for (const list of checklists) {
    for (const entry of list.entries) {
      const late = daysOverdue(entry, today);
      if (late > 0 && entry.status !== 'done') out.push({ applicationId: list.applicationId, item: entry.item, status: entry.status, dueOn: entry.dueOn, daysOverdue: late });
    }
  }
  return out.sort(byDueThenFellowThenItem);
}

export interface BlockedRow {
  readonly applicationId: string;
  readonly item: LogisticsItem;
  readonly reason: LogisticsBlockReason;
  readonly dueOn: string;
  readonly overdue: boolean;
  readonly daysOverdue: number;
}

/** The board of who is blocked on what: one row per blocked item, soonest due first, then by fellow and checklist order. */
export function blockedBoard(cohort: Pick<Cohort, 'timeZone'>, checklists: readonly FellowChecklist[], now: Date): BlockedRow[] {
  const today = cohortToday(cohort.timeZone, now);
  const rows: BlockedRow[] = [];
  for (const list of checklists) {
    for (const entry of list.entries) {
      if (entry.status !== 'blocked' || entry.blockedReason === null) continue;
      const late = daysOverdue(entry, today);
      rows.push({ applicationId: list.applicationId, item: entry.item, reason: entry.blockedReason, dueOn: entry.dueOn, overdue: late > 0, daysOverdue: late });
    }
  }
  return rows.sort(byDueThenFellowThenItem);
}

/** Days before an item's due date its reminder is due, by default. */
export const LOGISTICS_REMINDER_LEAD_DAYS = 7;

export interface DueReminder {
  /** The outbox's idempotency key: one reminder per cohort, fellow, item and due date (a moved due date reminds again). */
  readonly key: string;
  readonly cohortId: string;
  readonly applicationId: string;
  readonly item: LogisticsItem;
  readonly dueOn: string;
  readonly overdue: boolean;
}

/** The idempotency key of an item's reminder. */
export const logisticsReminderKey = (cohortId: string, applicationId: string, item: LogisticsItem, dueOn: string): string =>
  `logistics-reminder:${cohortId}:${applicationId}:${item}:${dueOn}`;

/**
 * The reminders to put in the outbox at `now`: for every open item whose due date is at most
 * `leadDays` ahead in the cohort's zone (or already past), unless its key is among `sentKeys`.
 * Done items need none; blocked items are on the board instead (unblocked, they are reminded
 * then if their reminder was never sent). Run it as often as you like: the key makes it once.
 */
export function dueReminders(
  cohort: Pick<Cohort, 'id' | 'timeZone'>,
  checklists: readonly FellowChecklist[],
  now: Date,
  sentKeys: ReadonlySet<string>,
  leadDays = LOGISTICS_REMINDER_LEAD_DAYS,
): DueReminder[] {
  if (!Number.isInteger(leadDays) || leadDays < 0 || leadDays > RELATIVE_DUE_DAYS_MAX) throw new DomainError(RuleError.InvalidInput, 'The reminder lead is a whole number of days');
  const today = cohortToday(cohort.timeZone, now);
  const out: DueReminder[] = [];
  for (const list of checklists) {
    for (const entry of list.entries) {
      if (entry.status !== 'open') continue;
      const due = parsePlainDate(entry.dueOn, 'due date');
      if (Temporal.PlainDate.compare(today, due.subtract({ days: leadDays })) < 0) continue;
      const key = logisticsReminderKey(cohort.id, list.applicationId, entry.item, entry.dueOn);
      if (sentKeys.has(key)) continue;
      out.push({ key, cohortId: cohort.id, applicationId: list.applicationId, item: entry.item, dueOn: entry.dueOn, overdue: Temporal.PlainDate.compare(today, due) > 0 });
    }
  }
  return out.sort(byDueThenFellowThenItem);
}
