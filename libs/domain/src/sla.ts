/**
 * First-response service levels by urgency (domain.md): critical 4 h, high 24 h, normal 72 h,
 * low 7 days. Times are absolute instants (UTC milliseconds), so daylight-saving changes and
 * time zones never move a due time.
 *
 * Recomputation rule: when urgency changes, the due time becomes the moment of the change plus
 * the new window. It is not rebased on the case's creation: raising a 3-day-old `low` case to
 * `critical` gives the desk 4 hours from the raise, not an already-breached deadline, and
 * lowering urgency restarts the clock the same way.
 *
 * Error contract: every function throws DomainError `invalid-input` for an invalid Date
 * (NaN time) and returns a fresh Date otherwise.
 */
import { DomainError, RuleError } from './errors';
import { type Urgency } from './vocabulary';

const HOUR_MS = 60 * 60 * 1000;

export const FIRST_RESPONSE_WINDOW_MS: Readonly<Record<Urgency, number>> = {
  critical: 4 * HOUR_MS,
  high: 24 * HOUR_MS,
  normal: 72 * HOUR_MS,
  low: 7 * 24 * HOUR_MS,
};

function timeOf(date: Date, name: string): number {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(time)) {
    throw new DomainError(RuleError.InvalidInput, `${name} is not a valid date`, { field: name });
  }
  return time;
}

function windowOf(urgency: Urgency): number {
  const window = (FIRST_RESPONSE_WINDOW_MS as Readonly<Record<string, number>>)[urgency];
  if (window === undefined) {
    throw new DomainError(RuleError.InvalidInput, `Unknown urgency ${String(urgency)}`, { field: 'urgency' });
  }
  return window;
}

/** When the first response is due for a case whose urgency was set at `from`. */
export function firstResponseDueAt(urgency: Urgency, from: Date): Date {
  return new Date(timeOf(from, 'from') + windowOf(urgency));
}

/**
 * The new due time after urgency changes to `urgency` at `changedAt`: `changedAt` plus the new
 * window (see the rule above). Same arithmetic as `firstResponseDueAt`, named for the use case.
 */
export function recomputeFirstResponseDueAt(urgency: Urgency, changedAt: Date): Date {
  return firstResponseDueAt(urgency, changedAt);
}

/**
 * Whether the first response missed its due time. A response at exactly `due` is on time.
 * Without `respondedAt` (no response yet) the check is against `now`; once there is a
 * response, `now` no longer matters.
 */
export function isBreached(due: Date, now: Date, respondedAt?: Date | null): boolean {
  const dueTime = timeOf(due, 'due');
  const reference = respondedAt ? timeOf(respondedAt, 'respondedAt') : timeOf(now, 'now');
  return reference > dueTime;
}

/** Milliseconds left before `due` (negative once breached); for countdowns and job delays. */
export function timeToDueMs(due: Date, now: Date): number {
  return timeOf(due, 'due') - timeOf(now, 'now');
}
