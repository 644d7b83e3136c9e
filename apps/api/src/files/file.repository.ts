import { Injectable } from '@nestjs/common';
import { type RecordKind, type SqlColumnMap, type SqlWhere } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/** A case_files row as the queries below return it (bigint as a JS number: sizes stay below 2^40). */
export interface FileRow {
  id: string;
  case_id: string;
  record_kind: RecordKind;
  /** 1: stored before record kinds were bound (SPEC.md §9.3); 2 since. */
  format: 1 | 2;
  epoch: number;
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

export interface NewFile {
  id: string;
  caseId: string;
  recordKind: RecordKind;
  epoch: number;
  uploaderKind: 'staff' | 'requester';
  uploaderId: string;
  header: string;
  meta: string;
  wrappedKey: string;
  encryptedSize: number;
  chunkCount: number;
}

export interface ChunkRow {
  index: number;
  blob_key: string;
  size: number;
  digest: Buffer;
}

/** The ability's CaseFile fields as columns of `case_files f JOIN aid_cases c` (libs/domain accessibleWhere). */
export const FILE_COLUMNS: SqlColumnMap<'CaseFile'> = {
  id: 'f.id',
  caseId: 'f.case_id',
  recordKind: 'f.record_kind',
  ownerDeskId: 'c.owner_desk_id',
  collaboratorDeskIds: { sql: 'c.collaborator_desk_ids', array: true },
  assigneeId: 'c.assignee_id',
  requesterId: 'c.requester_id',
};

const FIELDS = `f.id, f.case_id, f.record_kind, f.format, f.epoch, f.uploader_kind, f.uploader_id, f.header, f.meta, f.wrapped_key,
  f.encrypted_size::float8 AS encrypted_size, f.chunk_count, f.received_chunks, f.created_at, f.completed_at`;

/** Queries on case_files and case_file_chunks. No business rules here; every call runs in the caller's transaction. */
@Injectable()
export class FileRepository {
  async insert(manager: EntityManager, f: NewFile): Promise<void> {
    await manager.query(
      `INSERT INTO case_files (id, case_id, record_kind, format, epoch, uploader_kind, uploader_id, header, meta, wrapped_key, encrypted_size, chunk_count)
       VALUES ($1, $2, $3, 2, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [f.id, f.caseId, f.recordKind, f.epoch, f.uploaderKind, f.uploaderId, f.header, f.meta, f.wrappedKey, f.encryptedSize, f.chunkCount],
    );
  }

  /** Whether the case has a staff-only key for `epoch` (a note's file goes under it). */
  async hasStaffKey(manager: EntityManager, caseId: string, epoch: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM case_staff_keys WHERE case_id = $1 AND epoch = $2`, [caseId, epoch]);
    return rows.length > 0;
  }

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM case_files WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async countOfCase(manager: EntityManager, caseId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [caseId])) as { n: number }[];
    return row?.n ?? 0;
  }

  /** One file of a case if the caller may read it: `where` is the CaseFile read condition from $3. */
  async findReadable(manager: EntityManager, caseId: string, fileId: string, where: SqlWhere, lock = false): Promise<FileRow | null> {
    const rows: FileRow[] = await manager.query(
      `SELECT ${FIELDS} FROM case_files f JOIN aid_cases c ON c.id = f.case_id
        WHERE f.case_id = $1 AND f.id = $2 AND ${where.sql}${lock ? ' FOR UPDATE OF f' : ''}`,
      [caseId, fileId, ...where.params],
    );
    return rows[0] ?? null;
  }

  /** The files of a case the caller may read, oldest first; `where` is the CaseFile read condition from $2. */
  async readableOfCase(manager: EntityManager, caseId: string, where: SqlWhere): Promise<FileRow[]> {
    return manager.query(
      `SELECT ${FIELDS} FROM case_files f JOIN aid_cases c ON c.id = f.case_id
        WHERE f.case_id = $1 AND ${where.sql} ORDER BY f.created_at, f.id`,
      [caseId, ...where.params],
    );
  }

  async chunk(manager: EntityManager, fileId: string, index: number): Promise<ChunkRow | null> {
    const rows: ChunkRow[] = await manager.query(`SELECT index, blob_key, size, digest FROM case_file_chunks WHERE file_id = $1 AND index = $2`, [fileId, index]);
    return rows[0] ?? null;
  }

  /**
   * Records chunk `index` as stored in `blobKey` if it is the file's next one, in one statement
   * (one transaction): the file's count goes up and the chunk row goes in, or neither. False
   * when the file is gone or its next chunk is no longer `index` (another copy was recorded
   * first: the row lock makes the second wait, then find the count moved on).
   */
  async recordNextChunk(manager: EntityManager, fileId: string, chunk: { index: number; blobKey: string; size: number; digest: Buffer }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH next AS (
         UPDATE case_files SET received_chunks = received_chunks + 1 WHERE id = $1 AND received_chunks = $2 RETURNING id
       )
       INSERT INTO case_file_chunks (file_id, index, blob_key, size, digest)
       SELECT id, $2::int, $3::text, $4::int, $5::bytea FROM next
       RETURNING index`,
      [fileId, chunk.index, chunk.blobKey, chunk.size, chunk.digest],
    );
    return rows.length === 1;
  }

  /** Number and total size of the stored chunks. */
  async storedTotals(manager: EntityManager, fileId: string): Promise<{ chunks: number; bytes: number }> {
    const [row] = (await manager.query(`SELECT count(*)::int AS chunks, coalesce(sum(size), 0)::float8 AS bytes FROM case_file_chunks WHERE file_id = $1`, [fileId])) as {
      chunks: number;
      bytes: number;
    }[];
    return { chunks: row?.chunks ?? 0, bytes: row?.bytes ?? 0 };
  }

  async markComplete(manager: EntityManager, fileId: string): Promise<void> {
    await manager.query(`UPDATE case_files SET completed_at = now() WHERE id = $1 AND completed_at IS NULL`, [fileId]);
  }

  /** Blob keys of chunks `from` … `from + limit − 1`, in order (a download pages through them). */
  async chunkKeys(manager: EntityManager, fileId: string, from: number, limit: number): Promise<{ index: number; blob_key: string; size: number }[]> {
    return manager.query(`SELECT index, blob_key, size FROM case_file_chunks WHERE file_id = $1 AND index >= $2 ORDER BY index LIMIT $3`, [fileId, from, limit]);
  }
}
