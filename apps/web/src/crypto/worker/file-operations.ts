/**
 * A case's files in the staff worker, under the case key held for the case screen: names and
 * sizes decrypted from their file-meta, a file streamed from the api through the decryptor
 * into a Blob, and the encryption of a file staff attach started.
 */
import { type FileKey, CryptoError, decryptFile, decryptFileMeta, unwrapFileKey } from '@ashar/crypto';
import { startFileUpload } from '../requester-worker';
import { type CryptoWorkerApi, type DownloadFileRequest, type FileMetaReading } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { needCaseKey, needWritableCaseKey } from './key-state';

const CONSOLIDATE_EVERY = 64;
const PROGRESS_EVERY = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Streams one file's ciphertext from the api through the decryptor into a Blob (plaintext is never held whole in this worker). */
async function downloadFile(request: DownloadFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob> {
  const caseKey = needCaseKey(request.caseId);
  if (!UUID.test(request.caseId) || !UUID.test(request.fileId)) throw new WorkerStateError('download_failed');
  const ref = { caseId: request.caseId, fileId: request.fileId };
  const meta = decryptFileMeta(caseKey, ref, request.meta);
  const fileKey: FileKey = unwrapFileKey(caseKey, ref, request.wrappedKey);
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
  readFileMeta: guarded((caseId: string, files: readonly { readonly fileId: string; readonly meta: string }[]): FileMetaReading[] => {
    const caseKey = needCaseKey(caseId);
    return files.map((file): FileMetaReading => {
      try {
        const meta = decryptFileMeta(caseKey, { caseId, fileId: file.fileId }, file.meta);
        return { fileId: file.fileId, state: 'verified', name: meta.name, type: meta.type, size: meta.size };
      } catch (error) {
        return { fileId: file.fileId, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  downloadCaseFile: guarded(downloadFile),

  beginCaseFileUpload: guarded((caseId: string, file: Blob, name: string, recordKind: 'note' | 'message') => startFileUpload(needWritableCaseKey(caseId), caseId, file, name, recordKind)),
};
