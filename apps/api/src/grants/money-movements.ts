import { DomainError, GeneralError, GrantError, type CurrencyCode, type LedgerEntryKind } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

/**
 * The only code that moves money between the columns `committed_minor` and `disbursed_minor` of
 * grants, budget_lines and funds, and the only code that appends to the ledger (docs/grants.md,
 * "Commitment" and "Disbursement and the ledger"). Each movement runs inside the caller's
 * transaction (its EntityManager) and is a conditional UPDATE on the grant, then its budget line,
 * then its fund — always in that order, so two movements never wait on each other in a cycle —
 * followed by one ledger entry. When a condition fails (no room on the line or the fund, more
 * than the grant has committed) it throws the DomainError that says so, and the caller's
 * transaction rolls back whatever was already changed: a movement is all or nothing.
 *
 * The conditions are the rules; the CHECK constraints of the migration stop any path that
 * forgets one. Amounts are in the fund currency (the grant's), in minor units.
 */

/** One appended ledger entry. */
export interface LedgerEntryWritten {
  readonly seq: string;
  readonly kind: LedgerEntryKind;
  readonly amountMinor: bigint;
}

/** What a payment actually was: the amount and currency that left, and the rate (fund currency per paid unit). */
export interface PaidAmount {
  readonly paidMinor: bigint;
  readonly paidCurrency: CurrencyCode;
  readonly rate: string;
}

interface GrantMoneyRow {
  fund_id: string;
  budget_line_id: string;
  currency: CurrencyCode;
  amount_minor: string;
}

/** Runs a data-modifying statement and returns its RETURNING rows (wrapped so TypeORM hands back the rows). */
async function returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return manager.query<T[]>(`WITH changed AS (${sql}) SELECT * FROM changed`, params);
}

const positive = (amount: bigint, what: string): string => {
  if (amount <= 0n) throw new DomainError(GeneralError.Validation, `${what} must be more than zero`);
  return amount.toString();
};

async function line(manager: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  return (await returning(manager, sql, params)).length === 1;
}

