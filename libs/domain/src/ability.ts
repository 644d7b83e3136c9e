/**
 * The one ability factory (architecture.md): who may do what, from domain.md's table of roles.
 * The api checks it in a guard and turns its conditions into SQL (ability-sql.ts); the web app
 * builds the same ability to show the same answer. Access is denied unless a rule allows it.
 *
 * Rules, by principal (subjects and actions are listed in subjects.ts):
 * - anonymous: create AidCase (submit a request); read Desk and Certificate (public keys to seal to);
 *   create FellowshipApplication.
 * - requester: as anonymous, plus on their own case (requesterId): read, write_message,
 *   attach_file, transition (the lifecycle lets them only reply); read its `request` and
 *   `message` records and files, never `note` ones (also denied explicitly); read and accept
 *   their grants; create, read, update their payee details; read and update (a new version, a
 *   withdrawal) their own FellowshipApplication (requesterId).
 * - every staff member: read Desk and Certificate; read their own DeskMembership and
 *   DeskKeyEnvelope rows. The staff directory (StaffMember) is the admins'.
 * - admin is exclusive (access-rules.ts): with `admin`, the case, lead, finance and programme
 *   rules below are not applied at all and desk memberships count for nothing, whatever the
 *   data says (SPEC.md §17.1).
 * - caseworker (and desk_lead): on a case whose owning or a collaborating desk is one of theirs,
 *   or that is assigned to them: read, update, triage, refer, transition, write_note,
 *   write_message, attach_file, and read its records and files; create AidCase (intake on
 *   someone's behalf); create, read, update, submit Grants and create, read, update GrantPayee
 *   of such cases; read Fund.
 * - desk_lead, on the desks they lead: assign a case they own; create, read, delete
 *   DeskMembership and DeskKeyEnvelope; seal_desk_key on the Desk; read its SLA Report; read
 *   RoutingRule.
 * - finance_officer: create, read, update Fund (and its budget lines); read and disburse Grant
 *   (tranches, cancel, complete, close: docs/grants.md); read GrantPayee; read and export ledger
 *   Reports. Proposing and editing grants is the case's staff's, not finance's.
 * - finance_approver and director: read Fund and Grant; approve Grant; read ledger Reports. The
 *   director's place in an approval is the fund policy's (approval-policy.ts).
 * - programme_manager: manage FellowshipCall (create, edit, publish, close: docs/calls.md); read,
 *   update, review FellowshipApplication. Never anything on AidCase.
 * - every staff member but an admin: review a FellowshipApplication they are on the call's panel
 *   for (`reviewerIds`, from the call's reviewer assignments: docs/calls.md "Review"); the api
 *   checks the assignment per application (404 without one) and the model's conflicts and sealing. Published calls are public
 *   pages, served by @Public routes that filter drafts out in SQL, not through the ability.
 * - admin: create, read, update, certify Desk; read StaffMember, and update, suspend, certify
 *   anyone but themselves; manage Invitation and RoutingRule; read DeskMembership; create only
 *   the first membership of a desk with no members, as its lead (deskStaffed false, isLead
 *   true), never their own; no delete: from its first member on, a desk's membership is its
 *   leads' (SPEC.md §17.2); read, revoke Certificate. Nothing on AidCase, CaseRecord, CaseFile,
 *   GrantPayee, FellowshipCall or FellowshipApplication (denied explicitly too), and no seal_desk_key.
 * - auditor: read AuditEvent and aggregate Reports.
 * - for every staff member, whatever else they hold: cannot approve a Grant they proposed, one
 *   for a case of one of their desks, or one for a case assigned to them. These are inverted
 *   rules so that no combination of roles gets round them.
 *
 * The finance approver's amount limit is fund policy (data), checked by the grants use case.
 */
