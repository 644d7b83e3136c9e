import { createMongoAbility } from '@casl/ability';
import fc from 'fast-check';
import { evaluateSql, whereKeeps } from '../test/sql-eval';
import { asSubject, defineAbilityFor, type AppAbility } from './ability';
import { accessibleWhere, type SqlColumnMap } from './ability-sql';
import { RuleError } from './errors';
import { type Principal } from './principal';
import { SUBJECT_ACTIONS, SUBJECT_NAMES, type SubjectMap, type SubjectName } from './subjects';
import { GRANT_STATUSES, RECORD_KINDS, STAFF_ROLES } from './vocabulary';

const CASE_COLUMNS: SqlColumnMap<'AidCase'> = {
  ownerDeskId: 'c.owner_desk_id',
  collaboratorDeskIds: { sql: 'c.collaborator_desk_ids', array: true },
  assigneeId: 'c.assignee_id',
  requesterId: 'c.requester_id',
};

const caseworker: Principal = { kind: 'staff', userId: 'u1', roles: ['caseworker'], deskIds: ['d1', 'd2'], leadDeskIds: [] };

/** An ability from raw rules, for operators the factory does not use today. */
const rawAbility = (rules: unknown[]): AppAbility => createMongoAbility(rules as never) as AppAbility;

describe('accessibleWhere: shape', () => {
  test('a caseworker lists cases of their desks or assigned to them, one parameter per value', () => {
    const where = accessibleWhere(defineAbilityFor(caseworker), 'read', 'AidCase', CASE_COLUMNS);
    expect(where).toEqual({
      sql: '(c.assignee_id = $1 OR c.collaborator_desk_ids && $2 OR c.owner_desk_id = ANY($3))',
      params: ['u1', ['d1', 'd2'], ['d1', 'd2']],
    });
  });

  test('paramOffset shifts the placeholders', () => {
    const where = accessibleWhere(defineAbilityFor(caseworker), 'read', 'AidCase', CASE_COLUMNS, { paramOffset: 3 });
    expect(where.sql).toBe('(c.assignee_id = $4 OR c.collaborator_desk_ids && $5 OR c.owner_desk_id = ANY($6))');
    expect(where.params).toHaveLength(3);
  });

  test('a requester lists their records except notes: inverted rules become IS NOT TRUE', () => {
    const ability = defineAbilityFor({ kind: 'requester', requesterId: 'r1' });
    const where = accessibleWhere(ability, 'read', 'CaseRecord', { requesterId: 'c.requester_id', recordKind: 'r.kind' });
    expect(where).toEqual({
      sql: '(c.requester_id = $1 AND r.kind = ANY($2) AND (r.kind = $3) IS NOT TRUE)',
      params: ['r1', ['request', 'message'], 'note'],
    });
  });

  test('$ne prints as IS DISTINCT FROM', () => {
    const ability = defineAbilityFor({ kind: 'staff', userId: 'u1', roles: ['admin'], deskIds: [], leadDeskIds: [] });
    expect(accessibleWhere(ability, 'certify', 'StaffMember', { id: 's.id' })).toEqual({ sql: 's.id IS DISTINCT FROM $1', params: ['u1'] });
  });

  test('separation of duties: only negations for the approver', () => {
    const ability = defineAbilityFor({ kind: 'staff', userId: 'u1', roles: ['finance_approver'], deskIds: ['d1'], leadDeskIds: [] });
    const where = accessibleWhere(ability, 'approve', 'Grant', {
      proposerId: 'g.proposer_id',
      caseDeskIds: { sql: 'g.case_desk_ids', array: true },
      caseAssigneeId: 'g.case_assignee_id',
    });
    expect(where.sql).toBe('((g.case_assignee_id = $1) IS NOT TRUE AND (g.case_desk_ids && $2) IS NOT TRUE AND (g.proposer_id = $3) IS NOT TRUE)');
    expect(where.params).toEqual(['u1', ['d1'], 'u1']);
  });

  test('no rule gives FALSE; an unconditional rule gives TRUE', () => {
    const admin = defineAbilityFor({ kind: 'staff', userId: 'u1', roles: ['admin'], deskIds: ['d1'], leadDeskIds: ['d1'] });
    expect(accessibleWhere(admin, 'read', 'AidCase', CASE_COLUMNS)).toEqual({ sql: 'FALSE', params: [] });
    expect(accessibleWhere(admin, 'read', 'Desk', {})).toEqual({ sql: 'TRUE', params: [] });
    expect(accessibleWhere(defineAbilityFor({ kind: 'anonymous' }), 'read', 'AuditEvent', {})).toEqual({ sql: 'FALSE', params: [] });
  });

  test('an unconditional cannot wins over everything below it', () => {
    const ability = rawAbility([
      { action: 'read', subject: 'AidCase', conditions: { ownerDeskId: 'd1' } },
      { action: 'read', subject: 'AidCase', inverted: true },
    ]);
    expect(accessibleWhere(ability, 'read', 'AidCase', CASE_COLUMNS)).toEqual({ sql: 'FALSE', params: [] });
  });

  test('an unconditional can under a conditional cannot is the negation alone', () => {
    const ability = rawAbility([
      { action: 'read', subject: 'AidCase' },
      { action: 'read', subject: 'AidCase', inverted: true, conditions: { assigneeId: 'u9' } },
    ]);
    expect(accessibleWhere(ability, 'read', 'AidCase', CASE_COLUMNS)).toEqual({ sql: '(c.assignee_id = $1) IS NOT TRUE', params: ['u9'] });
  });
});

