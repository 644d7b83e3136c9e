import { Module } from '@nestjs/common';

/**
 * Mini-grants (docs/grants.md): funds and budget lines, grants and their approvals, payee
 * details, tranches, the ledger and grantee reports, over HTTP.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class GrantsModule {}
