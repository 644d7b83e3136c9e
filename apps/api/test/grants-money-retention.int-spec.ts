import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { type RootKeys, encodePublicKey, generateGrantKey, generateRootKeys, ready } from '@ashar/crypto';
import { type Queue } from 'bullmq';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { sqlOfClient } from '../src/audit/audit.repository';
import { FinanceRetentionService } from '../src/grants/finance-retention.service';
import { GRANT_JOBS } from '../src/grants/report-reminders.processor';
import { ReportRemindersService } from '../src/grants/report-reminders.service';
import { QUEUES } from '../src/jobs/queues';
import { RetentionService } from '../src/retention/retention.service';
import { startTestApp, type TestApp, withOwnerClient } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, requesterSignIn, staffGet, staffPost, submitIntake } from './cases-support';
import { type Caller, plaintextOf } from './files-support';
import { approvedGrant, expectLedgerBalanced, testFund, type TestFund } from './grants-money-support';
import { callerPost, encryptReportFile, reportBody, uploadReportFile } from './grants-money-reports-support';
import { createPerson, type TestPerson } from './people';

const DAY = 86_400_000;

/**
 * The worker's grants jobs on a clock the test sets (never a sleep): overdue report reminders,
 * the finance retention, and the case purge with grants on the case. Real PostgreSQL, Redis,
 * blob store and libs/crypto.
 */
