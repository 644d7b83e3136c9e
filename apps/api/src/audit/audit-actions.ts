/**
 * The vocabulary of the audit log: what can be recorded, by whom, about what. Adding a name
 * here needs no migration (the table checks only the shape of a name); renaming one would
 * split the history, so names are never renamed or reused.
 */

/** Every action the system records. `<context>.<verb or event>`, lower case. */
export const AUDIT_ACTIONS = [
  // Sign-in and sessions.
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'auth.step_up',
  'auth.passkey_added',
  'auth.passkey_removed',
  'auth.vault_wrap_added',
  // First run.
  'setup.admin_enrolled',
  // Staff administration.
  'staff.invited',
  'staff.invitation_revoked',
  'staff.enrolled',
  'staff.roles_changed',
  'staff.suspended',
  'staff.reactivated',
  'staff.pseudonym_changed',
  // Keys and certificates.
  'keys.certify',
  'keys.root_certified',
  'keys.revoked',
  // Desks.
  'desk.created',
  'desk.member_added',
  'desk.member_removed',
  'desk.key_rotated',
  'desk.key_sealed',
  'desk.key_approved',
  // Cases: every read of case ciphertext is recorded.
  'case.created',
  'case.read',
  'case.status_changed',
  'case.urgency_changed',
  'case.assigned',
  // Removal from a desk and suspension end access at once (SPEC.md §17.3).
  'case.unassigned',
  'case.key_withdrawn',
  'case.referred',
  'case.key_sealed',
  'case.note_added',
  'case.message_added',
  'case.sla_breached',
  'case.exported',
  'case.purged',
  'file.uploaded',
  'file.read',
  // Routing of new requests.
  'routing.rule_created',
  'routing.rule_updated',
  'routing.rule_deleted',
  // Money.
  'fund.created',
  'fund.updated',
  'fund.line_added',
  'fund.line_changed',
  'grant.proposed',
  'grant.read',
  'grant.terms_changed',
  'grant.status_changed',
  'grant.approval_given',
  'grant.approved',
  'grant.rejected',
  'grant.conflict_declared',
  'grant.payee_set',
  'grant.released',
  'disbursement.scheduled',
  'disbursement.sent',
  'disbursement.confirmed',
  'disbursement.failed',
  'disbursement.returned',
  'grant.report_submitted',
  'grant.report_accepted',
  'grant.report_more_requested',
  'grant.report_overdue',
  'grant.file_uploaded',
  'grant.file_read',
  'grant.shredded',
  'ledger.exported',
  // Calls for applications (docs/calls.md).
  'call.created',
  'call.updated',
  'call.published',
  'call.closed',
  'call.decided',
  'call.archived',
  // Applications to calls: every read of an application's ciphertext is recorded.
  'application.submitted',
  'application.revised',
  'application.withdrawn',
  'application.read',
  // The panel review of calls (docs/calls.md "Review"): ids only, never a score or a comment.
  'call.rubric_set',
  'review.assigned',
  'review.unassigned',
  'review.conflict_declared',
  'review.saved',
  'review.submitted',
  'review.read',
  'decision.proposed',
  'decision.confirmed',
  'decision.discarded',
  'decision.released',
  // Referees of applications (docs/calls.md "Referees"): ids only, never a name or a letter.
  'referee.named',
  'referee.revoked',
  'referee.letter_received',
  'referee.details_read',
  'referee.letter_read',
  // Oversight.
  'audit.read',
  'report.exported',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted. Never an IP address, a user agent or anything a person wrote. */
export const ACTOR_KINDS = ['staff', 'requester', 'system', 'anonymous'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The actor of an event: staff and requesters by id; the system and anonymous callers without one. */
export type AuditActor =
  | { readonly kind: 'staff'; readonly id: string }
  | { readonly kind: 'requester'; readonly id: string }
  | { readonly kind: 'system' }
  | { readonly kind: 'anonymous' };

/** What an event is about. */
export const SUBJECT_TYPES = [
  'staff',
  'invitation',
  'passkey',
  'session',
  'desk',
  'case',
  'file',
  'envelope',
  'disbursement',
  'fund',
  'grant',
  'certificate',
  'requester',
  'report',
  'audit_log',
  'routing_rule',
  'call',
  'application',
  'referee',
] as const;
export type AuditSubjectType = (typeof SUBJECT_TYPES)[number];

const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** True when `name` is one of AUDIT_ACTIONS. */
export function isAuditAction(name: string): name is AuditAction {
  return ACTIONS.has(name);
}
