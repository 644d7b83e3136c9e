import { type IncomingMessage } from 'node:http';
import { FILE_CHUNK_CIPHERTEXT_BYTES, DomainError, FileError, GeneralError } from '@ashar/domain';
import { type RateLimitRule } from '../auth';

export const chunkTooLarge = () =>
  new DomainError(GeneralError.PayloadTooLarge, `A chunk has at most ${FILE_CHUNK_CIPHERTEXT_BYTES} bytes.`);
export const wrongChunkSize = (expected: number) =>
  new DomainError(FileError.ChunkSize, `This chunk must have exactly ${expected} bytes.`);

/** Refuses a chunk request whose media type or declared length is wrong, before reading anything. */
export function checkChunkHeaders(req: IncomingMessage, expected: number): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream') {
    throw new DomainError(GeneralError.UnsupportedMediaType, 'Chunks are sent as application/octet-stream');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length > FILE_CHUNK_CIPHERTEXT_BYTES) throw chunkTooLarge();
    if (length !== expected) throw wrongChunkSize(expected);
  }
}

/**
 * Reads one chunk body of exactly `expected` bytes (at most ENCRYPTED_CHUNK_BYTES) into one
 * buffer, the only copy the api holds. Reading stops at the first byte too many: 413 past the
 * largest chunk, 422 past this index's size; a short body is 422. The request is paused, not
 * destroyed, so the problem can still be answered (the caller closes the connection).
 */
export function readChunkBody(req: IncomingMessage, expected: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const buffer = Buffer.alloc(expected);
    let filled = 0;
    let settled = false;
    const finish = (error: unknown, value?: Buffer) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) reject(error);
      else resolve(value!);
    };
    const onData = (piece: Buffer) => {
      if (filled + piece.length > expected) {
        req.pause();
        finish(filled + piece.length > FILE_CHUNK_CIPHERTEXT_BYTES ? chunkTooLarge() : wrongChunkSize(expected));
        return;
      }
      piece.copy(buffer, filled);
      filled += piece.length;
    };
    const onEnd = () => (filled === expected ? finish(null, buffer) : finish(wrongChunkSize(expected)));
    const onError = (err: Error) => finish(err);
    const onAborted = () => finish(new DomainError(FileError.Aborted));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * Chunk uploads (case files and grant report files together) per signed-in session and minute:
 * keyed on the session, not the address, which a whole proxy or Tor exit shares.
 */
export const CHUNK_UPLOAD_LIMIT: RateLimitRule = {
  name: 'chunk-upload',
  keyBy: 'session',
  perClient: 1200,
  total: 1_000_000,
  windowSeconds: 60,
  fromConfig: (config) => ({ perClient: config.REQUESTER_CHUNKS_PER_MINUTE, total: 1_000_000 }),
};
