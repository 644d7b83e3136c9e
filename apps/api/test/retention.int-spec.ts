import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { getQueueToken } from '@nestjs/bullmq';
import { type RootKeys, encodePublicKey, encryptRecord, generateRootKeys, ready } from '@ashar/crypto';
import { type CaseView } from '@ashar/domain';
import { type Queue } from 'bullmq';
import { QUEUES } from '../src/jobs/queues';
import { RETENTION_PURGE } from '../src/retention/retention.processor';
import { RetentionService } from '../src/retention/retention.service';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, makeStaffKey, openCaseKeyAsStaff, requesterSignIn, staffGet, staffPost, submitIntake } from './cases-support';
import { encryptTestFile, plaintextOf, uploadWhole } from './files-support';
import { createPerson, type TestPerson } from './people';

const DAY = 86_400_000;

/** Every place of the database where `needle` appears, outside the tables that keep history on purpose. */
async function occurrences(t: TestApp, needle: string): Promise<string[]> {
  const columns: { table_name: string; column_name: string; data_type: string }[] = await t.dataSource.query(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name NOT IN ('audit_events', 'migrations')
        AND data_type IN ('uuid', 'text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const expr = c.data_type === 'bytea' ? `position(convert_to($1, 'UTF8') IN "${c.column_name}") > 0` : `"${c.column_name}"::text LIKE '%' || $1 || '%'`;
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE ${expr}`, [needle]);
    if (row.n > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(entry.name);
  return out;
}

describe.each([['fs'], ['postgres']])('retention purge (blob store: %s)', (blobStore) => {
  let t: TestApp;
  let root: RootKeys;
  let legalWorker: TestPerson;
  let legalLead: TestPerson;
  let retention: RetentionService;

  /** A legal case with a note, a message, a reply, a requester file and a staff file, then closed. */
  async function closedCaseWithContent(): Promise<{ sub: Submission; fileIds: string[]; requesterId: string }> {
    const sub = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'retention' } });
    const requester = await requesterSignIn(t, sub.keys);
    const view = (await staffGet(t, legalWorker, `/cases/${sub.caseId}`).expect(200)).body as CaseView;
    const caseKey = await openCaseKeyAsStaff(t, root, legalWorker, view);
    const staffKey = await makeStaffKey(t, root, legalWorker, sub.caseId, caseKey);
    for (const kind of ['note', 'message'] as const) {
      const id = randomUUID();
      const enc = encryptRecord(kind === 'note' ? staffKey : caseKey, { caseId: sub.caseId, recordId: id, recordKind: kind }, { text: kind }, legalWorker.identity);
      await staffPost(t, legalWorker, `/cases/${sub.caseId}/${kind}s`, { id, ciphertext: enc.ciphertext, authorKid: enc.authorKid }).expect(201);
    }
    const mine = encryptTestFile(sub.caseKey, sub.caseId, randomUUID(), plaintextOf(200_000, 'retention-requester'), 'a.pdf');
    const theirs = encryptTestFile(staffKey, sub.caseId, randomUUID(), plaintextOf(1_000, 'retention-staff'), 'b.pdf', undefined, 'note');
    await uploadWhole(t, requester, sub.caseId, mine);
    await uploadWhole(t, legalWorker, sub.caseId, theirs);
    // The message took the case up (new → triaged → in_progress, libs/domain statusAfterWork).
    for (const to of ['resolved', 'closed']) await staffPost(t, legalWorker, `/cases/${sub.caseId}/transitions`, { to }).expect(200);
    const [row] = await t.dataSource.query(`SELECT requester_id FROM aid_cases WHERE id = $1`, [sub.caseId]);
    return { sub, fileIds: [mine.fileId, theirs.fileId], requesterId: row.requester_id };
  }

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, BLOB_STORE: blobStore, CASE_RETENTION_DAYS: '90', RETENTION_DAYS_LEGAL: '30' });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const legal = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = 'legal'`))[0].id;
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal], certifyWith: { admin } });
    legalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal], certifyWith: { admin } });
    await certifiedDesk(t, admin, 'intake');
    await certifiedDesk(t, admin, 'legal', [legalWorker, legalLead]);
    retention = t.app.get(RetentionService);
  });
  afterAll(() => t.close());

  it('runs as a repeatable job of the retention queue', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.retention));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(RETENTION_PURGE);
  });

  it('purges a closed case past its type’s retention: nothing of it remains but the statistics row and the audit trail', async () => {
    const { sub, fileIds, requesterId } = await closedCaseWithContent();
    const [closed] = await t.dataSource.query(`SELECT created_at, closed_at, purge_after FROM aid_cases WHERE id = $1`, [sub.caseId]);
    // RETENTION_DAYS_LEGAL=30 overrides the default of 90.
    expect(Math.round((closed.purge_after.getTime() - closed.closed_at.getTime()) / DAY)).toBe(30);
    const needles = [sub.caseId, requesterId, ...fileIds];
    expect((await occurrences(t, sub.caseId)).length).toBeGreaterThan(5);
    const [statsBefore] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_statistics`);

    // Not yet: the clock is 29 days on.
    expect(await retention.purgeDue(new Date(Date.now() + 29 * DAY))).toBe(0);
    await staffGet(t, legalWorker, `/cases/${sub.caseId}`).expect(200);

    // 31 days on: the case goes.
    expect(await retention.purgeDue(new Date(Date.now() + 31 * DAY))).toBe(1);
    for (const needle of needles) expect({ needle, found: await occurrences(t, needle) }).toEqual({ needle, found: [] });
    if (blobStore === 'fs') expect(await filesUnder(t.config.BLOB_DIR)).toEqual([]);
    else expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM blob_chunks`))[0].n).toBe(0);

    const stats = await t.dataSource.query(`SELECT request_type, country, to_char(opened_month, 'YYYY-MM-DD') AS opened, to_char(closed_month, 'YYYY-MM-DD') AS closed, outcome FROM case_statistics`);
    expect(stats).toHaveLength(statsBefore.n + 1);
    const month = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;
    expect(stats).toContainEqual({ request_type: 'legal', country: 'KZ', opened: month(closed.created_at), closed: month(closed.closed_at), outcome: 'resolved' });

    const [purged] = await t.dataSource.query(`SELECT actor_kind, subject_type, data FROM audit_events WHERE action = 'case.purged' AND subject_id = $1`, [sub.caseId]);
    expect(purged).toMatchObject({ actor_kind: 'system', subject_type: 'case', data: { from: 'closed', to: 'purged', transition: 'purge', records: 3, files: 2 } });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1`, [sub.caseId]))[0].n).toBeGreaterThan(1);

    // Gone for everyone; running again purges nothing.
    await staffGet(t, legalWorker, `/cases/${sub.caseId}`).expect(404);
    expect(await retention.purgeDue(new Date(Date.now() + 31 * DAY))).toBe(0);
  });

  it('leaves open and reopened cases alone, and purges each due case once when several workers run at once', async () => {
    const open = await submitIntake(t, root, { type: 'legal', country: 'UZ', language: 'uz', body: { type: 'legal', description: 'open' } });
    const reopened = await closedCaseWithContent();
    await staffPost(t, legalLead, `/cases/${reopened.sub.caseId}/transitions`, { to: 'in_progress' }).expect(200);
    const due = await Promise.all([closedCaseWithContent(), closedCaseWithContent(), closedCaseWithContent()]);
    const later = new Date(Date.now() + 400 * DAY);
    const counts = await Promise.all([retention.purgeDue(later), retention.purgeDue(later), retention.purgeDue(later)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    for (const { sub } of due) expect(await occurrences(t, sub.caseId)).toEqual([]);
    await staffGet(t, legalWorker, `/cases/${open.caseId}`).expect(200);
    await staffGet(t, legalWorker, `/cases/${reopened.sub.caseId}`).expect(200);
    const [kept] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_files WHERE case_id = $1`, [reopened.sub.caseId]);
    expect(kept.n).toBe(2);
  });
});