import { AbilityBuilder, createMongoAbility, subject as caslSubject, type MongoAbility } from '@casl/ability';
import { DomainError, RuleError } from './errors';
import { ledDeskIds, memberDeskIds, type Principal, type StaffPrincipal } from './principal';
import { type ActionOn, type SubjectMap, type SubjectName, type TaggedSubject } from './subjects';
import { REQUESTER_VISIBLE_RECORD_KINDS } from './vocabulary';

type AbilityTupleOf<S extends SubjectName> = [ActionOn<S>, S | TaggedSubject<S>];
export type AppAbilityTuple = { [S in SubjectName]: AbilityTupleOf<S> }[SubjectName];
export type AppAbility = MongoAbility<AppAbilityTuple>;

type Builder = AbilityBuilder<AppAbility>;

/** Tags a plain object with its subject type so `ability.can` knows which rules apply. */
export function asSubject<S extends SubjectName>(type: S, value: SubjectMap[S]): TaggedSubject<S> {
  // CASL's `subject` defines a hidden property on the object; copy so callers' objects stay untouched.
  return caslSubject(type, { ...value }) as TaggedSubject<S>;
}

const CASE_WORK_ACTIONS = [
  'read',
  'update',
  'triage',
  'refer',
  'transition',
  'write_note',
  'write_message',
  'attach_file',
] as const satisfies readonly ActionOn<'AidCase'>[];

function definePublicRules({ can }: Builder): void {
  can('create', 'AidCase');
  can('read', ['Desk', 'Certificate']);
  can('create', 'FellowshipApplication');
}

function defineRequesterRules({ can, cannot }: Builder, requesterId: string): void {
  can(['read', 'write_message', 'attach_file', 'transition'], 'AidCase', { requesterId });
  can('read', 'CaseRecord', { requesterId, recordKind: { $in: [...REQUESTER_VISIBLE_RECORD_KINDS] } });
  can('read', 'CaseFile', { requesterId, recordKind: { $ne: 'note' } });
  // Defence in depth: whatever is added above, staff notes stay out of a requester's reach.
  cannot('read', ['CaseRecord', 'CaseFile'], { recordKind: 'note' });
  can(['read', 'accept'], 'Grant', { requesterId });
  can(['create', 'read', 'update'], 'GrantPayee', { requesterId });
  can(['read', 'update'], 'FellowshipApplication', { requesterId });
}

function defineCaseworkerRules({ can }: Builder, p: StaffPrincipal): void {
  const desks = memberDeskIds(p);
  const { userId } = p;
  can('create', 'AidCase');
  // Records and files carry their case's fields under the same names (subjects.ts).
  const caseConditions = [{ ownerDeskId: { $in: desks } }, { collaboratorDeskIds: { $in: desks } }, { assigneeId: userId }];
  for (const conditions of caseConditions) {
    can([...CASE_WORK_ACTIONS], 'AidCase', conditions);
    can('read', ['CaseRecord', 'CaseFile'], conditions);
  }
  can(['create', 'read', 'update', 'submit'], 'Grant', { caseDeskIds: { $in: desks } });
  can(['create', 'read', 'update', 'submit'], 'Grant', { caseAssigneeId: userId });
  can(['create', 'read', 'update'], 'GrantPayee', { caseDeskIds: { $in: desks } });
  can(['create', 'read', 'update'], 'GrantPayee', { caseAssigneeId: userId });
  can('read', 'Fund');
}

function defineDeskLeadRules({ can }: Builder, p: StaffPrincipal): void {
  const led = ledDeskIds(p);
  can('assign', 'AidCase', { ownerDeskId: { $in: led } });
  can(['create', 'read', 'delete'], ['DeskMembership', 'DeskKeyEnvelope'], { deskId: { $in: led } });
  can('seal_desk_key', 'Desk', { id: { $in: led } });
  can('read', 'Report', { reportKind: 'sla', deskId: { $in: led } });
  can('read', 'RoutingRule');
}