describe('grant report reminders and the finance retention', () => {
  let t: TestApp;
  let root: RootKeys;
  let legalWorker: TestPerson;
  let proposer: TestPerson;
  let officer: TestPerson;
  let fund: TestFund;
  let reminders: ReportRemindersService;
  let financeRetention: FinanceRetentionService;

  /** A case on the legal desk assigned to the legal worker, with its requester signed in. */
  async function assignedCase(): Promise<{ sub: Submission; requester: Caller; requesterId: string }> {
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KG', language: 'ru', body: { type: 'legal', description: 'grant money' } });
    await t.dataSource.query(`UPDATE aid_cases SET assignee_id = $2 WHERE id = $1`, [sub.caseId, legalWorker.id]);
    const requester = await requesterSignIn(t, sub.keys);
    const requesterId = (await t.dataSource.query(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId]))[0].requester_id;
    return { sub, requester, requesterId };
  }

  /** Pays the whole grant (it becomes disbursing). */
  async function payAll(grantId: string, amount: string): Promise<void> {
    const tranche = await staffPost(t, officer, `/grants/${grantId}/tranches`, { plannedMinor: amount, method: 'cash_intermediary', scheduledOn: '2026-12-10' }).expect(201);
    await staffPost(t, officer, `/grants/${grantId}/tranches/${tranche.body.id}/send`, { paidMinor: amount, paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
  }

  const notificationsOf = async (grantId: string) =>
    (await t.dataSource.query(`SELECT recipient_id FROM staff_notifications WHERE grant_id = $1 AND kind = 'grant_report_overdue' ORDER BY recipient_id`, [grantId])).map(
      (r: { recipient_id: string }) => r.recipient_id,
    );

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, RETENTION_DAYS_LEGAL: '30', FINANCE_RETENTION_YEARS: '7' });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const legal = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    proposer = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    officer = await createPerson(t, { roles: ['finance_officer'], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker, proposer]);
    fund = await testFund(t, officer);
    reminders = t.app.get(ReportRemindersService);
    financeRetention = t.app.get(FinanceRetentionService);
  });
  afterAll(() => t.close());

  it('runs both as repeatable jobs of the grants queue', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.grants));
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(expect.arrayContaining([GRANT_JOBS.reminders, GRANT_JOBS.retention]));
  });

  it('reminds the case’s assignee and the proposer once per grant and due date, without content, and only when a report is overdue', async () => {
    const { sub, requester } = await assignedCase();
    const requesterId = (await t.dataSource.query(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId]))[0].requester_id;
    const overdue = await approvedGrant(t, fund, proposer, 10_000n, { caseId: sub.caseId, requesterId, reportDueOn: '2030-03-01' });
    const dueToday = await approvedGrant(t, fund, proposer, 10_000n, { caseId: sub.caseId, requesterId, reportDueOn: '2030-03-02' });
    const notPaid = await approvedGrant(t, fund, proposer, 10_000n, { caseId: sub.caseId, requesterId, reportDueOn: '2030-03-01' });
    const accepted = await approvedGrant(t, fund, proposer, 10_000n, { caseId: sub.caseId, requesterId, reportDueOn: '2030-03-01' });
    for (const g of [overdue, dueToday, accepted]) await payAll(g, '10000');
    const report = reportBody(generateGrantKey(), accepted, sub.keys);
    await callerPost(t, requester, `/requester/grants/${accepted}/reports`, report).expect(201);
    await t.dataSource.query(`UPDATE grant_reports SET status = 'accepted', decided_at = now() WHERE id = $1`, [report.id]);

    const now = new Date('2030-03-02T08:00:00Z');
    // Two workers at once: one reminder per grant all the same.
    const [a, b] = await Promise.all([reminders.remindOverdue(now), reminders.remindOverdue(now)]);
    expect(a + b).toBe(1);
    expect(await notificationsOf(overdue)).toEqual([legalWorker.id, proposer.id].sort());
    for (const g of [dueToday, notPaid, accepted]) expect(await notificationsOf(g)).toEqual([]);
    expect(await reminders.remindOverdue(now)).toBe(0);
    expect(await reminders.remindOverdue(new Date('2030-03-05T08:00:00Z'))).toBe(1); // dueToday is overdue from the 3rd
    expect(await notificationsOf(overdue)).toHaveLength(2);

    // The notification holds a kind and the grant id, nothing else, and lists for its recipient.
    const list = await staffGet(t, proposer, '/notifications').expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ kind: 'grant_report_overdue', grantId: overdue, caseId: null }));
    const [event] = await t.dataSource.query(`SELECT actor_kind, data FROM audit_events WHERE action = 'grant.report_overdue' AND subject_id = $1`, [overdue]);
    expect(event).toEqual({ actor_kind: 'system', data: { grantId: overdue, dueOn: '2030-03-01', notified: 2 } });

    // A new due date reminds again, once.
    await t.dataSource.query(`UPDATE grants SET report_due_on = '2030-04-01' WHERE id = $1`, [overdue]);
    expect(await reminders.remindOverdue(new Date('2030-04-02T00:00:00Z'))).toBe(1);
    expect(await reminders.remindOverdue(new Date('2030-04-03T00:00:00Z'))).toBe(0);
    expect(await notificationsOf(overdue)).toHaveLength(4);
  });

  it('shreds payee details, envelopes, report texts and files FINANCE_RETENTION_YEARS after a grant finished; the ledger stays', async () => {
    const { sub, requester, requesterId } = await assignedCase();
    const grantKey = generateGrantKey();
    const grantId = await approvedGrant(t, fund, proposer, 20_000n, { caseId: sub.caseId, requesterId });
    await payAll(grantId, '20000');
    await t.dataSource.query(`INSERT INTO grant_payees (grant_id, ciphertext, author_kind, author_id, author_kid) VALUES ($1, $2, 'requester', $3, $4)`, [
      grantId,
      `a1.${'P'.repeat(300)}`,
      requesterId,
      'K'.repeat(22),
    ]);
    for (const kind of ['requester', 'staff'] as const) {
      await t.dataSource.query(
        `INSERT INTO grant_key_envelopes (grant_id, recipient_kind, recipient_id, sealed_key, sealer_kid, signature, sealer_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [grantId, kind, kind === 'staff' ? proposer.id : null, `s1.${'S'.repeat(100)}`, 'G'.repeat(22), 'Z'.repeat(86), proposer.id],
      );
    }
    const report = reportBody(grantKey, grantId, sub.keys);
    await callerPost(t, requester, `/requester/grants/${grantId}/reports`, report).expect(201);
    await uploadReportFile(t, requester, grantId, report.id, encryptReportFile(grantKey, grantId, plaintextOf(100_000, 'retention-receipt')));
    const finished = new Date();
    await t.dataSource.query(`UPDATE grants SET status = 'closed', finished_at = $2 WHERE id = $1`, [grantId, finished]);
    const ledgerBefore = await t.dataSource.query(`SELECT seq, kind, amount_minor FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [grantId]);
    const blobDir = join(t.config.BLOB_DIR, 'grants', grantId);
    expect((await readdir(blobDir, { recursive: true })).length).toBeGreaterThan(0);

    expect(await financeRetention.shredDue(new Date(finished.getTime() + (7 * 365 - 1) * DAY))).toBe(0);
    expect(await financeRetention.shredDue(new Date(finished.getTime() + (7 * 366 + 1) * DAY))).toBe(1);
    const count = async (table: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE grant_id = $1`, [grantId]))[0].n;
    expect({ payees: await count('grant_payees'), envelopes: await count('grant_key_envelopes'), files: await count('grant_files') }).toEqual({ payees: 0, envelopes: 0, files: 0 });
    expect(await t.dataSource.query(`SELECT status, ciphertext FROM grant_reports WHERE grant_id = $1`, [grantId])).toEqual([{ status: 'submitted', ciphertext: null }]);
    await expect(readdir(blobDir)).rejects.toMatchObject({ code: 'ENOENT' });
    const [g] = await t.dataSource.query(`SELECT status, amount_minor::text AS a, disbursed_minor::text AS d, payee_shredded_at FROM grants WHERE id = $1`, [grantId]);
    expect(g).toMatchObject({ status: 'closed', a: '20000', d: '20000' });
    expect(g.payee_shredded_at).toBeInstanceOf(Date);
    expect(await t.dataSource.query(`SELECT seq, kind, amount_minor FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [grantId])).toEqual(ledgerBefore);
    await expectLedgerBalanced(t, fund.fundId);
    const [event] = await t.dataSource.query(`SELECT actor_kind, data FROM audit_events WHERE action = 'grant.shredded' AND subject_id = $1`, [grantId]);
    expect(event).toEqual({ actor_kind: 'system', data: { grantId, payees: 1, envelopes: 2, reports: 1, files: 1, blobs: 2 } });
    expect(await financeRetention.shredDue(new Date(finished.getTime() + 8 * 366 * DAY))).toBe(0);
    // A grant still open is never shredded, however old.
    const open = await approvedGrant(t, fund, proposer, 1_000n);
    await t.dataSource.query(`UPDATE grants SET finished_at = $2 WHERE id = $1`, [open, finished]);
    expect(await financeRetention.shredDue(new Date(finished.getTime() + 20 * 366 * DAY))).toBe(0);
    expect(await withOwnerClient((owner) => verifyAuditChain(sqlOfClient(owner)))).toMatchObject({ ok: true });
  });

  it('purges a closed case with grants: the grants lose their case and requester, the requester’s envelope goes, the ledger and audit chain stay whole', async () => {
    const { sub, requesterId } = await assignedCase();
    const grantId = await approvedGrant(t, fund, proposer, 5_000n, { caseId: sub.caseId, requesterId });
    await payAll(grantId, '5000');
    for (const kind of ['requester', 'staff'] as const) {
      await t.dataSource.query(
        `INSERT INTO grant_key_envelopes (grant_id, recipient_kind, recipient_id, sealed_key, sealer_kid, signature, sealer_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [grantId, kind, kind === 'staff' ? proposer.id : null, `s1.${'S'.repeat(100)}`, 'G'.repeat(22), 'Z'.repeat(86), proposer.id],
      );
    }
    for (const to of ['triaged', 'in_progress', 'resolved', 'closed']) await staffPost(t, legalWorker, `/cases/${sub.caseId}/transitions`, { to }).expect(200);
    const ledgerBefore = await t.dataSource.query(`SELECT seq, kind, amount_minor FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [grantId]);

    expect(await t.app.get(RetentionService).purgeDue(new Date(Date.now() + 31 * DAY))).toBe(1);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM aid_cases WHERE id = $1`, [sub.caseId]))[0].n).toBe(0);
    const [g] = await t.dataSource.query(`SELECT case_id, requester_id, status, amount_minor::text AS a FROM grants WHERE id = $1`, [grantId]);
    expect(g).toEqual({ case_id: null, requester_id: null, status: 'disbursing', a: '5000' });
    expect(await t.dataSource.query(`SELECT recipient_kind FROM grant_key_envelopes WHERE grant_id = $1`, [grantId])).toEqual([{ recipient_kind: 'staff' }]);
    expect(await t.dataSource.query(`SELECT seq, kind, amount_minor FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [grantId])).toEqual(ledgerBefore);
    await expectLedgerBalanced(t, fund.fundId);
    // Finance still reads the ledger; the purged requester's id is nowhere on the grant.
    expect((await staffGet(t, officer, `/ledger?fundId=${fund.fundId}`).expect(200)).body.some((e: { grantId: string }) => e.grantId === grantId)).toBe(true);
    expect(await withOwnerClient((owner) => verifyAuditChain(sqlOfClient(owner)))).toMatchObject({ ok: true });
  });
});