describe('accessibleWhere: errors', () => {
  test('a rule field without a column is refused', () => {
    expect(() => accessibleWhere(defineAbilityFor(caseworker), 'read', 'AidCase', { ownerDeskId: 'c.owner_desk_id' })).toThrow(
      expect.objectContaining({ code: RuleError.UnmappedField }),
    );
  });

  test.each([
    ['$gt', { urgency: { $gt: 'high' } }],
    ['$all', { collaboratorDeskIds: { $all: ['d1'] } }],
    ['$regex', { ownerDeskId: { $regex: '^d' } }],
    ['$exists', { assigneeId: { $exists: true } }],
    ['$elemMatch', { collaboratorDeskIds: { $elemMatch: { $eq: 'd1' } } }],
    ['an object value', { ownerDeskId: { a: 1 } }],
    ['null on an array column', { collaboratorDeskIds: null }],
  ])('%s is refused rather than guessed', (_name, conditions) => {
    const ability = rawAbility([{ action: 'read', subject: 'AidCase', conditions }]);
    const columns = { ...CASE_COLUMNS, urgency: 'c.urgency' };
    expect(() => accessibleWhere(ability, 'read', 'AidCase', columns)).toThrow(expect.objectContaining({ code: RuleError.UnsupportedCondition }));
  });

  test('a bad paramOffset is refused', () => {
    expect(() => accessibleWhere(defineAbilityFor(caseworker), 'read', 'AidCase', CASE_COLUMNS, { paramOffset: -1 })).toThrow(
      expect.objectContaining({ code: RuleError.InvalidInput }),
    );
  });

  test('the test evaluator itself rejects SQL outside its subset', () => {
    expect(() => evaluateSql('c.a LIKE $1', { 'c.a': 'x' }, ['x'])).toThrow();
    expect(() => evaluateSql('c.unknown = $1', {}, ['x'])).toThrow();
    expect(evaluateSql('(c.a = $1) IS NOT TRUE', { 'c.a': null }, ['x'])).toBe(true);
    expect(evaluateSql('c.a = ANY($1)', { 'c.a': 'y' }, [['x', null]])).toBeNull();
  });
});

// --- SQL verdict = ability verdict, for random principals and rows -------------------------

const desks = ['d1', 'd2', 'd3'];
const users = ['u1', 'u2'];
const requesters = ['r1', 'r2'];
const desk = fc.constantFrom(...desks);
const user = fc.constantFrom(...users);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const caseAccess = {
  ownerDeskId: desk,
  collaboratorDeskIds: fc.subarray(desks),
  assigneeId: maybe(user),
  requesterId: maybe(fc.constantFrom(...requesters)),
};

const SUBJECT_ARBS: { [S in SubjectName]: fc.Arbitrary<SubjectMap[S]> } = {
  AidCase: fc.record({
    id: fc.constant('c1'),
    ...caseAccess,
    status: fc.constant('in_progress' as const),
    requestType: fc.constant('legal' as const),
    urgency: fc.constant('high' as const),
  }),
  CaseRecord: fc.record({ id: fc.constant('rec'), caseId: fc.constant('c1'), recordKind: fc.constantFrom(...RECORD_KINDS), ...caseAccess }),
  CaseFile: fc.record({ id: fc.constant('f'), caseId: fc.constant('c1'), recordKind: fc.constantFrom(...RECORD_KINDS), ...caseAccess }),
  Desk: fc.record({ id: desk, slug: fc.constant('legal') }),
  DeskMembership: fc.record({ deskId: desk, userId: user, isLead: fc.boolean(), deskStaffed: fc.boolean() }),
  DeskKeyEnvelope: fc.record({ deskId: desk, deskKeyVersion: fc.nat(3), recipientId: user }),
  StaffMember: fc.record({ id: user, status: fc.constantFrom('invited' as const, 'active' as const, 'suspended' as const) }),
  Invitation: fc.record({ id: fc.constant('i'), invitedById: user }),
  Certificate: fc.record({ id: fc.constant('cert'), subjectKind: fc.constantFrom('staff' as const, 'desk' as const), subjectId: user }),
  RoutingRule: fc.record({ id: fc.constant('rr'), priority: fc.nat(9), deskSlug: fc.constant('legal') }),
  AuditEvent: fc.record({ id: fc.constant('e'), action: fc.constant('case.read'), actorId: maybe(user) }),
  Report: fc.record({ reportKind: fc.constantFrom('aggregate' as const, 'sla' as const, 'ledger' as const), deskId: maybe(desk) }),
  Fund: fc.record({ id: fc.constant('fund') }),
  Grant: fc.record({
    id: fc.constant('g'),
    proposerId: user,
    fundId: fc.constant('fund'),
    status: fc.constantFrom(...GRANT_STATUSES),
    caseId: maybe(fc.constant('c1')),
    caseDeskIds: fc.subarray(desks),
    caseAssigneeId: maybe(user),
    requesterId: maybe(fc.constantFrom(...requesters)),
  }),
  GrantPayee: fc.record({
    grantId: fc.constant('g'),
    caseDeskIds: fc.subarray(desks),
    caseAssigneeId: maybe(user),
    requesterId: maybe(fc.constantFrom(...requesters)),
  }),
  FellowshipCall: fc.record({ id: fc.constant('call') }),
  FellowshipApplication: fc.record({ id: fc.constant('app'), callId: fc.constant('call'), requesterId: maybe(fc.constantFrom(...requesters)), reviewerIds: fc.subarray(users) }),
};

