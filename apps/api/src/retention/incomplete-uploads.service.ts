import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { BLOB_STORE, type BlobStore, blobKeys } from '../blob-store';

/** The two kinds of chunked upload: where their rows are and where their chunks' blobs are. */
const KINDS = [
  { table: 'case_files', owner: 'case_id', prefix: blobKeys.filePrefix },
  { table: 'grant_files', owner: 'grant_id', prefix: blobKeys.grantFilePrefix },
] as const;

/**
 * Removes uploads never completed (case files and grant report files with completed_at NULL)
 * created more than INCOMPLETE_UPLOAD_HOURS before `now`: their blobs, then their rows (the chunk
 * rows go with them). One transaction per file holding its row (SKIP LOCKED: a file another
 * worker holds, or one whose chunk is being recorded, waits for the next run); blobs go first,
 * so a failure leaves the row and the next run finishes it. The space and the file count go
 * back to the requester's quota. Safe on several workers at once, and again.
 */
@Injectable()
export class IncompleteUploadsService {
  private readonly logger = new Logger(IncompleteUploadsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /** Removes every upload abandoned as of `now` (the clock is a parameter for tests); returns how many this call removed. */
  async sweep(now: Date = new Date(), batch = 100): Promise<number> {
    const before = new Date(now.getTime() - this.config.INCOMPLETE_UPLOAD_HOURS * 3_600_000);
    let removed = 0;
    for (const kind of KINDS) {
      for (;;) {
        const due: { id: string; owner: string }[] = await this.dataSource.query(
          `SELECT id, ${kind.owner} AS owner FROM ${kind.table} WHERE completed_at IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
          [before, batch],
        );
        let progressed = 0;
        for (const file of due) {
          if (await this.remove(kind, file.id, file.owner, before)) progressed += 1;
        }
        removed += progressed;
        if (due.length < batch || progressed === 0) break;
      }
    }
    if (removed > 0) this.logger.log(`removed ${removed} uploads never completed`);
    return removed;
  }

  private remove(kind: (typeof KINDS)[number], fileId: string, owner: string, before: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const held: unknown[] = await manager.query(
        `SELECT id FROM ${kind.table} WHERE id = $1 AND completed_at IS NULL AND created_at < $2 FOR UPDATE SKIP LOCKED`,
        [fileId, before],
      );
      if (held.length === 0) return false;
      await this.blobs.deletePrefix(kind.prefix(owner, fileId));
      await manager.query(`DELETE FROM ${kind.table} WHERE id = $1`, [fileId]);
      return true;
    });
  }
}
