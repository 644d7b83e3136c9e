import { Body, Controller, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../policy';
import { ZodValidationPipe } from '../http';
import { SetupTokenService } from './setup-token.service';

const CheckBody = z.strictObject({ token: z.string().max(64) });

@ApiTags('setup')
@Controller('v1/setup')
export class SetupController {
  constructor(private readonly tokens: SetupTokenService) {}

  @Post('check')
  @HttpCode(204)
  @Public('first-run setup; the token itself is the credential')
  @ApiOperation({ summary: 'Tells whether a first-run setup token is live (204) or not (404)' })
  async check(@Body(new ZodValidationPipe(CheckBody)) body: z.infer<typeof CheckBody>): Promise<void> {
    if (!(await this.tokens.isValid(body.token))) throw new NotFoundException();
  }
}
