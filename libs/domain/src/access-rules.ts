/**
 * Who may hold what together, and who may change a desk's membership (SPEC.md §17, issue 13
 * findings 1, 2 and 7). The api enforces each rule; the web app asks the same functions to offer
 * only what will be accepted.
 */
import { type StaffRole } from './vocabulary';

/**
 * Roles never held together with `admin` (domain.md, "Who may change trust"): an admin invites,
 * certifies and suspends people, so an admin who could also work cases, move money or read
 * applications could hand themselves the keys they certify.
 */
export const ADMIN_EXCLUSIVE_ROLES = ['caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager', 'director'] as const satisfies readonly StaffRole[];

/** Why a set of roles and desk places may not be given to one person, or null when it may. */
export function adminRoleConflict(roles: readonly string[], deskPlaces = 0): string | null {
  if (!roles.includes('admin')) return null;
  const mixed = ADMIN_EXCLUSIVE_ROLES.filter((role) => roles.includes(role));
  if (mixed.length > 0) return `the admin role is never combined with ${mixed.join(', ')}: invite a separate person for that work`;
  if (deskPlaces > 0) return 'an admin is never a member or lead of a desk: invite a separate person for that work';
  return null;
}

/**
 * Step-up for closing or declining many cases (SPEC.md §17.4): there is no bulk route, so the
 * api counts each person's closes and declines; past `free` in one window of `windowSeconds`,
 * each further one needs a fresh passkey confirmation.
 */
export const MASS_CLOSING = { free: 5, windowSeconds: 600, statuses: ['closed', 'declined'] } as const;

/** Whether a status change counts towards MASS_CLOSING. */
export function countsAsClosing(to: unknown): boolean {
  return (MASS_CLOSING.statuses as readonly unknown[]).includes(to);
}
