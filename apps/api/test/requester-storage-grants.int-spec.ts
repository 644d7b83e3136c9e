import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type GrantKey, type RootKeys, encodePublicKey, generateGrantKey, generateRootKeys, ready } from '@ashar/crypto';
import { IncompleteUploadsService } from '../src/retention/incomplete-uploads.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, staffPost, submitIntake } from './cases-support';
import { type Caller, encryptTestFile, filePost, plaintextOf, putChunk } from './files-support';
import { approvedGrant, testFund, type TestFund } from './grants-money-support';
import { callerPost, encryptReportFile, putReportChunk, reportBody } from './grants-money-reports-support';
import { createPerson, type TestPerson } from './people';

const KiB = 1024;

/**
 * Issue 15 (part): the requester's storage quota counts their grant report files with their case
 * files, grant report chunks are limited per session too, and grant report uploads never
 * completed are swept with their blobs.
 */
describe('requester storage across case and grant report files', () => {
  let t: TestApp;
  let root: RootKeys;
  let legalWorker: TestPerson;
  let officer: TestPerson;
  let fund: TestFund;
  let grantKey: GrantKey;

  const count = async (sql: string, params: unknown[]): Promise<number> => (await t.dataSource.query(sql, params))[0].n;

  /** A requester with a disbursing grant on their case and a report waiting for its decision. */
  async function requesterWithReport(description: string): Promise<{ sub: Submission; who: Caller; grantId: string; reportId: string }> {
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description } });
    const who = await requesterSignIn(t, sub.keys);
    const requesterId = (await t.dataSource.query(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId]))[0].requester_id;
    const grantId = await approvedGrant(t, fund, legalWorker, 50_000n, { caseId: sub.caseId, requesterId });
    const tranche = await staffPost(t, officer, `/grants/${grantId}/tranches`, { plannedMinor: '50000', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
    await staffPost(t, officer, `/grants/${grantId}/tranches/${tranche.body.id}/send`, { paidMinor: '50000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
    const report = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, who, `/requester/grants/${grantId}/reports`, report).expect(201);
    return { sub, who, grantId, reportId: report.id };
  }

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
    });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const certify = { certifyWith: { admin } } as const;
    const legal = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], ...certify });
    officer = await createPerson(t, { roles: ['finance_officer'], ...certify });
    await createPerson(t, { roles: ['finance_approver'], ...certify });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker]);
    fund = await testFund(t, officer);
    grantKey = generateGrantKey();
  });
  afterAll(() => t.close());

  it('counts case files and grant report files together against the quota, refusing either before storing anything', async () => {
    const { sub, who, grantId, reportId } = await requesterWithReport('quota across');
    const grantFile = (size: number) => encryptReportFile(grantKey, grantId, plaintextOf(size, 'GRANT-QUOTA'));
    const caseFile = (size: number) => encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(size, 'CASE-QUOTA'), 'c.pdf');
    const grantFiles = () => count(`SELECT count(*)::int AS n FROM grant_files WHERE grant_id = $1`, [grantId]);
    const caseFiles = () => count(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [sub.caseId]);

    // 700 KiB in a case file; 400 KiB more in a grant report file would pass 1 MiB together.
    await filePost(t, who, `/cases/${sub.caseId}/files`, caseFile(700 * KiB).body).expect(201);
    const tooBig = await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, grantFile(400 * KiB).body);
    expect([tooBig.status, tooBig.body.type]).toEqual([413, 'urn:ashar:problem:storage-quota']);
    expect(await grantFiles()).toBe(0);
    // Two small grant files fit; then the count (3) is reached for case files as well.
    await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, grantFile(KiB).body).expect(201);
    await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, grantFile(KiB).body).expect(201);
    const fourthCase = await filePost(t, who, `/cases/${sub.caseId}/files`, caseFile(KiB).body);
    expect([fourthCase.status, fourthCase.body.type]).toEqual([413, 'urn:ashar:problem:storage-quota']);
    const fourthGrant = await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, grantFile(KiB).body);
    expect([fourthGrant.status, fourthGrant.body.type]).toEqual([413, 'urn:ashar:problem:storage-quota']);
    expect([await caseFiles(), await grantFiles()]).toEqual([1, 2]);
  });

  it('limits grant report chunks per session, sharing the budget with case file chunks', async () => {
    const { sub, who, grantId, reportId } = await requesterWithReport('chunks across');
    const grantFile = encryptReportFile(grantKey, grantId, plaintextOf(6 * 64 * KiB, 'GRANT-CHUNKS'));
    const caseFile = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(6 * 64 * KiB, 'CASE-CHUNKS'), 'c.pdf');
    await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, grantFile.body).expect(201);
    await filePost(t, who, `/cases/${sub.caseId}/files`, caseFile.body).expect(201);
    const windowOf = () => Math.floor(Date.now() / 60_000);
    const firstWindow = windowOf();
    // Alternately a grant chunk and a case chunk, 10 tries: at most 4 per window pass.
    const next = { grant: 0, case: 0 };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const which = attempt % 2 === 0 ? 'grant' : 'case';
      const res =
        which === 'grant'
          ? await putReportChunk(t, who, grantId, grantFile.fileId, next.grant, grantFile.chunks[next.grant]!)
          : await putChunk(t, who, sub.caseId, caseFile.fileId, next.case, caseFile.chunks[next.case]!);
      statuses.push(res.status);
      if (res.status === 204) next[which] += 1;
      else expect([res.status, res.body.type]).toEqual([429, 'urn:ashar:problem:rate-limited']);
    }
    const windows = windowOf() - firstWindow + 1;
    expect(statuses.slice(0, 4)).toEqual([204, 204, 204, 204]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10 - 4 * windows);
    expect(await count(`SELECT received_chunks AS n FROM grant_files WHERE id = $1`, [grantFile.fileId])).toBe(next.grant);
    expect(await count(`SELECT received_chunks AS n FROM case_files WHERE id = $1`, [caseFile.fileId])).toBe(next.case);
  });

  it('sweeps grant report uploads never completed after a day, with their blobs', async () => {
    const sweeper = t.app.get(IncompleteUploadsService);
    const { who, grantId, reportId } = await requesterWithReport('grant sweep');
    const file = encryptReportFile(grantKey, grantId, plaintextOf(100 * KiB, 'GRANT-ABANDONED'));
    await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, file.body).expect(201);
    await putReportChunk(t, who, grantId, file.fileId, 0, file.chunks[0]!).expect(204);
    const blobs = () => {
      try {
        return readdirSync(join(t.config.BLOB_DIR, 'grants', grantId, 'files', file.fileId)).filter((n) => !n.startsWith('.')).length;
      } catch {
        return 0;
      }
    };
    expect(blobs()).toBe(1);
    // Two more files, complete or not, reach the count: a fourth is refused while the abandoned one stays.
    for (const size of [KiB, KiB]) await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, encryptReportFile(grantKey, grantId, plaintextOf(size, 'GRANT-MORE')).body).expect(201);
    const fourth = encryptReportFile(grantKey, grantId, plaintextOf(KiB, 'GRANT-FOURTH'));
    expect((await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, fourth.body)).status).toBe(413);
    const [{ created_at: createdAt }] = await t.dataSource.query(`SELECT created_at FROM grant_files WHERE id = $1`, [file.fileId]);
    const hours = (h: number) => new Date(new Date(createdAt).getTime() + h * 3_600_000);
    await sweeper.sweep(hours(23));
    expect(await count(`SELECT count(*)::int AS n FROM grant_files WHERE id = $1`, [file.fileId])).toBe(1);
    await sweeper.sweep(hours(25));
    expect(await count(`SELECT count(*)::int AS n FROM grant_files WHERE id = $1`, [file.fileId])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM grant_file_chunks WHERE file_id = $1`, [file.fileId])).toBe(0);
    expect(blobs()).toBe(0);
    // The swept uploads count no more: the fourth file is taken now.
    await callerPost(t, who, `/requester/grants/${grantId}/reports/${reportId}/files`, fourth.body).expect(201);
  });
});
