import fc from 'fast-check';
import { asSubject, assertCan, defineAbilityFor, type AppAbility } from './ability';
import { caseActorFor } from './case-actor';
import { RuleError } from './errors';
import { ledDeskIds, memberDeskIds, type Principal, type StaffPrincipal } from './principal';
import { SUBJECT_ACTIONS, SUBJECT_NAMES, type AidCase, type Grant, type SubjectMap, type SubjectName } from './subjects';
import { RECORD_KINDS, STAFF_ROLES, type StaffRole } from './vocabulary';

const ME = 'user-me';
const OTHER = 'user-other';
const OWN = 'desk-own';
const OTHER_DESK = 'desk-other';
const REQ = 'req-1';

interface Variant<S extends SubjectName = SubjectName> {
  readonly subject: S;
  readonly name: string;
  readonly value: SubjectMap[S];
}

const variant = <S extends SubjectName>(subject: S, name: string, value: SubjectMap[S]): Variant => ({ subject, name, value }) as Variant;

const aidCase = (over: Partial<AidCase>): AidCase => ({
  id: 'case-1',
  ownerDeskId: OTHER_DESK,
  collaboratorDeskIds: [],
  assigneeId: null,
  requesterId: null,
  status: 'in_progress',
  requestType: 'legal',
  urgency: 'normal',
  ...over,
});

/** How a case relates to `ME` / `OWN` / `REQ`. */
const CASE_RELATIONS = {
  ownDesk: { ownerDeskId: OWN },
  collabDesk: { collaboratorDeskIds: ['desk-x', OWN] },
  assigned: { assigneeId: ME },
  otherDesk: { assigneeId: OTHER, collaboratorDeskIds: ['desk-x'] },
  requesterOwn: { requesterId: REQ },
  otherRequester: { requesterId: 'req-2' },
} satisfies Record<string, Partial<AidCase>>;

const grant = (over: Partial<Grant>): Grant => ({
  id: 'grant-1',
  proposerId: OTHER,
  fundId: 'fund-1',
  status: 'submitted',
  caseId: 'case-1',
  caseDeskIds: [OTHER_DESK],
  caseAssigneeId: null,
  requesterId: null,
  ...over,
});

const GRANT_RELATIONS = {
  proposedByMe: { proposerId: ME },
  ownDeskCase: { caseDeskIds: [OTHER_DESK, OWN] },
  assignedCase: { caseAssigneeId: ME },
  otherCase: {},
  requesterOwn: { requesterId: REQ },
} satisfies Record<string, Partial<Grant>>;

