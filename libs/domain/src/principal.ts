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

export function hasRole(principal: Principal, role: StaffRole): boolean {
  return principal.kind === 'staff' && principal.roles.includes(role);
}

/** Desks whose cases a caseworker works: member desks plus led desks (when they hold `desk_lead`). */
export function memberDeskIds(principal: StaffPrincipal): string[] {
  const ids = new Set(principal.deskIds);
  if (principal.roles.includes('desk_lead')) for (const id of principal.leadDeskIds) ids.add(id);
  return [...ids];
}

/** Desks the principal may lead: none without the `desk_lead` role. */
export function ledDeskIds(principal: StaffPrincipal): string[] {
  return principal.roles.includes('desk_lead') ? [...new Set(principal.leadDeskIds)] : [];
}
