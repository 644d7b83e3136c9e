/**
 * A case's files in the staff worker, under the keys held for the case screen (SPEC.md §9.3: a
 * file of format 2 is bound to its record kind, a note's under the staff-only key; one of format
 * 1, stored before, under the case key): names and sizes decrypted from their metadata, a file
 * streamed from the api through the decryptor into a Blob, and the encryption of a file staff
 * attach started.
 */
import { type CaseKey, type FileKey, type FileMeta, type StaffKey, CryptoError, decryptCaseFileMeta, decryptFile, decryptFileMeta, unwrapCaseFileKey, unwrapFileKey } from '@ashar/crypto';
import { startFileUpload } from '../requester-worker';
import { type CaseFileIn, type CryptoWorkerApi, type DownloadFileRequest, type FileMetaReading } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { type OpenCase, needCase } from './key-state';
import { writingKey } from './case-operations';

/** The key a stored file is under, by its format, record kind and epoch (`epoch_key_not_held` / `staff_key_not_held` when not held). */
function keyOfFile(open: OpenCase, file: CaseFileIn): CaseKey | StaffKey {
  if (file.format === 1) {
    const key = open.caseKeys.get(1);
    if (!key) throw new WorkerStateError('epoch_key_not_held');
    return key;
  }
  const key = file.recordKind === 'note' ? open.staffKeys.get(file.epoch) : open.caseKeys.get(file.epoch);
  if (!key) throw new WorkerStateError(file.recordKind === 'note' ? 'staff_key_not_held' : 'epoch_key_not_held');
  return key;
}

/** A file's metadata, opened as its format says. */
export function openFileMeta(key: CaseKey | StaffKey, caseId: string, file: CaseFileIn & { readonly meta: string }): FileMeta {
  return file.format === 1
    ? decryptFileMeta(key as CaseKey, { caseId, fileId: file.fileId }, file.meta)
    : decryptCaseFileMeta(key, { caseId, fileId: file.fileId, recordKind: file.recordKind }, file.meta);
}

/** A file's key, unwrapped as its format says. */
export function openFileKey(key: CaseKey | StaffKey, caseId: string, file: CaseFileIn & { readonly wrappedKey: string }): FileKey {
  return file.format === 1
    ? unwrapFileKey(key as CaseKey, { caseId, fileId: file.fileId }, file.wrappedKey)
    : unwrapCaseFileKey(key, { caseId, fileId: file.fileId, recordKind: file.recordKind }, file.wrappedKey);
}

const CONSOLIDATE_EVERY = 64;
const PROGRESS_EVERY = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Streams one file's ciphertext from the api through the decryptor into a Blob (plaintext is never held whole in this worker). */
async function downloadFile(request: DownloadFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob> {
  const key = keyOfFile(needCase(request.caseId), request);
  if (!UUID.test(request.caseId) || !UUID.test(request.fileId)) throw new WorkerStateError('download_failed');
  const ref = { caseId: request.caseId, fileId: request.fileId };
  const meta = openFileMeta(key, request.caseId, request);
  const fileKey: FileKey = openFileKey(key, request.caseId, request);
  try {
    const response = await fetch(`/api/v1/cases/${request.caseId}/files/${request.fileId}/content`, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' }).catch(() => {
      throw new WorkerStateError('download_failed');
    });
    if (!response.ok || !response.body) throw new WorkerStateError('download_failed');
    let blob = new Blob([]);
    let pending: Uint8Array[] = [];
    let decrypted = 0;
    let chunks = 0;
    try {
      for await (const chunk of decryptFile(fileKey, ref, request.header, response.body)) {
        pending.push(chunk);
        decrypted += chunk.length;
        chunks += 1;
        if (pending.length >= CONSOLIDATE_EVERY) {
          // The browser keeps Blob data outside this worker's heap (and may page it to disk).
          blob = new Blob([blob, ...(pending as BlobPart[])]);
          pending = [];
        }
        if (chunks % PROGRESS_EVERY === 0) onProgress?.(decrypted);
      }
    } catch (error) {
      // A broken connection is not a broken file: only the decryptor's errors say the file is bad.
      if (error instanceof CryptoError) throw error;
      throw new WorkerStateError('download_failed');
    }
    onProgress?.(decrypted);
    if (decrypted !== meta.size) throw new WorkerStateError('file_size_mismatch');
    // Never the requester-chosen media type: the file is saved, not rendered.
    return new Blob([blob, ...(pending as BlobPart[])], { type: 'application/octet-stream' });
  } finally {
    fileKey.fill(0);
  }
}

type FileOperations = Pick<CryptoWorkerApi, 'readFileMeta' | 'downloadCaseFile' | 'beginCaseFileUpload'>;

export const fileOperations: FileOperations = {
  readFileMeta: guarded((caseId: string, files: readonly (CaseFileIn & { readonly meta: string })[]): FileMetaReading[] => {
    const open = needCase(caseId);
    return files.map((file): FileMetaReading => {
      try {
        const meta = openFileMeta(keyOfFile(open, file), caseId, file);
        return { fileId: file.fileId, state: 'verified', name: meta.name, type: meta.type, size: meta.size, legacy: file.format === 1 };
      } catch (error) {
        return { fileId: file.fileId, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  downloadCaseFile: guarded(downloadFile),

  beginCaseFileUpload: guarded((caseId: string, file: Blob, name: string, recordKind: 'note' | 'message') => {
    // A note's file under the staff-only key, a message's under the case key, of the newest epoch.
    const { epoch, key } = writingKey(caseId, recordKind);
    return startFileUpload(key, caseId, epoch, file, name, recordKind);
  }),
};