const VARIANTS: Variant[] = [
  ...Object.entries(CASE_RELATIONS).map(([name, over]) => variant('AidCase', name, aidCase(over))),
  ...(['CaseRecord', 'CaseFile'] as const).flatMap((subject) =>
    Object.entries(CASE_RELATIONS).flatMap(([relation, over]) =>
      RECORD_KINDS.map((recordKind) => {
        const c = aidCase(over);
        const access = { ownerDeskId: c.ownerDeskId, collaboratorDeskIds: c.collaboratorDeskIds, assigneeId: c.assigneeId, requesterId: c.requesterId };
        return variant(subject, `${relation}.${recordKind}`, { id: 'rec-1', caseId: c.id, recordKind, ...access });
      }),
    ),
  ),
  variant('Desk', 'own', { id: OWN, slug: 'legal' }),
  variant('Desk', 'other', { id: OTHER_DESK, slug: 'medical' }),
  variant('DeskMembership', 'ownDesk', { deskId: OWN, userId: OTHER, isLead: false, deskStaffed: true }),
  variant('DeskMembership', 'otherDesk', { deskId: OTHER_DESK, userId: OTHER, isLead: false, deskStaffed: true }),
  variant('DeskMembership', 'otherDeskLead', { deskId: OTHER_DESK, userId: OTHER, isLead: true, deskStaffed: true }),
  variant('DeskMembership', 'self', { deskId: OTHER_DESK, userId: ME, isLead: false, deskStaffed: true }),
  variant('DeskMembership', 'firstLead', { deskId: OTHER_DESK, userId: OTHER, isLead: true, deskStaffed: false }),
  variant('DeskMembership', 'firstMember', { deskId: OTHER_DESK, userId: OTHER, isLead: false, deskStaffed: false }),
  variant('DeskMembership', 'selfFirstLead', { deskId: OTHER_DESK, userId: ME, isLead: true, deskStaffed: false }),
  variant('DeskKeyEnvelope', 'ownDesk', { deskId: OWN, deskKeyVersion: 2, recipientId: OTHER }),
  variant('DeskKeyEnvelope', 'otherDesk', { deskId: OTHER_DESK, deskKeyVersion: 1, recipientId: OTHER }),
  variant('DeskKeyEnvelope', 'mine', { deskId: OTHER_DESK, deskKeyVersion: 1, recipientId: ME }),
  variant('StaffMember', 'self', { id: ME, status: 'active' }),
  variant('StaffMember', 'other', { id: OTHER, status: 'active' }),
  variant('Invitation', 'any', { id: 'inv-1', invitedById: OTHER }),
  variant('Certificate', 'any', { id: 'cert-1', subjectKind: 'staff', subjectId: OTHER }),
  variant('RoutingRule', 'any', { id: 'rule-1', priority: 1, deskSlug: 'legal' }),
  variant('AuditEvent', 'any', { id: 'ev-1', action: 'case.read', actorId: OTHER }),
  variant('Report', 'aggregate', { reportKind: 'aggregate', deskId: null }),
  variant('Report', 'slaOwn', { reportKind: 'sla', deskId: OWN }),
  variant('Report', 'slaOther', { reportKind: 'sla', deskId: OTHER_DESK }),
  variant('Report', 'ledger', { reportKind: 'ledger', deskId: null }),
  variant('Fund', 'any', { id: 'fund-1' }),
  ...Object.entries(GRANT_RELATIONS).map(([name, over]) => variant('Grant', name, grant(over))),
  ...Object.entries(GRANT_RELATIONS)
    .filter(([name]) => name !== 'proposedByMe')
    .map(([name, over]) => {
      const g = grant(over);
      return variant('GrantPayee', name, { grantId: g.id, caseDeskIds: g.caseDeskIds, caseAssigneeId: g.caseAssigneeId, requesterId: g.requesterId });
    }),
  variant('FellowshipCall', 'any', { id: 'call-1' }),
  variant('FellowshipApplication', 'any', { id: 'app-1', callId: 'call-1', requesterId: 'req-other' }),
  variant('FellowshipApplication', 'requesterOwn', { id: 'app-2', callId: 'call-1', requesterId: REQ }),
  variant('FellowshipApplication', 'onMyPanel', { id: 'app-3', callId: 'call-1', requesterId: 'req-other', reviewerIds: ['someone', ME] }),
];

const staff = (roles: StaffRole[], over: Partial<StaffPrincipal> = {}): StaffPrincipal => ({
  kind: 'staff',
  userId: ME,
  roles,
  deskIds: [OWN],
  leadDeskIds: [],
  ...over,
});

const PRINCIPALS = {
  anonymous: { kind: 'anonymous' },
  requester: { kind: 'requester', requesterId: REQ },
  caseworker: staff(['caseworker']),
  desk_lead: staff(['desk_lead'], { leadDeskIds: [OWN] }),
  finance_officer: staff(['finance_officer'], { deskIds: ['desk-finance'] }),
  finance_approver: staff(['finance_approver']),
  director: staff(['director']),
  programme_manager: staff(['programme_manager']),
  admin: staff(['admin']),
  auditor: staff(['auditor']),
} satisfies Record<string, Principal>;
type PrincipalName = keyof typeof PRINCIPALS;

// What each principal may do, as 'Subject.variant' → actions; everything unlisted is denied.
type Allowed = Readonly<Record<string, readonly string[]>>;
const WORK = ['read', 'update', 'triage', 'refer', 'transition', 'write_note', 'write_message', 'attach_file'];
const WORKED_CASES = ['ownDesk', 'collabDesk', 'assigned'];
const ALL_CASES = Object.keys(CASE_RELATIONS);

const each = (subject: string, names: readonly string[], actions: readonly string[]): Allowed =>
  Object.fromEntries(names.map((name) => [`${subject}.${name}`, actions]));
const records = (subject: 'CaseRecord' | 'CaseFile', relations: readonly string[], kinds: readonly string[]): Allowed =>
  each(subject, relations.flatMap((r) => kinds.map((k) => `${r}.${k}`)), ['read']);

