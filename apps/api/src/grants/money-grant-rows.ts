import {
  type Grant,
  type GrantPayee,
  type GrantStatus,
  type Principal,
  type StaffPrincipal,
  DomainError,
  GeneralError,
  asSubject,
  defineAbilityFor,
} from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/**
 * A grant as tranches, reports and their files need it, with the linked case's desks and
 * assignee (null once the case is purged). Amounts are BIGINT read as decimal strings.
 */
export interface MoneyGrantRow {
  id: string;
  case_id: string | null;
  requester_id: string | null;
  fund_id: string;
  budget_line_id: string;
  currency: string;
  amount_minor: string;
  committed_minor: string;
  disbursed_minor: string;
  status: GrantStatus;
  proposer_id: string;
  report_due_on: string | null;
  finished_at: Date | null;
  payee_shredded_at: Date | null;
  owner_desk_id: string | null;
  collaborator_desk_ids: string[] | null;
  assignee_id: string | null;
}

/** One grant and its case's desks; `lock` takes the grant row (FOR UPDATE OF g) for the caller's transaction. */
export async function loadMoneyGrant(manager: EntityManager, grantId: string, lock = false): Promise<MoneyGrantRow | null> {
  const rows: MoneyGrantRow[] = await manager.query(
    `SELECT g.id, g.case_id, g.requester_id, g.fund_id, g.budget_line_id, g.currency, g.amount_minor::text AS amount_minor,
            g.committed_minor::text AS committed_minor, g.disbursed_minor::text AS disbursed_minor, g.status, g.proposer_id,
            to_char(g.report_due_on, 'YYYY-MM-DD') AS report_due_on, g.finished_at, g.payee_shredded_at,
            c.owner_desk_id, c.collaborator_desk_ids, c.assignee_id
       FROM grants g LEFT JOIN aid_cases c ON c.id = g.case_id
      WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`,
    [grantId],
  );
  return rows[0] ?? null;
}

const caseDeskIds = (row: MoneyGrantRow): string[] => (row.owner_desk_id ? [row.owner_desk_id, ...(row.collaborator_desk_ids ?? [])] : []);

/** The grant as the ability sees it (subjects.ts Grant). */
export function grantSubject(row: MoneyGrantRow): Grant {
  return {
    id: row.id,
    proposerId: row.proposer_id,
    fundId: row.fund_id,
    status: row.status,
    caseId: row.case_id,
    caseDeskIds: caseDeskIds(row),
    caseAssigneeId: row.assignee_id,
    requesterId: row.requester_id,
  };
}

/** The grant's payee details (and so its reports and files: SPEC §18) as the ability sees them. */
export function payeeSubject(row: MoneyGrantRow): GrantPayee {
  return { grantId: row.id, caseDeskIds: caseDeskIds(row), caseAssigneeId: row.assignee_id, requesterId: row.requester_id };
}

/**
 * Whether the caller may read the grant's secrets (payee details, reports, report files): case
 * staff, finance officers and the grant's requester; never admins, auditors or approvers.
 */
export function mayReadGrantSecrets(principal: Principal, row: MoneyGrantRow): boolean {
  return defineAbilityFor(principal).can('read', asSubject('GrantPayee', payeeSubject(row)));
}

/**
 * Whether a member of staff works the grant's case as a caseworker (the lifecycle's
 * `case_staff`): the caseworker rules of the ability alone, so a finance officer's blanket
 * grant rights do not count.
 */
export function isGrantCaseStaff(staff: StaffPrincipal, row: MoneyGrantRow): boolean {
  const caseRoles = staff.roles.filter((r) => r === 'caseworker' || r === 'desk_lead');
  if (caseRoles.length === 0) return false;
  return defineAbilityFor({ ...staff, roles: caseRoles }).can('update', asSubject('Grant', grantSubject(row)));
}

/** 404 for a grant the caller may not read (as for one that does not exist). */
export function requireReadableGrant(principal: Principal, row: MoneyGrantRow | null): MoneyGrantRow {
  if (!row || !defineAbilityFor(principal).can('read', asSubject('Grant', grantSubject(row)))) throw new DomainError(GeneralError.NotFound);
  return row;
}
