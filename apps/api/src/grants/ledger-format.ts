/**
 * The ledger export's files (docs/grants.md, "Disbursement and the ledger"): CSV (RFC 4180) and
 * a spreadsheet (xlsx through exceljs). Amounts are exact: minor units as integers, major units
 * as decimal text made by dinero.js (money.ts toMajorString), rates as the exact decimal
 * PostgreSQL keeps. Never a float.
 *
 * Each entry also says what it did to the grant's (and so the line's and fund's) `committed`
 * and `disbursed`, signed, in minor units, so that the sums of those two columns over a whole
 * fund are its columns on the screen: commit +a/0, release −a/0, payment −a/+a, and a reversal
 * the opposite of the entry it undoes.
 */
import { type CurrencyCode, toMajorString } from '@ashar/domain';
import { Workbook } from 'exceljs';
import { type LedgerRow } from './ledger.repository';

type Effect = { committed: bigint; disbursed: bigint };

const EFFECTS: Record<'commit' | 'release' | 'payment', (a: bigint) => Effect> = {
  commit: (a) => ({ committed: a, disbursed: 0n }),
  release: (a) => ({ committed: -a, disbursed: 0n }),
  payment: (a) => ({ committed: -a, disbursed: a }),
};

/** What one entry changed on `committed` and `disbursed`, in minor units of the fund currency. */
export function ledgerEffect(row: Pick<LedgerRow, 'kind' | 'amount_minor' | 'reversed_kind'>): Effect {
  const amount = BigInt(row.amount_minor);
  if (row.kind !== 'reversal') return EFFECTS[row.kind](amount);
  if (!row.reversed_kind) throw new Error('a reversal without the entry it reverses');
  const undone = EFFECTS[row.reversed_kind](amount);
  return { committed: -undone.committed, disbursed: -undone.disbursed };
}

export const LEDGER_COLUMNS = [
  'seq',
  'at',
  'kind',
  'fund_id',
  'budget_line_id',
  'purpose',
  'grant_id',
  'tranche_id',
  'currency',
  'amount',
  'amount_minor',
  'committed_change_minor',
  'disbursed_change_minor',
  'paid_currency',
  'paid',
  'paid_minor',
  'rate',
  'reverses_seq',
] as const;

type Cell = string | bigint | null;

/** One entry as the export's cells, in LEDGER_COLUMNS order: integers as bigint, everything else text. */
export function ledgerCells(row: LedgerRow): Cell[] {
  const effect = ledgerEffect(row);
  const currency = row.currency as CurrencyCode;
  return [
    BigInt(row.seq),
    row.at.toISOString(),
    row.kind,
    row.fund_id,
    row.budget_line_id,
    row.purpose,
    row.grant_id,
    row.tranche_id,
    row.currency,
    toMajorString(BigInt(row.amount_minor), currency),
    BigInt(row.amount_minor),
    effect.committed,
    effect.disbursed,
    row.paid_currency,
    row.paid_minor === null || row.paid_currency === null ? null : toMajorString(BigInt(row.paid_minor), row.paid_currency as CurrencyCode),
    row.paid_minor === null ? null : BigInt(row.paid_minor),
    row.rate,
    row.reverses_seq === null ? null : BigInt(row.reverses_seq),
  ];
}

/**
 * A text cell made safe for spreadsheets (formula injection): one that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'`. Numbers this module writes are not
 * text and are left as they are (a signed integer or decimal is never a formula).
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'bigint') return cell.toString();
  const text = NUMBER.test(cell) ? cell : safeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ledger as CSV: a header line, then one line per entry, CRLF line ends (RFC 4180), UTF-8. */
export function ledgerCsv(rows: readonly LedgerRow[]): Buffer {
  const lines = [LEDGER_COLUMNS.join(','), ...rows.map((row) => ledgerCells(row).map(csvField).join(','))];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The ledger as an xlsx workbook (exceljs), one sheet "Ledger": minor-unit columns are integer
 * numbers (exact: every amount is below 10^15 < 2^53), major-unit columns (`amount`, `paid`)
 * and rates are text holding the exact decimal, so no spreadsheet float ever rounds them.
 */
export async function ledgerXlsx(rows: readonly LedgerRow[], title: string): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Ashar';
  workbook.title = title.slice(0, 200);
  const sheet = workbook.addWorksheet('Ledger');
  sheet.columns = LEDGER_COLUMNS.map((header) => ({ header, key: header, width: header.endsWith('_id') ? 38 : 16 }));
  for (const row of rows) {
    sheet.addRow(
      ledgerCells(row).map((cell) => {
        if (cell === null) return null;
        if (typeof cell === 'bigint') return Number(cell);
        return safeText(cell);
      }),
    );
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
