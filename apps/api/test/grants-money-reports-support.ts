import { randomUUID } from 'node:crypto';
import {
  type GrantKey,
  type RequesterKeys,
  CHUNK_BYTES,
  ENCRYPTED_CHUNK_BYTES,
  createGrantFileDecryptor,
  createGrantFileEncryptor,
  encryptGrantFileMeta,
  encryptGrantReport,
  encryptedSize,
  generateFileKey,
  unwrapGrantFileKey,
  wrapGrantFileKey,
} from '@ashar/crypto';
import request from 'supertest';
import { type TestApp } from './app';
import { type Caller } from './files-support';
import { powActionOf, withPow } from './pow';

/** A report as the follow-up page makes it: a grant-report signed ciphertext under the grant key. */
export function reportBody(grantKey: GrantKey, grantId: string, author: RequesterKeys, text = 'Bought a lock and a camera; receipts attached.') {
  const id = randomUUID();
  const { ciphertext, authorKid } = encryptGrantReport(grantKey, { grantId, reportId: id }, { text }, author);
  return { id, ciphertext, authorKid };
}

/** A receipt or photo encrypted as the browser does (SPEC §18.4): chunks, header, wrapped key, metadata. */
export function encryptReportFile(grantKey: GrantKey, grantId: string, plaintext: Buffer, name = 'receipt.pdf') {
  const fileId = randomUUID();
  const fileKey = generateFileKey();
  const ref = { grantId, fileId };
  const encryptor = createGrantFileEncryptor(fileKey, ref);
  const chunks: Buffer[] = [];
  for (let offset = 0; ; offset += CHUNK_BYTES) {
    const final = offset + CHUNK_BYTES >= plaintext.length;
    chunks.push(Buffer.from(encryptor.push(plaintext.subarray(offset, offset + CHUNK_BYTES), final).bytes));
    if (final) break;
  }
  const body = {
    fileId,
    header: encryptor.header as string,
    meta: encryptGrantFileMeta(grantKey, ref, { name, type: 'application/pdf', size: plaintext.length }) as string,
    wrappedKey: wrapGrantFileKey(grantKey, ref, fileKey) as string,
    encryptedSize: encryptedSize(plaintext.length),
    chunkCount: chunks.length,
  };
  return { fileId, chunks, body };
}

export function decryptReportFile(grantKey: GrantKey, grantId: string, view: { id: string; header: string; wrappedKey: string }, ciphertext: Buffer): Buffer {
  const ref = { grantId, fileId: view.id };
  const decryptor = createGrantFileDecryptor(unwrapGrantFileKey(grantKey, ref, view.wrappedKey), ref, view.header);
  const out: Buffer[] = [];
  for (let offset = 0; offset < ciphertext.length; offset += ENCRYPTED_CHUNK_BYTES) out.push(Buffer.from(decryptor.pull(ciphertext.subarray(offset, offset + ENCRYPTED_CHUNK_BYTES)).bytes));
  decryptor.finish();
  return Buffer.concat(out);
}

export function callerPost(t: TestApp, who: Caller, path: string, body?: unknown) {
  const req = withPow(request(t.http).post(`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf), t.http, powActionOf(path));
  return body === undefined ? req : req.send(body as object);
}

export function putReportChunk(t: TestApp, who: Caller, grantId: string, fileId: string, index: number, bytes: Buffer) {
  return request(t.http)
    .put(`/api/v1/requester/grants/${grantId}/files/${fileId}/chunks/${index}`)
    .set('cookie', who.cookie)
    .set('x-csrf-token', who.csrf)
    .set('content-type', 'application/octet-stream')
    .send(bytes);
}

function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (piece: Buffer) => parts.push(piece));
  stream.on('end', () => done(null, Buffer.concat(parts)));
}

/** Downloads a report file: `requester` through the follow-up route, staff through the grant route. */
export function downloadReportFile(t: TestApp, who: Caller, grantId: string, fileId: string, as: 'requester' | 'staff') {
  const path = as === 'requester' ? `/api/v1/requester/grants/${grantId}/files/${fileId}/content` : `/api/v1/grants/${grantId}/files/${fileId}/content`;
  return request(t.http).get(path).set('cookie', who.cookie).buffer(true).parse(binary);
}

/** Creates, uploads every chunk and completes a report file as the requester. */
export async function uploadReportFile(t: TestApp, who: Caller, grantId: string, reportId: string, file: ReturnType<typeof encryptReportFile>): Promise<void> {
  await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, file.body).expect(201);
  for (const [index, chunk] of file.chunks.entries()) await putReportChunk(t, who, grantId, file.fileId, index, chunk).expect(204);
  await callerPost(t, who, `/requester/grants/${grantId}/files/${file.fileId}/complete`).expect(204);
}