/** Merges grants; later lists add to earlier ones. */
function allow(...parts: Allowed[]): Allowed {
  const out: Record<string, string[]> = {};
  for (const part of parts) for (const [key, actions] of Object.entries(part)) out[key] = [...(out[key] ?? []), ...actions];
  return out;
}

const PUBLIC = allow(
  each('AidCase', ALL_CASES, ['create']),
  each('Desk', ['own', 'other'], ['read']),
  { 'Certificate.any': ['read'], 'FellowshipApplication.any': ['create'], 'FellowshipApplication.requesterOwn': ['create'], 'FellowshipApplication.onMyPanel': ['create'] },
);
const STAFF_BASE = allow(
  each('Desk', ['own', 'other'], ['read']),
  { 'Certificate.any': ['read'], 'DeskMembership.self': ['read'], 'DeskMembership.selfFirstLead': ['read'], 'DeskKeyEnvelope.mine': ['read'] },
);
/** Every staff member but an admin reviews the applications of a call's panel they are on (docs/calls.md "Review"). */
const REVIEWER: Allowed = { 'FellowshipApplication.onMyPanel': ['review'] };
const CASEWORK = allow(
  each('AidCase', ALL_CASES, ['create']),
  each('AidCase', WORKED_CASES, WORK),
  records('CaseRecord', WORKED_CASES, RECORD_KINDS),
  records('CaseFile', WORKED_CASES, RECORD_KINDS),
  each('Grant', ['ownDeskCase', 'assignedCase'], ['create', 'read', 'update', 'submit']),
  each('GrantPayee', ['ownDeskCase', 'assignedCase'], ['create', 'read', 'update']),
  { 'Fund.any': ['read'] },
);

const EXPECTED: Record<PrincipalName, Allowed> = {
  anonymous: PUBLIC,
  requester: allow(
    PUBLIC,
    { 'AidCase.requesterOwn': ['read', 'write_message', 'attach_file', 'transition'] },
    records('CaseRecord', ['requesterOwn'], ['message', 'request']),
    records('CaseFile', ['requesterOwn'], ['message', 'request']),
    { 'Grant.requesterOwn': ['read', 'accept'], 'GrantPayee.requesterOwn': ['create', 'read', 'update'] },
    { 'FellowshipApplication.requesterOwn': ['read', 'update'] },
  ),
  caseworker: allow(STAFF_BASE, REVIEWER, CASEWORK),
  desk_lead: allow(STAFF_BASE, REVIEWER, CASEWORK, {
    'AidCase.ownDesk': ['assign'],
    'DeskMembership.ownDesk': ['create', 'read', 'delete'],
    'DeskKeyEnvelope.ownDesk': ['create', 'read', 'delete'],
    'Desk.own': ['seal_desk_key'],
    'Report.slaOwn': ['read'],
    'RoutingRule.any': ['read'],
  }),
  finance_officer: allow(
    STAFF_BASE,
    REVIEWER,
    { 'Fund.any': ['create', 'read', 'update'], 'Report.ledger': ['read', 'export'] },
    each('Grant', Object.keys(GRANT_RELATIONS), ['read', 'disburse']),
    each('GrantPayee', ['ownDeskCase', 'assignedCase', 'otherCase', 'requesterOwn'], ['read']),
  ),
  finance_approver: allow(
    STAFF_BASE,
    REVIEWER,
    { 'Fund.any': ['read'], 'Report.ledger': ['read'] },
    each('Grant', Object.keys(GRANT_RELATIONS), ['read']),
    // Not what they proposed, not for a case of their desk, not for a case assigned to them.
    each('Grant', ['otherCase', 'requesterOwn'], ['approve']),
  ),
  // The director approves as a finance approver does (the fund policy says when they must).
  director: allow(
    STAFF_BASE,
    REVIEWER,
    { 'Fund.any': ['read'], 'Report.ledger': ['read'] },
    each('Grant', Object.keys(GRANT_RELATIONS), ['read']),
    each('Grant', ['otherCase', 'requesterOwn'], ['approve']),
  ),
  programme_manager: allow(STAFF_BASE, {
    'FellowshipCall.any': ['manage', 'create', 'read', 'update'],
    'FellowshipApplication.any': ['read', 'update', 'review'],
    'FellowshipApplication.requesterOwn': ['read', 'update', 'review'],
    'FellowshipApplication.onMyPanel': ['read', 'update', 'review'],
  }),
  admin: allow(
    STAFF_BASE,
    each('Desk', ['own', 'other'], ['create', 'update', 'certify']),
    each('StaffMember', ['self', 'other'], ['read']),
    { 'StaffMember.other': ['update', 'suspend', 'certify'] },
    { 'Invitation.any': ['manage', 'create', 'read', 'delete'], 'RoutingRule.any': ['manage', 'create', 'read', 'update', 'delete'] },
    // Reads every membership; creates only the first lead of a desk with no members, never themselves; removes none.
    each('DeskMembership', ['ownDesk', 'otherDesk', 'otherDeskLead', 'firstLead', 'firstMember'], ['read']),
    { 'DeskMembership.firstLead': ['create'] },
    { 'Certificate.any': ['revoke'] },
  ),
  auditor: allow(STAFF_BASE, REVIEWER, { 'AuditEvent.any': ['read'], 'Report.aggregate': ['read'] }),
};

