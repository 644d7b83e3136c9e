import { randomUUID } from 'node:crypto';
import { encodePublicKey, signGrantApproval } from '@ashar/crypto';
import { APPROVAL_REFUSALS, type ApprovalPolicy, fundsContract, grantsContract, requesterGrantsContract } from '@ashar/domain';
import { pay } from '../src/grants/money-movements';
import { requesterSignIn } from './cases-support';
import { type TestPerson } from './people';
import { type GrantWorld, decide, decision, get, grantWorld, makeCase, makeFund, payeeBody, propose, proposal, readGrant, send } from './grants-support';

/**
 * Grants through the real api (docs/grants.md): funds and lines, proposals with grant key
 * envelopes checked against the recipients' certified keys, thresholds and separation of duties
 * from approvalStanding, signatures over the current terms, the commitment at the final
 * approval, cancel, payee details, and who sees what.
 */
describe('grants', () => {
  let w: GrantWorld;
  let caseworker: TestPerson;
  let approverA: TestPerson;
  let approverB: TestPerson;
  let director: TestPerson;
  let fund: { fundId: string; lineId: string };

  beforeAll(async () => {
    w = await grantWorld({ LOG_LEVEL: process.env['GRANTS_LOG'] ?? 'silent' });
    caseworker = await w.person(['caseworker'], [w.legal.id], 'Caseworker');
    approverA = await w.person(['finance_approver'], [], 'Approver A');
    approverB = await w.person(['finance_approver'], [], 'Approver B');
    director = await w.person(['director'], [], 'Director');
    fund = await makeFund(w);
  });
  afterAll(() => w.t.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of ['grants', 'grant_key_envelopes', 'grant_approvals', 'ledger_entries', 'grant_payees', 'budget_lines', 'funds']) {
      const [row] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
      out[table] = row.n;
    }
    return out;
  };
  const line = async (lineId: string) => (await w.t.dataSource.query(`SELECT allocated_minor::text AS a, committed_minor::text AS c, disbursed_minor::text AS d FROM budget_lines WHERE id = $1`, [lineId]))[0];

  async function submitted(amount: bigint, where = fund, proposer = caseworker) {
    const c = await makeCase(w, w.legal);
    const p = await propose(w, proposer, c, { ...where, amount });
    await send(w.t, proposer, 'post', `/grants/${p.id}/transitions`, { to: 'submitted' }).expect(200);
    return { ...p, case: c };
  }

  describe('funds and budget lines', () => {
    it('keeps allocations within the fund total and a line above what it holds, with totals from the columns', async () => {
      const f = await makeFund(w, { total: 100_000n, line: 60_000n });
      const before = await counts();
      const over = await send(w.t, w.officer, 'post', `/funds/${f.fundId}/lines`, { purpose: 'medical_costs', allocatedMinor: '40001' }).expect(409);
      expect(over.body.type).toBe('urn:ashar:problem:over-allocated');
      expect(await counts()).toEqual(before);
      await send(w.t, w.officer, 'post', `/funds/${f.fundId}/lines`, { purpose: 'medical_costs', allocatedMinor: '40000' }).expect(201);
      await send(w.t, w.officer, 'put', `/funds/${f.fundId}/lines/${f.lineId}`, { allocatedMinor: '60001' }).expect(409);
      const shrunk = await send(w.t, w.officer, 'put', `/funds/${f.fundId}/lines/${f.lineId}`, { allocatedMinor: '50000' }).expect(200);
      expect(shrunk.body).toMatchObject({ allocatedMinor: '50000', committedMinor: '0', remainingMinor: '50000' });
      const view = (await get(w.t, w.officer, `/funds/${f.fundId}`).expect(200)).body;
      expect(view).toMatchObject({ totalMinor: '100000', allocatedMinor: '90000', committedMinor: '0', remainingMinor: '90000' });
      expect(view.lines).toHaveLength(2);
      // The total never drops below what the lines hold.
      const update = { name: view.name, donor: 'Donor', totalMinor: '89999', periodEnd: '2027-12-31', status: 'active', approvalPolicy: view.approvalPolicy };
      expect((await send(w.t, w.officer, 'put', `/funds/${f.fundId}`, update).expect(409)).body.type).toBe('urn:ashar:problem:over-allocated');
    });

    it('a line never drops below its committed money', async () => {
      const f = await makeFund(w, { total: 100_000n, line: 50_000n });
      const g = await submitted(30_000n, f);
      await decide(w, approverA, g.id).expect(201);
      await send(w.t, w.officer, 'put', `/funds/${f.fundId}/lines/${f.lineId}`, { allocatedMinor: '29999' }).expect(409);
      await send(w.t, w.officer, 'put', `/funds/${f.fundId}/lines/${f.lineId}`, { allocatedMinor: '30000' }).expect(200);
    });

    it('caseworkers and approvers read funds; only finance officers change them; bad input is a problem', async () => {
      await get(w.t, caseworker, '/funds').expect(200);
      await get(w.t, approverA, `/funds/${fund.fundId}`).expect(200);
      await get(w.t, caseworker, '/currencies').expect(200);
      await send(w.t, caseworker, 'post', '/funds', {}).expect(403);
      await send(w.t, approverA, 'put', `/funds/${fund.fundId}/lines/${fund.lineId}`, { allocatedMinor: '1' }).expect(403);
      const bad = await send(w.t, w.officer, 'post', '/funds', { name: 'x', donor: 'y', currency: 'EUR', totalMinor: '1.5', periodStart: '2026-01-01', periodEnd: '2026-12-31', approvalPolicy: { tiers: [], reportDueDays: 1 } }).expect(422);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('proposals', () => {
    it('a caseworker proposes on a case of their desk; the view shows their envelope and the standing', async () => {
      const c = await makeCase(w, w.legal);
      const p = await propose(w, caseworker, c, { ...fund, amount: 120_000n });
      const view = await readGrant(w, caseworker, p.id);
      // Every answer parses with its contract's response schema.
      for (const who of [caseworker, w.officer, approverA]) grantsContract.view.response.parse(await readGrant(w, who, p.id));
      fundsContract.list.response.parse((await get(w.t, caseworker, '/funds').expect(200)).body);
      fundsContract.currencies.response.parse((await get(w.t, caseworker, '/currencies').expect(200)).body);
      grantsContract.list.response.parse((await get(w.t, w.officer, '/grants?status=draft,submitted').expect(200)).body);
      grantsContract.ofCase.response.parse((await get(w.t, caseworker, `/cases/${c.caseId}/grants`).expect(200)).body);
      const requester = await requesterSignIn(w.t, c.requester!);
      requesterGrantsContract.list.response.parse((await get(w.t, requester, '/requester/grants').expect(200)).body);
      await get(w.t, w.officer, '/grants?status=nonsense').expect(422);
      expect(view).toMatchObject({ status: 'draft', version: 1, amountMinor: '120000', currency: 'EUR', caseId: c.caseId, purpose: 'legal_fees' });
      expect((view.envelopes as { recipientKind: string }[]).map((e) => e.recipientKind).sort()).toEqual(['desk', 'staff']);
      expect(view.allowedMoves).toEqual(expect.arrayContaining(['submitted', 'withdrawn']));
      expect(view.standing).toMatchObject({ mayApprove: false, refusal: 'not_submitted' });
      const ofCase = (await get(w.t, caseworker, `/cases/${c.caseId}/grants`).expect(200)).body;
      expect(ofCase.map((g: { id: string }) => g.id)).toEqual([p.id]);
    });

    it('refuses envelopes without the finance desk, the owning desk or the requester, and forged ones; nothing is stored', async () => {
      const c = await makeCase(w, w.legal);
      const before = await counts();
      const withoutFinance = proposal(w, caseworker, c, { ...fund, amount: 1000n }, { desks: [w.legal] });
      expect((await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, withoutFinance.body).expect(422)).body.detail).toMatch(/finance desk/);
      const withoutOwner = proposal(w, caseworker, c, { ...fund, amount: 1000n }, { desks: [w.finance] });
      expect((await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, withoutOwner.body).expect(422)).body.detail).toMatch(/owning desk/);
      const withoutRequester = proposal(w, caseworker, c, { ...fund, amount: 1000n }, { requester: false });
      expect((await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, withoutRequester.body).expect(422)).body.detail).toMatch(/requester/);
      // Sealed to a desk that does not hold the case.
      const elsewhere = proposal(w, caseworker, c, { ...fund, amount: 1000n }, { desks: [w.finance, w.legal, w.medical] });
      await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, elsewhere.body).expect(422);
      // Signed by someone else's key.
      const other = await w.person(['caseworker'], [w.legal.id]);
      const forged = proposal(w, other, c, { ...fund, amount: 1000n });
      await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, forged.body).expect(422);
      // Envelopes made for another grant id.
      const moved = proposal(w, caseworker, c, { ...fund, amount: 1000n });
      await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, { ...moved.body, id: randomUUID() }).expect(422);
      expect(await counts()).toEqual(before);
    });

    it('only staff who work the case propose; a closed fund, a line of another fund and bad amounts are refused', async () => {
      const c = await makeCase(w, w.medical);
      const p = proposal(w, caseworker, c, { ...fund, amount: 1000n }, { desks: [w.finance, w.medical] });
      await send(w.t, caseworker, 'post', `/cases/${c.caseId}/grants`, p.body).expect(404);
      await send(w.t, w.officer, 'post', `/cases/${c.caseId}/grants`, p.body).expect(403);
      const own = await makeCase(w, w.legal);
      const other = await makeFund(w, { purpose: 'relocation' });
      const mixed = proposal(w, caseworker, own, { fundId: fund.fundId, lineId: other.lineId, amount: 1000n });
      await send(w.t, caseworker, 'post', `/cases/${own.caseId}/grants`, mixed.body).expect(422);
      const zero = proposal(w, caseworker, own, { ...fund, amount: 0n });
      await send(w.t, caseworker, 'post', `/cases/${own.caseId}/grants`, zero.body).expect(422);
      const closed = await makeFund(w);
      const view = (await get(w.t, w.officer, `/funds/${closed.fundId}`).expect(200)).body;
      await send(w.t, w.officer, 'put', `/funds/${closed.fundId}`, { name: view.name, donor: 'Donor', totalMinor: view.totalMinor, periodEnd: '2027-12-31', status: 'closed', approvalPolicy: view.approvalPolicy }).expect(200);
      const late = proposal(w, caseworker, own, { ...closed, amount: 1000n });
      expect((await send(w.t, caseworker, 'post', `/cases/${own.caseId}/grants`, late.body).expect(409)).body.type).toBe('urn:ashar:problem:fund-unavailable');
    });
  });

  describe('approvals', () => {
    it('≤ 500: one approver approves; the money is committed in the same step with a ledger entry and a report due date', async () => {
      const f = await makeFund(w, { total: 1_000_000n, line: 100_000n });
      const g = await submitted(50_000n, f);
      const listed = (await get(w.t, approverA, '/grants?waiting=approval').expect(200)).body as { id: string; standing: { mayApprove: boolean; wouldBeFinal: boolean } }[];
      expect(listed.find((x) => x.id === g.id)?.standing).toMatchObject({ mayApprove: true, wouldBeFinal: true });
      const res = await decide(w, approverA, g.id).expect(201);
      expect(res.body).toMatchObject({ status: 'approved', committedMinor: '50000' });
      expect(res.body.approvals[0]).toMatchObject({ approverId: approverA.id, decision: 'approve', voided: false, signerSignPk: expect.any(String) });
      expect(await line(f.lineId)).toEqual({ a: '100000', c: '50000', d: '0' });
      const [due] = await w.t.dataSource.query(`SELECT report_due_on = (now() AT TIME ZONE 'UTC')::date + 60 AS ok, approved_at IS NOT NULL AS approved FROM grants WHERE id = $1`, [g.id]);
      expect(due).toEqual({ ok: true, approved: true });
      const ledger = await w.t.dataSource.query(`SELECT kind, amount_minor::text AS amount FROM ledger_entries WHERE grant_id = $1`, [g.id]);
      expect(ledger).toEqual([{ kind: 'commit', amount: '50000' }]);
      const actions = (await readGrant(w, w.officer, g.id)).timeline as { action: string }[];
      expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['grant.proposed', 'grant.status_changed', 'grant.approved']));
    });

    it('≤ 5 000: two distinct approvers; > 5 000: two including the director, whose place the last one is', async () => {
      const two = await submitted(120_000n);
      expect((await decide(w, approverA, two.id).expect(201)).body).toMatchObject({ status: 'submitted', standing: { remaining: 1 } });
      expect((await decide(w, approverB, two.id).expect(201)).body.status).toBe('approved');

      const big = await submitted(600_000n);
      await decide(w, approverA, big.id).expect(201);
      const refused = await decide(w, approverB, big.id).expect(403);
      expect(refused.body).toMatchObject({ type: 'urn:ashar:problem:approval-refused', detail: APPROVAL_REFUSALS.director_needed });
      const shown = await readGrant(w, approverB, big.id);
      expect(shown.standing).toMatchObject({ mayApprove: false, mayReject: true, refusal: 'director_needed', refusalText: APPROVAL_REFUSALS.director_needed });
      expect((await decide(w, director, big.id).expect(201)).body).toMatchObject({ status: 'approved' });

      // The director's place limits the last approval, not a rejection: B may still reject one waiting for the director.
      const other = await submitted(600_000n);
      await decide(w, approverA, other.id).expect(201);
      expect((await decide(w, approverB, other.id, 'reject').expect(201)).body.status).toBe('rejected');
      const approvals = (await readGrant(w, w.officer, big.id)).approvals as { byDirector: boolean }[];
      expect(approvals.map((a) => a.byDirector)).toEqual([false, true]);
    });

    it('separation of duties: the proposer, the case desk’s members, the assignee and the conflicted are refused, with the reason', async () => {
      const proposerApprover = await w.person(['caseworker', 'finance_approver'], [w.legal.id], 'Proposer approver');
      const g = await submitted(120_000n, fund, proposerApprover);
      const own = await decide(w, proposerApprover, g.id).expect(403);
      // A member of the case's desk: the case_staff refusal (they are also its proposer's colleague).
      expect(own.body.detail).toBe(APPROVAL_REFUSALS.proposer);

      const deskApprover = await w.person(['caseworker', 'finance_approver'], [w.legal.id]);
      expect((await decide(w, deskApprover, g.id).expect(403)).body.detail).toBe(APPROVAL_REFUSALS.case_staff);

      const assignee = await w.person(['caseworker', 'finance_approver'], [w.medical.id]);
      const c = await makeCase(w, w.legal, { assignee: assignee.id });
      const p = await propose(w, caseworker, c, { ...fund, amount: 120_000n });
      await send(w.t, caseworker, 'post', `/grants/${p.id}/transitions`, { to: 'submitted' }).expect(200);
      expect((await decide(w, assignee, p.id).expect(403)).body.detail).toBe(APPROVAL_REFUSALS.case_staff);

      const conflicted = await w.person(['finance_approver']);
      await send(w.t, conflicted, 'post', `/grants/${p.id}/conflicts`).expect(201);
      expect((await readGrant(w, conflicted, p.id)).standing).toMatchObject({ refusal: 'conflict' });
      expect((await decide(w, conflicted, p.id).expect(403)).body.detail).toBe(APPROVAL_REFUSALS.conflict);

      // Once per person and version.
      await decide(w, approverA, p.id).expect(201);
      expect((await decide(w, approverA, p.id).expect(403)).body.detail).toBe(APPROVAL_REFUSALS.already_decided);
      // A caseworker holds no approve ability at all.
      await decide(w, caseworker, p.id).expect(403);
      const [n] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM grant_approvals WHERE grant_id = $1`, [p.id]);
      expect(n.n).toBe(1);
    });

    it('changing the terms voids earlier approvals: the old signature is refused, a new one is needed', async () => {
      const g = await submitted(120_000n);
      const v1 = await readGrant(w, w.officer, g.id);
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, decision(approverA, v1)).expect(201);
      const changed = await send(w.t, caseworker, 'put', `/grants/${g.id}/terms`, { version: 1, fundId: fund.fundId, budgetLineId: fund.lineId, amountMinor: '130000' }).expect(200);
      expect(changed.body).toMatchObject({ version: 2, amountMinor: '130000', status: 'submitted', standing: { approvedBy: [], remaining: 2 } });
      expect(changed.body.approvals[0]).toMatchObject({ approverId: approverA.id, voided: true });
      // The terms they read are gone.
      expect((await send(w.t, caseworker, 'put', `/grants/${g.id}/terms`, { version: 1, fundId: fund.fundId, budgetLineId: fund.lineId, amountMinor: '1' }).expect(409)).body.type).toBe('urn:ashar:problem:stale-terms');
      // B signed version 1: as version 1 it is stale; presented as version 2 it does not verify.
      const old = decision(approverB, v1);
      expect((await send(w.t, approverB, 'post', `/grants/${g.id}/approvals`, old).expect(409)).body.type).toBe('urn:ashar:problem:stale-terms');
      expect((await send(w.t, approverB, 'post', `/grants/${g.id}/approvals`, { ...old, termsVersion: 2 }).expect(422)).body.type).toBe('urn:ashar:problem:bad-approval-signature');
      // A decides again on version 2; B too: approved at 130 000.
      await decide(w, approverA, g.id).expect(201);
      expect((await decide(w, approverB, g.id).expect(201)).body).toMatchObject({ status: 'approved', committedMinor: '130000' });
    });

    it('a forged or replayed signature is refused and nothing is stored', async () => {
      const g = await submitted(120_000n);
      const other = await submitted(120_000n);
      const view = await readGrant(w, w.officer, g.id);
      // Signed by B, sent by A under A's kid.
      const byB = decision(approverB, view);
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, { ...byB, signerKid: decision(approverA, view).signerKid }).expect(422);
      // B's signature sent by A with B's kid: not A's key.
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, byB).expect(422);
      // A's signature on another grant replayed here.
      const otherView = await readGrant(w, w.officer, other.id);
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, decision(approverA, otherView)).expect(422);
      // A signature of "reject" sent as "approve".
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, { ...decision(approverA, view, 'reject'), decision: 'approve' }).expect(422);
      // A signature over another amount.
      const sig = signGrantApproval({ grantId: g.id, version: 1, amountMinor: '1', currency: 'EUR', fundId: fund.fundId, budgetLineId: fund.lineId, decision: 'approve' }, approverA.identity);
      await send(w.t, approverA, 'post', `/grants/${g.id}/approvals`, { decision: 'approve', termsVersion: 1, ...sig }).expect(422);
      const [n] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM grant_approvals WHERE grant_id = $1`, [g.id]);
      expect(n.n).toBe(0);
    });

    it('a rejection ends the grant; no room on the line is budget-exhausted and stores nothing', async () => {
      const r = await submitted(1_000n);
      expect((await decide(w, approverA, r.id, 'reject').expect(201)).body.status).toBe('rejected');
      const small = await makeFund(w, { total: 1_000_000n, line: 40_000n });
      const first = await submitted(30_000n, small);
      const second = await submitted(30_000n, small);
      await decide(w, approverA, first.id).expect(201);
      const before = await counts();
      expect((await decide(w, approverA, second.id).expect(409)).body.type).toBe('urn:ashar:problem:budget-exhausted');
      expect(await counts()).toEqual(before);
      expect((await readGrant(w, w.officer, second.id)).status).toBe('submitted');
    });

    it('a closed fund takes no new commitment: the final approval is refused and nothing is stored', async () => {
      const f = await makeFund(w);
      const g = await submitted(1_000n, f);
      const view = (await get(w.t, w.officer, `/funds/${f.fundId}`).expect(200)).body;
      await send(w.t, w.officer, 'put', `/funds/${f.fundId}`, { name: view.name, donor: 'Donor', totalMinor: view.totalMinor, periodEnd: '2027-12-31', status: 'closed', approvalPolicy: view.approvalPolicy }).expect(200);
      const before = await counts();
      expect((await decide(w, approverA, g.id).expect(409)).body.type).toBe('urn:ashar:problem:fund-unavailable');
      expect(await counts()).toEqual(before);
    });

    it('a policy as data: a fund whose every grant needs the director', async () => {
      const policy: ApprovalPolicy = { tiers: [{ upToMinor: null, approvers: 1, director: true }], reportDueDays: 10 };
      const f = await makeFund(w, { policy });
      const g = await submitted(100n, f);
      expect((await decide(w, approverA, g.id).expect(403)).body.detail).toBe(APPROVAL_REFUSALS.director_needed);
      expect((await decide(w, director, g.id).expect(201)).body.status).toBe('approved');
    });
  });

  describe('lifecycle', () => {
    it('more information goes back to the proposer and returns; withdraw ends it; moves not theirs are refused', async () => {
      const g = await submitted(1_000n);
      await send(w.t, caseworker, 'post', `/grants/${g.id}/transitions`, { to: 'needs_information' }).expect(403);
      await send(w.t, approverA, 'post', `/grants/${g.id}/transitions`, { to: 'needs_information', reason: 'Which lawyer, and their fee?' }).expect(200);
      expect(await readGrant(w, caseworker, g.id)).toMatchObject({ status: 'needs_information', informationRequest: 'Which lawyer, and their fee?', allowedMoves: expect.arrayContaining(['submitted']) });
      expect((await send(w.t, caseworker, 'post', `/grants/${g.id}/transitions`, { to: 'submitted' }).expect(200)).body.informationRequest).toBeNull();
      await send(w.t, caseworker, 'post', `/grants/${g.id}/transitions`, { to: 'closed' }).expect(409);
      expect((await send(w.t, caseworker, 'post', `/grants/${g.id}/transitions`, { to: 'withdrawn' }).expect(200)).body.status).toBe('withdrawn');
      const [row] = await w.t.dataSource.query(`SELECT finished_at IS NOT NULL AS f FROM grants WHERE id = $1`, [g.id]);
      expect(row.f).toBe(true);
    });

    it('cancel releases the commitment on the grant, the line and the fund, with a release entry', async () => {
      const f = await makeFund(w, { total: 1_000_000n, line: 100_000n });
      const g = await submitted(40_000n, f);
      await decide(w, approverA, g.id).expect(201);
      await send(w.t, caseworker, 'post', `/grants/${g.id}/transitions`, { to: 'cancelled' }).expect(403);
      const res = await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'cancelled' }).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', committedMinor: '0' });
      expect(await line(f.lineId)).toEqual({ a: '100000', c: '0', d: '0' });
      const fundRow = (await get(w.t, w.officer, `/funds/${f.fundId}`).expect(200)).body;
      expect(fundRow).toMatchObject({ committedMinor: '0', remainingMinor: '100000' });
      const ledger = await w.t.dataSource.query(`SELECT kind, amount_minor::text AS amount FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [g.id]);
      expect(ledger).toEqual([
        { kind: 'commit', amount: '40000' },
        { kind: 'release', amount: '40000' },
      ]);
    });

    it('completing the disbursement releases the unpaid rest; with a report accepted the grant is reported, then closes', async () => {
      const policy: ApprovalPolicy = { tiers: [{ upToMinor: null, approvers: 1, director: false }], reportDueDays: 30 };
      const f = await makeFund(w, { total: 1_000_000n, line: 500_000n, policy });
      const g = await submitted(100_000n, f);
      await decide(w, approverA, g.id).expect(201);
      // Tranches are the disbursement module's: here one confirmed (paid through money-movements) and one still scheduled.
      const tranche = async (seq: number, status: 'confirmed' | 'scheduled' | 'sent') => {
        const sent = status !== 'scheduled';
        const [row] = await w.t.dataSource.query(
          `INSERT INTO grant_tranches (grant_id, seq, status, method, planned_minor, scheduled_on, created_by, paid_minor, paid_currency, rate, rate_source, rate_at, fund_equivalent_minor, sent_at, settled_at)
           VALUES ($1, $2, $3, 'bank_transfer', 60000, '2026-06-01', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [g.id, seq, status, w.officer.id, sent ? 60000 : null, sent ? 'EUR' : null, sent ? '1' : null, sent ? 'bank' : null, sent ? new Date() : null, sent ? 60000 : null, sent ? new Date() : null, status === 'confirmed' ? new Date() : null],
        );
        return row.id as string;
      };
      const paid = await tranche(1, 'confirmed');
      await w.t.dataSource.transaction((m) => pay(m, g.id, paid, 60_000n, { paidMinor: 60_000n, paidCurrency: 'EUR', rate: '1' }, w.officer.id));
      await w.t.dataSource.query(`UPDATE grants SET status = 'disbursing' WHERE id = $1`, [g.id]);
      const open = await tranche(2, 'scheduled');
      expect((await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'disbursed' }).expect(409)).body.type).toBe('urn:ashar:problem:grant-not-ready');
      await w.t.dataSource.query(`UPDATE grant_tranches SET status = 'cancelled' WHERE id = $1`, [open]);
      // Money is out: no cancel.
      expect((await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'cancelled' }).expect(409)).body.type).toBe('urn:ashar:problem:grant-not-ready');
      await w.t.dataSource.query(
        `INSERT INTO grant_reports (id, grant_id, status, author_kind, author_id, author_kid, decided_at, decided_by) VALUES ($1, $2, 'accepted', 'staff', $3, $4, now(), $3)`,
        [randomUUID(), g.id, caseworker.id, 'G'.repeat(22)],
      );
      const done = await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'disbursed' }).expect(200);
      expect(done.body).toMatchObject({ status: 'reported', committedMinor: '0', disbursedMinor: '60000' });
      expect(await line(f.lineId)).toEqual({ a: '500000', c: '0', d: '60000' });
      const ledger = await w.t.dataSource.query(`SELECT kind, amount_minor::text AS amount FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [g.id]);
      expect(ledger).toEqual([
        { kind: 'commit', amount: '100000' },
        { kind: 'payment', amount: '60000' },
        { kind: 'release', amount: '40000' },
      ]);
      expect((await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'closed' }).expect(200)).body.status).toBe('closed');
    });

    it('completing the disbursement needs a confirmed tranche and none open', async () => {
      const g = await submitted(1_000n);
      await decide(w, approverA, g.id).expect(201);
      // Nothing paid yet: the grant is approved, not disbursing.
      await send(w.t, w.officer, 'post', `/grants/${g.id}/transitions`, { to: 'disbursed' }).expect(409);
    });
  });

  describe('payee details and who sees what', () => {
    it('the requester types the payee details; the case’s staff and finance read them; approvers, admins and auditors never', async () => {
      const c = await makeCase(w, w.legal);
      const p = await propose(w, caseworker, c, { ...fund, amount: 120_000n });
      const requester = await requesterSignIn(w.t, c.requester!);
      const mine = (await get(w.t, requester, '/requester/grants').expect(200)).body as { id: string; envelope: unknown; payee: unknown }[];
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ id: p.id, payee: null, envelope: expect.objectContaining({ sealerId: caseworker.id }) });
      const body = payeeBody(p.grantKey, p.id, c.requester!);
      await send(w.t, requester, 'put', `/requester/grants/${p.id}/payee`, body).expect(204);
      expect((await get(w.t, requester, '/requester/grants').expect(200)).body[0].payee).toEqual({ ...body, author: 'requester', authorId: null, updatedAt: expect.any(String) });
      // Signed with another key: refused.
      await send(w.t, requester, 'put', `/requester/grants/${p.id}/payee`, payeeBody(p.grantKey, p.id, caseworker.identity)).expect(422);
      // Another requester's grant does not exist for them.
      const other = await makeCase(w, w.legal);
      const otherGrant = await propose(w, caseworker, other, { ...fund, amount: 1000n });
      await send(w.t, requester, 'put', `/requester/grants/${otherGrant.id}/payee`, body).expect(404);

      expect((await readGrant(w, caseworker, p.id)).payee).toMatchObject({ ciphertext: body.ciphertext, author: 'requester', authorId: null });
      // What the requester signed verifies under the key the view carries (the staff browsers check it).
      expect((await readGrant(w, w.officer, p.id)).requesterSignPk).toBe(encodePublicKey(c.requester!.signPk));
      expect((await readGrant(w, approverA, p.id)).requesterSignPk).toBeNull();
      expect((await readGrant(w, w.officer, p.id)).payee).toMatchObject({ ciphertext: body.ciphertext });
      expect((await readGrant(w, approverA, p.id)).payee).toBeNull();
      const auditor = await w.person(['auditor']);
      for (const who of [w.admin, auditor]) {
        await get(w.t, who, `/grants/${p.id}`).expect(404);
        await send(w.t, who, 'put', `/grants/${p.id}/payee`, payeeBody(p.grantKey, p.id, caseworker.identity)).expect(404);
        await get(w.t, who, '/grants').expect(403);
      }
      // Finance reads but does not write payee details; staff of the case do.
      await send(w.t, w.officer, 'put', `/grants/${p.id}/payee`, payeeBody(p.grantKey, p.id, w.officer.identity)).expect(403);
      await send(w.t, caseworker, 'put', `/grants/${p.id}/payee`, payeeBody(p.grantKey, p.id, caseworker.identity)).expect(204);
      const stored = await w.t.dataSource.query(`SELECT ciphertext FROM grant_payees WHERE grant_id = $1`, [p.id]);
      expect(JSON.stringify(stored)).not.toContain('A. Person');
      const reads = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'grant.read' AND subject_id = $1`, [p.id]);
      expect(reads[0].n).toBeGreaterThan(0);
    });

    it('finance roles never reach case notes or messages', async () => {
      const c = await makeCase(w, w.legal);
      for (const who of [w.officer, approverA, director]) await get(w.t, who, `/cases/${c.caseId}`).expect(403);
    });
  });
});
