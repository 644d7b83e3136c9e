import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { FundRepository } from './fund.repository';
import { GrantAccess } from './grant-access';
import { GrantFileService } from './grant-file.service';
import { GrantReportFileController, RequesterGrantReportController } from './grant-report.controller';
import { GrantReportRepository } from './grant-report.repository';
import { GrantReportService } from './grant-report.service';
import { GrantRepository } from './grant.repository';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { TrancheController } from './tranche.controller';
import { TrancheRepository } from './tranche.repository';
import { TrancheService } from './tranche.service';

/**
 * Mini-grants (docs/grants.md): funds and budget lines, grants and their approvals, payee
 * details, tranches, the ledger and grantee reports, over HTTP. Money moves only through
 * money-movements.ts, inside the transaction of the step that moves it.
 */
@Module({
  imports: [BlobStoreModule],
  controllers: [TrancheController, LedgerController, RequesterGrantReportController, GrantReportFileController],
  providers: [GrantRepository, FundRepository, GrantAccess, TrancheRepository, TrancheService, LedgerRepository, LedgerService, GrantReportRepository, GrantReportService, GrantFileService],
})
export class GrantsModule {}
