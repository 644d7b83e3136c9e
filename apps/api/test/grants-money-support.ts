import { randomUUID } from 'node:crypto';
import { type CurrencyCode, DEFAULT_APPROVAL_POLICY } from '@ashar/domain';
import { commit } from '../src/grants/money-movements';
import { ledgerEffect } from '../src/grants/ledger-format';
import { type TestApp } from './app';
import { type TestPerson } from './people';

/**
 * Fixtures of the money tests (tranches, ledger, reports, retention): funds, lines and approved
 * grants put in place in the database, the commitment made by money-movements itself (as the
 * final approval does; the approval routes have tests of their own).
 */
export interface TestFund {
  fundId: string;
  lineId: string;
  currency: CurrencyCode;
}

export async function testFund(t: TestApp, creator: TestPerson, options: { currency?: CurrencyCode; total?: bigint; allocated?: bigint } = {}): Promise<TestFund> {
  const currency = options.currency ?? 'EUR';
  const allocated = options.allocated ?? 1_000_000n;
  const [f] = await t.dataSource.query(
    `INSERT INTO funds (name, donor, currency, total_minor, allocated_minor, period_start, period_end, approval_policy, created_by)
     VALUES ('Safety fund', 'Donor', $1, $2, $3, '2026-01-01', '2027-12-31', $4, $5) RETURNING id`,
    [currency, (options.total ?? 10_000_000n).toString(), allocated.toString(), JSON.stringify(DEFAULT_APPROVAL_POLICY), creator.id],
  );
  const [l] = await t.dataSource.query(`INSERT INTO budget_lines (fund_id, purpose, allocated_minor) VALUES ($1, 'security_equipment', $2) RETURNING id`, [f.id, allocated.toString()]);
  return { fundId: f.id, lineId: l.id, currency };
}

/** A grant approved and committed (status `approved`, report due on `reportDueOn`), optionally on a case with a requester. */
export async function approvedGrant(
  t: TestApp,
  fund: TestFund,
  proposer: TestPerson,
  amount: bigint,
  options: { caseId?: string; requesterId?: string | null; reportDueOn?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO grants (id, case_id, requester_id, fund_id, budget_line_id, currency, amount_minor, purpose, status, proposer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'security_equipment', 'submitted', $8)`,
    [id, options.caseId ?? null, options.requesterId ?? null, fund.fundId, fund.lineId, fund.currency, amount.toString(), proposer.id],
  );
  await t.dataSource.transaction(async (m) => {
    await commit(m, id, proposer.id);
    await m.query(`UPDATE grants SET status = 'approved', approved_at = now(), report_due_on = $2 WHERE id = $1`, [id, options.reportDueOn ?? '2026-12-31']);
  });
  return id;
}

type Pair = { committed: string; disbursed: string };

/**
 * The fund's, its lines' and its grants' committed and disbursed columns, next to the same
 * sums computed from the ledger alone (every entry's effect): equal after every step.
 */
export async function ledgerAndColumns(t: TestApp, fundId: string): Promise<{ columns: Record<string, Pair>; ledger: Record<string, Pair> }> {
  const columns: Record<string, Pair> = {};
  const pair = (r: { c: string; d: string }) => ({ committed: r.c, disbursed: r.d });
  for (const r of await t.dataSource.query(`SELECT id, committed_minor::text AS c, disbursed_minor::text AS d FROM funds WHERE id = $1`, [fundId])) columns[`fund ${r.id}`] = pair(r);
  for (const r of await t.dataSource.query(`SELECT id, committed_minor::text AS c, disbursed_minor::text AS d FROM budget_lines WHERE fund_id = $1`, [fundId])) columns[`line ${r.id}`] = pair(r);
  for (const r of await t.dataSource.query(`SELECT id, committed_minor::text AS c, disbursed_minor::text AS d FROM grants WHERE fund_id = $1`, [fundId])) columns[`grant ${r.id}`] = pair(r);
  const sums = new Map<string, { committed: bigint; disbursed: bigint }>(Object.keys(columns).map((k) => [k, { committed: 0n, disbursed: 0n }]));
  const entries: { kind: 'commit' | 'release' | 'payment' | 'reversal'; amount_minor: string; reversed_kind: 'commit' | 'release' | 'payment' | null; fund_id: string; budget_line_id: string; grant_id: string }[] =
    await t.dataSource.query(
      `SELECT l.kind, l.amount_minor::text AS amount_minor, r.kind AS reversed_kind, l.fund_id, l.budget_line_id, l.grant_id
         FROM ledger_entries l LEFT JOIN ledger_entries r ON r.seq = l.reverses_seq WHERE l.fund_id = $1 ORDER BY l.seq`,
      [fundId],
    );
  for (const e of entries) {
    const effect = ledgerEffect(e);
    for (const key of [`fund ${e.fund_id}`, `line ${e.budget_line_id}`, `grant ${e.grant_id}`]) {
      const sum = sums.get(key)!;
      sum.committed += effect.committed;
      sum.disbursed += effect.disbursed;
    }
  }
  const ledger = Object.fromEntries([...sums].map(([k, v]) => [k, { committed: v.committed.toString(), disbursed: v.disbursed.toString() }]));
  return { columns, ledger };
}

/** Asserts that the ledger's sums are the columns (jest expect, so the diff shows which row differs). */
export async function expectLedgerBalanced(t: TestApp, fundId: string): Promise<void> {
  const { columns, ledger } = await ledgerAndColumns(t, fundId);
  expect(ledger).toEqual(columns);
}

export async function auditActions(t: TestApp, subjectId: string): Promise<string[]> {
  const rows: { action: string }[] = await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_id = $1 OR data ->> 'grantId' = $1 ORDER BY seq`, [subjectId]);
  return rows.map((r) => r.action);
}
