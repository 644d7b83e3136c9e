import { type ApprovalPolicy } from '@ashar/domain';
import { type TestPerson } from './people';
import { type GrantWorld, decision, grantWorld, makeCase, makeFund, propose, readGrant, send } from './grants-support';

/**
 * The hard stop on over-commitment (docs/grants.md, "Commitment"): 50 grants on one budget line
 * with room for exactly 10, each waiting for its last approval; all 50 final approvals are sent at
 * once. The conditional UPDATE on the line (under its row lock) lets exactly 10 through.
 */
describe('concurrent final approvals', () => {
  let w: GrantWorld;
  let caseworker: TestPerson;
  let approverA: TestPerson;
  let approverB: TestPerson;

  beforeAll(async () => {
    w = await grantWorld();
    caseworker = await w.person(['caseworker'], [w.legal.id]);
    approverA = await w.person(['finance_approver']);
    approverB = await w.person(['finance_approver']);
  });
  afterAll(() => w.t.close());

  it('50 final approvals on a line with room for 10: exactly 10 approved, 40 budget-exhausted, nothing more committed', async () => {
    const amount = 25_000n;
    const policy: ApprovalPolicy = { tiers: [{ upToMinor: null, approvers: 2, director: false }], reportDueDays: 30 };
    const f = await makeFund(w, { total: 10_000_000n, line: amount * 10n, policy });
    const ids: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const c = await makeCase(w, w.legal);
      const p = await propose(w, caseworker, c, { ...f, amount });
      await send(w.t, caseworker, 'post', `/grants/${p.id}/transitions`, { to: 'submitted' }).expect(200);
      ids.push(p.id);
    }
    // The first approvals, one by one: nothing is committed yet.
    const bodies: Record<string, unknown>[] = [];
    for (const id of ids) {
      const view = await readGrant(w, w.officer, id);
      await send(w.t, approverA, 'post', `/grants/${id}/approvals`, decision(approverA, view)).expect(201);
      bodies.push(decision(approverB, view));
    }
    const [before] = await w.t.dataSource.query(`SELECT committed_minor::text AS c FROM budget_lines WHERE id = $1`, [f.lineId]);
    expect(before.c).toBe('0');

    const results = await Promise.all(ids.map((id, i) => send(w.t, approverB, 'post', `/grants/${id}/approvals`, bodies[i])));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toBe('urn:ashar:problem:budget-exhausted');

    const [lineRow] = await w.t.dataSource.query(`SELECT committed_minor::text AS c, allocated_minor::text AS a FROM budget_lines WHERE id = $1`, [f.lineId]);
    expect(lineRow).toEqual({ c: (amount * 10n).toString(), a: (amount * 10n).toString() });
    const [fundRow] = await w.t.dataSource.query(`SELECT committed_minor::text AS c FROM funds WHERE id = $1`, [f.fundId]);
    expect(fundRow.c).toBe((amount * 10n).toString());
    const [ledger] = await w.t.dataSource.query(`SELECT count(*)::int AS n, sum(amount_minor)::text AS s FROM ledger_entries WHERE fund_id = $1 AND kind = 'commit'`, [f.fundId]);
    expect(ledger).toEqual({ n: 10, s: (amount * 10n).toString() });
    const approved = await w.t.dataSource.query(`SELECT id FROM grants WHERE fund_id = $1 AND status = 'approved'`, [f.fundId]);
    expect(approved).toHaveLength(10);
    // The refused approvals left nothing behind: B's decisions exist only on the approved grants.
    const [byB] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM grant_approvals WHERE approver_id = $1`, [approverB.id]);
    expect(byB.n).toBe(10);
    const [stillSubmitted] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM grants WHERE fund_id = $1 AND status = 'submitted' AND committed_minor = 0`, [f.fundId]);
    expect(stillSubmitted.n).toBe(40);
  });
});
