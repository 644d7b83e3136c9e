import { Injectable } from '@nestjs/common';
import { type BudgetPurpose, type CurrencyCode, type DisbursementMethod, type FundStatus, type GrantReportStatus, type GrantStatus, type TrancheStatus, type SqlColumnMap, type SqlWhere } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/**
 * A grants row with the facts of its case the ability needs (owning and collaborating desks,
 * assignee), its fund's name and policy, and its proposer's name. Amounts are decimal strings of
 * minor units (BIGINT as node-postgres hands it back), dates ISO strings made by PostgreSQL.
 */
export interface GrantRow {
  id: string;
  case_id: string | null;
  requester_id: string | null;
  fund_id: string;
  budget_line_id: string;
  currency: CurrencyCode;
  amount_minor: string;
  purpose: BudgetPurpose;
  status: GrantStatus;
  version: number;
  proposer_id: string;
  committed_minor: string;
  disbursed_minor: string;
  report_due_on: string | null;
  approved_at: string | null;
  finished_at: string | null;
  payee_shredded_at: string | null;
  created_at: string;
  updated_at: string;
  case_owner_desk_id: string | null;
  case_collaborator_desk_ids: string[];
  case_assignee_id: string | null;
  case_status: string | null;
  fund_name: string;
  fund_policy: unknown;
  fund_status: FundStatus;
  proposer_name: string;
  information_request: string | null;
}

/** The ability's Grant (and GrantPayee) fields as columns of `grants g LEFT JOIN aid_cases c` (libs/domain accessibleWhere). */
export const GRANT_COLUMNS: SqlColumnMap<'Grant'> = {
  id: 'g.id',
  proposerId: 'g.proposer_id',
  fundId: 'g.fund_id',
  status: 'g.status',
  caseId: 'g.case_id',
  caseDeskIds: { sql: `(CASE WHEN c.id IS NULL THEN '{}'::uuid[] ELSE c.owner_desk_id || c.collaborator_desk_ids END)`, array: true },
  caseAssigneeId: 'c.assignee_id',
  requesterId: 'g.requester_id',
};
export const GRANT_PAYEE_COLUMNS: SqlColumnMap<'GrantPayee'> = {
  grantId: 'g.id',
  caseDeskIds: GRANT_COLUMNS.caseDeskIds,
  caseAssigneeId: 'c.assignee_id',
  requesterId: 'g.requester_id',
};

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const GRANT_FIELDS = `g.id, g.case_id, g.requester_id, g.fund_id, g.budget_line_id, g.currency, g.amount_minor::text AS amount_minor, g.purpose, g.status,
  g.version, g.proposer_id, g.committed_minor::text AS committed_minor, g.disbursed_minor::text AS disbursed_minor,
  to_char(g.report_due_on, 'YYYY-MM-DD') AS report_due_on, ${iso('g.approved_at')} AS approved_at, ${iso('g.finished_at')} AS finished_at,
  ${iso('g.payee_shredded_at')} AS payee_shredded_at, ${iso('g.created_at')} AS created_at, ${iso('g.updated_at')} AS updated_at,
  c.owner_desk_id AS case_owner_desk_id, COALESCE(c.collaborator_desk_ids, '{}'::uuid[]) AS case_collaborator_desk_ids,
  c.assignee_id AS case_assignee_id, c.status AS case_status, f.name AS fund_name, f.approval_policy AS fund_policy, f.status AS fund_status, s.display_name AS proposer_name, g.information_request`;
export const GRANT_FROM = `grants g LEFT JOIN aid_cases c ON c.id = g.case_id JOIN funds f ON f.id = g.fund_id JOIN staff_members s ON s.id = g.proposer_id`;

export interface NewGrant {
  id: string;
  caseId: string;
  requesterId: string | null;
  fundId: string;
  budgetLineId: string;
  currency: CurrencyCode;
  amountMinor: bigint;
  purpose: BudgetPurpose;
  proposerId: string;
}

export interface GrantEnvelopeRow {
  recipient_kind: 'desk' | 'staff' | 'requester';
  recipient_id: string | null;
  desk_key_version: number | null;
  sealed_key: string;
  sealer_kid: string;
  signature: string;
  sealer_id: string;
}

/** A stored envelope, with when the server stored it (ISO): the sealer's certificate is checked as of then. */
export type StoredGrantEnvelopeRow = GrantEnvelopeRow & { created_at: string };