function permitted(ability: AppAbility, v: Variant): string[] {
  const actions: readonly string[] = [...SUBJECT_ACTIONS[v.subject], 'manage'];
  return actions.filter((action) => ability.can(action as never, asSubject(v.subject, v.value) as never)).sort();
}

const matrix = (Object.keys(PRINCIPALS) as PrincipalName[]).flatMap((principal) =>
  VARIANTS.map((v) => ({ principal, key: `${v.subject}.${v.name}`, v })),
);

describe('ability matrix (role × desk relation × subject × action)', () => {
  test('every subject has at least one variant', () => {
    expect(new Set(VARIANTS.map((v) => v.subject))).toEqual(new Set(SUBJECT_NAMES));
  });

  test('the expectations only name variants that exist', () => {
    const keys = new Set(VARIANTS.map((v) => `${v.subject}.${v.name}`));
    for (const allowed of Object.values(EXPECTED)) for (const key of Object.keys(allowed)) expect(keys).toContain(key);
  });

  test.each(matrix)('$principal on $key', ({ principal, key, v }) => {
    const ability = defineAbilityFor(PRINCIPALS[principal]);
    expect(permitted(ability, v)).toEqual([...new Set(EXPECTED[principal][key] ?? [])].sort());
  });
});

describe('ability rules beyond the matrix', () => {
  const CONTENT: SubjectName[] = ['AidCase', 'CaseRecord', 'CaseFile', 'GrantPayee', 'FellowshipApplication'];

  test('an admin has no ability at all on content, whatever the instance', () => {
    const ability = defineAbilityFor(staff(['admin'], { deskIds: [OWN], leadDeskIds: [OWN] }));
    for (const v of VARIANTS.filter((x) => CONTENT.includes(x.subject))) expect(permitted(ability, v)).toEqual([]);
    for (const subject of CONTENT) {
      for (const action of [...SUBJECT_ACTIONS[subject], 'manage']) expect(ability.can(action as never, subject as never)).toBe(false);
    }
    expect(ability.can('seal_desk_key', 'Desk')).toBe(false);
  });

  test('an auditor reads no content and no grants', () => {
    const ability = defineAbilityFor(staff(['auditor']));
    for (const subject of [...CONTENT, 'Grant', 'Fund'] as SubjectName[]) expect(ability.can('read' as never, subject as never)).toBe(false);
  });

  test('admin is exclusive: case roles and desk places in the data give an admin nothing on cases, desks, money or programmes', () => {
    const mixed = defineAbilityFor(
      staff(['admin', 'caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager'], { deskIds: [OWN], leadDeskIds: [OWN] }),
    );
    const adminOnly = defineAbilityFor(staff(['admin'], { deskIds: [], leadDeskIds: [] }));
    for (const v of VARIANTS) expect({ v: `${v.subject}.${v.name}`, got: permitted(mixed, v) }).toEqual({ v: `${v.subject}.${v.name}`, got: permitted(adminOnly, v) });
    for (const relation of Object.values(CASE_RELATIONS)) {
      for (const action of [...SUBJECT_ACTIONS.AidCase, 'manage'] as const) expect(mixed.can(action, asSubject('AidCase', aidCase(relation)))).toBe(false);
    }
    expect(mixed.can('seal_desk_key', asSubject('Desk', { id: OWN, slug: 'legal' }))).toBe(false);
    expect(mixed.can('delete', asSubject('DeskMembership', { deskId: OWN, userId: OTHER, isLead: false, deskStaffed: true }))).toBe(false);
    expect(mixed.can('certify', asSubject('StaffMember', { id: ME, status: 'active' }))).toBe(false);
    expect(mixed.can('create', asSubject('DeskMembership', { deskId: OWN, userId: ME, isLead: true, deskStaffed: false }))).toBe(false);
    expect(memberDeskIds(staff(['admin', 'caseworker'], { deskIds: [OWN] }))).toEqual([]);
    expect(ledDeskIds(staff(['admin', 'desk_lead'], { leadDeskIds: [OWN] }))).toEqual([]);
  });

  test('a desk with members changes membership only through its leads; an admin may only give an empty desk its first lead', () => {
    const lead = defineAbilityFor(staff(['caseworker', 'desk_lead'], { deskIds: [], leadDeskIds: [OWN] }));
    const admin = defineAbilityFor(staff(['admin'], { deskIds: [] }));
    const member = (over: Partial<{ deskId: string; isLead: boolean; deskStaffed: boolean }>) =>
      asSubject('DeskMembership', { deskId: OWN, userId: OTHER, isLead: false, deskStaffed: true, ...over });
    expect(lead.can('create', member({}))).toBe(true);
    expect(lead.can('create', member({ isLead: true }))).toBe(true);
    expect(lead.can('delete', member({}))).toBe(true);
    expect(lead.can('create', member({ deskId: OTHER_DESK }))).toBe(false);
    expect(admin.can('create', member({}))).toBe(false);
    expect(admin.can('create', member({ isLead: true }))).toBe(false);
    expect(admin.can('create', member({ deskStaffed: false }))).toBe(false);
    expect(admin.can('create', member({ isLead: true, deskStaffed: false }))).toBe(true);
    expect(admin.can('delete', member({}))).toBe(false);
    expect(admin.can('delete', member({ deskStaffed: false }))).toBe(false);
  });

  test('the staff directory is the admins’', () => {
    for (const roles of [['caseworker'], ['desk_lead'], ['finance_officer'], ['auditor']] as StaffRole[][]) {
      expect(defineAbilityFor(staff(roles, { leadDeskIds: [OWN] })).can('read', 'StaffMember')).toBe(false);
    }
    expect(defineAbilityFor(staff(['admin'])).can('read', 'StaffMember')).toBe(true);
  });

  test('separation of duties holds across roles', () => {
    const officerApprover = defineAbilityFor(staff(['finance_officer', 'finance_approver'], { deskIds: ['desk-finance'] }));
    expect(officerApprover.can('approve', asSubject('Grant', grant(GRANT_RELATIONS.proposedByMe)))).toBe(false);
    expect(officerApprover.can('approve', asSubject('Grant', grant(GRANT_RELATIONS.otherCase)))).toBe(true);

    const leadApprover = defineAbilityFor(staff(['desk_lead', 'finance_approver'], { deskIds: [], leadDeskIds: [OWN] }));
    expect(leadApprover.can('approve', asSubject('Grant', grant(GRANT_RELATIONS.ownDeskCase)))).toBe(false);
    expect(leadApprover.can('approve', asSubject('Grant', grant(GRANT_RELATIONS.assignedCase)))).toBe(false);
    expect(leadApprover.can('approve', asSubject('Grant', grant({ caseDeskIds: ['desk-y'] })))).toBe(true);
  });

  test('lead powers need both the desk_lead role and the led desk', () => {
    const ownCase = asSubject('AidCase', aidCase(CASE_RELATIONS.ownDesk));
    expect(defineAbilityFor(staff(['caseworker'], { leadDeskIds: [OWN] })).can('assign', ownCase)).toBe(false);
    expect(defineAbilityFor(staff(['desk_lead'], { leadDeskIds: [] })).can('assign', ownCase)).toBe(false);
    const leadOnly = defineAbilityFor(staff(['desk_lead'], { deskIds: [], leadDeskIds: [OWN] }));
    expect(leadOnly.can('assign', ownCase)).toBe(true);
    expect(leadOnly.can('write_note', ownCase)).toBe(true);
  });

  test('a lead of a collaborating desk works the case but does not assign it', () => {
    const ability = defineAbilityFor(staff(['desk_lead'], { leadDeskIds: [OWN] }));
    const collab = asSubject('AidCase', aidCase(CASE_RELATIONS.collabDesk));
    expect(ability.can('write_note', collab)).toBe(true);
    expect(ability.can('assign', collab)).toBe(false);
  });

  test('a requester never reads notes, of their own case or any other', () => {
    const ability = defineAbilityFor({ kind: 'requester', requesterId: REQ });
    for (const v of VARIANTS.filter((x) => (x.subject === 'CaseRecord' || x.subject === 'CaseFile') && x.name.endsWith('.note'))) {
      expect(permitted(ability, v)).toEqual([]);
    }
  });

  test('asSubject leaves the caller object untagged', () => {
    const plain = aidCase({});
    const tagged = asSubject('AidCase', plain);
    expect(tagged).toEqual(plain);
    expect(Object.prototype.hasOwnProperty.call(plain, '__caslSubjectType__')).toBe(false);
  });

  test('assertCan throws access-denied, and passes silently when allowed', () => {
    const ability = defineAbilityFor(staff(['caseworker']));
    expect(() => assertCan(ability, 'read', 'AidCase', aidCase(CASE_RELATIONS.ownDesk))).not.toThrow();
    expect(() => assertCan(ability, 'read', 'AidCase', aidCase(CASE_RELATIONS.otherDesk))).toThrow(
      expect.objectContaining({ code: RuleError.AccessDenied }),
    );
    expect(() => assertCan(ability, 'read', 'AuditEvent')).toThrow(expect.objectContaining({ code: RuleError.AccessDenied }));
  });

  test('actions are typed per subject', () => {
    const ability = defineAbilityFor({ kind: 'anonymous' });
    // @ts-expect-error approve is not an AidCase action
    expect(ability.can('approve', 'AidCase')).toBe(false);
  });
});

