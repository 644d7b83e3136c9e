import { type Readable } from 'node:stream';

/**
 * Where file ciphertext lives: named blobs, written whole and atomically, read as streams.
 * Two implementations (fs-blob-store.ts, pg-blob-store.ts) pass the same contract test; the
 * configuration (BLOB_STORE) picks one. The store knows nothing of cases or encryption: it
 * holds bytes under keys the files module makes.
 *
 * Keys are paths of lower-case segments (`a-z`, `0-9`, `-`) joined by `/`, at most 512
 * characters: no dots, so no `..`, no absolute paths and nothing a file system or a LIKE
 * pattern would read specially. A prefix is such a path ending in `/`. A key is never also
 * the directory of other keys (`a` and `a/b`): a file system cannot hold both.
 */
export interface BlobStore {
  /**
   * Stores the bytes of `source` under `key`, replacing a blob already there. Readers see the
   * old blob or the whole new one, never a part; on error nothing changes. Returns the size.
   * A caller that already holds the bytes (one file chunk) passes them as they are.
   */
  put(key: string, source: BlobSource): Promise<number>;
  /** The blob as a stream, or null when there is none. */
  get(key: string): Promise<Readable | null>;
  /** Removes these blobs (missing ones are ignored). */
  delete(keys: readonly string[]): Promise<void>;
  /** Removes every blob whose key starts with `prefix` (which ends with `/`); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

/** What a blob is written from: its bytes whole, or a stream of them. */
export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** Injection token of the configured blob store. */
export const BLOB_STORE = Symbol('BLOB_STORE');

const KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;
export const BLOB_KEY_MAX_LENGTH = 512;

export class BlobKeyError extends Error {
  constructor(what: string) {
    super(`invalid blob ${what}`);
    this.name = 'BlobKeyError';
  }
}

/** Throws BlobKeyError unless `key` is a valid key. */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || key.length > BLOB_KEY_MAX_LENGTH || !KEY.test(key)) throw new BlobKeyError('key');
}

/** Throws BlobKeyError unless `prefix` is a valid key followed by `/`. */
export function assertBlobPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !prefix.endsWith('/')) throw new BlobKeyError('prefix');
  assertBlobKey(prefix.slice(0, -1));
}

/** Where chunk `index` of a file is kept, and what a case's blobs start with. */
export const blobKeys = {
  casePrefix: (caseId: string) => `cases/${caseId}/`,
  filePrefix: (caseId: string, fileId: string) => `cases/${caseId}/files/${fileId}/`,
  /** A grant report file's chunks (the grants module writes them under this prefix). */
  grantFilePrefix: (grantId: string, fileId: string) => `grants/${grantId}/files/${fileId}/`,
  /** One attempt at storing chunk `index` (the chunk table says which attempt counts). */
  chunk: (caseId: string, fileId: string, index: number, attempt: string) => `cases/${caseId}/files/${fileId}/${index}-${attempt}`,
};

/** Reads a source as Buffers (bytes whole, a Readable in object mode or not, or an async iterable of bytes). */
export async function* bytesOf(source: BlobSource): AsyncGenerator<Buffer> {
  if (source instanceof Uint8Array) {
    yield asBuffer(source);
    return;
  }
  for await (const piece of source as AsyncIterable<Uint8Array | string>) {
    yield typeof piece === 'string' ? Buffer.from(piece) : asBuffer(piece);
  }
}

/** The same bytes as a Buffer, without a copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