export interface GrantApprovalRow {
  approver_id: string;
  approver_name: string;
  terms_version: number;
  decision: 'approve' | 'reject';
  by_director: boolean;
  signature: string;
  signer_kid: string;
  signer_sign_pk: string | null;
  at: string;
}

export interface GrantPayeeRow {
  ciphertext: string;
  author_kind: 'requester' | 'staff';
  author_id: string;
  author_kid: string;
  updated_at: string;
}

export interface TrancheRow {
  id: string;
  seq: number;
  status: TrancheStatus;
  method: DisbursementMethod;
  planned_minor: string;
  scheduled_on: string;
  paid_minor: string | null;
  paid_currency: CurrencyCode | null;
  rate: string | null;
  rate_source: string | null;
  rate_at: string | null;
  fund_equivalent_minor: string | null;
  sent_at: string | null;
  settled_at: string | null;
}

export interface ReportRow {
  id: string;
  status: GrantReportStatus;
  ciphertext: string | null;
  author_kid: string;
  author_kind: 'requester' | 'staff';
  submitted_at: string;
  decided_at: string | null;
  files: { id: string; header: string; wrappedKey: string; meta: string; size: number; chunkCount: number; complete: boolean }[];
}

export interface GrantListFilter {
  statuses?: GrantStatus[];
  fundId?: string;
  caseId?: string;
  limit: number;
}

/** Queries on grants and what hangs off them: envelopes, approvals, conflicts, payee details. No business rules here. */
@Injectable()
export class GrantRepository {
  /**
   * The grant if the caller may act on it: `where` is the ability's condition (accessibleWhere
   * with paramOffset 1, over GRANT_COLUMNS). With `lock`, the grant row stays locked to the commit.
   */
  async findAccessible(manager: EntityManager, id: string, where: SqlWhere, lock = false): Promise<GrantRow | null> {
    const rows = await manager.query<GrantRow[]>(`SELECT ${GRANT_FIELDS} FROM ${GRANT_FROM} WHERE g.id = $1 AND (${where.sql})${lock ? ' FOR UPDATE OF g' : ''}`, [id, ...where.params]);
    return rows[0] ?? null;
  }

