import { DomainError, FileError } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { type AsharConfig } from '../config';

/**
 * Refuses a new file when the requester's files together would pass their quota: at most
 * REQUESTER_FILES_MAX files and REQUESTER_STORAGE_MAX_BYTES encrypted bytes (as declared at
 * creation, so an upload under way counts in full) across their case files and grant report
 * files. Call inside the transaction that inserts the file: a transaction lock on the requester
 * makes their creations wait for each other, so two at once cannot both fit the last space.
 */
export async function requireRequesterStorage(
  manager: EntityManager,
  config: Pick<AsharConfig, 'REQUESTER_STORAGE_MAX_BYTES' | 'REQUESTER_FILES_MAX'>,
  requesterId: string,
  encryptedSize: number,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('requester-storage:' || $1, 0))`, [requesterId]);
  const [used]: { files: number; bytes: string }[] = await manager.query(
    `SELECT count(*)::int AS files, coalesce(sum(encrypted_size), 0)::text AS bytes FROM (
       SELECT encrypted_size FROM case_files WHERE uploader_kind = 'requester' AND uploader_id = $1
       UNION ALL
       SELECT encrypted_size FROM grant_files WHERE uploader_kind = 'requester' AND uploader_id = $1
     ) AS mine`,
    [requesterId],
  );
  if (used!.files >= config.REQUESTER_FILES_MAX) {
    throw new DomainError(FileError.StorageQuota, `You may keep at most ${config.REQUESTER_FILES_MAX} files.`);
  }
  if (BigInt(used!.bytes) + BigInt(encryptedSize) > BigInt(config.REQUESTER_STORAGE_MAX_BYTES)) {
    throw new DomainError(FileError.StorageQuota, `Your files may take at most ${config.REQUESTER_STORAGE_MAX_BYTES} encrypted bytes together.`);
  }
}
