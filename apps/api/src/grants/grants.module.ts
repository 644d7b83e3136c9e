import { Module } from '@nestjs/common';
import { FundRepository } from './fund.repository';
import { GrantAccess } from './grant-access';
import { GrantRepository } from './grant.repository';

/**
 * Mini-grants (docs/grants.md): funds and budget lines, grants and their approvals, payee
 * details, tranches, the ledger and grantee reports, over HTTP. Money moves only through
 * money-movements.ts, inside the transaction of the step that moves it.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [GrantRepository, FundRepository, GrantAccess],
})
export class GrantsModule {}
