/** Codes of the access rules the server enforces on people and desks (SPEC.md §17). */
export const AccessError = {
  /** The admin role is never combined with case, finance or programme roles, or with a desk place. */
  AdminExclusive: 'admin-exclusive',
  /** A desk that has members changes its membership only through one of its leads. */
  DeskLeadOnly: 'desk-lead-only',
  /** Removing this lead would leave a desk with members and no active lead. */
  LastDeskLead: 'last-desk-lead',
} as const;