async function appendEntry(
  manager: EntityManager,
  entry: {
    kind: LedgerEntryKind;
    grantId: string;
    fundId: string;
    budgetLineId: string;
    currency: string;
    amount: string;
    trancheId?: string | null;
    paid?: PaidAmount;
    reversesSeq?: string;
    actorId: string | null;
  },
): Promise<LedgerEntryWritten> {
  const rows = await manager.query<{ seq: string }[]>(
    `INSERT INTO ledger_entries (kind, fund_id, budget_line_id, grant_id, tranche_id, amount_minor, currency, paid_minor, paid_currency, rate, reverses_seq, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq::text AS seq`,
    [
      entry.kind,
      entry.fundId,
      entry.budgetLineId,
      entry.grantId,
      entry.trancheId ?? null,
      entry.amount,
      entry.currency,
      entry.paid ? entry.paid.paidMinor.toString() : null,
      entry.paid ? entry.paid.paidCurrency : null,
      entry.paid ? entry.paid.rate : null,
      entry.reversesSeq ?? null,
      entry.actorId,
    ],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('the ledger entry was not appended');
  return { seq, kind: entry.kind, amountMinor: BigInt(entry.amount) };
}

/** Adds `amount` to the committed money of the line and the fund, within their allocation; BudgetExhausted otherwise. */
async function reserveOnLineAndFund(manager: EntityManager, row: Pick<GrantMoneyRow, 'fund_id' | 'budget_line_id'>, amount: string): Promise<void> {
  const lineOk = await line(
    manager,
    `UPDATE budget_lines SET committed_minor = committed_minor + $2::bigint, updated_at = now()
      WHERE id = $1 AND committed_minor + disbursed_minor + $2::bigint <= allocated_minor RETURNING id`,
    [row.budget_line_id, amount],
  );
  if (!lineOk) throw new DomainError(GrantError.BudgetExhausted, 'The budget line has no room left for this amount');
  const fundOk = await line(
    manager,
    `UPDATE funds SET committed_minor = committed_minor + $2::bigint, updated_at = now()
      WHERE id = $1 AND committed_minor + disbursed_minor + $2::bigint <= allocated_minor RETURNING id`,
    [row.fund_id, amount],
  );
  if (!fundOk) throw new DomainError(GrantError.BudgetExhausted, 'The fund has no room left for this amount');
}

/** Takes `amount` off the committed money of the line and the fund (never below zero). */
async function unreserveOnLineAndFund(manager: EntityManager, row: Pick<GrantMoneyRow, 'fund_id' | 'budget_line_id'>, amount: string): Promise<void> {
  for (const [table, id] of [
    ['budget_lines', row.budget_line_id],
    ['funds', row.fund_id],
  ] as const) {
    const ok = await line(manager, `UPDATE ${table} SET committed_minor = committed_minor - $2::bigint, updated_at = now() WHERE id = $1 AND committed_minor >= $2::bigint RETURNING id`, [id, amount]);
    if (!ok) throw new DomainError(GeneralError.Conflict, `The ${table === 'funds' ? 'fund' : 'budget line'} has less committed than this release`);
  }
}

/**
 * The final approval reserves the grant's whole amount: the grant's committed becomes its amount
 * (only from nothing committed and nothing paid), then the line and the fund commit it within
 * their allocation. `budget-exhausted` when either has no room; `conflict` when the grant already
 * holds money. Appends a `commit` entry.
 */
export async function commit(manager: EntityManager, grantId: string, actorId: string | null): Promise<LedgerEntryWritten> {
  const [row] = await returning<GrantMoneyRow>(
    manager,
    `UPDATE grants SET committed_minor = amount_minor, updated_at = now()
      WHERE id = $1 AND committed_minor = 0 AND disbursed_minor = 0
      RETURNING fund_id, budget_line_id, currency, amount_minor::text AS amount_minor`,
    [grantId],
  );
  if (!row) throw new DomainError(GeneralError.Conflict, 'The grant already holds committed or paid money');
  await reserveOnLineAndFund(manager, row, row.amount_minor);
  return appendEntry(manager, { kind: 'commit', grantId, fundId: row.fund_id, budgetLineId: row.budget_line_id, currency: row.currency, amount: row.amount_minor, actorId });
}

/**
 * Gives back `amount` of the grant's commitment (a cancel releases all of it; completing the
 * disbursement releases what was not paid): never more than the grant has committed
 * (`conflict`). Appends a `release` entry.
 */
export async function release(manager: EntityManager, grantId: string, amount: bigint, actorId: string | null): Promise<LedgerEntryWritten> {
  const value = positive(amount, 'The amount released');
  const [row] = await returning<GrantMoneyRow>(
    manager,
    `UPDATE grants SET committed_minor = committed_minor - $2::bigint, updated_at = now()
      WHERE id = $1 AND committed_minor >= $2::bigint
      RETURNING fund_id, budget_line_id, currency, amount_minor::text AS amount_minor`,
    [grantId, value],
  );
  if (!row) throw new DomainError(GeneralError.Conflict, 'The grant has less committed than this release');
  await unreserveOnLineAndFund(manager, row, value);
  return appendEntry(manager, { kind: 'release', grantId, fundId: row.fund_id, budgetLineId: row.budget_line_id, currency: row.currency, amount: value, actorId });
}

/**
 * Money leaves: `equivalentMinor` (the fund-currency equivalent of what was paid) moves from
 * committed to disbursed on the grant, its line and its fund. Never more than the grant still has
 * committed (`tranche-refused`). Appends a `payment` entry with what was paid and the rate.
 */
export async function pay(manager: EntityManager, grantId: string, trancheId: string, equivalentMinor: bigint, paid: PaidAmount, actorId: string | null): Promise<LedgerEntryWritten> {
  const value = positive(equivalentMinor, 'The fund-currency equivalent');
  positive(paid.paidMinor, 'The amount paid');
  const [row] = await returning<GrantMoneyRow>(
    manager,
    `UPDATE grants SET committed_minor = committed_minor - $2::bigint, disbursed_minor = disbursed_minor + $2::bigint, updated_at = now()
      WHERE id = $1 AND committed_minor >= $2::bigint
      RETURNING fund_id, budget_line_id, currency, amount_minor::text AS amount_minor`,
    [grantId, value],
  );
  if (!row) throw new DomainError(GrantError.TrancheRefused, 'The payment is more than the grant still has committed');
  await moveCommittedToDisbursed(manager, row, value);
  return appendEntry(manager, { kind: 'payment', grantId, fundId: row.fund_id, budgetLineId: row.budget_line_id, currency: row.currency, amount: value, trancheId, paid, actorId });
}

async function moveCommittedToDisbursed(manager: EntityManager, row: Pick<GrantMoneyRow, 'fund_id' | 'budget_line_id'>, amount: string): Promise<void> {
  for (const [table, id] of [
    ['budget_lines', row.budget_line_id],
    ['funds', row.fund_id],
  ] as const) {
    const ok = await line(
      manager,
      `UPDATE ${table} SET committed_minor = committed_minor - $2::bigint, disbursed_minor = disbursed_minor + $2::bigint, updated_at = now()
        WHERE id = $1 AND committed_minor >= $2::bigint RETURNING id`,
      [id, amount],
    );
    if (!ok) throw new DomainError(GrantError.TrancheRefused, `The ${table === 'funds' ? 'fund' : 'budget line'} has less committed than this payment`);
  }
}

async function moveDisbursedToCommitted(manager: EntityManager, row: Pick<GrantMoneyRow, 'fund_id' | 'budget_line_id'>, amount: string): Promise<void> {
  for (const [table, id] of [
    ['budget_lines', row.budget_line_id],
    ['funds', row.fund_id],
  ] as const) {
    const ok = await line(
      manager,
      `UPDATE ${table} SET committed_minor = committed_minor + $2::bigint, disbursed_minor = disbursed_minor - $2::bigint, updated_at = now()
        WHERE id = $1 AND disbursed_minor >= $2::bigint RETURNING id`,
      [id, amount],
    );
    if (!ok) throw new DomainError(GeneralError.Conflict, `The ${table === 'funds' ? 'fund' : 'budget line'} has less disbursed than this reversal`);
  }
}

interface EntryRow {
  seq: string;
  kind: LedgerEntryKind;
  grant_id: string;
  fund_id: string;
  budget_line_id: string;
  tranche_id: string | null;
  amount_minor: string;
  currency: string;
}

/**
 * Undoes one earlier entry with a `reversal` entry (entries are never changed):
 * - a `payment` reversed (a failed or returned tranche) moves its amount from disbursed back to
 *   committed on the grant, line and fund — the money is the commitment's again;
 * - a `release` reversed commits its amount again, within the room of the line and fund
 *   (`budget-exhausted`);
 * - a `commit` reversed releases it.
 * A reversal is never reversed, and an entry is reversed at most once (`conflict`); an unknown
 * entry is `not-found`.
 */
export async function reverse(manager: EntityManager, seq: string, actorId: string | null): Promise<LedgerEntryWritten> {
  const [entry] = await manager.query<EntryRow[]>(
    `SELECT seq::text AS seq, kind, grant_id, fund_id, budget_line_id, tranche_id, amount_minor::text AS amount_minor, currency
       FROM ledger_entries WHERE seq = $1`,
    [seq],
  );
  if (!entry) throw new DomainError(GeneralError.NotFound, 'No such ledger entry');
  if (entry.kind === 'reversal') throw new DomainError(GeneralError.Conflict, 'A reversal is never reversed; record the movement again instead');
  const already = await manager.query<unknown[]>(`SELECT 1 FROM ledger_entries WHERE reverses_seq = $1`, [seq]);
  if (already.length > 0) throw new DomainError(GeneralError.Conflict, 'This entry was already reversed');
  const amount = entry.amount_minor;
  const row = { fund_id: entry.fund_id, budget_line_id: entry.budget_line_id };
  if (entry.kind === 'payment') {
    const ok = await line(
      manager,
      `UPDATE grants SET committed_minor = committed_minor + $2::bigint, disbursed_minor = disbursed_minor - $2::bigint, updated_at = now()
        WHERE id = $1 AND disbursed_minor >= $2::bigint RETURNING id`,
      [entry.grant_id, amount],
    );
    if (!ok) throw new DomainError(GeneralError.Conflict, 'The grant has less disbursed than this reversal');
    await moveDisbursedToCommitted(manager, row, amount);
  } else if (entry.kind === 'release') {
    const ok = await line(
      manager,
      `UPDATE grants SET committed_minor = committed_minor + $2::bigint, updated_at = now()
        WHERE id = $1 AND committed_minor + disbursed_minor + $2::bigint <= amount_minor RETURNING id`,
      [entry.grant_id, amount],
    );
    if (!ok) throw new DomainError(GrantError.BudgetExhausted, 'The grant cannot hold this much again');
    await reserveOnLineAndFund(manager, row, amount);
  } else {
    const ok = await line(manager, `UPDATE grants SET committed_minor = committed_minor - $2::bigint, updated_at = now() WHERE id = $1 AND committed_minor >= $2::bigint RETURNING id`, [
      entry.grant_id,
      amount,
    ]);
    if (!ok) throw new DomainError(GeneralError.Conflict, 'The grant has less committed than this reversal');
    await unreserveOnLineAndFund(manager, row, amount);
  }
  return appendEntry(manager, {
    kind: 'reversal',
    grantId: entry.grant_id,
    fundId: entry.fund_id,
    budgetLineId: entry.budget_line_id,
    currency: entry.currency,
    amount,
    trancheId: entry.tranche_id,
    reversesSeq: entry.seq,
    actorId,
  });
}
