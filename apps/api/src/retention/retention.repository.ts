import { Injectable } from '@nestjs/common';
import { type RequestType } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

export interface PurgeCandidate {
  id: string;
  request_type: RequestType;
  requester_id: string | null;
}

/** The SQL of the retention purge. No business rules here; every call runs in the caller's transaction. */
@Injectable()
export class RetentionRepository {
  /** Closed cases whose purge date is past `now`, oldest first (not locked: each is claimed on its own). */
  async due(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM aid_cases WHERE status = 'closed' AND purge_after <= $1 ORDER BY purge_after, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Locks one case still due for purging; null when it is not (any more), or when another
   * worker holds it (SKIP LOCKED: that worker is purging it).
   */
  async claim(manager: EntityManager, caseId: string, now: Date): Promise<PurgeCandidate | null> {
    const rows: PurgeCandidate[] = await manager.query(
      `SELECT id, request_type, requester_id FROM aid_cases
        WHERE id = $1 AND status = 'closed' AND purge_after <= $2 FOR UPDATE SKIP LOCKED`,
      [caseId, now],
    );
    return rows[0] ?? null;
  }

  /** The anonymous statistical row of domain.md: type, country, month opened, month closed, outcome. */
  async keepStatistics(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(
      `INSERT INTO case_statistics (request_type, country, opened_month, closed_month, outcome)
       SELECT request_type, country, date_trunc('month', created_at AT TIME ZONE 'UTC')::date,
              date_trunc('month', closed_at AT TIME ZONE 'UTC')::date, coalesce(outcome, 'resolved')
         FROM aid_cases WHERE id = $1`,
      [caseId],
    );
  }

  async countContent(manager: EntityManager, caseId: string): Promise<{ records: number; files: number; envelopes: number }> {
    const [row] = (await manager.query(
      `SELECT (SELECT count(*)::int FROM case_records WHERE case_id = $1) AS records,
              (SELECT count(*)::int FROM case_files WHERE case_id = $1) AS files,
              (SELECT count(*)::int FROM case_key_envelopes WHERE case_id = $1) AS envelopes`,
      [caseId],
    )) as { records: number; files: number; envelopes: number }[];
    return row ?? { records: 0, files: 0, envelopes: 0 };
  }

  /**
   * Deletes the case and everything that hangs off it: records, key envelopes, files and their
   * chunk rows, the inbox rows and notifications (by cascade), the jobs written for it, and
   * the requester account (its public keys: one account per case).
   * Its grants stay for the ledger and the finance retention (docs/grants.md, "Retention"): the
   * requester's grant key envelopes go now, and the grants' case and requester become null
   * (ON DELETE SET NULL).
   */
  async deleteCase(manager: EntityManager, caseId: string, requesterId: string | null): Promise<void> {
    await manager.query(`DELETE FROM outbox WHERE payload ->> 'caseId' = $1`, [caseId]);
    await manager.query(
      `DELETE FROM grant_key_envelopes WHERE recipient_kind = 'requester' AND grant_id IN (SELECT id FROM grants WHERE case_id = $1)`,
      [caseId],
    );
    await manager.query(`DELETE FROM aid_cases WHERE id = $1`, [caseId]);
    if (requesterId) await manager.query(`DELETE FROM requesters WHERE id = $1`, [requesterId]);
  }
}
