/**
 * Who is asking. The api builds a principal from the session; the web app from the signed-in
 * user. Roles and desk memberships are facts the server holds in clear.
 */
import { type StaffRole } from './vocabulary';

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly userId: string;
  readonly roles: readonly StaffRole[];
  /** Desks the person is a member of. */
  readonly deskIds: readonly string[];
  /**
   * Desks the person leads. Lead powers also need the `desk_lead` role; a lead desk counts as a
   * member desk even if the caller forgot to list it in `deskIds`.
   */
  readonly leadDeskIds: readonly string[];
}

/** Someone who came back with a receipt code and proved it (see crypto.md). */
export interface RequesterPrincipal {
  readonly kind: 'requester';
  readonly requesterId: string;
}

/** A visitor of the public pages: may submit a request and read public keys, nothing else. */
export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export type Principal = StaffPrincipal | RequesterPrincipal | AnonymousPrincipal;

export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

/** Roles that work the cases of their desks: they may be assigned a case and are told of new ones. */
export const CASE_WORKER_ROLES = ['caseworker', 'desk_lead'] as const satisfies readonly StaffRole[];
/** The role that gives a desk membership's lead flag its powers. */
export const DESK_LEAD_ROLE = 'desk_lead' satisfies StaffRole;

/** Whether someone with these roles works cases (the api's SQL asks the same with `roles && CASE_WORKER_ROLES`). */
export function worksCases(roles: readonly string[]): boolean {
  return CASE_WORKER_ROLES.some((role) => roles.includes(role));
}

/** The desk whose members pay mini-grants: grant keys are sealed to it (docs/grants.md). */
export const FINANCE_DESK_SLUG = 'finance';
/** Roles that may be members of the finance desk besides case workers: finance officers read payee details through its key. */
export const FINANCE_DESK_ROLES = ['finance_officer'] as const satisfies readonly StaffRole[];

/** The slug of the desk applications to calls are sealed to (a default desk since migration 1763700017100). */
export const PROGRAMME_DESK_SLUG = 'programme';
/** Roles that may be members of the programme desk besides case workers: programme managers open applications through its key. */
export const PROGRAMME_DESK_ROLES = ['programme_manager'] as const satisfies readonly StaffRole[];

/**
 * Whether someone with these roles may be a member of the desk `deskSlug`: case workers of any
 * desk, finance officers of the finance desk, programme managers of the programme desk (which
 * never holds an aid case: no routing rule or referral reaches it).
 */
export function mayJoinDesk(roles: readonly string[], deskSlug: string): boolean {
  if (worksCases(roles)) return true;
  if (deskSlug === FINANCE_DESK_SLUG) return FINANCE_DESK_ROLES.some((role) => roles.includes(role));
  if (deskSlug === PROGRAMME_DESK_SLUG) return PROGRAMME_DESK_ROLES.some((role) => roles.includes(role));
  return false;
}

/** Whether a membership with the lead flag gives lead powers to someone with these roles. */
export function leadsWith(roles: readonly string[]): boolean {
  return roles.includes(DESK_LEAD_ROLE);
}

export function hasRole(principal: Principal, role: StaffRole): boolean {
  return principal.kind === 'staff' && principal.roles.includes(role);
}

/** Desks whose cases a caseworker works: member desks plus led desks (when they hold `desk_lead`). None for an admin, whatever the data says. */
export function memberDeskIds(principal: StaffPrincipal): string[] {
  if (principal.roles.includes('admin')) return [];
  const ids = new Set(principal.deskIds);
  if (leadsWith(principal.roles)) for (const id of principal.leadDeskIds) ids.add(id);
  return [...ids];
}

/** Desks the principal may lead: none without the `desk_lead` role, none for an admin. */
export function ledDeskIds(principal: StaffPrincipal): string[] {
  return leadsWith(principal.roles) && !principal.roles.includes('admin') ? [...new Set(principal.leadDeskIds)] : [];
}
