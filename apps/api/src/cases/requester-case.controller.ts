import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequesterPrincipal, caseRecordInputSchema } from '@ashar/domain';
import { type z } from 'zod';
import { CurrentRequester, SignedIn } from '../policy';
import { ZodValidationPipe } from '../http';
import { RequesterCaseService } from './requester-case.service';


@ApiTags('requesters')
@Controller('v1/requester/case')
export class RequesterCaseController {
  constructor(private readonly cases: RequesterCaseService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s case: status, their envelope, their request and the messages (audited)' })
  view(@CurrentRequester() requester: RequesterPrincipal) {
    return this.cases.view(requester);
  }

  @Post('messages')
  @SignedIn('requester')
  @ApiOperation({ summary: 'Reply on the case; a case awaiting the requester goes back to the desk' })
  reply(@CurrentRequester() requester: RequesterPrincipal, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.cases.reply(requester, body);
  }
}