function defineFinanceRules({ can }: Builder, p: StaffPrincipal): void {
  if (p.roles.includes('finance_officer')) {
    can(['create', 'read', 'update'], 'Fund');
    can(['read', 'disburse'], 'Grant');
    can('read', 'GrantPayee');
    can(['read', 'export'], 'Report', { reportKind: 'ledger' });
  }
  if (p.roles.includes('finance_approver') || p.roles.includes('director')) {
    can('read', ['Fund', 'Grant']);
    can('approve', 'Grant');
    can('read', 'Report', { reportKind: 'ledger' });
  }
}

function defineAdminRules({ can }: Builder, { userId }: StaffPrincipal): void {
  can(['create', 'read', 'update', 'certify'], 'Desk');
  can('read', 'StaffMember');
  can(['update', 'suspend', 'certify'], 'StaffMember', { id: { $ne: userId } });
  can('manage', ['Invitation', 'RoutingRule']);
  can('read', 'DeskMembership');
  can('create', 'DeskMembership', { deskStaffed: false, isLead: true, userId: { $ne: userId } });
  can(['read', 'revoke'], 'Certificate');
}

function defineStaffRules(builder: Builder, p: StaffPrincipal): void {
  const { can, cannot } = builder;
  const { userId } = p;
  can('read', ['Desk', 'Certificate']);
  can('read', 'DeskMembership', { userId });
  can('read', 'DeskKeyEnvelope', { recipientId: userId });

  // An admin gets the admin rules only: no role or desk place in the data adds case, desk, money or programme powers.
  const admin = p.roles.includes('admin');
  if (!admin) {
    if (p.roles.includes('caseworker') || p.roles.includes('desk_lead')) defineCaseworkerRules(builder, p);
    if (p.roles.includes('desk_lead')) defineDeskLeadRules(builder, p);
    defineFinanceRules(builder, p);
    // A reviewer on a call's panel, whatever their role: only the applications assigned to them.
    can('review', 'FellowshipApplication', { reviewerIds: { $in: [p.userId] } });
    if (p.roles.includes('programme_manager')) {
      can('manage', 'FellowshipCall');
      can(['read', 'update', 'review'], 'FellowshipApplication');
    }
  }
  if (admin) {
    defineAdminRules(builder, p);
    // Defence in depth: an admin reads no application and runs no call, whatever is added above.
    cannot(['read', 'update', 'review'], 'FellowshipApplication');
    cannot(['create', 'read', 'update'], 'FellowshipCall');
  }
  if (p.roles.includes('auditor')) {
    can('read', 'AuditEvent');
    can('read', 'Report', { reportKind: 'aggregate' });
  }

  // Separation of duties: last, so they override every `can` above (later rules win in CASL).
  cannot('approve', 'Grant', { proposerId: userId });
  cannot('approve', 'Grant', { caseDeskIds: { $in: memberDeskIds(p) } });
  cannot('approve', 'Grant', { caseAssigneeId: userId });
}

export function defineAbilityFor(principal: Principal): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  switch (principal.kind) {
    case 'anonymous':
      definePublicRules(builder);
      break;
    case 'requester':
      definePublicRules(builder);
      defineRequesterRules(builder, principal.requesterId);
      break;
    case 'staff':
      defineStaffRules(builder, principal);
      break;
  }
  return builder.build();
}

/**
 * Throws DomainError `access-denied` unless the ability allows the action. The api answers
 * 404 for a record the caller may not see, exactly as for one that does not exist.
 */
export function assertCan<S extends SubjectName>(
  ability: AppAbility,
  action: ActionOn<S>,
  subjectType: S,
  value?: SubjectMap[S],
): void {
  const target = value === undefined ? subjectType : asSubject(subjectType, value);
  // The tuple union cannot be narrowed through the generic S; the pair is consistent by construction.
  if (!ability.can(action as never, target as never)) {
    throw new DomainError(RuleError.AccessDenied, `Not allowed to ${action} ${subjectType}`, { action, subject: subjectType });
  }
}
