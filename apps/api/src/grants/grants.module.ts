import { Module } from '@nestjs/common';
import { CasesModule } from '../cases';
import { DesksModule } from '../desks';
import { FundRepository } from './fund.repository';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';
import { GrantAccess } from './grant-access';
import { GrantApprovalsService } from './grant-approvals.service';
import { GrantReadService } from './grant-read.service';
import { GrantWorkService } from './grant-work.service';
import { GrantRepository } from './grant.repository';
import { GrantsController } from './grants.controller';
import { RequesterGrantsController } from './requester-grants.controller';

/**
 * Mini-grants (docs/grants.md): funds and budget lines, grants and their approvals, payee
 * details, tranches, the ledger and grantee reports, over HTTP. Money moves only through
 * money-movements.ts, inside the transaction of the step that moves it.
 */
@Module({
  imports: [CasesModule, DesksModule],
  controllers: [FundsController, GrantsController, RequesterGrantsController],
  providers: [GrantRepository, FundRepository, GrantAccess, FundsService, GrantReadService, GrantWorkService, GrantApprovalsService],
})
export class GrantsModule {}
