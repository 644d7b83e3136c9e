import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type GrantKey, type RootKeys, encodePublicKey, generateGrantKey, generateRootKeys, ready } from '@ashar/crypto';
import request from 'supertest';
import { markReportedIfDue } from '../src/grants/grant-report.service';
import { AuditService } from '../src/audit';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, staffGet, staffPost, submitIntake } from './cases-support';
import { type Caller, plaintextOf } from './files-support';
import { approvedGrant, auditActions, testFund, type TestFund } from './grants-money-support';
import { callerPost, decryptReportFile, downloadReportFile, encryptReportFile, putReportChunk, reportBody, uploadReportFile } from './grants-money-reports-support';
import { createPerson, type TestPerson } from './people';

const MiB = 1024 * 1024;

/**
 * Grantee reports and their receipts (docs/grants.md, "Grantee reports"; SPEC §18.4): the
 * requester sends an encrypted report and uploads encrypted files from the follow-up page; the
 * case's caseworker accepts it or asks for more; case staff and finance officers read the files,
 * nobody else does. Real PostgreSQL, Redis, blob store and libs/crypto.
 */
describe('grantee reports and their files', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let legalWorker: TestPerson;
  let medicalWorker: TestPerson;
  let officer: TestPerson;
  let approver: TestPerson;
  let auditor: TestPerson;
  let sub: Submission;
  let otherSub: Submission;
  let requester: Caller;
  let otherRequester: Caller;
  let requesterId: string;
  let fund: TestFund;
  let grantKey: GrantKey;

  /** The decision through the api; 'ok' or the problem's code. */
  const decide = async (who: TestPerson, grantId: string, reportId: string, decision: 'accept' | 'more') => {
    const res = await staffPost(t, who, `/grants/${grantId}/reports/${reportId}/decision`, { decision });
    if (res.status === 200) {
      expect(res.body.id).toBe(grantId);
      return 'ok';
    }
    return String(res.body.type).replace('urn:ashar:problem:', '');
  };
  const codeOf = async (p: Promise<string>) => p;
  const reportStatus = async (reportId: string) => (await t.dataSource.query(`SELECT status FROM grant_reports WHERE id = $1`, [reportId]))[0]?.status as string | undefined;
  const grantStatus = async (grantId: string) => (await t.dataSource.query(`SELECT status FROM grants WHERE id = $1`, [grantId]))[0].status as string;

  /** An approved grant on the requester's case, paid a first tranche so that it is disbursing. */
  async function disbursingGrant(): Promise<string> {
    const grantId = await approvedGrant(t, fund, legalWorker, 50_000n, { caseId: sub.caseId, requesterId });
    const tranche = await staffPost(t, officer, `/grants/${grantId}/tranches`, { plannedMinor: '50000', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
    await staffPost(t, officer, `/grants/${grantId}/tranches/${tranche.body.id}/send`, { paidMinor: '50000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
    return grantId;
  }

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, GRANT_REPORT_FILES_MAX: '2', GRANT_FILE_MAX_BYTES: String(MiB) });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const certify = { certifyWith: { admin } } as const;
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    officer = await createPerson(t, { roles: ['finance_officer'], ...certify });
    approver = await createPerson(t, { roles: ['finance_approver'], ...certify });
    auditor = await createPerson(t, { roles: ['auditor'], ...certify });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker]);
    await certifiedDesk(t, admin, 'medical', [medicalWorker]);
    sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'grant reports test' } });
    otherSub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'another requester' } });
    requester = await requesterSignIn(t, sub.keys);
    otherRequester = await requesterSignIn(t, otherSub.keys);
    requesterId = (await t.dataSource.query(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId]))[0].requester_id;
    fund = await testFund(t, officer);
    grantKey = generateGrantKey();
  });
  afterAll(() => t.close());

  it('takes a report only once money is on its way, from the grant’s own requester, well-formed and signed with their key', async () => {
    const grantId = await approvedGrant(t, fund, legalWorker, 50_000n, { caseId: sub.caseId, requesterId });
    const early = await callerPost(t, requester, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, sub.keys)).expect(409);
    expect(early.body.type).toBe('urn:ashar:problem:grant-not-ready');
    const tranche = await staffPost(t, officer, `/grants/${grantId}/tranches`, { plannedMinor: '50000', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
    await staffPost(t, officer, `/grants/${grantId}/tranches/${tranche.body.id}/send`, { paidMinor: '50000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);

    // Someone else's grant, a staff member on the requester route, no session: refused, nothing stored.
    await callerPost(t, otherRequester, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, otherSub.keys)).expect(404);
    await staffPost(t, legalWorker, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, sub.keys)).expect(403);
    await request(t.http).post(`/api/v1/requester/grants/${grantId}/reports`).send(reportBody(grantKey, grantId, sub.keys)).expect(401);
    // Not a report's format (a wrapped file key's length), or signed by someone else: refused. (The server
    // cannot tell one padded ciphertext's purpose from another's: readers check the AD, SPEC §18.5.)
    const wrapped = encryptReportFile(grantKey, grantId, Buffer.from('x')).body.wrappedKey;
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, { ...reportBody(grantKey, grantId, sub.keys), ciphertext: wrapped }).expect(422);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, otherSub.keys)).expect(422);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, { ...reportBody(grantKey, grantId, sub.keys), ciphertext: `a1.${'A'.repeat(70_000)}` }).expect(413);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM grant_reports WHERE grant_id = $1`, [grantId]))[0].n).toBe(0);

    const report = reportBody(grantKey, grantId, sub.keys);
    expect((await callerPost(t, requester, `/requester/grants/${grantId}/reports`, report).expect(201)).body).toEqual({ id: report.id });
    // One waiting at a time; the same id twice is a conflict.
    expect((await callerPost(t, requester, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, sub.keys)).expect(409)).body.type).toBe('urn:ashar:problem:grant-not-ready');
    const [stored] = await t.dataSource.query(`SELECT status, author_kind, author_id, ciphertext FROM grant_reports WHERE id = $1`, [report.id]);
    expect(stored).toEqual({ status: 'submitted', author_kind: 'requester', author_id: requesterId, ciphertext: report.ciphertext });
    expect(await auditActions(t, grantId)).toContain('grant.report_submitted');
  });

  it('uploads receipts in order under the grant, and serves them to the requester, case staff and finance officers only', async () => {
    const grantId = await disbursingGrant();
    const report = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, report).expect(201);
    const plaintext = plaintextOf(150_000, 'MARKER-RECEIPT-lock-and-camera');
    const file = encryptReportFile(grantKey, grantId, plaintext);
    expect(file.chunks).toHaveLength(3);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports/${report.id}/files`, file.body).expect(201);
    await putReportChunk(t, requester, grantId, file.fileId, 1, file.chunks[1]!).expect(409);
    await putReportChunk(t, requester, grantId, file.fileId, 0, file.chunks[0]!).expect(204);
    // The same chunk again is fine; other bytes for it are not.
    await putReportChunk(t, requester, grantId, file.fileId, 0, file.chunks[0]!).expect(204);
    await putReportChunk(t, requester, grantId, file.fileId, 0, file.chunks[1]!).expect(409);
    await putReportChunk(t, otherRequester, grantId, file.fileId, 1, file.chunks[1]!).expect(404);
    await callerPost(t, requester, `/requester/grants/${grantId}/files/${file.fileId}/complete`).expect(409);
    await downloadReportFile(t, officer, grantId, file.fileId, 'staff').expect(409);
    await putReportChunk(t, requester, grantId, file.fileId, 1, file.chunks[1]!).expect(204);
    await putReportChunk(t, requester, grantId, file.fileId, 2, file.chunks[2]!).expect(204);
    await callerPost(t, requester, `/requester/grants/${grantId}/files/${file.fileId}/complete`).expect(204);
    // Blobs are kept under grants/<grantId>/files/<fileId>/.
    const blobs = (await readdir(join(t.config.BLOB_DIR, 'grants', grantId, 'files', file.fileId))).filter((n) => !n.startsWith('.'));
    expect(blobs).toHaveLength(3);

    // The grant view lists the file with what the browser needs to decrypt it.
    const listed = (await staffGet(t, officer, `/grants/${grantId}`).expect(200)).body.reports[0].files[0];
    expect(listed).toEqual({ id: file.fileId, header: file.body.header, wrappedKey: file.body.wrappedKey, meta: file.body.meta, size: file.body.encryptedSize, chunkCount: 3, complete: true });
    const view = { id: file.fileId, header: listed.header, wrappedKey: listed.wrappedKey };
    for (const [who, as] of [
      [requester, 'requester'],
      [legalWorker, 'staff'],
      [officer, 'staff'],
    ] as const) {
      const res = await downloadReportFile(t, who, grantId, file.fileId, as).expect(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(decryptReportFile(grantKey, grantId, view, res.body as Buffer).equals(plaintext)).toBe(true);
    }
    // Admins, auditors, approvers and the staff of another desk: as if there were no file. Another requester too.
    for (const who of [admin, auditor, approver, medicalWorker]) await downloadReportFile(t, who, grantId, file.fileId, 'staff').expect(404);
    await downloadReportFile(t, otherRequester, grantId, file.fileId, 'requester').expect(404);
    await downloadReportFile(t, requester, grantId, file.fileId, 'staff').expect(403);
    const [read] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'grant.file_read' AND subject_id = $1`, [file.fileId]);
    expect(read.n).toBe(3);
    expect(await auditActions(t, grantId)).toContain('grant.file_uploaded');
  });

  it('limits files per report and their size, and checks their formats', async () => {
    const grantId = await disbursingGrant();
    const report = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, report).expect(201);
    const big = encryptReportFile(grantKey, grantId, plaintextOf(MiB + 1, 'big'));
    await callerPost(t, requester, `/requester/grants/${grantId}/reports/${report.id}/files`, big.body).expect(413);
    const other = encryptReportFile(generateGrantKey(), grantId, Buffer.from('x'));
    // A case file's wrapped key is not a grant file's (its length differs, or its check): refused by format.
    await callerPost(t, requester, `/requester/grants/${grantId}/reports/${report.id}/files`, { ...other.body, header: 'x1.bad' }).expect(422);
    for (let i = 0; i < 2; i += 1) await uploadReportFile(t, requester, grantId, report.id, encryptReportFile(grantKey, grantId, Buffer.from(`receipt ${i}`)));
    const third = await callerPost(t, requester, `/requester/grants/${grantId}/reports/${report.id}/files`, encryptReportFile(grantKey, grantId, Buffer.from('3')).body).expect(422);
    expect(third.body.type).toBe('urn:ashar:problem:too-many-files');
    // Files go to the requester's own reports only.
    await callerPost(t, otherRequester, `/requester/grants/${grantId}/reports/${report.id}/files`, encryptReportFile(grantKey, grantId, Buffer.from('x')).body).expect(404);
  });

  it('lets the case’s caseworker accept or ask for more; a disbursed grant with an accepted report becomes reported', async () => {
    const grantId = await disbursingGrant();
    const first = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, first).expect(201);
    // Another desk's caseworker cannot read the grant; a finance officer is not its case staff.
    expect(await codeOf(decide(medicalWorker, grantId, first.id, 'accept'))).toBe('not-found');
    expect(await codeOf(decide(officer, grantId, first.id, 'accept'))).toBe('forbidden');
    expect(await reportStatus(first.id)).toBe('submitted');

    expect(await codeOf(decide(legalWorker, grantId, first.id, 'more'))).toBe('ok');
    expect(await reportStatus(first.id)).toBe('more_requested');
    expect(await codeOf(decide(legalWorker, grantId, first.id, 'accept'))).toBe('conflict');
    // The old report takes no more files; a new one may be sent.
    await callerPost(t, requester, `/requester/grants/${grantId}/reports/${first.id}/files`, encryptReportFile(grantKey, grantId, Buffer.from('late')).body).expect(409);
    const second = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, second).expect(201);
    expect(await codeOf(decide(legalWorker, grantId, second.id, 'accept'))).toBe('ok');
    // Still disbursing: accepted, but not yet reported (and no status change audited).
    expect(await grantStatus(grantId)).toBe('disbursing');
    const reportedEvents = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND data ->> 'to' = 'reported'`, [grantId]))[0].n;
    expect(await reportedEvents()).toBe(0);
    await t.dataSource.transaction(async (m) => expect(await markReportedIfDue(m, t.app.get(AuditService), grantId, { kind: 'system' })).toBe(false));
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, reportBody(grantKey, grantId, sub.keys)).expect(409);
    // The staff view shows the reports with their files' headers; the requester's list shows them too.
    const view = (await staffGet(t, legalWorker, `/grants/${grantId}`).expect(200)).body;
    expect(view.reports.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [first.id, 'more_requested'],
      [second.id, 'accepted'],
    ]);
    const mine = (await request(t.http).get('/api/v1/requester/grants').set('cookie', requester.cookie).expect(200)).body as { id: string; reports: { id: string }[] }[];
    expect(mine.find((g) => g.id === grantId)?.reports.map((r) => r.id)).toEqual([first.id, second.id]);
    // Disbursement completes later (every tranche settled): the transition calls the same check, and it becomes reported.
    const [tranche] = await t.dataSource.query(`SELECT id FROM grant_tranches WHERE grant_id = $1`, [grantId]);
    await staffPost(t, officer, `/grants/${grantId}/tranches/${tranche.id}/settle`, { outcome: 'confirmed' }).expect(200);
    await staffPost(t, officer, `/grants/${grantId}/transitions`, { to: 'disbursed' }).expect(200);
    expect(await grantStatus(grantId)).toBe('reported');
    expect(await reportedEvents()).toBe(1);
    expect(await auditActions(t, grantId)).toEqual(expect.arrayContaining(['grant.report_more_requested', 'grant.report_accepted', 'grant.status_changed']));

    // Accepted while already disbursed: reported at once.
    const later = await disbursingGrant();
    await t.dataSource.query(`UPDATE grants SET status = 'disbursed' WHERE id = $1`, [later]);
    const report = reportBody(grantKey, later, sub.keys);
    await callerPost(t, requester, `/requester/grants/${later}/reports`, report).expect(201);
    expect(await codeOf(decide(legalWorker, later, report.id, 'accept'))).toBe('ok');
    expect(await grantStatus(later)).toBe('reported');
    const [moved] = await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'grant.status_changed' AND subject_id = $1 ORDER BY seq DESC LIMIT 1`, [later]);
    expect(moved.data).toMatchObject({ from: 'disbursed', to: 'reported', transition: 'accept_report' });
  });
});
