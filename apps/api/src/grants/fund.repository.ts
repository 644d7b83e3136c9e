import { Injectable } from '@nestjs/common';
import { type BudgetPurpose, type CurrencyCode, type FundStatus } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

export interface FundRow {
  id: string;
  name: string;
  donor: string;
  currency: CurrencyCode;
  total_minor: string;
  allocated_minor: string;
  committed_minor: string;
  disbursed_minor: string;
  period_start: string;
  period_end: string;
  status: FundStatus;
  approval_policy: unknown;
}

export interface BudgetLineRow {
  id: string;
  fund_id: string;
  purpose: BudgetPurpose;
  allocated_minor: string;
  committed_minor: string;
  disbursed_minor: string;
}

const FUND_FIELDS = `id, name, donor, currency, total_minor::text AS total_minor, allocated_minor::text AS allocated_minor,
  committed_minor::text AS committed_minor, disbursed_minor::text AS disbursed_minor,
  to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, status, approval_policy`;
const LINE_FIELDS = `id, fund_id, purpose, allocated_minor::text AS allocated_minor, committed_minor::text AS committed_minor, disbursed_minor::text AS disbursed_minor`;

/** Queries on currencies, funds and budget lines. Allocation changes are conditional UPDATEs (docs/grants.md). */
@Injectable()
export class FundRepository {
  async currencies(manager: EntityManager): Promise<{ code: CurrencyCode; exponent: number; name: string }[]> {
    return manager.query(`SELECT code, exponent, name FROM currencies ORDER BY code`);
  }

  async currencyExists(manager: EntityManager, code: string): Promise<boolean> {
    return (await manager.query<unknown[]>(`SELECT 1 FROM currencies WHERE code = $1`, [code])).length > 0;
  }

  async list(manager: EntityManager): Promise<FundRow[]> {
    return manager.query<FundRow[]>(`SELECT ${FUND_FIELDS} FROM funds ORDER BY status, period_end DESC, name, id LIMIT 500`);
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<FundRow | null> {
    const rows = await manager.query<FundRow[]>(`SELECT ${FUND_FIELDS} FROM funds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async lines(manager: EntityManager, fundIds: readonly string[]): Promise<BudgetLineRow[]> {
    return manager.query<BudgetLineRow[]>(`SELECT ${LINE_FIELDS} FROM budget_lines WHERE fund_id = ANY($1::uuid[]) ORDER BY fund_id, purpose`, [[...fundIds]]);
  }

  async line(manager: EntityManager, fundId: string, lineId: string, lock = false): Promise<BudgetLineRow | null> {
    const rows = await manager.query<BudgetLineRow[]>(`SELECT ${LINE_FIELDS} FROM budget_lines WHERE id = $1 AND fund_id = $2${lock ? ' FOR UPDATE' : ''}`, [lineId, fundId]);
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, f: { name: string; donor: string; currency: CurrencyCode; totalMinor: string; periodStart: string; periodEnd: string; approvalPolicy: unknown; createdBy: string }): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO funds (name, donor, currency, total_minor, period_start, period_end, approval_policy, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [f.name, f.donor, f.currency, f.totalMinor, f.periodStart, f.periodEnd, JSON.stringify(f.approvalPolicy), f.createdBy],
    );
    return rows[0]!.id;
  }

  /** Updates a fund; the total never drops below what is allocated (false then). */
  async update(manager: EntityManager, id: string, f: { name: string; donor: string; totalMinor: string; periodEnd: string; status: FundStatus; approvalPolicy: unknown }): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH u AS (UPDATE funds SET name = $2, donor = $3, total_minor = $4, period_end = $5, status = $6, approval_policy = $7, updated_at = now()
        WHERE id = $1 AND allocated_minor <= $4::bigint AND period_start <= $5::date RETURNING id) SELECT * FROM u`,
      [id, f.name, f.donor, f.totalMinor, f.periodEnd, f.status, JSON.stringify(f.approvalPolicy)],
    );
    return rows.length === 1;
  }

  /** Moves the fund's allocation by `delta`, within its total (false: over-allocated). */
  async allocate(manager: EntityManager, fundId: string, delta: bigint): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH u AS (UPDATE funds SET allocated_minor = allocated_minor + $2::bigint, updated_at = now()
        WHERE id = $1 AND allocated_minor + $2::bigint <= total_minor AND allocated_minor + $2::bigint >= committed_minor + disbursed_minor RETURNING id)
       SELECT * FROM u`,
      [fundId, delta.toString()],
    );
    return rows.length === 1;
  }

  /** Adds a line; null when the fund already has one for this purpose. */
  async insertLine(manager: EntityManager, fundId: string, purpose: BudgetPurpose, allocated: string): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO budget_lines (fund_id, purpose, allocated_minor) VALUES ($1, $2, $3) ON CONFLICT (fund_id, purpose) DO NOTHING RETURNING id`,
      [fundId, purpose, allocated],
    );
    return rows[0]?.id ?? null;
  }

  /** Sets a line's allocation, never below what it has committed and paid (false then). */
  async setLineAllocation(manager: EntityManager, lineId: string, allocated: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH u AS (UPDATE budget_lines SET allocated_minor = $2::bigint, updated_at = now()
        WHERE id = $1 AND committed_minor + disbursed_minor <= $2::bigint RETURNING id) SELECT * FROM u`,
      [lineId, allocated],
    );
    return rows.length === 1;
  }
}