describe('caseActorFor agrees with the ability (property)', () => {
  const desks = ['d1', 'd2', 'd3'];
  const users = ['u1', 'u2'];
  const requesters = ['r1', 'r2'];
  const principalArb: fc.Arbitrary<Principal> = fc.oneof(
    fc.constant({ kind: 'anonymous' } as const),
    fc.constantFrom(...requesters).map((requesterId) => ({ kind: 'requester', requesterId }) as const),
    fc.record({
      kind: fc.constant('staff' as const),
      userId: fc.constantFrom(...users),
      roles: fc.subarray([...STAFF_ROLES]),
      deskIds: fc.subarray(desks),
      leadDeskIds: fc.subarray(desks),
    }),
  );
  const caseArb = fc.record({
    id: fc.constant('c'),
    ownerDeskId: fc.constantFrom(...desks),
    collaboratorDeskIds: fc.subarray(desks),
    assigneeId: fc.option(fc.constantFrom(...users), { nil: null }),
    requesterId: fc.option(fc.constantFrom(...requesters), { nil: null }),
    status: fc.constant('in_progress' as const),
    requestType: fc.constant('legal' as const),
    urgency: fc.constant('normal' as const),
  });

  test('an actor kind exactly when the ability allows `transition`', () => {
    fc.assert(
      fc.property(principalArb, caseArb, (principal, c) => {
        const actor = caseActorFor(principal, c);
        expect(actor !== null).toBe(defineAbilityFor(principal).can('transition', asSubject('AidCase', c)));
        if (actor === 'desk_lead') expect(defineAbilityFor(principal).can('write_note', asSubject('AidCase', c))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('kinds by example', () => {
    const c = aidCase({ ownerDeskId: OWN, requesterId: REQ });
    expect(caseActorFor({ kind: 'requester', requesterId: REQ }, c)).toBe('requester');
    expect(caseActorFor({ kind: 'requester', requesterId: 'req-2' }, c)).toBeNull();
    expect(caseActorFor({ kind: 'requester', requesterId: REQ }, aidCase({}))).toBeNull();
    expect(caseActorFor(staff(['caseworker']), c)).toBe('caseworker');
    expect(caseActorFor(staff(['desk_lead'], { leadDeskIds: [OWN] }), c)).toBe('desk_lead');
    expect(caseActorFor(staff(['admin']), c)).toBeNull();
    expect(caseActorFor(staff(['caseworker']), aidCase({ assigneeId: ME }))).toBe('caseworker');
    expect(caseActorFor({ kind: 'anonymous' }, c)).toBeNull();
  });
});
