import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type Principal, type RequesterPrincipal, requesterCaseContract as c } from '@ashar/domain';
import { CurrentPrincipal, SignedIn } from '../policy';
import { ContractBody } from '../http';
import { RequesterCaseService } from './requester-case.service';

const requesterOf = (p: Principal) => p as RequesterPrincipal; // SignedIn('requester')

@ApiTags('requesters')
@Controller('v1/requester/case')
export class RequesterCaseController {
  constructor(private readonly cases: RequesterCaseService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s case: status, their envelope, their request and the messages (audited)' })
  view(@CurrentPrincipal() p: Principal): Answer<typeof c.view> {
    return this.cases.view(requesterOf(p));
  }

  @Post('messages')
  @SignedIn('requester')
  @ApiOperation({ summary: 'Reply on the case; a case awaiting the requester goes back to the desk' })
  reply(@CurrentPrincipal() p: Principal, @ContractBody(c.reply) body: BodyOf<typeof c.reply>): Answer<typeof c.reply> {
    return this.cases.reply(requesterOf(p), body);
  }
}
