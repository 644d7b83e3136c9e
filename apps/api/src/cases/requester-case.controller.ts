import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal, type RequesterPrincipal, caseRecordInputSchema } from '@ashar/domain';
import { type z } from 'zod';
import { CurrentPrincipal, SignedIn } from '../policy';
import { ZodValidationPipe } from '../http';
import { RequesterCaseService } from './requester-case.service';

const requesterOf = (p: Principal) => p as RequesterPrincipal; // SignedIn('requester')

@ApiTags('requesters')
@Controller('v1/requester/case')
export class RequesterCaseController {
  constructor(private readonly cases: RequesterCaseService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s case: status, their envelope, their request and the messages (audited)' })
  view(@CurrentPrincipal() p: Principal) {
    return this.cases.view(requesterOf(p));
  }

  @Post('messages')
  @SignedIn('requester')
  @ApiOperation({ summary: 'Reply on the case; a case awaiting the requester goes back to the desk' })
  reply(@CurrentPrincipal() p: Principal, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.cases.reply(requesterOf(p), body);
  }
}
