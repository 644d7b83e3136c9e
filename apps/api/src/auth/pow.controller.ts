import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, powContract as c } from '@ashar/domain';
import { Public } from '../policy';
import { ContractBody } from '../http';
import { ProofOfWorkService } from './proof-of-work';

@ApiTags('pow')
@Controller('v1/pow')
export class PowController {
  constructor(private readonly pow: ProofOfWorkService) {}

  @Post('challenge')
  @HttpCode(200)
  @Public('anyone may ask for a challenge: solving it is what an anonymous action costs; issuing one is two HMACs and a counter')
  @ApiOperation({ summary: 'A proof-of-work challenge for one anonymous action (ALTCHA v2, SHA-256), single use, five minutes to live; harder while many are asked for' })
  challenge(@ContractBody(c.challenge) body: BodyOf<typeof c.challenge>): Answer<typeof c.challenge> {
    return this.pow.issue(body.action);
  }
}
