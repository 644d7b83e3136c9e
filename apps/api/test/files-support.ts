import { createHash } from 'node:crypto';
import {
  type RecordKey,
  CHUNK_BYTES,
  ENCRYPTED_CHUNK_BYTES,
  createFileDecryptor,
  createFileEncryptor,
  encryptCaseFileMeta,
  encryptedSize,
  generateFileKey,
  type FileKey,
  unwrapCaseFileKey,
  wrapCaseFileKey,
} from '@ashar/crypto';
import request from 'supertest';
import { type TestApp } from './app';
import { powActionOf, withPow } from './pow';

/** Who calls: the Cookie header and CSRF token of a staff member or a requester. */
export interface Caller {
  cookie: string;
  csrf: string;
}

/** What the browser keeps of a file it encrypts: the key, the header, the chunks, and the create body. */
export interface EncryptedTestFile {
  fileId: string;
  fileKey: FileKey;
  plaintext: Buffer;
  chunks: Buffer[];
  body: { fileId: string; header: string; meta: string; wrappedKey: string; encryptedSize: number; chunkCount: number; recordKind?: string; epoch?: number };
}

/** Deterministic plaintext of `size` bytes that starts with `marker` (tests search for it later). */
export function plaintextOf(size: number, marker: string): Buffer {
  const out = Buffer.alloc(size);
  let offset = 0;
  for (let counter = 0; offset < size; counter += 1) {
    const block = createHash('sha256').update(`${marker}:${counter}`).digest();
    offset += block.copy(out, offset, 0, Math.min(block.length, size - offset));
  }
  Buffer.from(marker).copy(out, 0);
  return out;
}

/**
 * Encrypts a file as the browser does (SPEC.md §9.3, §11, format 2): wrapped key and metadata under
 * `key` bound to the record kind, header and chunks. `recordKind` is sent as given (left out: the
 * api's default for the caller); the binding uses it, or `bindAs` when it is left out.
 */
export function encryptTestFile(key: RecordKey, caseId: string, fileId: string, plaintext: Buffer, name: string, recordKind?: string, bindAs = recordKind ?? 'request'): EncryptedTestFile {
  const fileKey = generateFileKey();
  const ref = { caseId, fileId };
  const bound = { caseId, fileId, recordKind: bindAs };
  const encryptor = createFileEncryptor(fileKey, ref);
  const chunks: Buffer[] = [];
  for (let offset = 0; ; offset += CHUNK_BYTES) {
    const piece = plaintext.subarray(offset, offset + CHUNK_BYTES);
    const final = offset + CHUNK_BYTES >= plaintext.length;
    chunks.push(Buffer.from(encryptor.push(piece, final).bytes));
    if (final) break;
  }
  const body = {
    fileId,
    header: encryptor.header as string,
    meta: encryptCaseFileMeta(key, bound, { name, type: 'application/pdf', size: plaintext.length }) as string,
    wrappedKey: wrapCaseFileKey(key, bound, fileKey) as string,
    encryptedSize: encryptedSize(plaintext.length),
    chunkCount: chunks.length,
    ...(recordKind ? { recordKind } : {}),
  };
  return { fileId, fileKey, plaintext, chunks, body };
}

export function filePost(t: TestApp, who: Caller, path: string, body?: unknown) {
  // A new file proves work when a requester makes it (staff pass without: the proof is then ignored).
  const req = withPow(request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf), t.http, powActionOf(path));
  return body === undefined ? req : req.send(body as object);
}

export function putChunk(t: TestApp, who: Caller, caseId: string, fileId: string, index: number, bytes: Buffer) {
  return request(t.http)
    .put(`/api/v1/cases/${caseId}/files/${fileId}/chunks/${index}`)
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrf)
    .set('content-type', 'application/octet-stream')
    .send(bytes);
}

/** A superagent parser that keeps the body as bytes (the response is a Node stream underneath). */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (piece: Buffer) => parts.push(piece));
  stream.on('end', () => done(null, Buffer.concat(parts)));
}

export function download(t: TestApp, who: Caller, caseId: string, fileId: string) {
  return request(t.http).get(`/api/v1/cases/${caseId}/files/${fileId}/content`).set('cookie', who.cookie).buffer(true).parse(binary);
}

/** Creates, uploads every chunk and completes a file. */
export async function uploadWhole(t: TestApp, who: Caller, caseId: string, file: EncryptedTestFile): Promise<void> {
  await filePost(t, who, `/cases/${caseId}/files`, file.body).expect(201);
  for (const [index, chunk] of file.chunks.entries()) await putChunk(t, who, caseId, file.fileId, index, chunk).expect(204);
  await filePost(t, who, `/cases/${caseId}/files/${file.fileId}/complete`).expect(204);
}

/** Decrypts downloaded ciphertext chunk by chunk as the browser does, after unwrapping the file key (format 2) with the key it is under. */
export function decryptDownloaded(key: RecordKey, caseId: string, view: { fileId: string; header: string; wrappedKey: string; recordKind: string }, ciphertext: Buffer): Buffer {
  const ref = { caseId, fileId: view.fileId };
  const decryptor = createFileDecryptor(unwrapCaseFileKey(key, { ...ref, recordKind: view.recordKind }, view.wrappedKey), ref, view.header);
  const out: Buffer[] = [];
  for (let offset = 0; offset < ciphertext.length; offset += ENCRYPTED_CHUNK_BYTES) {
    out.push(Buffer.from(decryptor.pull(ciphertext.subarray(offset, offset + ENCRYPTED_CHUNK_BYTES)).bytes));
  }
  decryptor.finish();
  return Buffer.concat(out);
}
