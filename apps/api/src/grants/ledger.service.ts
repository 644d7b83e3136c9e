import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type StaffPrincipal,
  DomainError,
  GeneralError,
  asSubject,
  defineAbilityFor,
  ledgerEntryViewSchema,
  ledgerQuerySchema,
} from '@ashar/domain';
import { DataSource } from 'typeorm';
import { type z } from 'zod';
import { AuditService } from '../audit';
import { ledgerCsv, ledgerXlsx } from './ledger-format';
import { LEDGER_ROWS_MAX, LedgerRepository, type LedgerRow } from './ledger.repository';

type LedgerQuery = z.infer<typeof ledgerQuerySchema>;
type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

/** A ledger download: bytes, their media type and a file name made of ids and dates only. */
export interface LedgerFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The ledger of a fund over a period (docs/grants.md): finance officers and approvers read it
 * (Report ledger read); downloading it as CSV or a spreadsheet needs Report ledger export
 * (finance officers) and is audited (`ledger.exported`, with the fund, period, format and the
 * number of rows; no amounts).
 */
@Injectable()
export class LedgerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
  ) {}

  async read(staff: StaffPrincipal, query: LedgerQuery): Promise<{ json: LedgerEntryView[] } | { file: LedgerFile }> {
    const ability = defineAbilityFor(staff);
    const report = asSubject('Report', { reportKind: 'ledger', deskId: null });
    if (!ability.can('read', report)) throw new DomainError(GeneralError.NotFound);
    if (query.format !== 'json' && !ability.can('export', report)) {
      throw new DomainError(GeneralError.Forbidden, 'Downloading the ledger is for finance officers');
    }
    if (query.from && query.to && query.to < query.from) throw new DomainError(GeneralError.Validation, 'The period ends on or after it starts');
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      if (!(await this.ledger.fundExists(manager, query.fundId))) throw new DomainError(GeneralError.NotFound);
      const rows = await this.ledger.entries(manager, query.fundId, query.from, query.to);
      if (rows.length > LEDGER_ROWS_MAX) throw new DomainError(GeneralError.PayloadTooLarge, `More than ${LEDGER_ROWS_MAX} entries: ask for a shorter period`);
      if (query.format === 'json') return { json: rows.map(entryView) };
      await this.audit.record(manager, {
        action: 'ledger.exported',
        actor: { kind: 'staff', id: staff.userId },
        subject: { type: 'fund', id: query.fundId },
        data: { fundId: query.fundId, from: query.from ?? 'start', to: query.to ?? 'now', format: query.format, rows: rows.length },
      });
      const fileName = `ledger-${query.fundId}-${query.from ?? 'start'}-${query.to ?? 'now'}.${query.format}`;
      const body = query.format === 'csv' ? ledgerCsv(rows) : await ledgerXlsx(rows, `Ledger ${query.fundId}`);
      return { file: { body, contentType: MEDIA[query.format], fileName } };
    });
  }
}

function entryView(row: LedgerRow): LedgerEntryView {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind,
    fundId: row.fund_id,
    budgetLineId: row.budget_line_id,
    purpose: row.purpose as LedgerEntryView['purpose'],
    grantId: row.grant_id,
    trancheId: row.tranche_id,
    amountMinor: row.amount_minor,
    currency: row.currency as LedgerEntryView['currency'],
    paidMinor: row.paid_minor,
    paidCurrency: row.paid_currency as LedgerEntryView['paidCurrency'],
    rate: row.rate,
    reversesSeq: row.reverses_seq,
  };
}
