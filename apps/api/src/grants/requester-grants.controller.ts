import { Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type RequesterPrincipal, requesterGrantsContract as c } from '@ashar/domain';
import { CurrentRequester, SignedIn } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { GrantReadService } from './grant-read.service';
import { GrantWorkService } from './grant-work.service';

/** The grantee's side, signed in with their receipt code (the follow-up page): their grants only. */
@ApiTags('requesters')
@Controller('v1/requester/grants')
export class RequesterGrantsController {
  constructor(
    private readonly reads: GrantReadService,
    private readonly work: GrantWorkService,
  ) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The requester’s grants: amount, status, their grant key envelope, payee details and reports (audited)' })
  list(@CurrentRequester() requester: RequesterPrincipal): Answer<typeof c.list> {
    return this.reads.ofRequester(requester);
  }

  @Put(':id/payee')
  @HttpCode(204)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Type or confirm the payee details (grant-payee ciphertext signed with the receipt key)' })
  async setPayee(@CurrentRequester() requester: RequesterPrincipal, @ContractParams(c.setPayee) { id }: ParamsOf<typeof c.setPayee>, @ContractBody(c.setPayee) body: BodyOf<typeof c.setPayee>): Promise<void> {
    await this.work.setPayeeAsRequester(requester, id, body);
  }
}
