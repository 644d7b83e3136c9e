import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A ledger entry as the export reads it; BIGINT and NUMERIC come out as exact decimal text. */
export interface LedgerRow {
  seq: string;
  at: Date;
  kind: 'commit' | 'release' | 'payment' | 'reversal';
  fund_id: string;
  budget_line_id: string;
  purpose: string;
  grant_id: string;
  tranche_id: string | null;
  amount_minor: string;
  currency: string;
  paid_minor: string | null;
  paid_currency: string | null;
  rate: string | null;
  reverses_seq: string | null;
  /** The kind of the entry a reversal undoes (null for the others). */
  reversed_kind: 'commit' | 'release' | 'payment' | null;
}

/** Most entries one answer or file carries; a longer period is asked for in parts. */
export const LEDGER_ROWS_MAX = 100_000;

/** Queries on ledger_entries (read only: the table is append-only). */
@Injectable()
export class LedgerRepository {
  async fundExists(manager: EntityManager, fundId: string): Promise<{ currency: string } | null> {
    const rows: { currency: string }[] = await manager.query(`SELECT currency FROM funds WHERE id = $1`, [fundId]);
    return rows[0] ?? null;
  }

  /** Entries of a fund from `from` (a UTC day, inclusive) to `to` (inclusive), in ledger order. */
  async entries(manager: EntityManager, fundId: string, from: string | undefined, to: string | undefined, limit = LEDGER_ROWS_MAX + 1): Promise<LedgerRow[]> {
    return manager.query(
      `SELECT l.seq::text AS seq, l.at, l.kind, l.fund_id, l.budget_line_id, b.purpose, l.grant_id, l.tranche_id,
              l.amount_minor::text AS amount_minor, l.currency, l.paid_minor::text AS paid_minor, l.paid_currency,
              trim_scale(l.rate)::text AS rate, l.reverses_seq::text AS reverses_seq, r.kind AS reversed_kind
         FROM ledger_entries l
         JOIN budget_lines b ON b.id = l.budget_line_id
         LEFT JOIN ledger_entries r ON r.seq = l.reverses_seq
        WHERE l.fund_id = $1
          AND ($2::date IS NULL OR l.at >= ($2::date)::timestamp AT TIME ZONE 'UTC')
          AND ($3::date IS NULL OR l.at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC')
        ORDER BY l.seq
        LIMIT $4`,
      [fundId, from ?? null, to ?? null, limit],
    );
  }
}
