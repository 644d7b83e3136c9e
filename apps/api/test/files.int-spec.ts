import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type CaseKey, type RootKeys, type StaffKey, ENCRYPTED_CHUNK_BYTES, decryptCaseFileMeta, decryptFileMeta, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import { type CaseFileView, type CaseView, FILE_CHUNK_CIPHERTEXT_BYTES } from '@ashar/domain';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, makeStaffKey, openCaseKeyAsStaff, requesterSignIn, staffGet, staffPost, submitIntake } from './cases-support';
import { type Caller, decryptDownloaded, download, encryptTestFile, filePost, plaintextOf, putChunk, uploadWhole } from './files-support';
import { createPerson, type TestPerson } from './people';

const MARKER = 'MARKER-FILE-passport-scan-4d1e';

/** The test app's port, listening on loopback (for requests supertest cannot make: cut off, or without a length). */
async function listening(t: TestApp): Promise<number> {
  if (!t.http.listening) await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', () => resolve()));
  return (t.http.address() as AddressInfo).port;
}
const MiB = 1024 * 1024;

describe.each([['fs'], ['postgres']])('encrypted case files (blob store: %s)', (blobStore) => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let auditor: TestPerson;
  let legalWorker: TestPerson;
  let legalLead: TestPerson;
  let medicalWorker: TestPerson;
  let sub: Submission;
  let requester: Caller;
  let staffCaseKey: CaseKey;

  const get = (who: Caller, path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);
  /** How many blobs the store holds for a file (temporary files of the fs store aside). */
  const blobsOf = async (caseId: string, fileId: string): Promise<number> => {
    if (blobStore === 'postgres') {
      const [row] = await t.dataSource.query(`SELECT count(DISTINCT key)::int AS n FROM blob_chunks WHERE key LIKE $1`, [`cases/${caseId}/files/${fileId}/%`]);
      return row.n;
    }
    return (await readdir(join(t.config.BLOB_DIR, 'cases', caseId, 'files', fileId))).filter((name) => !name.startsWith('.')).length;
  };
  const files = (caseId = sub.caseId) => `/cases/${caseId}/files`;

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({
      ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
      INSTANCE_ID,
      BLOB_STORE: blobStore,
      FILE_MAX_BYTES: String(8 * MiB),
      FILES_PER_CASE_MAX: '8',
    });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const certify = { certifyWith: { admin } } as const;
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    legalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    auditor = await createPerson(t, { roles: ['auditor'], ...certify });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker, legalLead]);
    await certifiedDesk(t, admin, 'medical', [medicalWorker]);
    sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'files test' } });
    requester = await requesterSignIn(t, sub.keys);
    const view = (await staffGet(t, legalWorker, `/cases/${sub.caseId}`).expect(200)).body as CaseView;
    staffCaseKey = await openCaseKeyAsStaff(t, root, legalWorker, view);
  });
  afterAll(() => t.close());

  it('lets the requester upload a file in chunks, survive an interrupted chunk, resume, complete, and read it back byte-exact', async () => {
    const plaintext = plaintextOf(3 * MiB + 12_345, MARKER);
    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintext, 'passport.pdf');
    expect(file.chunks.length).toBe(49);
    expect(file.chunks.slice(0, -1).every((c) => c.length === ENCRYPTED_CHUNK_BYTES)).toBe(true);
    expect((await filePost(t, requester, files(), file.body).expect(201)).body).toEqual({ fileId: file.fileId });
    for (let index = 0; index < 20; index += 1) await putChunk(t, requester, sub.caseId, file.fileId, index, file.chunks[index]!).expect(204);

    // The connection drops halfway through chunk 20: nothing of it is stored.
    const port = await listening(t);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/api/v1/cases/${sub.caseId}/files/${file.fileId}/chunks/20`,
        headers: { cookie: requester.cookie, 'x-csrf-token': requester.csrf, 'content-type': 'application/octet-stream', 'content-length': String(ENCRYPTED_CHUNK_BYTES) },
      });
      req.on('error', () => resolve());
      req.write(file.chunks[20]!.subarray(0, 30_000), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Resuming: the browser asks where the upload stands, re-sends the last acknowledged chunk safely, and carries on.
    const progress = (await get(requester, `${files()}/${file.fileId}`).expect(200)).body as CaseFileView;
    expect(progress).toMatchObject({ fileId: file.fileId, caseId: sub.caseId, receivedChunks: 20, complete: false, chunkCount: 49, encryptedSize: file.body.encryptedSize, recordKind: 'request' });
    await putChunk(t, requester, sub.caseId, file.fileId, 19, file.chunks[19]!).expect(204);
    const early = await filePost(t, requester, `${files()}/${file.fileId}/complete`).expect(409);
    expect(early.body.type).toBe('urn:ashar:problem:incomplete');
    await download(t, requester, sub.caseId, file.fileId).expect(409);
    for (let index = progress.receivedChunks; index < file.chunks.length; index += 1) await putChunk(t, requester, sub.caseId, file.fileId, index, file.chunks[index]!).expect(204);
    await filePost(t, requester, `${files()}/${file.fileId}/complete`).expect(204);
    await filePost(t, requester, `${files()}/${file.fileId}/complete`).expect(204); // again: nothing changes

    const res = await download(t, requester, sub.caseId, file.fileId).expect(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-length']).toBe(String(file.body.encryptedSize));
    const body = res.body as Buffer;
    expect(body.equals(Buffer.concat(file.chunks))).toBe(true);
    expect(decryptDownloaded(sub.caseKey, sub.caseId, progress, body).equals(plaintext)).toBe(true);

    // The desk reads it too, with the case key it opens in its own browser.
    const staffView = (await get(legalWorker, `${files()}/${file.fileId}`).expect(200)).body as CaseFileView;
    expect(staffView).toMatchObject({ complete: true, receivedChunks: 49, uploadedBy: { kind: 'requester' } });
    expect(staffView).toMatchObject({ format: 2, epoch: 1 });
    const bound = { caseId: sub.caseId, fileId: file.fileId, recordKind: 'request' };
    expect(decryptCaseFileMeta(staffCaseKey, bound, staffView.meta)).toEqual({ name: 'passport.pdf', type: 'application/pdf', size: plaintext.length });
    // Bound to its record kind: read as a message's, or with the format-1 purposes, it does not open (SPEC.md §9.3).
    expect(() => decryptCaseFileMeta(staffCaseKey, { ...bound, recordKind: 'message' }, staffView.meta)).toThrow(expect.objectContaining({ code: 'wrong_ad' }));
    expect(() => decryptFileMeta(staffCaseKey, { caseId: sub.caseId, fileId: file.fileId }, staffView.meta)).toThrow(expect.objectContaining({ code: 'wrong_ad' }));
    const staffBytes = (await download(t, legalWorker, sub.caseId, file.fileId).expect(200)).body as Buffer;
    expect(decryptDownloaded(staffCaseKey, sub.caseId, staffView, staffBytes).equals(plaintext)).toBe(true);

    // Audited, ids only.
    const events: { action: string; actor_kind: string; subject_id: string; data: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT action, actor_kind, subject_id, data FROM audit_events WHERE action IN ('file.uploaded', 'file.read') AND subject_id = $1 ORDER BY seq`,
      [file.fileId],
    );
    expect(events.find((e) => e.action === 'file.uploaded')).toMatchObject({ actor_kind: 'requester', data: { caseId: sub.caseId, recordKind: 'request', chunkCount: 49 } });
    expect(events.filter((e) => e.action === 'file.uploaded')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'file.read' && e.data['part'] === 'content').map((e) => e.actor_kind)).toEqual(['requester', 'staff']);

    // Nothing of the plaintext is stored anywhere the server can see.
    const [clear] = await t.dataSource.query(`SELECT count(*)::int AS n FROM blob_chunks WHERE position($1::bytea IN data) > 0`, [Buffer.from(MARKER)]);
    expect(clear.n).toBe(0);
  });

  it('refuses chunks out of order, of the wrong size, too large, of another type, or different from the stored copy', async () => {
    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(3 * 65536 + 10, 'x'), 'order.bin');
    await filePost(t, requester, files(), file.body).expect(201);
    const order = await putChunk(t, requester, sub.caseId, file.fileId, 1, file.chunks[1]!).expect(409);
    expect(order.body).toMatchObject({ type: 'urn:ashar:problem:chunk-order', detail: 'The next chunk expected is 0.' });
    await putChunk(t, requester, sub.caseId, file.fileId, 0, file.chunks[0]!).expect(204);
    await putChunk(t, requester, sub.caseId, file.fileId, 2, file.chunks[2]!).expect(409);
    const short = await putChunk(t, requester, sub.caseId, file.fileId, 1, file.chunks[1]!.subarray(0, 1000)).expect(422);
    expect(short.body.type).toBe('urn:ashar:problem:chunk-size');
    const big = await putChunk(t, requester, sub.caseId, file.fileId, 1, Buffer.concat([file.chunks[1]!, Buffer.alloc(1)])).expect(413);
    expect(big.body.type).toBe('urn:ashar:problem:payload-too-large');
    const last = await putChunk(t, requester, sub.caseId, file.fileId, 3, file.chunks[1]!).expect(409); // not yet its turn
    expect(last.body.type).toBe('urn:ashar:problem:chunk-order');
    await putChunk(t, requester, sub.caseId, file.fileId, 4, file.chunks[1]!).expect(422); // beyond the last chunk
    await request(t.http)
      .put(`/api/v1/cases/${sub.caseId}/files/${file.fileId}/chunks/1`)
      .set('cookie', requester.cookie)
      .set('x-csrf-token', requester.csrf)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ a: 1 }))
      .expect(415);
    const tampered = Buffer.from(file.chunks[0]!);
    tampered[100] = (tampered[100] ?? 0) ^ 1;
    const conflict = await putChunk(t, requester, sub.caseId, file.fileId, 0, tampered).expect(409);
    expect(conflict.body.type).toBe('urn:ashar:problem:chunk-conflict');
    // A body sent without a length is cut off at the first byte too many.
    const port = await listening(t);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/api/v1/cases/${sub.caseId}/files/${file.fileId}/chunks/1`,
          headers: { cookie: requester.cookie, 'x-csrf-token': requester.csrf, 'content-type': 'application/octet-stream' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let n = 0; n < 3; n += 1) req.write(Buffer.alloc(FILE_CHUNK_CIPHERTEXT_BYTES));
      req.end();
    });
    expect(chunked).toBe(413);
    const state = (await get(requester, `${files()}/${file.fileId}`).expect(200)).body as CaseFileView;
    expect(state.receivedChunks).toBe(1);
    for (let index = 1; index < 4; index += 1) await putChunk(t, requester, sub.caseId, file.fileId, index, file.chunks[index]!).expect(204);
    await filePost(t, requester, `${files()}/${file.fileId}/complete`).expect(204);

    // Two copies of one chunk at once: identical ones are both fine; of two different ones, exactly one is kept.
    const race = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(70_000, 'race'), 'race.bin');
    await filePost(t, requester, files(), race.body).expect(201);
    const same = await Promise.all([0, 1, 2].map(() => putChunk(t, requester, sub.caseId, race.fileId, 0, race.chunks[0]!)));
    expect(same.map((r) => r.status)).toEqual([204, 204, 204]);
    const other = Buffer.from(race.chunks[1]!);
    other[0] = (other[0] ?? 0) ^ 1;
    const different = await Promise.all([race.chunks[1]!, other].map((bytes) => putChunk(t, requester, sub.caseId, race.fileId, 1, bytes)));
    expect(different.map((r) => r.status).sort()).toEqual([204, 409]);
    const [kept] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_file_chunks WHERE file_id = $1`, [race.fileId]);
    expect(kept.n).toBe(2);
    // The copies that were not kept left no blob behind.
    expect(await blobsOf(sub.caseId, race.fileId)).toBe(2);
    // The last chunk must have exactly the bytes that are left.
    expect(file.chunks[3]!.length).toBe(10 + 17);
  });

  it('checks what it can of a new file: formats, sizes, record kind, id', async () => {
    const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(100, 'y'), 'small.txt');
    const bad = async (body: unknown, status = 422) => (await filePost(t, requester, files(), body).expect(status)).body as { type: string };
    await bad({ ...file.body, header: `x1.${'A'.repeat(22)}.${'B'.repeat(31)}!` });
    await bad({ ...file.body, header: `x2.${'A'.repeat(22)}.${'B'.repeat(32)}` });
    await bad({ ...file.body, meta: file.body.wrappedKey });
    await bad({ ...file.body, wrappedKey: `${file.body.wrappedKey.replace(/^a1\../, 'a1.')}A` }); // a 21-character check
    await bad({ ...file.body, chunkCount: 2 });
    await bad({ ...file.body, encryptedSize: 16 });
    await bad({ ...file.body, encryptedSize: FILE_CHUNK_CIPHERTEXT_BYTES + 17, chunkCount: 2 }); // an empty final chunk after the first
    await bad({ ...file.body, fileId: file.fileId.toUpperCase() });
    await bad({ ...file.body, recordKind: 'note' });
    await bad({ ...file.body, extra: 1 });
    const tooLarge = await bad({ ...file.body, encryptedSize: 8 * MiB + 1, chunkCount: Math.ceil((8 * MiB + 1) / FILE_CHUNK_CIPHERTEXT_BYTES) }, 413);
    expect(tooLarge.type).toBe('urn:ashar:problem:file-too-large');
    await filePost(t, requester, files(), file.body).expect(201);
    await filePost(t, requester, files(), file.body).expect(409);
  });

  it('lets the desk attach files: notes stay with staff, under the staff-only key; messages reach the requester', async () => {
    // A note's file needs the case's staff-only key: none yet, so the api refuses it.
    const early = encryptTestFile(staffCaseKey, sub.caseId, randomUUID(), plaintextOf(10, 'early'), 'early.pdf', undefined, 'note');
    expect((await filePost(t, legalWorker, files(), early.body).expect(409)).body.detail).toContain('staff-only key');
    const staffKey: StaffKey = await makeStaffKey(t, root, legalWorker, sub.caseId, staffCaseKey);
    const note = encryptTestFile(staffKey, sub.caseId, randomUUID(), plaintextOf(70_000, 'MARKER-STAFF-NOTE-FILE'), 'assessment.pdf', undefined, 'note');
    const message = encryptTestFile(staffCaseKey, sub.caseId, randomUUID(), plaintextOf(5_000, 'MARKER-STAFF-MESSAGE-FILE'), 'power-of-attorney.pdf', 'message');
    const created = await filePost(t, legalWorker, files(), note.body);
    expect(created.body).toEqual({ fileId: note.fileId });
    await filePost(t, legalWorker, `${files()}/${note.fileId}/complete`).expect(409);
    for (const [index, chunk] of note.chunks.entries()) await putChunk(t, legalWorker, sub.caseId, note.fileId, index, chunk).expect(204);
    await filePost(t, legalWorker, `${files()}/${note.fileId}/complete`).expect(204);
    await uploadWhole(t, legalWorker, sub.caseId, message);
    await filePost(t, legalWorker, files(), { ...encryptTestFile(staffCaseKey, sub.caseId, randomUUID(), Buffer.alloc(1), 'r').body, recordKind: 'request' }).expect(422);

    const staffList = (await get(legalLead, files()).expect(200)).body as CaseFileView[];
    expect(staffList.map((f) => f.fileId)).toEqual(expect.arrayContaining([note.fileId, message.fileId]));
    expect(staffList.find((f) => f.fileId === note.fileId)).toMatchObject({ recordKind: 'note', format: 2, epoch: 1, uploadedBy: { kind: 'staff', id: legalWorker.id } });
    const noteView = (await get(legalLead, `${files()}/${note.fileId}`).expect(200)).body as CaseFileView;
    const noteBytes = (await download(t, legalLead, sub.caseId, note.fileId).expect(200)).body as Buffer;
    expect(decryptDownloaded(staffKey, sub.caseId, noteView, noteBytes).equals(note.plaintext)).toBe(true);
    // The case key (the requester's) does not open it, even relabelled as a message's.
    expect(() => decryptDownloaded(staffCaseKey, sub.caseId, { ...noteView, recordKind: 'message' }, noteBytes)).toThrow(expect.objectContaining({ code: 'wrong_key' }));

    const mine = (await get(requester, files()).expect(200)).body as CaseFileView[];
    expect(mine.map((f) => f.fileId)).toContain(message.fileId);
    expect(mine.map((f) => f.fileId)).not.toContain(note.fileId);
    expect(mine.every((f) => f.recordKind !== 'note')).toBe(true);
    await get(requester, `${files()}/${note.fileId}`).expect(404);
    await download(t, requester, sub.caseId, note.fileId).expect(404);
    const view = (await get(requester, `${files()}/${message.fileId}`).expect(200)).body as CaseFileView;
    const bytes = (await download(t, requester, sub.caseId, message.fileId).expect(200)).body as Buffer;
    expect(decryptDownloaded(sub.caseKey, sub.caseId, view, bytes).equals(message.plaintext)).toBe(true);

    // Only the uploader sends chunks and completes.
    const pending = encryptTestFile(staffKey, sub.caseId, randomUUID(), plaintextOf(10, 'z'), 'p', undefined, 'note');
    await filePost(t, legalWorker, files(), pending.body).expect(201);
    await putChunk(t, legalLead, sub.caseId, pending.fileId, 0, pending.chunks[0]!).expect(403);
    await filePost(t, legalLead, `${files()}/${pending.fileId}/complete`).expect(403);
    await putChunk(t, requester, sub.caseId, pending.fileId, 0, pending.chunks[0]!).expect(404); // a note file: not even visible
  });

  it('answers 404 to another desk and another case, 403 to roles without case rights', async () => {
    const [file] = (await get(requester, files()).expect(200)).body as CaseFileView[];
    const fresh = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), Buffer.alloc(5), 'n');
    for (const who of [medicalWorker]) {
      await get(who, files()).expect(404);
      await get(who, `${files()}/${file!.fileId}`).expect(404);
      await download(t, who, sub.caseId, file!.fileId).expect(404);
      await filePost(t, who, files(), fresh.body).expect(404);
      await putChunk(t, who, sub.caseId, file!.fileId, 0, Buffer.alloc(17)).expect(404);
      await filePost(t, who, `${files()}/${file!.fileId}/complete`).expect(404);
    }
    for (const who of [admin, auditor]) {
      await get(who, files()).expect(403);
      await download(t, who, sub.caseId, file!.fileId).expect(403);
      await filePost(t, who, files(), fresh.body).expect(403);
    }
    // Another requester, and a case that does not exist.
    const other = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'other' } });
    await get(requester, files(other.caseId)).expect(404);
    await get(requester, `${files(other.caseId)}/${file!.fileId}`).expect(404);
    await get(requester, `${files()}/${randomUUID()}`).expect(404);
    await filePost(t, requester, files(other.caseId), encryptTestFile(sub.caseKey, other.caseId, randomUUID(), Buffer.alloc(1), 'n').body).expect(404);
    await request(t.http).get(`/api/v1${files()}`).expect(401);
  });

  it('limits the number of files per case and refuses uploads to a closed case', async () => {
    const other = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'limits' } });
    const them = await requesterSignIn(t, other.keys);
    for (let n = 0; n < 8; n += 1) await filePost(t, them, files(other.caseId), encryptTestFile(other.caseKey, other.caseId, randomUUID(), Buffer.alloc(1), 'n').body).expect(201);
    const over = await filePost(t, them, files(other.caseId), encryptTestFile(other.caseKey, other.caseId, randomUUID(), Buffer.alloc(1), 'n').body).expect(422);
    expect(over.body.type).toBe('urn:ashar:problem:too-many-files');

    const [pending] = (await get(them, files(other.caseId)).expect(200)).body as CaseFileView[];
    for (const to of ['declined', 'closed']) await staffPost(t, legalWorker, `/cases/${other.caseId}/transitions`, { to }).expect(200);
    await putChunk(t, them, other.caseId, pending!.fileId, 0, Buffer.alloc(18)).expect(409);
    await filePost(t, them, `${files(other.caseId)}/${pending!.fileId}/complete`).expect(409);
    await get(them, files(other.caseId)).expect(200); // still readable until it is purged
  });
});
