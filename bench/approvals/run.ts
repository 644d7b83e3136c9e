/**
 * Approvals benchmark: `npx tsx bench/approvals/run.ts [grants, default 200] [room, default 50]`.
 * Prints figures, asserts nothing but the over-commit count (needs `npm run build`: it measures
 * the built api).
 *
 * docs/grants.md, "Commitment": the final approval reserves the money in its own transaction
 * with a conditional UPDATE on the budget line and the fund, under their row locks, so concurrent
 * approvals can never commit past the allocation. Here `grants` submitted grants (made in the
 * database; a one-approver policy, so each approval is the final one) share one budget line with
 * room for exactly `room` of them, and one approver sends all their signed approvals at once
 * through the api (HTTP, session, policy guard, the grant row lock, approvalStanding, the
 * signature check with libs/crypto, the approval row, the conditional UPDATEs, the ledger entry,
 * the audit event, then the grant view). Beside it, in the same run and on the same table, the
 * bare floor: the same number of conditional UPDATEs on another line with the same room, fired
 * at once over a pool of 10 connections (the api's own pool size), each its own statement.
 *
 * Figures (2 CPUs shared with three other builds and test runs, load average ~9):
 *   200 approvals, room for 50 (the defaults)
 *     api: 50× 201, 150× 409 budget-exhausted, over-commit 0; 3.0 s wall, 67 requests/s,
 *          p50 2.26 s, p95 2.92 s (all 200 queued at once behind one line's row lock)
 *     bare conditional UPDATE: 50 committed, over-commit 0; 0.20 s wall, ~1 000 UPDATEs/s
 *   a second run (load ~8): api 2.73 s, 73 requests/s, p50 2.08 s; bare 0.18 s, 1 090/s
 * The api's critical section per final approval is the line and fund row locks held from the
 * conditional UPDATEs to COMMIT, behind the audit chain's head row; the refused ones wait for
 * that lock and roll back. The bare UPDATE is the floor of the same serialisation.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { encodePublicKey, generateRootKeys, signGrantApproval } from '@ashar/crypto';
import { conditions, createStaff, ms, ownerClient, quantile, runBench, staffSession, startApi, table } from '../support';

const GRANTS = Math.max(10, Number(process.argv[2] ?? 200));
const ROOM = Math.max(1, Math.min(GRANTS, Number(process.argv[3] ?? 50)));
const AMOUNT = 10_000n;
const POLICY = { tiers: [{ upToMinor: null, approvers: 1, director: false }], reportDueDays: 60 };

runBench('approvals', `Approvals: ${GRANTS} concurrent final approvals on one budget line with room for ${ROOM}`, async (env, stops) => {
  const root = generateRootKeys();
  const db = await ownerClient(env);
  stops.push(() => db.end());
  const api = await startApi(env, 'approvals', { ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
  stops.push(() => api.stop());

  const admin = await createStaff(db, { roles: ['admin'], certifyWith: { root } });
  const proposer = await createStaff(db, { roles: ['caseworker'], certifyWith: { admin } });
  const approver = await createStaff(db, { roles: ['finance_approver'], certifyWith: { admin } });
  const session = await staffSession(env, approver.id);

  const [fund] = (
    await db.query(
      `INSERT INTO funds (name, donor, currency, total_minor, allocated_minor, period_start, period_end, approval_policy, created_by)
       VALUES ('Bench', 'Donor', 'EUR', $1, $2, '2026-01-01', '2027-12-31', $3, $4) RETURNING id`,
      [(AMOUNT * BigInt(ROOM) * 10n).toString(), (AMOUNT * BigInt(ROOM) * 2n).toString(), JSON.stringify(POLICY), admin.id],
    )
  ).rows;
  const line = async (purpose: string) =>
    (await db.query(`INSERT INTO budget_lines (fund_id, purpose, allocated_minor) VALUES ($1, $2, $3) RETURNING id`, [fund.id, purpose, (AMOUNT * BigInt(ROOM)).toString()])).rows[0].id as string;
  const apiLine = await line('legal_fees');
  const bareLine = await line('other');

  const grants: string[] = [];
  for (let i = 0; i < GRANTS; i += 1) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO grants (id, fund_id, budget_line_id, currency, amount_minor, purpose, status, proposer_id) VALUES ($1, $2, $3, 'EUR', $4, 'legal_fees', 'submitted', $5)`,
      [id, fund.id, apiLine, AMOUNT.toString(), proposer.id],
    );
    grants.push(id);
  }
  const bodies = grants.map((grantId) => {
    const sig = signGrantApproval({ grantId, version: 1, amountMinor: AMOUNT.toString(), currency: 'EUR', fundId: fund.id, budgetLineId: apiLine, decision: 'approve' }, approver.identity);
    return JSON.stringify({ decision: 'approve', termsVersion: 1, signature: sig.signature, signerKid: sig.signerKid });
  });

  // Through the api: all at once.
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    grants.map(async (id, i) => {
      const t0 = performance.now();
      const res = await fetch(`${api.url}/api/v1/grants/${id}/approvals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: bodies[i],
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }),
  );
  const apiSeconds = (performance.now() - started) / 1000;

  // The bare floor: the same conditional UPDATE, alone, over a pool of 10.
  const pool = new Pool({ connectionString: env.databaseUrl, max: 10 });
  stops.push(() => pool.end());
  await pool.query('SELECT 1');
  let bareCommitted = 0;
  const bareStarted = performance.now();
  await Promise.all(
    grants.map(async () => {
      const r = await pool.query(
        `UPDATE budget_lines SET committed_minor = committed_minor + $2::bigint WHERE id = $1 AND committed_minor + disbursed_minor + $2::bigint <= allocated_minor`,
        [bareLine, AMOUNT.toString()],
      );
      bareCommitted += r.rowCount ?? 0;
    }),
  );
  const bareSeconds = (performance.now() - bareStarted) / 1000;

  const lines = (await db.query(`SELECT id, allocated_minor::text AS a, committed_minor::text AS c FROM budget_lines WHERE id = ANY($1::uuid[])`, [[apiLine, bareLine]])).rows as { id: string; a: string; c: string }[];
  const overCommit = (id: string) => {
    const l = lines.find((x) => x.id === id)!;
    return BigInt(l.c) > BigInt(l.a) ? (BigInt(l.c) - BigInt(l.a)) / AMOUNT : 0n;
  };
  const approved = Number((await db.query(`SELECT count(*)::int AS n FROM grants WHERE budget_line_id = $1 AND status = 'approved'`, [apiLine])).rows[0].n);
  const commits = Number((await db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE budget_line_id = $1 AND kind = 'commit'`, [apiLine])).rows[0].n);

  console.log(`  responses: ${[...statuses.entries()].map(([s, n]) => `${n}× ${s}`).join(', ')}; approved ${approved}, ledger commits ${commits}`);
  table(
    ['path', 'requests', 'committed', 'over-commit', 'wall', 'per second', 'p50', 'p95', 'max'],
    [
      ['api (final approval)', String(GRANTS), String(approved), String(overCommit(apiLine)), ms(apiSeconds * 1000), (GRANTS / apiSeconds).toFixed(0), ms(quantile(latencies, 0.5)), ms(quantile(latencies, 0.95)), ms(quantile(latencies, 1))],
      ['bare conditional UPDATE', String(GRANTS), String(bareCommitted), String(overCommit(bareLine)), ms(bareSeconds * 1000), (GRANTS / bareSeconds).toFixed(0), '', '', ''],
    ],
  );
  console.log(`  committed through the api: ${(approved / apiSeconds).toFixed(0)} final approvals per second of wall time`);
  console.log(`  conditions at end: ${conditions()}`);
  if (overCommit(apiLine) !== 0n || overCommit(bareLine) !== 0n || approved !== ROOM || commits !== ROOM) {
    throw new Error(`over-commitment: api ${approved} approved of room ${ROOM}, bare ${bareCommitted}`);
  }
});
