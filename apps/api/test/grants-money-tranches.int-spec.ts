import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { staffPost } from './cases-support';
import { approvedGrant, auditActions, expectLedgerBalanced, testFund, type TestFund } from './grants-money-support';
import { createPerson, type TestPerson } from './people';

/**
 * Tranches (docs/grants.md, "Disbursement and the ledger") through the api, against real
 * PostgreSQL: the exchange arithmetic, the caps, settling and reversals, who may record them,
 * and that after every step the ledger's sums are the committed and disbursed columns of the
 * grant, its line and its fund.
 */
describe('grant tranches', () => {
  let t: TestApp;
  let officer: TestPerson;
  let approver: TestPerson;
  let caseworker: TestPerson;
  let admin: TestPerson;
  let eur: TestFund;

  const money = async (grantId: string) => {
    const [g] = await t.dataSource.query(`SELECT status, committed_minor::text AS c, disbursed_minor::text AS d FROM grants WHERE id = $1`, [grantId]);
    return { status: g.status as string, committed: g.c as string, disbursed: g.d as string };
  };
  const ledgerCount = async (grantId: string) => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE grant_id = $1`, [grantId]))[0].n as number;
  const plan = (who: TestPerson, grantId: string, plannedMinor: string) =>
    staffPost(t, who, `/grants/${grantId}/tranches`, { plannedMinor, method: 'bank_transfer', scheduledOn: '2026-12-10' });
  const send = (who: TestPerson, grantId: string, trancheId: string, body: Record<string, string>) =>
    staffPost(t, who, `/grants/${grantId}/tranches/${trancheId}/send`, { rateSource: 'National Bank of the Kyrgyz Republic', rateAt: '2026-12-07T09:00:00Z', ...body });

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createPerson(t, { roles: ['finance_officer'] });
    approver = await createPerson(t, { roles: ['finance_approver'] });
    caseworker = await createPerson(t, { roles: ['caseworker'] });
    admin = await createPerson(t, { roles: ['admin'] });
    eur = await testFund(t, officer);
  });
  afterAll(() => t.close());

  it('records a KGS payment into a EUR fund at an exact rate: the equivalent moves from committed to disbursed and the grant starts disbursing', async () => {
    const grantId = await approvedGrant(t, eur, officer, 120_000n);
    await expectLedgerBalanced(t, eur.fundId);
    const planned = await plan(officer, grantId, '61404').expect(201);
    expect(planned.body).toMatchObject({ seq: 1, status: 'scheduled', plannedMinor: '61404', paidMinor: null, rate: null });
    // 60 000.00 KGS at 0.010234 EUR per KGS = 614.04 EUR exactly.
    const sent = await send(officer, grantId, planned.body.id, { paidMinor: '6000000', paidCurrency: 'KGS', rate: '0.010234' }).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', paidMinor: '6000000', paidCurrency: 'KGS', rate: '0.010234', fundEquivalentMinor: '61404', rateSource: 'National Bank of the Kyrgyz Republic' });
    expect(sent.body.rateAt).toBe('2026-12-07T09:00:00.000Z');
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: String(120_000 - 61_404), disbursed: '61404' });
    // The rate is kept exactly (NUMERIC), never through a float.
    const [row] = await t.dataSource.query(`SELECT rate::text AS rate FROM grant_tranches WHERE id = $1`, [planned.body.id]);
    expect(row.rate).toBe('0.010234000000');
    const [entry] = await t.dataSource.query(`SELECT kind, amount_minor::text AS a, paid_minor::text AS p, paid_currency, trim_scale(rate)::text AS rate FROM ledger_entries WHERE tranche_id = $1`, [planned.body.id]);
    expect(entry).toEqual({ kind: 'payment', a: '61404', p: '6000000', paid_currency: 'KGS', rate: '0.010234' });
    await expectLedgerBalanced(t, eur.fundId);
    expect(await auditActions(t, grantId)).toEqual(expect.arrayContaining(['disbursement.scheduled', 'grant.status_changed', 'disbursement.sent']));
    const [moved] = await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'grant.status_changed' AND subject_id = $1`, [grantId]);
    expect(moved.data).toMatchObject({ from: 'approved', to: 'disbursing', transition: 'start_disbursing' });
  });

  it('rounds the equivalent once, half to even, on an exact half', async () => {
    const grantId = await approvedGrant(t, eur, officer, 10_000n);
    const a = await plan(officer, grantId, '100').expect(201);
    const b = await plan(officer, grantId, '100').expect(201);
    // 1.25 KGS × 0.5 = 0.625 EUR = 62.5 cents → 62 (even); 1.35 KGS × 0.5 = 67.5 cents → 68 (even).
    expect((await send(officer, grantId, a.body.id, { paidMinor: '125', paidCurrency: 'KGS', rate: '0.5' }).expect(200)).body.fundEquivalentMinor).toBe('62');
    expect((await send(officer, grantId, b.body.id, { paidMinor: '135', paidCurrency: 'KGS', rate: '0.5' }).expect(200)).body.fundEquivalentMinor).toBe('68');
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: String(10_000 - 130), disbursed: '130' });
    await expectLedgerBalanced(t, eur.fundId);
  });

  it('pays in the fund currency only at the rate 1, and refuses rates that are not exact decimals', async () => {
    const grantId = await approvedGrant(t, eur, officer, 50_000n);
    const tranche = await plan(officer, grantId, '20000').expect(201);
    const refused = await send(officer, grantId, tranche.body.id, { paidMinor: '20000', paidCurrency: 'EUR', rate: '1.1' }).expect(409);
    expect(refused.body.type).toBe('urn:ashar:problem:tranche-refused');
    for (const rate of ['1e-2', '0.0000000000001', '-1', '0', '0.00', '1,5', '.5']) {
      await send(officer, grantId, tranche.body.id, { paidMinor: '20000', paidCurrency: 'KGS', rate }).expect(422);
    }
    expect(await money(grantId)).toEqual({ status: 'approved', committed: '50000', disbursed: '0' });
    const ok = await send(officer, grantId, tranche.body.id, { paidMinor: '20000', paidCurrency: 'EUR', rate: '1.000' }).expect(200);
    expect(ok.body.fundEquivalentMinor).toBe('20000');
    await send(officer, grantId, tranche.body.id, { paidMinor: '20000', paidCurrency: 'EUR', rate: '1' }).expect(409);
    await expectLedgerBalanced(t, eur.fundId);
  });

  it('never pays more than the grant still has committed, and a refusal changes nothing', async () => {
    const grantId = await approvedGrant(t, eur, officer, 30_000n);
    expect((await plan(officer, grantId, '30001').expect(409)).body.type).toBe('urn:ashar:problem:tranche-refused');
    const first = await plan(officer, grantId, '20000').expect(201);
    await plan(officer, grantId, '10001').expect(409);
    const second = await plan(officer, grantId, '10000').expect(201);
    await send(officer, grantId, first.body.id, { paidMinor: '20000', paidCurrency: 'EUR', rate: '1' }).expect(200);
    const before = { money: await money(grantId), entries: await ledgerCount(grantId) };
    // 10 000.01 EUR worth of KGS at 1:1 is one cent more than is left.
    const over = await send(officer, grantId, second.body.id, { paidMinor: '10001', paidCurrency: 'KGS', rate: '1' }).expect(409);
    expect(over.body.type).toBe('urn:ashar:problem:tranche-refused');
    expect({ money: await money(grantId), entries: await ledgerCount(grantId) }).toEqual(before);
    const [still] = await t.dataSource.query(`SELECT status, paid_minor FROM grant_tranches WHERE id = $1`, [second.body.id]);
    expect(still).toEqual({ status: 'scheduled', paid_minor: null });
    await send(officer, grantId, second.body.id, { paidMinor: '10000', paidCurrency: 'EUR', rate: '1' }).expect(200);
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '0', disbursed: '30000' });
    await expectLedgerBalanced(t, eur.fundId);
  });

  it('settles: confirmed moves nothing; failed and returned reverse the payment back to the commitment, once', async () => {
    const grantId = await approvedGrant(t, eur, officer, 90_000n);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const tr = await plan(officer, grantId, '30000').expect(201);
      await send(officer, grantId, tr.body.id, { paidMinor: '3000000', paidCurrency: 'KGS', rate: '0.01' }).expect(200);
      ids.push(tr.body.id);
    }
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '0', disbursed: '90000' });
    const entries = await ledgerCount(grantId);
    expect((await staffPost(t, officer, `/grants/${grantId}/tranches/${ids[0]}/settle`, { outcome: 'confirmed' }).expect(200)).body).toMatchObject({ status: 'confirmed' });
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '0', disbursed: '90000' });
    expect(await ledgerCount(grantId)).toBe(entries);

    expect((await staffPost(t, officer, `/grants/${grantId}/tranches/${ids[1]}/settle`, { outcome: 'failed' }).expect(200)).body).toMatchObject({ status: 'failed' });
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '30000', disbursed: '60000' });
    await expectLedgerBalanced(t, eur.fundId);
    expect((await staffPost(t, officer, `/grants/${grantId}/tranches/${ids[2]}/settle`, { outcome: 'returned' }).expect(200)).body).toMatchObject({ status: 'returned' });
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '60000', disbursed: '30000' });
    await expectLedgerBalanced(t, eur.fundId);
    const reversals = await t.dataSource.query(
      `SELECT r.kind, r.amount_minor::text AS a, p.tranche_id FROM ledger_entries r JOIN ledger_entries p ON p.seq = r.reverses_seq WHERE r.grant_id = $1 ORDER BY r.seq`,
      [grantId],
    );
    expect(reversals).toEqual([
      { kind: 'reversal', a: '30000', tranche_id: ids[1] },
      { kind: 'reversal', a: '30000', tranche_id: ids[2] },
    ]);
    // Settled once: a second settlement of any of them is a conflict and moves nothing.
    for (const id of ids) await staffPost(t, officer, `/grants/${grantId}/tranches/${id}/settle`, { outcome: 'returned' }).expect(409);
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '60000', disbursed: '30000' });
    // The money given back can be paid again.
    const again = await plan(officer, grantId, '60000').expect(201);
    await send(officer, grantId, again.body.id, { paidMinor: '60000', paidCurrency: 'EUR', rate: '1' }).expect(200);
    expect(await money(grantId)).toEqual({ status: 'disbursing', committed: '0', disbursed: '90000' });
    await expectLedgerBalanced(t, eur.fundId);
    expect(await auditActions(t, grantId)).toEqual(expect.arrayContaining(['disbursement.confirmed', 'disbursement.failed', 'disbursement.returned']));
  });

  it('is for finance officers: approvers and others are refused, a grant they cannot read is 404, and nothing moves', async () => {
    const grantId = await approvedGrant(t, eur, officer, 40_000n);
    const tranche = await plan(officer, grantId, '1000').expect(201);
    for (const who of [approver, caseworker, admin]) {
      await plan(who, grantId, '1000').expect(403);
      await send(who, grantId, tranche.body.id, { paidMinor: '1000', paidCurrency: 'EUR', rate: '1' }).expect(403);
    }
    await plan(officer, '00000000-0000-4000-8000-0000000000ee', '1000').expect(404);
    await send(officer, grantId, '00000000-0000-4000-8000-0000000000ee', { paidMinor: '1000', paidCurrency: 'EUR', rate: '1' }).expect(404);
    await request(t.http).post(`/api/v1/grants/${grantId}/tranches`).send({}).expect(401);
    expect(await money(grantId)).toEqual({ status: 'approved', committed: '40000', disbursed: '0' });
    // Not before approval, nor once cancelled.
    await t.dataSource.query(`UPDATE grants SET status = 'cancelled' WHERE id = $1`, [grantId]);
    await plan(officer, grantId, '1000').expect(409);
    await send(officer, grantId, tranche.body.id, { paidMinor: '1000', paidCurrency: 'EUR', rate: '1' }).expect(409);
  });
});
