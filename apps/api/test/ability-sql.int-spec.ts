import { randomUUID } from 'node:crypto';
import { type AidCase, type Principal, type SqlColumnMap, accessibleWhere, asSubject, defineAbilityFor } from '@ashar/domain';
import { Client } from 'pg';
import { testEnv } from './app';

/*
 * The list queries of the api filter in SQL with the conditions of the one
 * CASL ability (libs/domain accessibleWhere). Here those conditions run on the
 * real PostgreSQL, over a table of cases in every relation to every caller,
 * and must select exactly the rows ability.can() allows, row by row.
 */

const DESKS = Array.from({ length: 4 }, () => randomUUID());
const PEOPLE = Array.from({ length: 3 }, () => randomUUID());
const REQUESTERS = Array.from({ length: 2 }, () => randomUUID());

const COLUMNS: SqlColumnMap<'AidCase'> = {
  id: 'c.id',
  ownerDeskId: 'c.owner_desk_id',
  collaboratorDeskIds: { sql: 'c.collaborator_desk_ids', array: true },
  assigneeId: 'c.assignee_id',
  requesterId: 'c.requester_id',
  status: 'c.status',
  requestType: 'c.request_type',
  urgency: 'c.urgency',
};

function cases(): AidCase[] {
  const out: AidCase[] = [];
  for (const owner of DESKS)
    for (const collaborators of [[], [DESKS[1]!], [DESKS[2]!, DESKS[3]!]])
      for (const assignee of [null, PEOPLE[0]!, PEOPLE[1]!])
        for (const requester of [null, REQUESTERS[0]!])
          out.push({ id: randomUUID(), ownerDeskId: owner, collaboratorDeskIds: collaborators, assigneeId: assignee, requesterId: requester, status: 'in_progress', requestType: 'legal', urgency: 'high' });
  return out;
}

const PRINCIPALS: [string, Principal][] = [
  ['anonymous', { kind: 'anonymous' }],
  ['requester', { kind: 'requester', requesterId: REQUESTERS[0]! }],
  ['other requester', { kind: 'requester', requesterId: REQUESTERS[1]! }],
  ['caseworker of desk 0', { kind: 'staff', userId: PEOPLE[2]!, roles: ['caseworker'], deskIds: [DESKS[0]!], leadDeskIds: [] }],
  ['caseworker of desk 1, assignee', { kind: 'staff', userId: PEOPLE[0]!, roles: ['caseworker'], deskIds: [DESKS[1]!], leadDeskIds: [] }],
  ['lead of desk 2', { kind: 'staff', userId: PEOPLE[1]!, roles: ['caseworker', 'desk_lead'], deskIds: [], leadDeskIds: [DESKS[2]!] }],
  ['admin', { kind: 'staff', userId: randomUUID(), roles: ['admin'], deskIds: [], leadDeskIds: [] }],
  ['auditor', { kind: 'staff', userId: randomUUID(), roles: ['auditor'], deskIds: [], leadDeskIds: [] }],
  ['finance officer', { kind: 'staff', userId: randomUUID(), roles: ['finance_officer'], deskIds: [], leadDeskIds: [] }],
];

describe('CASL conditions as SQL, on the real PostgreSQL', () => {
  const client = new Client({ connectionString: testEnv().DATABASE_URL });
  const rows = cases();

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE TEMP TABLE c (id uuid PRIMARY KEY, owner_desk_id uuid NOT NULL, collaborator_desk_ids uuid[] NOT NULL,
      assignee_id uuid, requester_id uuid, status text NOT NULL, request_type text NOT NULL, urgency text NOT NULL)`);
    for (const r of rows) {
      await client.query(`INSERT INTO c VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [r.id, r.ownerDeskId, r.collaboratorDeskIds, r.assigneeId, r.requesterId, r.status, r.requestType, r.urgency]);
    }
  });
  afterAll(() => client.end());

  for (const [name, principal] of PRINCIPALS) {
    for (const action of ['read', 'write_note', 'write_message', 'assign', 'transition'] as const) {
      it(`${name} may ${action}: SQL selects exactly the allowed cases`, async () => {
        const ability = defineAbilityFor(principal);
        const where = accessibleWhere(ability, action, 'AidCase', COLUMNS, { paramOffset: 0 });
        const result = await client.query<{ id: string }>(`SELECT c.id FROM c WHERE ${where.sql} ORDER BY c.id`, where.params as unknown[]);
        const expected = rows.filter((r) => ability.can(action, asSubject('AidCase', r))).map((r) => r.id).sort();
        expect(result.rows.map((r) => r.id)).toEqual(expected);
      });
    }
  }

  it('is not trivially true or false for a caseworker', () => {
    const ability = defineAbilityFor(PRINCIPALS[3]![1]);
    const where = accessibleWhere(ability, 'read', 'AidCase', COLUMNS);
    expect(where.sql).not.toBe('TRUE');
    expect(where.sql).not.toBe('FALSE');
    expect(rows.filter((r) => ability.can('read', asSubject('AidCase', r))).length).toBeGreaterThan(0);
  });
});
