import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { CasesModule } from '../cases';
import { DesksModule } from '../desks';
import { NotificationsModule } from '../notifications';
import { GrantNotices } from './grant-notices';
import { FundRepository } from './fund.repository';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';
import { GrantAccess } from './grant-access';
import { GrantApprovalsService } from './grant-approvals.service';
import { GrantFileService } from './grant-file.service';
import { GrantReadService } from './grant-read.service';
import { GrantReportDecisionController, GrantReportFileController, RequesterGrantReportController } from './grant-report.controller';
import { GrantReportRepository } from './grant-report.repository';
import { GrantReportService } from './grant-report.service';
import { GrantWorkService } from './grant-work.service';
import { GrantRepository } from './grant.repository';
import { GrantsController } from './grants.controller';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { RequesterGrantsController } from './requester-grants.controller';
import { TrancheController } from './tranche.controller';
import { TrancheRepository } from './tranche.repository';
import { TrancheService } from './tranche.service';

/**
 * Mini-grants (docs/grants.md): funds and budget lines, grants and their approvals, payee
 * details, tranches, the ledger and grantee reports, over HTTP. Money moves only through
 * money-movements.ts, inside the transaction of the step that moves it.
 */
@Module({
  imports: [CasesModule, DesksModule, BlobStoreModule, NotificationsModule],
  controllers: [FundsController, GrantsController, RequesterGrantsController, TrancheController, LedgerController, RequesterGrantReportController, GrantReportDecisionController, GrantReportFileController],
  providers: [
    GrantRepository,
    FundRepository,
    GrantAccess,
    GrantNotices,
    FundsService,
    GrantReadService,
    GrantWorkService,
    GrantApprovalsService,
    TrancheRepository,
    TrancheService,
    LedgerRepository,
    LedgerService,
    GrantReportRepository,
    GrantReportService,
    GrantFileService,
  ],
})
export class GrantsModule {}
