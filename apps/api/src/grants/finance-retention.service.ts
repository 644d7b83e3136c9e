import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FINAL_GRANT_STATUSES } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { BLOB_STORE, type BlobStore } from '../blob-store';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { grantBlobKeys } from './grant-file.service';

/** The instant `years` calendar years before `now` (UTC). */
export function yearsBefore(now: Date, years: number): Date {
  const out = new Date(now.getTime());
  out.setUTCFullYear(out.getUTCFullYear() - years);
  return out;
}

/**
 * The finance retention (docs/grants.md, "Retention"): FINANCE_RETENTION_YEARS after a grant
 * finished (closed, rejected, withdrawn or cancelled: `finished_at`), its secrets are shredded:
 * the payee details, every grant key envelope, the report ciphertexts (set to null) and the
 * report files with their blobs; `payee_shredded_at` is set. The grant row, its amounts, its
 * tranches and the ledger stay (they hold no personal data: ids, amounts, dates). One
 * transaction per grant holding its row (SKIP LOCKED), blobs first, so a failure leaves the
 * grant due and the next run finishes it; audited `grant.shredded` with counts.
 */
@Injectable()
export class FinanceRetentionService {
  private readonly logger = new Logger(FinanceRetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditService,
  ) {}

  /** Shreds every grant due at `now` (the clock is a parameter for tests); returns how many this call shredded. */
  async shredDue(now: Date = new Date(), batch = 100): Promise<number> {
    const cutoff = yearsBefore(now, this.config.FINANCE_RETENTION_YEARS);
    let shredded = 0;
    for (;;) {
      const due: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM grants WHERE status = ANY ($1::text[]) AND finished_at <= $2 AND payee_shredded_at IS NULL ORDER BY finished_at, id LIMIT $3`,
        [FINAL_GRANT_STATUSES, cutoff, batch],
      );
      let progressed = 0;
      for (const { id } of due) if (await this.shred(id, cutoff, now)) progressed += 1;
      shredded += progressed;
      if (due.length < batch || progressed === 0) return shredded;
    }
  }

  private async shred(grantId: string, cutoff: Date, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const claimed: { id: string }[] = await manager.query(
        `SELECT id FROM grants WHERE id = $1 AND status = ANY ($2::text[]) AND finished_at <= $3 AND payee_shredded_at IS NULL FOR UPDATE SKIP LOCKED`,
        [grantId, FINAL_GRANT_STATUSES, cutoff],
      );
      if (claimed.length === 0) return false;
      const blobs = await this.blobs.deletePrefix(grantBlobKeys.grantPrefix(grantId));
      // Wrapped in a CTE: TypeORM answers a bare DELETE/UPDATE … RETURNING with [rows, count].
      const count = async (sql: string): Promise<number> => ((await manager.query(`WITH changed AS (${sql}) SELECT count(*)::int AS n FROM changed`, [grantId])) as { n: number }[])[0]!.n;
      const payees = await count(`DELETE FROM grant_payees WHERE grant_id = $1 RETURNING grant_id`);
      const envelopes = await count(`DELETE FROM grant_key_envelopes WHERE grant_id = $1 RETURNING grant_id`);
      // Chunk rows go with their files (ON DELETE CASCADE).
      const files = await count(`DELETE FROM grant_files WHERE grant_id = $1 RETURNING id`);
      const reports = await count(`UPDATE grant_reports SET ciphertext = NULL WHERE grant_id = $1 AND ciphertext IS NOT NULL RETURNING id`);
      await manager.query(`UPDATE grants SET payee_shredded_at = $2 WHERE id = $1`, [grantId, now]);
      await this.audit.record(manager, {
        action: 'grant.shredded',
        actor: { kind: 'system' },
        subject: { type: 'grant', id: grantId },
        data: { grantId, payees, envelopes, reports, files, blobs },
      });
      this.logger.log(`shredded the finance records of grant ${grantId}`);
      return true;
    });
  }
}