  /** The grant, without any access condition (for the system's own steps). */
  async find(manager: EntityManager, id: string, lock = false): Promise<GrantRow | null> {
    const rows = await manager.query<GrantRow[]>(`SELECT ${GRANT_FIELDS} FROM ${GRANT_FROM} WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM grants WHERE id = $1`, [id])).length > 0;
  }

  /** Grants the caller may read (`where` over GRANT_COLUMNS, paramOffset 0), newest change first. */
  async list(manager: EntityManager, where: SqlWhere, filter: GrantListFilter): Promise<GrantRow[]> {
    const params: unknown[] = [...where.params];
    const conditions = [`(${where.sql})`];
    if (filter.statuses?.length) conditions.push(`g.status = ANY($${params.push(filter.statuses)}::text[])`);
    if (filter.fundId) conditions.push(`g.fund_id = $${params.push(filter.fundId)}`);
    if (filter.caseId) conditions.push(`g.case_id = $${params.push(filter.caseId)}`);
    return manager.query<GrantRow[]>(`SELECT ${GRANT_FIELDS} FROM ${GRANT_FROM} WHERE ${conditions.join(' AND ')} ORDER BY g.updated_at DESC, g.id LIMIT $${params.push(filter.limit)}`, params);
  }

  async insert(manager: EntityManager, g: NewGrant): Promise<void> {
    await manager.query(
      `INSERT INTO grants (id, case_id, requester_id, fund_id, budget_line_id, currency, amount_minor, purpose, status, version, proposer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', 1, $9)`,
      [g.id, g.caseId, g.requesterId, g.fundId, g.budgetLineId, g.currency, g.amountMinor.toString(), g.purpose, g.proposerId],
    );
  }

  /** New terms: a new version (approvals of earlier versions count for nothing). Only from `version`; false when it moved on. */
  async updateTerms(manager: EntityManager, id: string, version: number, terms: { fundId: string; budgetLineId: string; currency: CurrencyCode; amountMinor: bigint; purpose: BudgetPurpose }): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH u AS (UPDATE grants SET fund_id = $3, budget_line_id = $4, currency = $5, amount_minor = $6, purpose = $7, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 AND committed_minor = 0 AND disbursed_minor = 0 RETURNING id) SELECT * FROM u`,
      [id, version, terms.fundId, terms.budgetLineId, terms.currency, terms.amountMinor.toString(), terms.purpose],
    );
    return rows.length === 1;
  }

  /** Moves the grant from `from` to `to` (false when it is no longer in `from`); `approved` sets approved_at and the report due date. */
  async setStatus(manager: EntityManager, id: string, from: GrantStatus, to: GrantStatus, extra: { reportDueDays?: number; finished?: boolean; informationRequest?: string | null } = {}): Promise<boolean> {
    const sets = ['status = $3', 'updated_at = now()'];
    const params: unknown[] = [id, from, to];
    if (extra.informationRequest !== undefined) sets.push(`information_request = $${params.push(extra.informationRequest)}`);
    if (extra.reportDueDays !== undefined) sets.push(`approved_at = now()`, `report_due_on = (now() AT TIME ZONE 'UTC')::date + $${params.push(extra.reportDueDays)}::int`);
    if (extra.finished) sets.push('finished_at = now()');
    const rows = await manager.query<unknown[]>(`WITH u AS (UPDATE grants SET ${sets.join(', ')} WHERE id = $1 AND status = $2 RETURNING id) SELECT * FROM u`, params);
    return rows.length === 1;
  }

  async insertEnvelope(manager: EntityManager, grantId: string, e: GrantEnvelopeRow): Promise<void> {
    await manager.query(
      `INSERT INTO grant_key_envelopes (grant_id, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kid, signature, sealer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [grantId, e.recipient_kind, e.recipient_id, e.desk_key_version, e.sealed_key, e.sealer_kid, e.signature, e.sealer_id],
    );
  }

  /** The envelopes addressed to the caller: to them, to one of `deskIds`, or (requesterOnly) to the grant's requester. */
  async envelopesFor(manager: EntityManager, grantId: string, to: { staffId: string; deskIds: readonly string[] } | { requester: true }): Promise<StoredGrantEnvelopeRow[]> {
    const sql = `SELECT recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kid, signature, sealer_id, ${iso('created_at')} AS created_at FROM grant_key_envelopes WHERE grant_id = $1 AND `;
    if ('requester' in to) return manager.query<StoredGrantEnvelopeRow[]>(`${sql} recipient_kind = 'requester'`, [grantId]);
    return manager.query<StoredGrantEnvelopeRow[]>(
      `${sql} ((recipient_kind = 'staff' AND recipient_id = $2) OR (recipient_kind = 'desk' AND recipient_id = ANY($3::uuid[])))
       ORDER BY recipient_kind, desk_key_version DESC NULLS LAST`,
      [grantId, to.staffId, [...to.deskIds]],
    );
  }

  /** Every decision on the grant, oldest first, with the approver's name and certified signing key. */
  async approvals(manager: EntityManager, grantId: string): Promise<GrantApprovalRow[]> {
    return manager.query<GrantApprovalRow[]>(
      `SELECT a.approver_id, s.display_name AS approver_name, a.terms_version, a.decision, a.by_director, a.signature, a.signer_kid,
              s.sign_pk AS signer_sign_pk, ${iso('a.created_at')} AS at
         FROM grant_approvals a JOIN staff_members s ON s.id = a.approver_id
        WHERE a.grant_id = $1 ORDER BY a.created_at, a.id`,
      [grantId],
    );
  }

  async insertApproval(manager: EntityManager, a: { grantId: string; approverId: string; termsVersion: number; decision: 'approve' | 'reject'; byDirector: boolean; signature: string; signerKid: string }): Promise<void> {
    await manager.query(
      `INSERT INTO grant_approvals (grant_id, approver_id, terms_version, decision, by_director, signature, signer_kid) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [a.grantId, a.approverId, a.termsVersion, a.decision, a.byDirector, a.signature, a.signerKid],
    );
  }

  async conflictedIds(manager: EntityManager, grantId: string): Promise<string[]> {
    const rows = await manager.query<{ staff_id: string }[]>(`SELECT staff_id FROM grant_conflicts WHERE grant_id = $1`, [grantId]);
    return rows.map((r) => r.staff_id);
  }

  /** Declares a conflict of interest; false when it was already declared. */
  async insertConflict(manager: EntityManager, grantId: string, staffId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`INSERT INTO grant_conflicts (grant_id, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING staff_id`, [grantId, staffId]);
    return rows.length === 1;
  }

  /**
   * Who works the grant's case now: its assignee and the active members of its owning and
   * collaborating desks. Empty when the grant has no case (any more).
   */
  async caseStaffIds(manager: EntityManager, grantId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT c.assignee_id AS id FROM grants g JOIN aid_cases c ON c.id = g.case_id WHERE g.id = $1 AND c.assignee_id IS NOT NULL
       UNION
       SELECT m.staff_id AS id FROM grants g JOIN aid_cases c ON c.id = g.case_id
         JOIN desk_members m ON m.desk_id = ANY (c.owner_desk_id || c.collaborator_desk_ids)
        WHERE g.id = $1`,
      [grantId],
    );
    return rows.map((r) => r.id);
  }

  /** The signing public key of the grant's requester (to verify payee details and reports they signed), or null. */
  async requesterSignPk(manager: EntityManager, grantId: string): Promise<string | null> {
    const rows = await manager.query<{ sign_pk: string }[]>(`SELECT r.sign_pk FROM grants g JOIN requesters r ON r.id = g.requester_id WHERE g.id = $1`, [grantId]);
    return rows[0]?.sign_pk ?? null;
  }

  async payee(manager: EntityManager, grantId: string): Promise<GrantPayeeRow | null> {
    const rows = await manager.query<GrantPayeeRow[]>(
      `SELECT ciphertext, author_kind, author_id, author_kid, ${iso('updated_at')} AS updated_at FROM grant_payees WHERE grant_id = $1`,
      [grantId],
    );
    return rows[0] ?? null;
  }

  async upsertPayee(manager: EntityManager, grantId: string, p: { ciphertext: string; authorKind: 'requester' | 'staff'; authorId: string; authorKid: string }): Promise<void> {
    await manager.query(
      `INSERT INTO grant_payees (grant_id, ciphertext, author_kind, author_id, author_kid) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (grant_id) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, author_kind = EXCLUDED.author_kind, author_id = EXCLUDED.author_id,
         author_kid = EXCLUDED.author_kid, updated_at = now()`,
      [grantId, p.ciphertext, p.authorKind, p.authorId, p.authorKid],
    );
  }

  /** The grants of a requester (the follow-up page), newest first. */
  async ofRequester(manager: EntityManager, requesterId: string): Promise<GrantRow[]> {
    return manager.query<GrantRow[]>(`SELECT ${GRANT_FIELDS} FROM ${GRANT_FROM} WHERE g.requester_id = $1 ORDER BY g.created_at DESC, g.id LIMIT 50`, [requesterId]);
  }

  /** The grant's audit events, oldest first, with the actor's name when staff (the timeline). */
  async timeline(manager: EntityManager, grantId: string): Promise<{ at: string; action: string; actor_name: string | null }[]> {
    return manager.query(
      `SELECT ${iso('e.occurred_at')} AS at, e.action, s.display_name AS actor_name
         FROM audit_events e LEFT JOIN staff_members s ON e.actor_kind = 'staff' AND s.id::text = e.actor_id
        WHERE e.subject_type = 'grant' AND e.subject_id = $1 ORDER BY e.seq LIMIT 500`,
      [grantId],
    );
  }
  /** The public keys of a requester (to check what they seal and sign). */
  async requesterKeys(manager: EntityManager, requesterId: string): Promise<{ enc_pk: string; sign_pk: string } | null> {
    const rows = await manager.query<{ enc_pk: string; sign_pk: string }[]>(`SELECT enc_pk, sign_pk FROM requesters WHERE id = $1`, [requesterId]);
    return rows[0] ?? null;
  }

  /** A member of staff's keys, certificate and roles as they are now. */
  async staffKeys(manager: EntityManager, staffId: string): Promise<{ enc_pk: string | null; sign_pk: string | null; certified: boolean; roles: string[]; status: string } | null> {
    const rows = await manager.query<{ enc_pk: string | null; sign_pk: string | null; certified: boolean; roles: string[]; status: string }[]>(
      `SELECT enc_pk, sign_pk, certificate IS NOT NULL AS certified, roles, status FROM staff_members WHERE id = $1`,
      [staffId],
    );
    return rows[0] ?? null;
  }

  async tranches(manager: EntityManager, grantId: string): Promise<TrancheRow[]> {
    return manager.query<TrancheRow[]>(
      `SELECT id, seq, status, method, planned_minor::text AS planned_minor, to_char(scheduled_on, 'YYYY-MM-DD') AS scheduled_on,
              paid_minor::text AS paid_minor, paid_currency, rate::text AS rate, rate_source, ${iso('rate_at')} AS rate_at,
              fund_equivalent_minor::text AS fund_equivalent_minor, ${iso('sent_at')} AS sent_at, ${iso('settled_at')} AS settled_at
         FROM grant_tranches WHERE grant_id = $1 ORDER BY seq`,
      [grantId],
    );
  }

  async reports(manager: EntityManager, grantId: string): Promise<ReportRow[]> {
    return manager.query<ReportRow[]>(
      `SELECT r.id, r.status, r.ciphertext, r.author_kid, r.author_kind, ${iso('r.submitted_at')} AS submitted_at, ${iso('r.decided_at')} AS decided_at,
              COALESCE((SELECT json_agg(json_build_object('id', f.id, 'header', f.header, 'wrappedKey', f.wrapped_key, 'meta', f.meta, 'size', f.encrypted_size,
                        'chunkCount', f.chunk_count, 'complete', f.completed_at IS NOT NULL) ORDER BY f.created_at, f.id) FROM grant_files f WHERE f.report_id = r.id), '[]'::json) AS files
         FROM grant_reports r WHERE r.grant_id = $1 ORDER BY r.submitted_at, r.id`,
      [grantId],
    );
  }

  /** The approval facts of many grants at once (for a list): case staff now, conflicts, decisions. */
  async approvalFacts(manager: EntityManager, grantIds: readonly string[]): Promise<Map<string, { caseStaffIds: string[]; conflictedIds: string[]; approvals: { approver_id: string; terms_version: number; decision: 'approve' | 'reject'; by_director: boolean }[] }>> {
    const out = new Map<string, { caseStaffIds: string[]; conflictedIds: string[]; approvals: { approver_id: string; terms_version: number; decision: 'approve' | 'reject'; by_director: boolean }[] }>();
    if (grantIds.length === 0) return out;
    for (const id of grantIds) out.set(id, { caseStaffIds: [], conflictedIds: [], approvals: [] });
    const ids = [...grantIds];
    const staff = await manager.query<{ grant_id: string; id: string }[]>(
      `SELECT g.id AS grant_id, c.assignee_id AS id FROM grants g JOIN aid_cases c ON c.id = g.case_id WHERE g.id = ANY($1::uuid[]) AND c.assignee_id IS NOT NULL
       UNION
       SELECT g.id, m.staff_id FROM grants g JOIN aid_cases c ON c.id = g.case_id JOIN desk_members m ON m.desk_id = ANY (c.owner_desk_id || c.collaborator_desk_ids)
        WHERE g.id = ANY($1::uuid[])`,
      [ids],
    );
    for (const r of staff) out.get(r.grant_id)?.caseStaffIds.push(r.id);
    for (const r of await manager.query<{ grant_id: string; staff_id: string }[]>(`SELECT grant_id, staff_id FROM grant_conflicts WHERE grant_id = ANY($1::uuid[])`, [ids])) {
      out.get(r.grant_id)?.conflictedIds.push(r.staff_id);
    }
    const approvals = await manager.query<{ grant_id: string; approver_id: string; terms_version: number; decision: 'approve' | 'reject'; by_director: boolean }[]>(
      `SELECT grant_id, approver_id, terms_version, decision, by_director FROM grant_approvals WHERE grant_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
    for (const r of approvals) out.get(r.grant_id)?.approvals.push(r);
    return out;
  }
  async deskIdBySlug(manager: EntityManager, slug: string): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM desks WHERE slug = $1`, [slug]);
    return rows[0]?.id ?? null;
  }

  /** How many of the grant's tranches are in each status. */
  async trancheCounts(manager: EntityManager, grantId: string): Promise<Partial<Record<TrancheStatus, number>>> {
    const rows = await manager.query<{ status: TrancheStatus; n: number }[]>(`SELECT status, count(*)::int AS n FROM grant_tranches WHERE grant_id = $1 GROUP BY status`, [grantId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Cancels the tranches not sent yet (a cancelled grant pays nothing more); returns how many. */
  async cancelScheduledTranches(manager: EntityManager, grantId: string): Promise<number> {
    const rows = await manager.query<unknown[]>(`WITH u AS (UPDATE grant_tranches SET status = 'cancelled' WHERE grant_id = $1 AND status = 'scheduled' RETURNING id) SELECT * FROM u`, [grantId]);
    return rows.length;
  }

  async hasAcceptedReport(manager: EntityManager, grantId: string): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM grant_reports WHERE grant_id = $1 AND status = 'accepted' LIMIT 1`, [grantId])).length > 0;
  }
}
