import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type Answer, type BodyOf, type ResponseOf, requesterAuthContract as c } from '@ashar/domain';
import { clearSessionCookie, setSessionCookie, ProofOfWork, type ActiveSession, SessionStore, CurrentSession } from '../auth';
import { Public, SignedIn } from '../policy';
import { ContractBody } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RequesterAuthService } from './requester-auth.service';

@ApiTags('requesters')
@Controller('v1/requester')
export class RequesterAuthController {
  constructor(
    private readonly auth: RequesterAuthService,
    private readonly sessions: SessionStore,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  @Post('challenge')
  @HttpCode(200)
  @Public('receipt sign-in starts without a session')
  @ProofOfWork('requester-challenge')
  @ApiOperation({ summary: 'A one-time challenge for the key derived from a receipt code' })
  challenge(@ContractBody(c.challenge) body: BodyOf<typeof c.challenge>): Answer<typeof c.challenge> {
    return this.auth.challenge(body.kid);
  }

  @Post('sign-in')
  @HttpCode(204)
  // No proof of its own: each attempt spends a ceremony, single use, that only a proof of work buys.
  @Public('the signed challenge is the credential')
  @ApiOperation({ summary: 'Sign in with the signed challenge; sets the session cookie' })
  async signIn(@ContractBody(c.signIn) body: BodyOf<typeof c.signIn>, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { sid } = await this.auth.signIn(body.ceremonyId, body.signature);
    setSessionCookie(res, this.config, sid);
  }

  @Get('session')
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s CSRF token' })
  session(@CurrentSession() session: ActiveSession): ResponseOf<typeof c.session> {
    return { csrfToken: session.csrfToken };
  }

  @Post('sign-out')
  @HttpCode(204)
  @SignedIn('requester')
  @ApiOperation({ summary: 'End this requester session' })
  async signOut(@CurrentSession() session: ActiveSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.destroy(session);
    clearSessionCookie(res, this.config);
  }
}
