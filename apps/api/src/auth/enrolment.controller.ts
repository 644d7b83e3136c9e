import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type Answer, type BodyOf, enrolmentContract as enrol, setupContract as setup } from '@ashar/domain';
import { Public } from '../policy';
import { ContractBody } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { setSessionCookie } from './cookies';
import { EnrolmentService } from './enrolment.service';
import { RateLimit, type RateLimitRule } from './rate-limiter';
import { SessionViewBuilder } from './session-view';

/** Per invitation or setup token the request names (its credential), and for everyone together; never per address (issue 15). */
const ENROL_LIMIT: RateLimitRule = {
  name: 'enrol',
  perClient: 20,
  total: 200,
  windowSeconds: 60,
  keyBy: { body: (body) => {
    const token = (body as { token?: unknown } | null)?.token;
    return typeof token === 'string' ? token : undefined;
  } },
};

@ApiTags('enrolment')
@Controller('v1')
export class EnrolmentController {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly views: SessionViewBuilder,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  @Post('setup/options')
  @HttpCode(200)
  @Public('first-run setup; the setup token is the credential')
  @RateLimit(ENROL_LIMIT)
  @ApiOperation({ summary: 'Passkey registration options for the first admin' })
  setupOptions(@ContractBody(setup.options) body: BodyOf<typeof setup.options>): Answer<typeof setup.options> {
    return this.enrolment.setupOptions(body.token, body.displayName);
  }

  @Post('setup/complete')
  @Public('first-run setup; the setup token is the credential')
  @RateLimit(ENROL_LIMIT)
  @ApiOperation({ summary: 'Create the first admin with their passkey, keys and vault' })
  async setupComplete(@ContractBody(setup.complete) body: BodyOf<typeof setup.complete>, @Res({ passthrough: true }) res: Response): Answer<typeof setup.complete> {
    const { sid, session } = await this.enrolment.completeSetup(body.token, body.ceremonyId, body.response, body);
    setSessionCookie(res, this.config, sid);
    return (await this.views.build(session))!;
  }

  @Post('enrol/check')
  @HttpCode(200)
  @Public('enrolment; the invitation token is the credential')
  @RateLimit(ENROL_LIMIT)
  @ApiOperation({ summary: 'Who an invitation is for, if it is live' })
  check(@ContractBody(enrol.check) body: BodyOf<typeof enrol.check>): Answer<typeof enrol.check> {
    return this.enrolment.checkInvitation(body.token);
  }

  @Post('enrol/options')
  @HttpCode(200)
  @Public('enrolment; the invitation token is the credential')
  @RateLimit(ENROL_LIMIT)
  @ApiOperation({ summary: 'Passkey registration options for an invited member' })
  enrolOptions(@ContractBody(enrol.options) body: BodyOf<typeof enrol.options>): Answer<typeof enrol.options> {
    return this.enrolment.enrolOptions(body.token);
  }

  @Post('enrol/complete')
  @Public('enrolment; the invitation token is the credential')
  @RateLimit(ENROL_LIMIT)
  @ApiOperation({ summary: 'Finish enrolment with the passkey, keys and vault made in the browser' })
  async enrolComplete(@ContractBody(enrol.complete) body: BodyOf<typeof enrol.complete>, @Res({ passthrough: true }) res: Response): Answer<typeof enrol.complete> {
    const { sid, session } = await this.enrolment.completeEnrolment(body.token, body.ceremonyId, body.response, body);
    setSessionCookie(res, this.config, sid);
    return (await this.views.build(session))!;
  }
}
