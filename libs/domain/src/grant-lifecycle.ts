/**
 * The mini-grant lifecycle (domain.md, Mini-grants; docs/grants.md):
 *
 *   draft → submitted → approved → disbursing → disbursed → reported → closed
 *   submitted → rejected            (an approver's signed rejection)
 *   submitted ⇄ needs_information   ("more information" back to the proposer)
 *   draft | submitted | needs_information → withdrawn   (the proposer's side)
 *   approved | disbursing → cancelled                    (finance, while no money is out)
 *
 * `approve` and `start_disbursing` are taken by the api itself (the final approval, the first
 * tranche sent), never asked for directly. Each edge names who may take it; the api also checks
 * the ability and audits the transition under its name.
 */
import { CaseError, DomainError } from './errors';
import { type GrantStatus } from './vocabulary';

/**
 * Who acts on a grant, as the lifecycle sees it:
 * - `case_staff`: the proposer, or staff who may work the linked case (grant `update`);
 * - `finance`: a finance officer (grant `disburse`);
 * - `approver`: a finance approver or the director (grant `approve`);
 * - `system`: the api, as the consequence of another step.
 */
export const GRANT_ACTORS = ['case_staff', 'finance', 'approver', 'system'] as const;
export type GrantActor = (typeof GRANT_ACTORS)[number];

export const GRANT_TRANSITION_NAMES = [
  'submit',
  'ask_information',
  'resubmit',
  'withdraw',
  'approve',
  'reject',
  'start_disbursing',
  'complete_disbursement',
  'cancel',
  'accept_report',
  'close',
] as const;
export type GrantTransitionName = (typeof GRANT_TRANSITION_NAMES)[number];

export interface GrantTransition {
  readonly name: GrantTransitionName;
  readonly from: GrantStatus;
  readonly to: GrantStatus;
  readonly actors: readonly GrantActor[];
}

export const GRANT_TRANSITIONS: readonly GrantTransition[] = [
  { name: 'submit', from: 'draft', to: 'submitted', actors: ['case_staff'] },
  { name: 'ask_information', from: 'submitted', to: 'needs_information', actors: ['approver', 'finance'] },
  { name: 'resubmit', from: 'needs_information', to: 'submitted', actors: ['case_staff'] },
  { name: 'withdraw', from: 'draft', to: 'withdrawn', actors: ['case_staff'] },
  { name: 'withdraw', from: 'submitted', to: 'withdrawn', actors: ['case_staff'] },
  { name: 'withdraw', from: 'needs_information', to: 'withdrawn', actors: ['case_staff'] },
  { name: 'approve', from: 'submitted', to: 'approved', actors: ['system'] },
  { name: 'reject', from: 'submitted', to: 'rejected', actors: ['approver'] },
  { name: 'start_disbursing', from: 'approved', to: 'disbursing', actors: ['system'] },
  { name: 'complete_disbursement', from: 'disbursing', to: 'disbursed', actors: ['finance'] },
  { name: 'cancel', from: 'approved', to: 'cancelled', actors: ['finance'] },
  { name: 'cancel', from: 'disbursing', to: 'cancelled', actors: ['finance'] },
  { name: 'accept_report', from: 'disbursed', to: 'reported', actors: ['case_staff'] },
  { name: 'close', from: 'reported', to: 'closed', actors: ['finance', 'case_staff'] },
];

/** Statuses whose terms (amount, fund, budget line) may still change; a change voids approvals. */
export const EDITABLE_GRANT_STATUSES = ['draft', 'submitted', 'needs_information'] as const satisfies readonly GrantStatus[];
/** Statuses that hold money committed on the budget line (until paid or released). */
export const COMMITTED_GRANT_STATUSES = ['approved', 'disbursing'] as const satisfies readonly GrantStatus[];
/** Statuses with no way out. */
export const FINAL_GRANT_STATUSES = ['rejected', 'closed', 'withdrawn', 'cancelled'] as const satisfies readonly GrantStatus[];
/** Statuses in which the grantee owes or may send a report. */
export const REPORTABLE_GRANT_STATUSES = ['disbursing', 'disbursed'] as const satisfies readonly GrantStatus[];

export const isEditableGrant = (status: GrantStatus): boolean => (EDITABLE_GRANT_STATUSES as readonly GrantStatus[]).includes(status);
export const isFinalGrant = (status: GrantStatus): boolean => (FINAL_GRANT_STATUSES as readonly GrantStatus[]).includes(status);

/** The edge from `from` to `to`, or undefined. */
export const grantTransitionBetween = (from: GrantStatus, to: GrantStatus): GrantTransition | undefined =>
  GRANT_TRANSITIONS.find((t) => t.from === from && t.to === to);

/** Whether an actor may move a grant from `from` to `to`. Never throws. */
export function canTransitionGrant(from: GrantStatus, to: GrantStatus, actor: GrantActor): boolean {
  return grantTransitionBetween(from, to)?.actors.includes(actor) ?? false;
}

/** The statuses an actor may move a grant to from `from`, in lifecycle order. */
export function allowedGrantTransitions(from: GrantStatus, actors: readonly GrantActor[]): GrantTransition[] {
  return GRANT_TRANSITIONS.filter((t) => t.from === from && t.actors.some((a) => actors.includes(a)));
}

/**
 * The edge, or DomainError `invalid-transition` (no such edge) / `transition-forbidden` (none of
 * the actors may take it).
 */
export function assertGrantTransition(from: GrantStatus, to: GrantStatus, actors: readonly GrantActor[]): GrantTransition {
  const edge = grantTransitionBetween(from, to);
  if (!edge) throw new DomainError(CaseError.InvalidTransition, `A grant cannot go from ${from} to ${to}`, { from, to });
  if (!edge.actors.some((a) => actors.includes(a))) {
    throw new DomainError(CaseError.TransitionForbidden, `Not allowed to move a grant from ${from} to ${to}`, { from, to });
  }
  return edge;
}
