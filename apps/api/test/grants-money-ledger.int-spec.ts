import { Workbook } from 'exceljs';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { staffGet, staffPost } from './cases-support';
import { approvedGrant, testFund, type TestFund } from './grants-money-support';
import { createPerson, type TestPerson } from './people';

/** A superagent parser that keeps the body as bytes. */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (piece: Buffer) => parts.push(piece));
  stream.on('end', () => done(null, Buffer.concat(parts)));
}

/** The ledger of a fund (GET /api/v1/ledger): JSON for finance, CSV and xlsx downloads for finance officers, audited. */
describe('the ledger and its export', () => {
  let t: TestApp;
  let officer: TestPerson;
  let approver: TestPerson;
  let caseworker: TestPerson;
  let auditor: TestPerson;
  let admin: TestPerson;
  let fund: TestFund;
  let other: TestFund;

  const ledger = (who: TestPerson, query: string) => staffGet(t, who, `/ledger?${query}`);
  const download = (who: TestPerson, query: string) => ledger(who, query).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createPerson(t, { roles: ['finance_officer'] });
    approver = await createPerson(t, { roles: ['finance_approver'] });
    caseworker = await createPerson(t, { roles: ['caseworker'] });
    auditor = await createPerson(t, { roles: ['auditor'] });
    admin = await createPerson(t, { roles: ['admin'] });
    fund = await testFund(t, officer);
    other = await testFund(t, officer);
    // Grant A: 1 200 EUR, tranche 1 in KGS, tranche 2 failed and reversed. Grant B: 300 EUR, nothing paid. The other fund: one grant.
    const a = await approvedGrant(t, fund, officer, 120_000n);
    await approvedGrant(t, fund, officer, 30_000n);
    await approvedGrant(t, other, officer, 5_000n);
    const t1 = await staffPost(t, officer, `/grants/${a}/tranches`, { plannedMinor: '61404', method: 'bank_transfer', scheduledOn: '2026-12-10' }).expect(201);
    await staffPost(t, officer, `/grants/${a}/tranches/${t1.body.id}/send`, { paidMinor: '6000000', paidCurrency: 'KGS', rate: '0.010234', rateSource: 'NBKR', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
    const t2 = await staffPost(t, officer, `/grants/${a}/tranches`, { plannedMinor: '10000', method: 'mobile_money', scheduledOn: '2026-12-11' }).expect(201);
    await staffPost(t, officer, `/grants/${a}/tranches/${t2.body.id}/send`, { paidMinor: '10000', paidCurrency: 'EUR', rate: '1', rateSource: 'fund currency', rateAt: '2026-12-07T09:00:00Z' }).expect(200);
    await staffPost(t, officer, `/grants/${a}/tranches/${t2.body.id}/settle`, { outcome: 'failed' }).expect(200);
  });
  afterAll(() => t.close());

  it('answers JSON to finance officers and approvers: the fund’s entries in order, amounts as decimal strings, the rate exact', async () => {
    for (const who of [officer, approver]) {
      const res = await ledger(who, `fundId=${fund.fundId}`).expect(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body.map((e: { kind: string }) => e.kind)).toEqual(['commit', 'commit', 'payment', 'payment', 'reversal']);
      expect(res.body[2]).toMatchObject({ kind: 'payment', amountMinor: '61404', currency: 'EUR', paidMinor: '6000000', paidCurrency: 'KGS', rate: '0.010234', purpose: 'security_equipment' });
      expect(res.body[4]).toMatchObject({ kind: 'reversal', amountMinor: '10000', reversesSeq: res.body[3].seq });
    }
    // A period: all of today's entries, none from tomorrow on or before yesterday (UTC days).
    const today = new Date().toISOString().slice(0, 10);
    expect((await ledger(officer, `fundId=${fund.fundId}&from=${today}&to=${today}`).expect(200)).body).toHaveLength(5);
    expect((await ledger(officer, `fundId=${fund.fundId}&from=2099-01-01`).expect(200)).body).toEqual([]);
    expect((await ledger(officer, `fundId=${fund.fundId}&to=2000-01-01`).expect(200)).body).toEqual([]);
    await ledger(officer, `fundId=${fund.fundId}&from=2026-12-02&to=2026-12-01`).expect(422);
    await ledger(officer, `fundId=00000000-0000-4000-8000-0000000000ee`).expect(404);
    await ledger(officer, `fundId=not-an-id`).expect(422);
    await ledger(officer, `fundId=${fund.fundId}&format=pdf`).expect(422);
  });

  it('downloads CSV whose change columns sum to the fund’s committed and disbursed, as an audited attachment', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.exported'`))[0].n;
    const res = await download(officer, `fundId=${fund.fundId}&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="ledger-${fund.fundId}-start-now.csv"`);
    const lines = (res.body as Buffer).toString('utf8').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(5);
    const sum = (column: string) => rows.reduce((s, r) => s + BigInt(r[header.indexOf(column)]!), 0n).toString();
    const [f] = await t.dataSource.query(`SELECT committed_minor::text AS c, disbursed_minor::text AS d FROM funds WHERE id = $1`, [fund.fundId]);
    expect({ committed: sum('committed_change_minor'), disbursed: sum('disbursed_change_minor') }).toEqual({ committed: f.c, disbursed: f.d });
    expect(f).toEqual({ c: String(120_000 - 61_404 + 30_000), d: '61404' });
    expect(rows[2]![header.indexOf('amount')]).toBe('614.04');
    expect(rows[2]![header.indexOf('paid')]).toBe('60000.00');
    const [event] = await t.dataSource.query(`SELECT actor_id, subject_type, subject_id, data FROM audit_events WHERE action = 'ledger.exported' ORDER BY seq DESC LIMIT 1`);
    expect(event).toEqual({ actor_id: officer.id, subject_type: 'fund', subject_id: fund.fundId, data: { fundId: fund.fundId, from: 'start', to: 'now', format: 'csv', rows: 5 } });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.exported'`))[0].n).toBe(before + 1);
  });

  it('downloads an xlsx with integer minor units and exact decimal text', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await download(officer, `fundId=${fund.fundId}&format=xlsx&from=${today}`).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="ledger-${fund.fundId}-${today}-now.xlsx"`);
    const book = new Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Ledger')!;
    expect(sheet.rowCount).toBe(6);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const payment = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(payment[header.indexOf('amount_minor')]).toBe(61404);
    expect(payment[header.indexOf('amount')]).toBe('614.04');
    expect(payment[header.indexOf('rate')]).toBe('0.010234');
    const [event] = await t.dataSource.query(`SELECT data FROM audit_events WHERE action = 'ledger.exported' ORDER BY seq DESC LIMIT 1`);
    expect(event.data).toMatchObject({ format: 'xlsx', rows: 5, from: today });
  });

  it('is finance’s: approvers read but do not download, others are refused, and a refusal is not audited', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.exported'`))[0].n;
    await ledger(approver, `fundId=${fund.fundId}&format=csv`).expect(403);
    await ledger(approver, `fundId=${fund.fundId}&format=xlsx`).expect(403);
    for (const who of [caseworker, admin]) await ledger(who, `fundId=${fund.fundId}`).expect(403);
    // Auditors read aggregate reports, never the ledger: as if there were none.
    await ledger(auditor, `fundId=${fund.fundId}`).expect(404);
    await request(t.http).get(`/api/v1/ledger?fundId=${fund.fundId}`).expect(401);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'ledger.exported'`))[0].n).toBe(before);
    // The other fund's ledger holds only its own entry.
    expect((await ledger(officer, `fundId=${other.fundId}`).expect(200)).body).toHaveLength(1);
  });
});
