import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type RootKeys, encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import { IncompleteUploadsService } from '../src/retention/incomplete-uploads.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, submitIntake } from './cases-support';
import { type Caller, encryptTestFile, filePost, plaintextOf, putChunk } from './files-support';
import { createPerson } from './people';

const KiB = 1024;

/** Issue 15 (part): the requester's storage quota, the sweep of uploads never completed, and the chunk limit per requester session. */
describe('requester storage', () => {
  let t: TestApp;
  let root: RootKeys;

  const intake = (description: string) => submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description } });
  const newRequester = async (description: string): Promise<{ sub: Submission; who: Caller }> => {
    const sub = await intake(description);
    return { sub, who: await requesterSignIn(t, sub.keys) };
  };
  const count = async (sql: string, params: unknown[]): Promise<number> => (await t.dataSource.query(sql, params))[0].n;
  const filesOf = (caseId: string) => count(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [caseId]);
  const received = (fileId: string) => count(`SELECT received_chunks AS n FROM case_files WHERE id = $1`, [fileId]);

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({
      ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
      INSTANCE_ID,
      INTAKE_LIMIT_TOTAL: '1000',
      REQUESTER_FILES_MAX: '3',
      REQUESTER_STORAGE_MAX_BYTES: String(1024 * KiB),
      REQUESTER_CHUNKS_PER_MINUTE: '4',
      INCOMPLETE_UPLOAD_HOURS: '24',
    });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    const legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker]);
  });
  afterAll(() => t.close());

  it('refuses a requester’s file past their file count or storage quota before storing anything', async () => {
    const { sub, who } = await newRequester('quota');
    const create = (size: number) => {
      const file = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(size, 'QUOTA'), 'q.pdf');
      return { file, res: filePost(t, who, `/cases/${sub.caseId}/files`, file.body) };
    };
    // Too many bytes for the quota (1 MiB) in one file: refused, nothing stored.
    const big = await create(1100 * KiB).res;
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(big.body.type).toBe('urn:ashar:problem:storage-quota');
    expect(await filesOf(sub.caseId)).toBe(0);
    // 600 KiB fit; another 600 KiB would pass the quota together.
    await create(600 * KiB).res.expect(201);
    const over = await create(600 * KiB).res;
    expect([over.status, over.body.type]).toEqual([413, 'urn:ashar:problem:storage-quota']);
    expect(await filesOf(sub.caseId)).toBe(1);
    // Small files up to the count (3), then no more, however small.
    await create(1 * KiB).res.expect(201);
    await create(1 * KiB).res.expect(201);
    const fourth = await create(1 * KiB).res;
    expect([fourth.status, fourth.body.type]).toEqual([413, 'urn:ashar:problem:storage-quota']);
    expect(fourth.body.detail).toContain('3 files');
    expect(await filesOf(sub.caseId)).toBe(3);
  });
  it('removes uploads never completed after a day, with their blobs', async () => {
    const sweeper = t.app.get(IncompleteUploadsService);
    const { sub, who } = await newRequester('abandoned');
    const abandoned = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(130 * KiB, 'ABANDONED'), 'a.pdf');
    await filePost(t, who, `/cases/${sub.caseId}/files`, abandoned.body).expect(201);
    await putChunk(t, who, sub.caseId, abandoned.fileId, 0, abandoned.chunks[0]!).expect(204);
    const done = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(KiB, 'DONE'), 'd.pdf');
    await filePost(t, who, `/cases/${sub.caseId}/files`, done.body).expect(201);
    await putChunk(t, who, sub.caseId, done.fileId, 0, done.chunks[0]!).expect(204);
    await filePost(t, who, `/cases/${sub.caseId}/files/${done.fileId}/complete`).expect(204);
    const blobs = (fileId: string) => {
      try {
        return readdirSync(join(t.config.BLOB_DIR, 'cases', sub.caseId, 'files', fileId)).filter((n) => !n.startsWith('.')).length;
      } catch {
        return 0;
      }
    };
    expect(blobs(abandoned.fileId)).toBe(1);
    const [{ created_at: createdAt }] = await t.dataSource.query(`SELECT created_at FROM case_files WHERE id = $1`, [abandoned.fileId]);
    const hours = (h: number) => new Date(new Date(createdAt).getTime() + h * 3_600_000);

    // Within the day it stays (the upload may resume).
    expect(await sweeper.sweep(hours(23))).toBe(0);
    expect(await received(abandoned.fileId)).toBe(1);
    // After it, the file, its chunk rows and its blobs are gone; the complete file stays.
    // (Earlier tests' uploads were never completed either: they go too.)
    const incomplete = await count(`SELECT count(*)::int AS n FROM case_files WHERE completed_at IS NULL`, []);
    expect(incomplete).toBeGreaterThanOrEqual(1);
    expect(await sweeper.sweep(hours(25))).toBe(incomplete);
    expect(await count(`SELECT count(*)::int AS n FROM case_files WHERE completed_at IS NULL`, [])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM case_files WHERE id = $1`, [abandoned.fileId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM case_file_chunks WHERE file_id = $1`, [abandoned.fileId])).toBe(0);
    expect(blobs(abandoned.fileId)).toBe(0);
    expect(blobs(done.fileId)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM case_files WHERE id = $1 AND completed_at IS NOT NULL`, [done.fileId])).toBe(1);
    // Running again changes nothing.
    expect(await sweeper.sweep(hours(25))).toBe(0);
  });
  it('limits chunk uploads per requester session, not per address', async () => {
    const first = await newRequester('chunks one');
    const second = await newRequester('chunks two');
    const file = encryptTestFile(first.sub.caseKey, first.sub.caseId, randomUUID(), plaintextOf(10 * 64 * KiB, 'CHUNKS'), 'c.pdf');
    expect(file.chunks.length).toBeGreaterThanOrEqual(10);
    await filePost(t, first.who, `/cases/${first.sub.caseId}/files`, file.body).expect(201);
    // At most 4 a minute (fixed one-minute windows): of ten tries, all but 4 per window they span are refused.
    const windowOf = () => Math.floor(Date.now() / 60_000);
    const firstWindow = windowOf();
    const statuses: number[] = [];
    let next = 0;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const res = await putChunk(t, first.who, first.sub.caseId, file.fileId, next, file.chunks[next]!);
      statuses.push(res.status);
      if (res.status === 204) next += 1;
      else {
        expect(res.status).toBe(429);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toBe('urn:ashar:problem:rate-limited');
      }
    }
    const windows = windowOf() - firstWindow + 1;
    expect(statuses.slice(0, 4)).toEqual([204, 204, 204, 204]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10 - 4 * windows);
    // A refused chunk stored nothing.
    expect(await received(file.fileId)).toBe(next);
    // Another requester, from the same address, is not held back by the first one's session.
    const other = encryptTestFile(second.sub.caseKey, second.sub.caseId, randomUUID(), plaintextOf(KiB, 'OTHER'), 'o.pdf');
    await filePost(t, second.who, `/cases/${second.sub.caseId}/files`, other.body).expect(201);
    await putChunk(t, second.who, second.sub.caseId, other.fileId, 0, other.chunks[0]!).expect(204);
  });
});
