import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { z } from 'zod';
import { clearSessionCookie, setSessionCookie, RateLimit, type ActiveSession, SessionStore, CurrentSession } from '../auth';
import { Public, SignedIn } from '../policy';
import { ZodValidationPipe } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RequesterAuthService } from './requester-auth.service';

const ChallengeBody = z.strictObject({ kid: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be a 22-character key id') });
const SignInBody = z.strictObject({ ceremonyId: z.uuid(), signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be a 64-byte signature in base64url') });
const RECEIPT_LIMIT = { name: 'receipt-sign-in', perClient: 20, total: 600, windowSeconds: 60 };

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
  @RateLimit(RECEIPT_LIMIT)
  @ApiOperation({ summary: 'A one-time challenge for the key derived from a receipt code' })
  challenge(@Body(new ZodValidationPipe(ChallengeBody)) body: z.infer<typeof ChallengeBody>) {
    return this.auth.challenge(body.kid);
  }

  @Post('sign-in')
  @HttpCode(204)
  @Public('the signed challenge is the credential')
  @RateLimit(RECEIPT_LIMIT)
  @ApiOperation({ summary: 'Sign in with the signed challenge; sets the session cookie' })
  async signIn(@Body(new ZodValidationPipe(SignInBody)) body: z.infer<typeof SignInBody>, @Res({ passthrough: true }) res: Response): Promise<void> {
    const { sid } = await this.auth.signIn(body.ceremonyId, body.signature);
    setSessionCookie(res, this.config, sid);
  }

  @Get('session')
  @SignedIn('requester')
  @ApiOperation({ summary: 'The signed-in requester’s CSRF token' })
  session(@CurrentSession() session: ActiveSession) {
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
