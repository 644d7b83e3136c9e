import { Injectable } from '@nestjs/common';
import { type DisbursementMethod, type TrancheStatus } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/** A grant_tranches row; BIGINT and NUMERIC as exact decimal text. */
export interface TrancheRow {
  id: string;
  grant_id: string;
  seq: number;
  status: TrancheStatus;
  method: DisbursementMethod;
  planned_minor: string;
  scheduled_on: string;
  paid_minor: string | null;
  paid_currency: string | null;
  rate: string | null;
  rate_source: string | null;
  rate_at: Date | null;
  fund_equivalent_minor: string | null;
  sent_at: Date | null;
  settled_at: Date | null;
}

const FIELDS = `id, grant_id, seq, status, method, planned_minor::text AS planned_minor, to_char(scheduled_on, 'YYYY-MM-DD') AS scheduled_on,
  paid_minor::text AS paid_minor, paid_currency, trim_scale(rate)::text AS rate, rate_source, rate_at,
  fund_equivalent_minor::text AS fund_equivalent_minor, sent_at, settled_at`;

/** Most tranches one grant may have. */
export const TRANCHES_PER_GRANT_MAX = 50;

/** Queries on grant_tranches. No rules here; every call runs in the caller's transaction. */
@Injectable()
export class TrancheRepository {

  async one(manager: EntityManager, grantId: string, trancheId: string, lock = false): Promise<TrancheRow | null> {
    const rows: TrancheRow[] = await manager.query(`SELECT ${FIELDS} FROM grant_tranches WHERE id = $1 AND grant_id = $2${lock ? ' FOR UPDATE' : ''}`, [trancheId, grantId]);
    return rows[0] ?? null;
  }

  /** How many tranches the grant has, and the minor units still planned on scheduled ones. */
  async plannedOf(manager: EntityManager, grantId: string): Promise<{ count: number; scheduled: bigint }> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS count, coalesce(sum(planned_minor) FILTER (WHERE status = 'scheduled'), 0)::text AS scheduled FROM grant_tranches WHERE grant_id = $1`,
      [grantId],
    )) as { count: number; scheduled: string }[];
    return { count: row?.count ?? 0, scheduled: BigInt(row?.scheduled ?? '0') };
  }

  async insert(manager: EntityManager, t: { grantId: string; method: DisbursementMethod; plannedMinor: string; scheduledOn: string; createdBy: string }): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO grant_tranches (grant_id, seq, method, planned_minor, scheduled_on, created_by)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM grant_tranches WHERE grant_id = $1), $2, $3, $4, $5) RETURNING id`,
      [t.grantId, t.method, t.plannedMinor, t.scheduledOn, t.createdBy],
    )) as { id: string }[];
    return row!.id;
  }

  /** Records what left: the rate goes in as its exact decimal text (NUMERIC), never through a float. */
  async markSent(
    manager: EntityManager,
    trancheId: string,
    s: { paidMinor: string; paidCurrency: string; rate: string; rateSource: string; rateAt: string; fundEquivalentMinor: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE grant_tranches SET status = 'sent', paid_minor = $2, paid_currency = $3, rate = $4::numeric, rate_source = $5, rate_at = $6,
              fund_equivalent_minor = $7, sent_at = now()
        WHERE id = $1 AND status = 'scheduled'`,
      [trancheId, s.paidMinor, s.paidCurrency, s.rate, s.rateSource, s.rateAt, s.fundEquivalentMinor],
    );
  }

  async settle(manager: EntityManager, trancheId: string, outcome: 'confirmed' | 'failed' | 'returned'): Promise<void> {
    await manager.query(`UPDATE grant_tranches SET status = $2, settled_at = now() WHERE id = $1 AND status = 'sent'`, [trancheId, outcome]);
  }

  /** The payment entry of a sent tranche that no reversal undid yet, or null. */
  async openPayment(manager: EntityManager, trancheId: string): Promise<{ seq: string } | null> {
    const rows: { seq: string }[] = await manager.query(
      `SELECT l.seq::text AS seq FROM ledger_entries l
        WHERE l.tranche_id = $1 AND l.kind = 'payment' AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_seq = l.seq)
        ORDER BY l.seq DESC LIMIT 1`,
      [trancheId],
    );
    return rows[0] ?? null;
  }
}