const principalArb: fc.Arbitrary<Principal> = fc.oneof(
  fc.constant({ kind: 'anonymous' } as const),
  fc.constantFrom(...requesters).map((requesterId) => ({ kind: 'requester', requesterId }) as const),
  fc.record({
    kind: fc.constant('staff' as const),
    userId: user,
    roles: fc.subarray([...STAFF_ROLES]),
    deskIds: fc.subarray(desks),
    leadDeskIds: fc.subarray(desks),
  }),
);

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column `t.<snake_case>` per field, arrays declared as such; the row holds the same values. */
function tableFor(value: object): { columns: Record<string, string | { sql: string; array: true }>; row: Record<string, never> } {
  const columns: Record<string, string | { sql: string; array: true }> = {};
  const row: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(value)) {
    const column = `t.${snake(field)}`;
    columns[field] = Array.isArray(v) ? { sql: column, array: true } : column;
    row[column] = v;
  }
  return { columns, row: row as Record<string, never> };
}

describe('accessibleWhere: the SQL keeps exactly the rows the ability allows (property)', () => {
  test.each(SUBJECT_NAMES)('%s', (subjectType) => {
    const actions: string[] = [...SUBJECT_ACTIONS[subjectType], 'manage'];
    fc.assert(
      fc.property(
        principalArb,
        SUBJECT_ARBS[subjectType] as fc.Arbitrary<object>,
        fc.constantFrom(...actions),
        fc.nat(5),
        (principal, value, action, paramOffset) => {
          const ability = defineAbilityFor(principal);
          const { columns, row } = tableFor(value);
          const where = accessibleWhere(ability, action as never, subjectType, columns as never, { paramOffset });
          const params = [...Array.from({ length: paramOffset }, () => 'unrelated'), ...where.params];
          const allowed = ability.can(action as never, asSubject(subjectType, value as never) as never);
          expect(whereKeeps(where.sql, row, params)).toBe(allowed);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('null-aware operators agree with CASL on rows with NULLs (property)', () => {
    // CASL only reads operators from plain objects; fast-check makes null-prototype ones by default.
    const plain = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { noNullPrototype: true });
    const conditionArb = fc.oneof(
      plain({ assigneeId: maybe(user) }),
      plain({ assigneeId: plain({ $ne: maybe(user) }) }),
      plain({ assigneeId: plain({ $in: fc.array(maybe(user), { maxLength: 3 }) }) }),
      plain({ assigneeId: plain({ $nin: fc.array(maybe(user), { maxLength: 3 }) }) }),
      plain({ collaboratorDeskIds: desk }),
      plain({ collaboratorDeskIds: plain({ $ne: desk }) }),
      plain({ collaboratorDeskIds: plain({ $in: fc.subarray(desks) }) }),
      plain({ collaboratorDeskIds: plain({ $nin: fc.subarray(desks) }) }),
      plain({ ownerDeskId: plain({ $eq: desk }), requesterId: plain({ $ne: maybe(fc.constantFrom(...requesters)) }) }),
    );
    const ruleArb = fc.record({ conditions: conditionArb, inverted: fc.boolean() });
    const rowArb = fc.record({
      ownerDeskId: desk,
      collaboratorDeskIds: maybe(fc.subarray(desks)),
      assigneeId: maybe(user),
      requesterId: maybe(fc.constantFrom(...requesters)),
    });
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 4 }), rowArb, (rules, value) => {
        const ability = rawAbility(rules.map((r) => ({ action: 'read', subject: 'AidCase', ...r })));
        const row = {
          'c.owner_desk_id': value.ownerDeskId,
          'c.collaborator_desk_ids': value.collaboratorDeskIds,
          'c.assignee_id': value.assigneeId,
          'c.requester_id': value.requesterId,
        };
        const where = accessibleWhere(ability, 'read', 'AidCase', CASE_COLUMNS);
        // A NULL array column is a missing field to CASL.
        const subject = value.collaboratorDeskIds === null ? { ...value, collaboratorDeskIds: undefined } : value;
        const allowed = ability.can('read', asSubject('AidCase', subject as never));
        expect(whereKeeps(where.sql, row, where.params)).toBe(allowed);
      }),
      { numRuns: 1000 },
    );
  });
});
