import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type RequesterPrincipal, requesterCaseContract as c } from '@ashar/domain';
import { CurrentRequester, SignedIn } from '../policy';
import { ContractBody } from '../http';
import { RequesterCaseService } from './requester-case.service';


@ApiTags('requesters')
@Controller('v1/requester/case')
export class RequesterCaseController {
  constructor(private readonly cases: RequesterCaseService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s case: status, their envelope, their request and the messages (audited)' })
  view(@CurrentRequester() requester: RequesterPrincipal): Answer<typeof c.view> {
    return this.cases.view(requester);
  }

  @Post('messages')
  @SignedIn('requester')
  @ApiOperation({ summary: 'Reply on the case; a case awaiting the requester goes back to the desk' })
  reply(@CurrentRequester() requester: RequesterPrincipal, @ContractBody(c.reply) body: BodyOf<typeof c.reply>): Answer<typeof c.reply> {
    return this.cases.reply(requester, body);
  }
}
