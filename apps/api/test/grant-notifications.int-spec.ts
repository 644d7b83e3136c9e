import { type StaffNotificationView } from '@ashar/domain';
import { INSTANCE_ID, requesterSignIn } from './cases-support';
import { reportBody } from './grants-money-reports-support';
import { type GrantWorld, decide, get, grantWorld, makeCase, makeFund, propose, send } from './grants-support';
import { type TestPerson } from './people';

/**
 * Notifications of the money work (issue 16): a grant waiting for my approval (only approvers
 * who may approve it), money waiting to be paid out (finance officers), and a grantee's report
 * (those who decide it). Kind and grant id only; never the actor, never an admin.
 */
describe('grant notifications', () => {
  let w: GrantWorld;
  let caseworker: TestPerson;
  let approverA: TestPerson;
  let approverB: TestPerson;
  let caseApprover: TestPerson;
  let officer2: TestPerson;
  let outsider: TestPerson;

  const notified = async (who: TestPerson, kind: string, grantId: string) =>
    ((await get(w.t, who, '/notifications?limit=100').expect(200)).body.items as StaffNotificationView[]).filter((n) => n.kind === kind && n.grantId === grantId);

  beforeAll(async () => {
    w = await grantWorld({ INSTANCE_ID });
    caseworker = await w.person(['caseworker'], [w.legal.id], 'Proposer');
    approverA = await w.person(['finance_approver'], [], 'Approver A');
    approverB = await w.person(['finance_approver'], [], 'Approver B');
    // An approver who works the case may not approve its grant, so is not asked to.
    caseApprover = await w.person(['caseworker', 'finance_approver'], [w.legal.id], 'Case approver');
    officer2 = await w.person(['finance_officer'], [w.finance.id], 'Officer 2');
    outsider = await w.person(['caseworker'], [w.medical.id], 'Medical caseworker');
  });
  afterAll(() => w.t.close());

  it('asks the approvers who may approve, pays out through the finance officers, and tells the case staff of a report', async () => {
    const { fundId, lineId } = await makeFund(w);
    const c = await makeCase(w, w.legal, { assignee: caseworker.id });
    const grant = await propose(w, caseworker, c, { fundId, lineId, amount: 30_000n });
    // A draft asks nobody.
    expect(await notified(approverA, 'grant_approval_waiting', grant.id)).toHaveLength(0);
    await send(w.t, caseworker, 'post', `/grants/${grant.id}/transitions`, { to: 'submitted' }).expect(200);
    expect(await notified(approverA, 'grant_approval_waiting', grant.id)).toEqual([expect.objectContaining({ caseId: null, deskId: null, readAt: null })]);
    expect(await notified(approverB, 'grant_approval_waiting', grant.id)).toHaveLength(1);
    for (const who of [caseApprover, caseworker, w.officer, officer2, w.admin, outsider]) expect(await notified(who, 'grant_approval_waiting', grant.id)).toHaveLength(0);

    // One approval is enough for this amount: approved, money to pay out, for the finance officers.
    await decide(w, approverA, grant.id).expect(201);
    for (const who of [w.officer, officer2]) expect(await notified(who, 'payment_waiting', grant.id)).toHaveLength(1);
    for (const who of [approverA, approverB, caseworker, w.admin]) expect(await notified(who, 'payment_waiting', grant.id)).toHaveLength(0);

    // A tranche scheduled by one officer waits for the others.
    const tranche = await send(w.t, w.officer, 'post', `/grants/${grant.id}/tranches`, { plannedMinor: '30000', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
    expect(await notified(officer2, 'payment_waiting', grant.id)).toHaveLength(2);
    expect(await notified(w.officer, 'payment_waiting', grant.id)).toHaveLength(1);
    await send(w.t, w.officer, 'post', `/grants/${grant.id}/tranches/${tranche.body.id}/send`, { paidMinor: '30000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund', rateAt: '2026-12-07T09:00:00Z' }).expect(200);

    // The grantee reports: the case's assignee (who proposed it too) decides, and hears of it once.
    const requester = await requesterSignIn(w.t, c.requester!);
    await send(w.t, requester, 'post', `/requester/grants/${grant.id}/reports`, reportBody(grant.grantKey, grant.id, c.requester!)).expect(201);
    expect(await notified(caseworker, 'grant_report_submitted', grant.id)).toHaveLength(1);
    for (const who of [caseApprover, w.officer, officer2, approverA, w.admin, outsider]) expect(await notified(who, 'grant_report_submitted', grant.id)).toHaveLength(0);
  });
});
