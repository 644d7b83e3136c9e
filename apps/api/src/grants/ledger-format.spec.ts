import { Workbook } from 'exceljs';
import { ledgerCsv, ledgerEffect, ledgerXlsx, safeText } from './ledger-format';
import { type LedgerRow } from './ledger.repository';

const row = (over: Partial<LedgerRow>): LedgerRow => ({
  seq: '7',
  at: new Date('2026-12-07T10:00:00.000Z'),
  kind: 'payment',
  fund_id: '00000000-0000-4000-8000-000000000001',
  budget_line_id: '00000000-0000-4000-8000-000000000002',
  purpose: 'legal_fees',
  grant_id: '00000000-0000-4000-8000-000000000003',
  tranche_id: '00000000-0000-4000-8000-000000000004',
  amount_minor: '61404',
  currency: 'EUR',
  paid_minor: '6000000',
  paid_currency: 'KGS',
  rate: '0.010234',
  reverses_seq: null,
  reversed_kind: null,
  ...over,
});

describe('ledger export files', () => {
  it('gives each entry its effect on committed and disbursed; a reversal undoes the entry it names', () => {
    expect(ledgerEffect(row({ kind: 'commit', amount_minor: '100' }))).toEqual({ committed: 100n, disbursed: 0n });
    expect(ledgerEffect(row({ kind: 'release', amount_minor: '100' }))).toEqual({ committed: -100n, disbursed: 0n });
    expect(ledgerEffect(row({ kind: 'payment', amount_minor: '100' }))).toEqual({ committed: -100n, disbursed: 100n });
    expect(ledgerEffect(row({ kind: 'reversal', amount_minor: '100', reversed_kind: 'payment' }))).toEqual({ committed: 100n, disbursed: -100n });
    expect(ledgerEffect(row({ kind: 'reversal', amount_minor: '100', reversed_kind: 'release' }))).toEqual({ committed: 100n, disbursed: 0n });
    expect(() => ledgerEffect(row({ kind: 'reversal', reversed_kind: null }))).toThrow();
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(safeText(cell)).toBe(`'${cell}`);
    expect(safeText('legal_fees')).toBe('legal_fees');
  });

  it('writes RFC 4180 CSV: a header, CRLF lines, exact decimals beside minor units, signed changes as numbers', () => {
    const csv = ledgerCsv([row({}), row({ seq: '8', kind: 'reversal', reverses_seq: '7', reversed_kind: 'payment', purpose: '=HYPERLINK("x")' })]).toString('utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,kind,fund_id,budget_line_id,purpose,grant_id,tranche_id,currency,amount,amount_minor,committed_change_minor,disbursed_change_minor,paid_currency,paid,paid_minor,rate,reverses_seq',
    );
    expect(lines[1]!.split(',').slice(8)).toEqual(['EUR', '614.04', '61404', '-61404', '61404', 'KGS', '60000.00', '6000000', '0.010234', '']);
    // A text cell that starts a formula is prefixed; its quotes are doubled inside a quoted field.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]!.endsWith(',7')).toBe(true);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('writes an xlsx whose minor units are integers and whose decimals are exact text', async () => {
    const bytes = await ledgerXlsx([row({})], 'Ledger');
    const book = new Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Ledger')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => values[header.indexOf(name)];
    expect(cell('amount')).toBe('614.04');
    expect(cell('amount_minor')).toBe(61404);
    expect(cell('committed_change_minor')).toBe(-61404);
    expect(cell('rate')).toBe('0.010234');
    expect(cell('paid')).toBe('60000.00');
    expect(sheet.rowCount).toBe(2);
  });
});
