import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertTransition } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { BLOB_STORE, type BlobStore, blobKeys } from '../blob-store';
import { RetentionRepository } from './retention.repository';

/**
 * The retention purge (domain.md): a closed case past its purge date is crypto-shredded. In
 * one transaction per case, holding the case row: its blobs are deleted, the anonymous
 * statistics row is written, the case with its records, key envelopes, files and requester
 * account is deleted, and `case.purged` is audited (lifecycle closed → purged, actor system).
 * Blobs go first, so a failure leaves the case closed and due, and the next run finishes it;
 * a case another worker holds is skipped (SKIP LOCKED), one already purged is gone: safe to
 * run on several workers at once, and again.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
  ) {}

  /** Purges every case due at `now` (the clock is a parameter for tests); returns how many this call purged. */
  async purgeDue(now: Date = new Date(), batch = 100): Promise<number> {
    let purged = 0;
    for (;;) {
      const due = await this.retention.due(this.dataSource.manager, now, batch);
      let progressed = 0;
      for (const caseId of due) {
        if (await this.purge(caseId, now)) progressed += 1;
      }
      purged += progressed;
      // Stop when the batch was the last, or when every case in it was someone else's.
      if (due.length < batch || progressed === 0) return purged;
    }
  }

  /** Purges one case if it is still due and nobody else is purging it; true when this call did. */
  async purge(caseId: string, now: Date = new Date()): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const candidate = await this.retention.claim(manager, caseId, now);
      if (!candidate) return false;
      const edge = assertTransition('closed', 'purged', 'system');
      const blobs = await this.blobs.deletePrefix(blobKeys.casePrefix(caseId));
      const counts = await this.retention.countContent(manager, caseId);
      await this.retention.keepStatistics(manager, caseId);
      await this.retention.deleteCase(manager, caseId, candidate.requester_id);
      await this.audit.record(manager, {
        action: 'case.purged',
        actor: { kind: 'system' },
        subject: { type: 'case', id: caseId },
        data: { from: 'closed', to: 'purged', transition: edge.name, requestType: candidate.request_type, ...counts, blobs },
      });
      this.logger.log(`purged case ${caseId}`);
      return true;
    });
  }
}
