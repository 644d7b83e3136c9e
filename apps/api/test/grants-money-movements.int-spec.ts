import { randomUUID } from 'node:crypto';
import { DomainError, DEFAULT_APPROVAL_POLICY } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { commit, pay, release, reverse } from '../src/grants/money-movements';
import { startTestApp, type TestApp, withOwnerClient } from './app';
import { createPerson, type TestPerson } from './people';

/**
 * The money movements (apps/api/src/grants/money-movements.ts) against real PostgreSQL: each one
 * moves the committed and disbursed columns of the grant, its line and its fund together and
 * appends one ledger entry, or changes nothing and throws the code that says why.
 */
describe('money movements', () => {
  let t: TestApp;
  let officer: TestPerson;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createPerson(t, { roles: ['finance_officer'] });
  });
  afterAll(async () => t.close());

  async function fund(total: bigint, lineAllocation: bigint): Promise<{ fundId: string; lineId: string }> {
    const [f] = await t.dataSource.query(
      `INSERT INTO funds (name, donor, currency, total_minor, allocated_minor, period_start, period_end, approval_policy, created_by)
       VALUES ('Fund', 'Donor', 'EUR', $1, $2, '2026-01-01', '2026-12-31', $3, $4) RETURNING id`,
      [total.toString(), lineAllocation.toString(), JSON.stringify(DEFAULT_APPROVAL_POLICY), officer.id],
    );
    const [l] = await t.dataSource.query(`INSERT INTO budget_lines (fund_id, purpose, allocated_minor) VALUES ($1, 'legal_fees', $2) RETURNING id`, [f.id, lineAllocation.toString()]);
    return { fundId: f.id, lineId: l.id };
  }

  async function grant(where: { fundId: string; lineId: string }, amount: bigint): Promise<string> {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO grants (id, fund_id, budget_line_id, currency, amount_minor, purpose, status, proposer_id) VALUES ($1, $2, $3, 'EUR', $4, 'legal_fees', 'submitted', $5)`,
      [id, where.fundId, where.lineId, amount.toString(), officer.id],
    );
    return id;
  }

  async function money(where: { fundId: string; lineId: string }, grantId: string) {
    const [g] = await t.dataSource.query(`SELECT committed_minor::text AS c, disbursed_minor::text AS d FROM grants WHERE id = $1`, [grantId]);
    const [l] = await t.dataSource.query(`SELECT committed_minor::text AS c, disbursed_minor::text AS d FROM budget_lines WHERE id = $1`, [where.lineId]);
    const [f] = await t.dataSource.query(`SELECT committed_minor::text AS c, disbursed_minor::text AS d FROM funds WHERE id = $1`, [where.fundId]);
    const entries = await t.dataSource.query(`SELECT kind, amount_minor::text AS amount, reverses_seq::text AS reverses FROM ledger_entries WHERE grant_id = $1 ORDER BY seq`, [grantId]);
    return { grant: [g.c, g.d], line: [l.c, l.d], fund: [f.c, f.d], entries };
  }

  const tx = <T>(fn: (m: EntityManager) => Promise<T>) => t.dataSource.transaction(fn);
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof DomainError) return err.code;
      throw err;
    }
    throw new Error('expected a refusal');
  };

  it('commit reserves the whole amount on grant, line and fund and appends a commit entry', async () => {
    const where = await fund(100_000n, 50_000n);
    const g = await grant(where, 12_000n);
    const entry = await tx((m) => commit(m, g, officer.id));
    expect(entry).toMatchObject({ kind: 'commit', amountMinor: 12_000n });
    expect(await money(where, g)).toEqual({ grant: ['12000', '0'], line: ['12000', '0'], fund: ['12000', '0'], entries: [{ kind: 'commit', amount: '12000', reverses: null }] });
    // A second commit of the same grant is refused: it already holds money.
    expect(await codeOf(tx((m) => commit(m, g, officer.id)))).toBe('conflict');
  });

  it('commit past the line’s room is budget-exhausted and changes nothing, the grant included', async () => {
    const where = await fund(100_000n, 10_000n);
    const g = await grant(where, 10_001n);
    expect(await codeOf(tx((m) => commit(m, g, officer.id)))).toBe('budget-exhausted');
    expect(await money(where, g)).toEqual({ grant: ['0', '0'], line: ['0', '0'], fund: ['0', '0'], entries: [] });
  });

  it('commit past the fund’s allocation is budget-exhausted even when the line has room', async () => {
    const where = await fund(100_000n, 10_000n);
    // The line says 20 000 but the fund allocated only 10 000 (a path that forgot the fund; the fund condition still holds).
    await t.dataSource.query(`UPDATE funds SET allocated_minor = 20000 WHERE id = $1`, [where.fundId]);
    await t.dataSource.query(`UPDATE budget_lines SET allocated_minor = 20000 WHERE id = $1`, [where.lineId]);
    await t.dataSource.query(`UPDATE funds SET allocated_minor = 10000 WHERE id = $1`, [where.fundId]);
    const g = await grant(where, 15_000n);
    expect(await codeOf(tx((m) => commit(m, g, officer.id)))).toBe('budget-exhausted');
    expect(await money(where, g)).toMatchObject({ grant: ['0', '0'], line: ['0', '0'], fund: ['0', '0'] });
  });

  it('release gives back commitment, never more than the grant holds', async () => {
    const where = await fund(100_000n, 50_000n);
    const g = await grant(where, 20_000n);
    await tx((m) => commit(m, g, officer.id));
    expect(await codeOf(tx((m) => release(m, g, 20_001n, officer.id)))).toBe('conflict');
    await tx((m) => release(m, g, 20_000n, officer.id));
    expect(await money(where, g)).toMatchObject({ grant: ['0', '0'], line: ['0', '0'], fund: ['0', '0'] });
    expect((await money(where, g)).entries.map((e: { kind: string }) => e.kind)).toEqual(['commit', 'release']);
    expect(await codeOf(tx((m) => release(m, g, 0n, officer.id)))).toBe('validation');
  });

  async function tranche(grantId: string): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO grant_tranches (grant_id, seq, status, method, planned_minor, scheduled_on, created_by) VALUES ($1, 1, 'scheduled', 'bank_transfer', 1, '2026-06-01', $2) RETURNING id`,
      [grantId, officer.id],
    );
    return row.id;
  }

  it('pay moves the equivalent from committed to disbursed with what was paid and the rate; never past the commitment', async () => {
    const where = await fund(1_000_000n, 500_000n);
    const g = await grant(where, 120_000n);
    await tx((m) => commit(m, g, officer.id));
    const tr = await tranche(g);
    expect(await codeOf(tx((m) => pay(m, g, tr, 120_001n, { paidMinor: 1n, paidCurrency: 'EUR', rate: '1' }, officer.id)))).toBe('tranche-refused');
    await tx((m) => pay(m, g, tr, 61_404n, { paidMinor: 6_000_000n, paidCurrency: 'KGS', rate: '0.010234' }, officer.id));
    expect(await money(where, g)).toMatchObject({ grant: ['58596', '61404'], line: ['58596', '61404'], fund: ['58596', '61404'] });
    const [entry] = await t.dataSource.query(`SELECT paid_minor::text AS paid, paid_currency, rate::text AS rate, tranche_id FROM ledger_entries WHERE grant_id = $1 AND kind = 'payment'`, [g]);
    expect(entry).toEqual({ paid: '6000000', paid_currency: 'KGS', rate: '0.010234000000', tranche_id: tr });
  });

  it('reverse: a payment goes back to the commitment, a release is committed again, a commit released; once only; never a reversal', async () => {
    const where = await fund(1_000_000n, 100_000n);
    const g = await grant(where, 100_000n);
    const committed = await tx((m) => commit(m, g, officer.id));
    const tr = await tranche(g);
    const paid = await tx((m) => pay(m, g, tr, 40_000n, { paidMinor: 40_000n, paidCurrency: 'EUR', rate: '1' }, officer.id));
    const reversal = await tx((m) => reverse(m, paid.seq, officer.id));
    expect(await money(where, g)).toMatchObject({ grant: ['100000', '0'], line: ['100000', '0'], fund: ['100000', '0'] });
    expect(await codeOf(tx((m) => reverse(m, paid.seq, officer.id)))).toBe('conflict');
    expect(await codeOf(tx((m) => reverse(m, reversal.seq, officer.id)))).toBe('conflict');
    expect(await codeOf(tx((m) => reverse(m, '999999999', officer.id)))).toBe('not-found');

    const released = await tx((m) => release(m, g, 30_000n, officer.id));
    // Someone else takes the room meanwhile: the release cannot be committed again.
    const other = await grant(where, 30_000n);
    await tx((m) => commit(m, other, officer.id));
    expect(await codeOf(tx((m) => reverse(m, released.seq, officer.id)))).toBe('budget-exhausted');
    await tx((m) => release(m, other, 30_000n, officer.id));
    await tx((m) => reverse(m, released.seq, officer.id));
    expect(await money(where, g)).toMatchObject({ grant: ['100000', '0'], line: ['100000', '0'] });

    await tx((m) => reverse(m, committed.seq, officer.id));
    expect(await money(where, g)).toMatchObject({ grant: ['0', '0'], line: ['0', '0'], fund: ['0', '0'] });
    const kinds = (await money(where, g)).entries.map((e: { kind: string; reverses: string | null }) => `${e.kind}${e.reverses ? `:${e.reverses}` : ''}`);
    expect(kinds).toEqual(['commit', 'payment', `reversal:${paid.seq}`, 'release', `reversal:${released.seq}`, `reversal:${committed.seq}`]);
  });

  it('neither the app role nor the owner can change or delete a ledger entry', async () => {
    const where = await fund(100_000n, 50_000n);
    const g = await grant(where, 1_000n);
    const entry = await tx((m) => commit(m, g, officer.id));
    await expect(t.dataSource.query(`UPDATE ledger_entries SET amount_minor = 1 WHERE seq = $1`, [entry.seq])).rejects.toThrow(/permission denied|never changed/);
    await expect(t.dataSource.query(`DELETE FROM ledger_entries WHERE seq = $1`, [entry.seq])).rejects.toThrow(/permission denied|never changed/);
    await expect(t.dataSource.query(`TRUNCATE ledger_entries`)).rejects.toThrow(/permission denied|never changed/);
    // Not even the owner: the trigger refuses it for every role.
    await withOwnerClient(async (owner) => {
      await expect(owner.query(`UPDATE ledger_entries SET amount_minor = 1 WHERE seq = $1`, [entry.seq])).rejects.toThrow(/never changed/);
      await expect(owner.query(`DELETE FROM ledger_entries WHERE seq = $1`, [entry.seq])).rejects.toThrow(/never changed/);
    });
    const [row] = await t.dataSource.query(`SELECT amount_minor::text AS a FROM ledger_entries WHERE seq = $1`, [entry.seq]);
    expect(row.a).toBe('1000');
  });
});
