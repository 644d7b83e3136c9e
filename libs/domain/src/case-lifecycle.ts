/**
 * The aid case lifecycle (domain.md):
 *
 *   new → triaged → in_progress ⇄ awaiting_requester → resolved → closed → purged
 *   new | triaged → declined → closed
 *   closed → in_progress (reopen, only while not purged: `purged` has no way out)
 *
 * plus in_progress → resolved, since most cases are resolved without waiting on the requester.
 * Each edge names the actor kinds that may take it; the api also checks the ability
 * (`transition` on the AidCase) and audits the transition under its name.
 *
 * Error contract: `canTransition` and `allowedTransitions` never throw; `assertTransition`
 * throws DomainError `invalid-transition` (no such edge) or `transition-forbidden` (edge
 * exists, actor may not take it).
 */
import { CaseError, DomainError } from './errors';
import { type CaseStatus } from './vocabulary';

/**
 * Who is acting on the case, as the lifecycle sees it:
 * - `caseworker`: a caseworker of the owning or a collaborating desk, or the assignee;
 * - `desk_lead`: the lead of the owning or a collaborating desk (may do all a caseworker may);
 * - `requester`: the requester of this very case;
 * - `system`: a job of the worker (retention purge).
 * `caseActorFor` (case-actor.ts) derives it from a principal and a case.
 */
export const TRANSITION_ACTORS = ['caseworker', 'desk_lead', 'requester', 'system'] as const;
export type TransitionActor = (typeof TRANSITION_ACTORS)[number];

export const CASE_TRANSITION_NAMES = [
  'triage',
  'start',
  'await_requester',
  'resume',
  'resolve',
  'decline',
  'close',
  'reopen',
  'purge',
] as const;
export type CaseTransitionName = (typeof CASE_TRANSITION_NAMES)[number];

export interface CaseTransition {
  readonly name: CaseTransitionName;
  readonly from: CaseStatus;
  readonly to: CaseStatus;
  readonly actors: readonly TransitionActor[];
}

/**
 * Statuses in which a case is worked: urgency, SLA and new records apply, and the inbox's
 * partial indexes hold exactly these (migrations 1763700000600/800 spell the same list).
 */
export const OPEN_CASE_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_requester'] as const satisfies readonly CaseStatus[];
/** Statuses after closing: no new content, no new envelopes (a lead may reopen a closed case). */
export const SHUT_CASE_STATUSES = ['closed', 'purged'] as const satisfies readonly CaseStatus[];

export const isOpenStatus = (status: CaseStatus): boolean => (OPEN_CASE_STATUSES as readonly CaseStatus[]).includes(status);
export const isShutStatus = (status: CaseStatus): boolean => (SHUT_CASE_STATUSES as readonly CaseStatus[]).includes(status);

/** A list of statuses as an SQL literal list, `('new', 'triaged')`: for predicates a partial index must match. */
export const sqlStatusList = (statuses: readonly CaseStatus[]): string => `(${statuses.map((s) => `'${s}'`).join(', ')})`;

const STAFF: readonly TransitionActor[] = ['caseworker', 'desk_lead'];

/** Every edge of the lifecycle; a (from, to) pair appears at most once. */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  { name: 'triage', from: 'new', to: 'triaged', actors: STAFF },
  { name: 'decline', from: 'new', to: 'declined', actors: STAFF },
  { name: 'decline', from: 'triaged', to: 'declined', actors: STAFF },
  { name: 'start', from: 'triaged', to: 'in_progress', actors: STAFF },
  { name: 'await_requester', from: 'in_progress', to: 'awaiting_requester', actors: STAFF },
  // A requester's reply moves the case back to the desk; staff may too (reply by phone).
  { name: 'resume', from: 'awaiting_requester', to: 'in_progress', actors: ['requester', ...STAFF] },
  { name: 'resolve', from: 'in_progress', to: 'resolved', actors: STAFF },
  // A requester who stopped answering does not keep a case open forever.
  { name: 'resolve', from: 'awaiting_requester', to: 'resolved', actors: STAFF },
  { name: 'close', from: 'resolved', to: 'closed', actors: STAFF },
  { name: 'close', from: 'declined', to: 'closed', actors: STAFF },
  // Reopening stops the retention clock, so it is the lead's call.
  { name: 'reopen', from: 'closed', to: 'in_progress', actors: ['desk_lead'] },
  // Crypto-shredding runs only as the retention job, never by hand.
  { name: 'purge', from: 'closed', to: 'purged', actors: ['system'] },
];

export function findTransition(from: CaseStatus, to: CaseStatus): CaseTransition | undefined {
  return CASE_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function canTransition(from: CaseStatus, to: CaseStatus, actor: TransitionActor): boolean {
  return findTransition(from, to)?.actors.includes(actor) ?? false;
}

/** Target statuses the actor may move a case in `status` to, in lifecycle order. */
export function allowedTransitions(status: CaseStatus, actor: TransitionActor): CaseStatus[] {
  return CASE_TRANSITIONS.filter((t) => t.from === status && t.actors.includes(actor)).map((t) => t.to);
}

/** Returns the edge taken (its name is the audit action) or throws DomainError. */
export function assertTransition(from: CaseStatus, to: CaseStatus, actor: TransitionActor): CaseTransition {
  const transition = findTransition(from, to);
  if (!transition) {
    throw new DomainError(CaseError.InvalidTransition, `a case cannot go from ${from} to ${to}`, { from, to });
  }
  if (!transition.actors.includes(actor)) {
    throw new DomainError(CaseError.TransitionForbidden, `a ${actor} may not move a case from ${from} to ${to}`, {
      from,
      to,
      actor,
      transition: transition.name,
    });
  }
  return transition;
}
