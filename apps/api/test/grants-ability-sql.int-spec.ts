import { randomUUID } from 'node:crypto';
import { type Grant, type Principal, accessibleWhere, asSubject, defineAbilityFor } from '@ashar/domain';
import { Client } from 'pg';
import { GRANT_COLUMNS, GRANT_PAYEE_COLUMNS } from '../src/grants/grant.repository';
import { testEnv } from './app';

/*
 * The grants api loads and lists grants with the ability's Grant and GrantPayee conditions as
 * SQL over `grants g LEFT JOIN aid_cases c` (GRANT_COLUMNS: the case's desks are an expression,
 * empty when the grant has no case). Here they run on the real PostgreSQL over grants in every
 * relation to every caller — separation of duties' inverted rules included — and must select
 * exactly the rows ability.can() allows.
 */

const DESKS = Array.from({ length: 3 }, () => randomUUID());
const PEOPLE = Array.from({ length: 3 }, () => randomUUID());
const REQUESTERS = Array.from({ length: 2 }, () => randomUUID());
const FUND = randomUUID();

interface Row extends Grant {
  ownerDeskId: string | null;
  collaboratorDeskIds: string[];
}

function grants(): Row[] {
  const out: Row[] = [];
  const owners: (string | null)[] = [...DESKS, null];
  for (const owner of owners)
    for (const collaborators of owner === null ? [[]] : [[], [DESKS[1]!]])
      for (const assignee of owner === null ? [null] : [null, PEOPLE[0]!])
        for (const requester of [null, REQUESTERS[0]!])
          for (const proposer of [PEOPLE[1]!, PEOPLE[2]!]) {
            const caseId = owner === null ? null : randomUUID();
            out.push({
              id: randomUUID(),
              proposerId: proposer,
              fundId: FUND,
              status: 'submitted',
              caseId,
              caseDeskIds: owner === null ? [] : [owner, ...collaborators],
              caseAssigneeId: assignee,
              requesterId: requester,
              ownerDeskId: owner,
              collaboratorDeskIds: collaborators,
            });
          }
  return out;
}

const staff = (roles: string[], userId: string, deskIds: string[] = [], leadDeskIds: string[] = []): Principal => ({ kind: 'staff', userId, roles: roles as never, deskIds, leadDeskIds });

const PRINCIPALS: [string, Principal][] = [
  ['anonymous', { kind: 'anonymous' }],
  ['requester', { kind: 'requester', requesterId: REQUESTERS[0]! }],
  ['other requester', { kind: 'requester', requesterId: REQUESTERS[1]! }],
  ['caseworker of desk 0', staff(['caseworker'], randomUUID(), [DESKS[0]!])],
  ['caseworker of desk 2, assignee', staff(['caseworker'], PEOPLE[0]!, [DESKS[2]!])],
  ['lead of desk 1', staff(['caseworker', 'desk_lead'], randomUUID(), [], [DESKS[1]!])],
  ['finance officer', staff(['finance_officer'], randomUUID())],
  ['finance approver', staff(['finance_approver'], randomUUID())],
  ['finance approver who proposes', staff(['finance_approver'], PEOPLE[1]!)],
  ['approver and caseworker of desk 1', staff(['caseworker', 'finance_approver'], PEOPLE[2]!, [DESKS[1]!])],
  ['approver, assignee of cases', staff(['finance_approver'], PEOPLE[0]!)],
  ['director', staff(['director'], randomUUID())],
  ['officer and approver', staff(['finance_officer', 'finance_approver'], randomUUID())],
  ['admin', staff(['admin'], randomUUID())],
  ['auditor', staff(['auditor'], randomUUID())],
];

describe('grant conditions as SQL, on the real PostgreSQL', () => {
  const client = new Client({ connectionString: testEnv().DATABASE_URL });
  const rows = grants();

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE TEMP TABLE gt (id uuid PRIMARY KEY, proposer_id uuid NOT NULL, fund_id uuid NOT NULL, status text NOT NULL, case_id uuid, requester_id uuid)`);
    await client.query(`CREATE TEMP TABLE ct (id uuid PRIMARY KEY, owner_desk_id uuid NOT NULL, collaborator_desk_ids uuid[] NOT NULL, assignee_id uuid)`);
    for (const r of rows) {
      if (r.caseId) await client.query(`INSERT INTO ct VALUES ($1, $2, $3, $4)`, [r.caseId, r.ownerDeskId, r.collaboratorDeskIds, r.caseAssigneeId]);
      await client.query(`INSERT INTO gt VALUES ($1, $2, $3, $4, $5, $6)`, [r.id, r.proposerId, r.fundId, r.status, r.caseId, r.requesterId]);
    }
  });
  afterAll(() => client.end());

  const select = async (where: { sql: string; params: readonly unknown[] }) =>
    (await client.query<{ id: string }>(`SELECT g.id FROM gt g LEFT JOIN ct c ON c.id = g.case_id WHERE ${where.sql} ORDER BY g.id`, where.params as unknown[])).rows.map((r) => r.id);

  for (const [name, principal] of PRINCIPALS) {
    for (const action of ['read', 'update', 'approve', 'disburse'] as const) {
      it(`${name} may ${action} Grant: SQL selects exactly the allowed grants`, async () => {
        const ability = defineAbilityFor(principal);
        const got = await select(accessibleWhere(ability, action, 'Grant', GRANT_COLUMNS));
        const expected = rows.filter((r) => ability.can(action, asSubject('Grant', r))).map((r) => r.id).sort();
        expect(got).toEqual(expected);
      });
    }
    for (const action of ['read', 'update'] as const) {
      it(`${name} may ${action} GrantPayee: SQL selects exactly the allowed grants`, async () => {
        const ability = defineAbilityFor(principal);
        const got = await select(accessibleWhere(ability, action, 'GrantPayee', GRANT_PAYEE_COLUMNS));
        const expected = rows
          .filter((r) => ability.can(action, asSubject('GrantPayee', { grantId: r.id, caseDeskIds: r.caseDeskIds, caseAssigneeId: r.caseAssigneeId, requesterId: r.requesterId })))
          .map((r) => r.id)
          .sort();
        expect(got).toEqual(expected);
      });
    }
  }

  it('separation of duties is not trivially true or false', async () => {
    const ability = defineAbilityFor(PRINCIPALS.find(([n]) => n === 'approver and caseworker of desk 1')![1]);
    const got = await select(accessibleWhere(ability, 'approve', 'Grant', GRANT_COLUMNS));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(rows.length);
    // Nothing they proposed, nothing of desk 1's cases.
    for (const id of got) {
      const r = rows.find((x) => x.id === id)!;
      expect(r.proposerId).not.toBe(PEOPLE[2]);
      expect(r.caseDeskIds).not.toContain(DESKS[1]);
    }
  });
});
