import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, CASE_RECORD_CIPHERTEXT_MAX_LENGTH, type ResponseOf, intakeContract as c } from '@ashar/domain';
import { ProofOfWork } from '../auth';
import { Public } from '../policy';
import { ContractBody } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { INSTANCE_ID } from '../database';
import { IntakeService } from './intake.service';

@ApiTags('cases')
@Controller('v1/intake')
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {}

  @Get('config')
  @Public('the portal needs the instance id to derive receipt keys before anything else')
  @ApiOperation({ summary: 'What the portal needs before it encrypts: the instance id (receipt key salt), the record size limit, the file limits and where the quick exit goes' })
  settings(): ResponseOf<typeof c.config> {
    return {
      instanceId: this.instanceId,
      recordCiphertextMaxLength: CASE_RECORD_CIPHERTEXT_MAX_LENGTH,
      fileMaxBytes: this.config.FILE_MAX_BYTES,
      filesPerCaseMax: this.config.FILES_PER_CASE_MAX,
      exitUrl: this.config.EXIT_URL,
    };
  }

  @Post()
  @HttpCode(201)
  @Public('anyone may ask for help, anonymously; the receipt keys made in the browser become their account')
  @ProofOfWork('intake')
  @ApiOperation({ summary: 'Submit an encrypted request: the case, its request record and the sealed case key envelopes' })
  submit(@ContractBody(c.submit) body: BodyOf<typeof c.submit>): Answer<typeof c.submit> {
    return this.intake.submit(body);
  }
}
