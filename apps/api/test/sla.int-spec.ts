import { randomUUID } from 'node:crypto';
import { type RootKeys, encodePublicKey, encryptRecord, generateRootKeys, ready } from '@ashar/crypto';
import { FIRST_RESPONSE_WINDOW_MS } from '@ashar/domain';
import { Queue } from 'bullmq';
import { SlaEscalationService } from '../src/cases/sla-escalation.service';
import { SlaPlanner, slaJobId } from '../src/cases/sla-planner';
import { SLA_CONCURRENCY, SlaProcessor } from '../src/cases/sla.processor';
import { QUEUES } from '../src/jobs/queues';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, staffGet, staffPost, submitIntake, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('first-response SLA: delayed checks through the outbox, re-planned on urgency, escalated once', () => {
  let t: TestApp;
  let root: RootKeys;
  let queue: Queue;
  let legalLead: TestPerson;
  let secondLead: TestPerson;
  let legalWorker: TestPerson;
  let intakeLead: TestPerson;
  const desks: Record<string, TestDesk> = {};

  const form = { type: 'legal' as const, country: 'KZ', language: 'ru', body: { type: 'legal' } };
  const dueOf = async (caseId: string): Promise<Date> => (await t.dataSource.query(`SELECT first_response_due_at AS due FROM aid_cases WHERE id = $1`, [caseId]))[0].due;
  const relayed = (jobId: string) => waitFor(async () => (await t.dataSource.query(`SELECT sent_at FROM outbox WHERE job_id = $1`, [jobId]))[0]?.sent_at, `outbox row ${jobId} relayed`);
  const notifications = async (caseId: string) =>
    (await t.dataSource.query(`SELECT recipient_id, kind FROM staff_notifications WHERE case_id = $1 AND kind = 'sla_breach' ORDER BY recipient_id`, [caseId])) as { recipient_id: string; kind: string }[];
  /** Moves a case's due time into the past, as the clock would, and plans its check as urgency setting does. */
  async function breach(caseId: string): Promise<Date> {
    const past = new Date(Date.now() - 60_000);
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = $2 WHERE id = $1`, [caseId, past]);
    await t.dataSource.transaction((m) => t.app.get(SlaPlanner).plan(m, caseId, past));
    return past;
  }

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    // The burst test submits a dozen cases at once: the intake limit is not what this file tests.
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID, INTAKE_LIMIT_TOTAL: '1000' });
    queue = new Queue(QUEUES.sla, { connection: { url: t.config.REDIS_URL }, prefix: t.config.REDIS_PREFIX });
    const admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    const ids = Object.fromEntries((await t.dataSource.query(`SELECT slug, id FROM desks`)).map((d: { slug: string; id: string }) => [d.slug, d.id]));
    legalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal], certifyWith: { admin } });
    secondLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal], certifyWith: { admin } });
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal], certifyWith: { admin } });
    intakeLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.intake], certifyWith: { admin } });
    // Marked lead of the desk but without the desk_lead role, or suspended: not notified.
    const roleless = await createPerson(t, { roles: ['caseworker'], leadDeskIds: [ids.legal], certifyWith: { admin } });
    const suspended = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal], certifyWith: { admin } });
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    expect(roleless.id).not.toBe(suspended.id);
    desks.intake = await certifiedDesk(t, admin, 'intake');
    desks.legal = await certifiedDesk(t, admin, 'legal');
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  let sub: Submission;

  it('plans the check at intake as a delayed BullMQ job, at the due time, under a deterministic id', async () => {
    sub = await submitIntake(t, root, form);
    const due = await dueOf(sub.caseId);
    await relayed(slaJobId(sub.caseId, due));
    const job = await queue.getJob(slaJobId(sub.caseId, due));
    expect(job?.name).toBe('sla-check');
    expect(job?.data).toEqual({ caseId: sub.caseId, dueAt: due.toISOString() });
    expect(await job!.isDelayed()).toBe(true);
    expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(due.getTime() - 5_000);
    expect(job!.timestamp + job!.delay).toBeLessThanOrEqual(due.getTime() + 5_000);
  });

  it('re-plans on an urgency change: the new check replaces the old one in the queue', async () => {
    const oldDue = await dueOf(sub.caseId);
    const before = Date.now();
    const res = await staffPost(t, legalWorker, `/cases/${sub.caseId}/urgency`, { urgency: 'critical' }).expect(200);
    const newDue = await dueOf(sub.caseId);
    expect(res.body).toMatchObject({ urgency: 'critical', firstResponseDueAt: newDue.toISOString() });
    expect(newDue.getTime() - before).toBeGreaterThanOrEqual(FIRST_RESPONSE_WINDOW_MS.critical - 1_000);
    expect(newDue.getTime() - before).toBeLessThanOrEqual(FIRST_RESPONSE_WINDOW_MS.critical + 5_000);
    const [inbox] = await t.dataSource.query(`SELECT urgency, first_response_due_at FROM case_desks WHERE case_id = $1 AND desk_id = $2`, [sub.caseId, desks.legal!.id]);
    expect(inbox).toEqual({ urgency: 'critical', first_response_due_at: newDue });

    const rows = await t.dataSource.query(`SELECT name, payload, run_at FROM outbox WHERE queue = 'sla' AND payload->>'caseId' = $1 ORDER BY created_at`, [sub.caseId]);
    expect(rows.map((r: { name: string; payload: unknown }) => [r.name, r.payload])).toEqual([
      ['sla-check', { caseId: sub.caseId, dueAt: oldDue.toISOString() }],
      ['sla-cancel', { caseId: sub.caseId, dueAt: oldDue.toISOString() }],
      ['sla-check', { caseId: sub.caseId, dueAt: newDue.toISOString() }],
    ]);
    expect(rows[2].run_at).toEqual(newDue);
    await relayed(slaJobId(sub.caseId, newDue));
    await waitFor(async () => (await queue.getJob(slaJobId(sub.caseId, oldDue))) === undefined, 'the superseded check to be removed');
    expect(await (await queue.getJob(slaJobId(sub.caseId, newDue)))!.isDelayed()).toBe(true);

    // The same urgency again changes nothing and plans nothing.
    await staffPost(t, legalWorker, `/cases/${sub.caseId}/urgency`, { urgency: 'critical' }).expect(200);
    expect(await dueOf(sub.caseId)).toEqual(newDue);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'sla' AND payload->>'caseId' = $1`, [sub.caseId]))[0].n).toBe(3);
    const events = await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'case.urgency_changed' AND subject_id = $1`, [sub.caseId]);
    expect(events).toEqual([{ data: { from: 'normal', to: 'critical' } }]);
  });

  it('drops a check that was not relayed yet instead of sending a cancellation', async () => {
    const caseId = sub.caseId;
    const planner = t.app.get(SlaPlanner);
    const first = new Date(Date.now() + 3600_000);
    const second = new Date(Date.now() + 7200_000);
    const ids = await t.dataSource.transaction(async (m) => {
      await planner.plan(m, caseId, first);
      await planner.replan(m, caseId, first, second);
      return (await m.query(`SELECT name, job_id FROM outbox WHERE payload->>'dueAt' IN ($1, $2)`, [first.toISOString(), second.toISOString()])) as { name: string; job_id: string }[];
    });
    expect(ids).toEqual([{ name: 'sla-check', job_id: slaJobId(caseId, second) }]);
    await relayed(slaJobId(caseId, second));
    // Stale for the case (its due time is another): removed again to keep the queue tidy.
    await (await queue.getJob(slaJobId(caseId, second)))?.remove();
  });

  it('escalates a breach to each active lead of the owning desk, exactly once', async () => {
    const past = await breach(sub.caseId);
    await waitFor(async () => (await notifications(sub.caseId)).length >= 2, 'the escalation');
    const expected = [legalLead.id, secondLead.id].sort().map((id) => ({ recipient_id: id, kind: 'sla_breach' }));
    expect(await notifications(sub.caseId)).toEqual(expected);

    // A retried job, the same plan again, the sweep: nothing more.
    const escalation = t.app.get(SlaEscalationService);
    expect(await escalation.escalate(sub.caseId, past)).toBeNull();
    expect(await escalation.sweep()).toBe(0);
    await t.dataSource.transaction((m) => t.app.get(SlaPlanner).plan(m, sub.caseId, past));
    await relayed(slaJobId(sub.caseId, past));
    await new Promise((r) => setTimeout(r, 500));
    expect(await notifications(sub.caseId)).toEqual(expected);
    const events = await t.dataSource.query(`SELECT actor_kind, data FROM audit_events WHERE action = 'case.sla_breached' AND subject_id = $1`, [sub.caseId]);
    expect(events).toEqual([{ actor_kind: 'system', data: { deskId: desks.legal!.id, notified: 2 } }]);
    // The inbox shows the breach too.
    const inbox = await staffGet(t, legalWorker, `/cases?deskId=${desks.legal!.id}`).expect(200);
    expect(inbox.body.items.find((c: { id: string }) => c.id === sub.caseId).breached).toBe(true);
  });

  it('fires at the due time, not before: a planned check escalates on its own', async () => {
    const soon = await submitIntake(t, root, form);
    const due = new Date(Date.now() + 1_500);
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = $2 WHERE id = $1`, [soon.caseId, due]);
    await t.dataSource.transaction((m) => t.app.get(SlaPlanner).plan(m, soon.caseId, due));
    const [first] = await waitFor(async () => {
      const rows: { created_at: Date }[] = await t.dataSource.query(`SELECT created_at FROM staff_notifications WHERE case_id = $1 AND kind = 'sla_breach'`, [soon.caseId]);
      return rows.length > 0 ? rows : undefined;
    }, 'the escalation at the due time');
    expect(first!.created_at.getTime()).toBeGreaterThanOrEqual(due.getTime());
    await t.dataSource.query(`DELETE FROM staff_notifications WHERE case_id = $1`, [soon.caseId]);
  });

  it('escalates checks that fall due together in parallel, each breach once', async () => {
    expect(t.app.get(SlaProcessor).worker.concurrency).toBe(SLA_CONCURRENCY);
    const burst = await Promise.all(Array.from({ length: 12 }, () => submitIntake(t, root, form)));
    const due = new Date(Date.now() + 1_500);
    await t.dataSource.transaction(async (m) => {
      for (const { caseId } of burst) {
        await m.query(`UPDATE aid_cases SET first_response_due_at = $2 WHERE id = $1`, [caseId, due]);
        // Planned twice: the same job id makes one job; the claim makes one escalation.
        await t.app.get(SlaPlanner).plan(m, caseId, due);
        await t.app.get(SlaPlanner).plan(m, caseId, due);
      }
    });
    const ids = burst.map((b) => b.caseId);
    const events = await waitFor(async () => {
      const rows: { subject_id: string }[] = await t.dataSource.query(`SELECT subject_id FROM audit_events WHERE action = 'case.sla_breached' AND subject_id = ANY($1::text[])`, [ids]);
      return rows.length >= ids.length ? rows : undefined;
    }, 'every case of the burst to be escalated');
    await t.app.get(SlaEscalationService).sweep(); // and the sweep finds nothing left
    expect(events.map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    const perCase: { case_id: string; n: number }[] = await t.dataSource.query(
      `SELECT case_id, count(*)::int AS n FROM staff_notifications WHERE case_id = ANY($1::uuid[]) AND kind = 'sla_breach' GROUP BY case_id`,
      [ids],
    );
    expect(perCase.map((r) => r.n)).toEqual(ids.map(() => 2)); // the two active leads of the desk, once each
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'case.sla_breached' AND subject_id = ANY($1::text[])`, [ids]))[0].n).toBe(ids.length);
    await t.dataSource.query(`DELETE FROM staff_notifications WHERE case_id = ANY($1::uuid[])`, [ids]);
  });

  it('shows a lead their own notifications, ids only, and lets only them mark one read', async () => {
    // Besides the breach, the desk's members were told of the new case (issue 16): only the breach is a lead's alone.
    const breaches = (body: { items: { kind: string; id?: string }[] }) => body.items.filter((n) => n.kind === 'sla_breach');
    const list = await staffGet(t, legalLead, '/notifications').expect(200);
    expect(list.body.next).toBeNull();
    expect(breaches(list.body)).toEqual([{ id: expect.any(String), kind: 'sla_breach', caseId: sub.caseId, grantId: null, deskId: null, createdAt: expect.any(String), readAt: null }]);
    const id = breaches(list.body)[0]!.id as string;
    expect(breaches((await staffGet(t, legalWorker, '/notifications').expect(200)).body)).toEqual([]);
    expect((await staffGet(t, intakeLead, '/notifications').expect(200)).body.items).toEqual([]);
    await staffPost(t, secondLead, `/notifications/${id}/read`, {}).expect(404);
    await staffPost(t, legalLead, `/notifications/${id}/read`, {}).expect(204);
    expect(breaches((await staffGet(t, legalLead, '/notifications?unread=true').expect(200)).body)).toEqual([]);
    expect(breaches((await staffGet(t, legalLead, '/notifications').expect(200)).body)[0]).toMatchObject({ readAt: expect.any(String) });
    expect(breaches((await staffGet(t, secondLead, '/notifications?unread=true').expect(200)).body)).toHaveLength(1);
  });

  it('does not escalate a case answered in time, or a check for a due time since re-planned', async () => {
    const escalation = t.app.get(SlaEscalationService);
    const answered = await submitIntake(t, root, form);
    const recordId = randomUUID();
    const message = encryptRecord(answered.caseKey, { caseId: answered.caseId, recordId, recordKind: 'message' }, { text: 'hello' }, legalWorker.identity);
    await staffPost(t, legalWorker, `/cases/${answered.caseId}/messages`, { id: recordId, ciphertext: message.ciphertext, authorKid: message.authorKid }).expect(201);
    const past = new Date(Date.now() - 60_000);
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = $2 WHERE id = $1`, [answered.caseId, past]);
    expect(await escalation.escalate(answered.caseId, past)).toBeNull();

    // A check for a due time the case no longer has (its urgency changed since) fires and does nothing.
    const replanned = await submitIntake(t, root, form);
    const stale = new Date(Date.now() - 120_000);
    await t.dataSource.transaction((m) => t.app.get(SlaPlanner).plan(m, replanned.caseId, stale));
    await relayed(slaJobId(replanned.caseId, stale));
    const job = await waitFor(async () => {
      const j = await queue.getJob(slaJobId(replanned.caseId, stale));
      return j && (await j.isCompleted()) ? j : undefined;
    }, 'the stale check to run');
    expect(job.returnvalue).toEqual({ outcome: 'stale' });
    expect(await escalation.escalate(replanned.caseId, stale)).toBeNull();
    expect(await notifications(answered.caseId)).toEqual([]);
    expect(await notifications(replanned.caseId)).toEqual([]);
  });

  it('catches, in the sweep, a breach whose check was lost', async () => {
    const lost = await submitIntake(t, root, form);
    await t.dataSource.query(`UPDATE aid_cases SET first_response_due_at = now() - interval '5 minutes' WHERE id = $1`, [lost.caseId]);
    // The sweep the worker runs every minute may get there first; either way it is escalated once.
    await t.app.get(SlaEscalationService).sweep();
    expect((await notifications(lost.caseId)).map((n) => n.recipient_id).sort()).toEqual([legalLead.id, secondLead.id].sort());
    expect(await t.app.get(SlaEscalationService).sweep()).toBe(0);
  });
});
