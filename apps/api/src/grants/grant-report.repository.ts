import { Injectable } from '@nestjs/common';
import { type GrantReportStatus } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

export interface GrantReportRow {
  id: string;
  grant_id: string;
  status: GrantReportStatus;
  /** Null once shredded under the finance retention. */
  ciphertext: string | null;
  author_kind: 'requester' | 'staff';
  author_id: string;
  author_kid: string;
  submitted_at: Date;
  decided_at: Date | null;
}

/** A grant_files row (encrypted_size as a JS number: sizes stay below 2^40). */
export interface GrantFileRow {
  id: string;
  grant_id: string;
  report_id: string;
  uploader_kind: 'staff' | 'requester';
  uploader_id: string;
  header: string;
  meta: string;
  wrapped_key: string;
  encrypted_size: number;
  chunk_count: number;
  received_chunks: number;
  created_at: Date;
  completed_at: Date | null;
}

export interface GrantChunkRow {
  index: number;
  blob_key: string;
  size: number;
  digest: Buffer;
}

const REPORT_FIELDS = 'id, grant_id, status, ciphertext, author_kind, author_id, author_kid, submitted_at, decided_at';
const FILE_FIELDS = `id, grant_id, report_id, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size::float8 AS encrypted_size,
  chunk_count, received_chunks, created_at, completed_at`;

/** Queries on grant_reports, grant_files and grant_file_chunks. No rules here; every call runs in the caller's transaction. */
@Injectable()
export class GrantReportRepository {
  async reportsOf(manager: EntityManager, grantId: string): Promise<GrantReportRow[]> {
    return manager.query(`SELECT ${REPORT_FIELDS} FROM grant_reports WHERE grant_id = $1 ORDER BY submitted_at, id`, [grantId]);
  }

  async report(manager: EntityManager, grantId: string, reportId: string, lock = false): Promise<GrantReportRow | null> {
    const rows: GrantReportRow[] = await manager.query(`SELECT ${REPORT_FIELDS} FROM grant_reports WHERE id = $1 AND grant_id = $2${lock ? ' FOR UPDATE' : ''}`, [reportId, grantId]);
    return rows[0] ?? null;
  }

  async reportExists(manager: EntityManager, reportId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM grant_reports WHERE id = $1`, [reportId]);
    return rows.length > 0;
  }

  async insertReport(manager: EntityManager, r: { id: string; grantId: string; ciphertext: string; authorKind: 'requester' | 'staff'; authorId: string; authorKid: string }): Promise<void> {
    await manager.query(`INSERT INTO grant_reports (id, grant_id, ciphertext, author_kind, author_id, author_kid) VALUES ($1, $2, $3, $4, $5, $6)`, [
      r.id,
      r.grantId,
      r.ciphertext,
      r.authorKind,
      r.authorId,
      r.authorKid,
    ]);
  }

  async decide(manager: EntityManager, reportId: string, status: 'accepted' | 'more_requested', staffId: string): Promise<void> {
    await manager.query(`UPDATE grant_reports SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1`, [reportId, status, staffId]);
  }

  async countReports(manager: EntityManager, grantId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM grant_reports WHERE grant_id = $1`, [grantId])) as { n: number }[];
    return row?.n ?? 0;
  }

  async countFiles(manager: EntityManager, reportId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM grant_files WHERE report_id = $1`, [reportId])) as { n: number }[];
    return row?.n ?? 0;
  }

  async fileExists(manager: EntityManager, fileId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM grant_files WHERE id = $1`, [fileId]);
    return rows.length > 0;
  }

  async insertFile(
    manager: EntityManager,
    f: { id: string; grantId: string; reportId: string; uploaderKind: 'staff' | 'requester'; uploaderId: string; header: string; meta: string; wrappedKey: string; encryptedSize: number; chunkCount: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO grant_files (id, grant_id, report_id, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [f.id, f.grantId, f.reportId, f.uploaderKind, f.uploaderId, f.header, f.meta, f.wrappedKey, f.encryptedSize, f.chunkCount],
    );
  }

  async file(manager: EntityManager, grantId: string, fileId: string, lock = false): Promise<GrantFileRow | null> {
    const rows: GrantFileRow[] = await manager.query(`SELECT ${FILE_FIELDS} FROM grant_files WHERE id = $1 AND grant_id = $2${lock ? ' FOR UPDATE' : ''}`, [fileId, grantId]);
    return rows[0] ?? null;
  }

  async chunk(manager: EntityManager, fileId: string, index: number): Promise<GrantChunkRow | null> {
    const rows: GrantChunkRow[] = await manager.query(`SELECT index, blob_key, size, digest FROM grant_file_chunks WHERE file_id = $1 AND index = $2`, [fileId, index]);
    return rows[0] ?? null;
  }

  /** Records chunk `index` if it is the file's next one, in one statement (as case files); false otherwise. */
  async recordNextChunk(manager: EntityManager, fileId: string, chunk: { index: number; blobKey: string; size: number; digest: Buffer }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH next AS (
         UPDATE grant_files SET received_chunks = received_chunks + 1
          WHERE id = $1 AND received_chunks = $2 AND completed_at IS NULL RETURNING id
       )
       INSERT INTO grant_file_chunks (file_id, index, blob_key, size, digest)
       SELECT id, $2, $3, $4, $5 FROM next RETURNING file_id`,
      [fileId, chunk.index, chunk.blobKey, chunk.size, chunk.digest],
    );
    return rows.length === 1;
  }

  async storedTotals(manager: EntityManager, fileId: string): Promise<{ chunks: number; bytes: number }> {
    const [row] = (await manager.query(`SELECT count(*)::int AS chunks, coalesce(sum(size), 0)::float8 AS bytes FROM grant_file_chunks WHERE file_id = $1`, [fileId])) as {
      chunks: number;
      bytes: number;
    }[];
    return row ?? { chunks: 0, bytes: 0 };
  }

  async markComplete(manager: EntityManager, fileId: string): Promise<void> {
    await manager.query(`UPDATE grant_files SET completed_at = now() WHERE id = $1`, [fileId]);
  }

  async chunkKeys(manager: EntityManager, fileId: string, from: number, limit: number): Promise<{ index: number; blob_key: string }[]> {
    return manager.query(`SELECT index, blob_key FROM grant_file_chunks WHERE file_id = $1 AND index >= $2 ORDER BY index LIMIT $3`, [fileId, from, limit]);
  }
}
