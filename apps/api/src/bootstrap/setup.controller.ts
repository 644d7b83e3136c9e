import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type BodyOf, DomainError, GeneralError, setupContract as c } from '@ashar/domain';
import { Public } from '../policy';
import { ContractBody } from '../http';
import { SetupTokenService } from './setup-token.service';

@ApiTags('setup')
@Controller('v1/setup')
export class SetupController {
  constructor(private readonly tokens: SetupTokenService) {}

  @Post('check')
  @HttpCode(204)
  @Public('first-run setup; the token itself is the credential')
  @ApiOperation({ summary: 'Tells whether a first-run setup token is live (204) or not (404)' })
  async check(@ContractBody(c.check) body: BodyOf<typeof c.check>): Promise<void> {
    if (!(await this.tokens.isValid(body.token))) throw new DomainError(GeneralError.NotFound);
  }
}
