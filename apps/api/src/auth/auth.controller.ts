import { Controller, Delete, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type Answer, type BodyOf, type ParamsOf, DomainError, GeneralError, authContract as c } from '@ashar/domain';
import { Public, SignedIn, StepUp } from '../policy';
import { CurrentSession } from './policy.guard';
import { ContractBody, ContractParams } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { clearSessionCookie, setSessionCookie } from './cookies';
import { RateLimit, type RateLimitRule } from './rate-limiter';
import { type ActiveSession, SessionStore } from './session.store';
import { SessionViewBuilder } from './session-view';
import { SignInService } from './sign-in.service';

/**
 * Passkey sign-in, limited per account (the credential an assertion names: a guesser of one
 * member's passkey cannot lock out the others) and for everyone together; the usernameless
 * options name nobody, so only their total counts. Never per address (issue 15).
 */
const SIGN_IN_OPTIONS_LIMIT: RateLimitRule = {
  name: 'staff-sign-in-options',
  perClient: 600,
  total: 600,
  windowSeconds: 60,
  keyBy: 'global',
  fromConfig: (config) => ({ perClient: config.STAFF_SIGN_IN_LIMIT_TOTAL, total: config.STAFF_SIGN_IN_LIMIT_TOTAL }),
};
export const STAFF_SIGN_IN_PER_ACCOUNT = 10;
const SIGN_IN_LIMIT: RateLimitRule = {
  name: 'staff-sign-in',
  perClient: STAFF_SIGN_IN_PER_ACCOUNT,
  total: 600,
  windowSeconds: 60,
  keyBy: { body: (body) => credentialIdOf(body) },
  fromConfig: (config) => ({ perClient: STAFF_SIGN_IN_PER_ACCOUNT, total: config.STAFF_SIGN_IN_LIMIT_TOTAL }),
};

/** The credential id a sign-in body names (`response.id`), if it is a string. */
function credentialIdOf(body: unknown): string | undefined {
  const response = (body as { response?: unknown } | null)?.response;
  const id = (response as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

const staffIdOf = (session: ActiveSession) => {
  if (session.subject.kind !== 'staff') throw new DomainError(GeneralError.Forbidden);
  return session.subject.staffId;
};

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionStore,
    private readonly views: SessionViewBuilder,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  @Get('session')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The signed-in staff member, their CSRF token and their encrypted vault' })
  async session(@CurrentSession() session: ActiveSession): Answer<typeof c.session> {
    return (await this.views.build(session))!;
  }

  @Post('options')
  @HttpCode(200)
  @Public('starting a passkey sign-in needs no session')
  @RateLimit(SIGN_IN_OPTIONS_LIMIT)
  @ApiOperation({ summary: 'WebAuthn options for a usernameless passkey sign-in' })
  options(@ContractBody(c.signInOptions) _body: BodyOf<typeof c.signInOptions>): Answer<typeof c.signInOptions> {
    return this.signIn.signInOptions();
  }

  @Post('sign-in')
  @HttpCode(200)
  @Public('the passkey assertion is the credential')
  @RateLimit(SIGN_IN_LIMIT)
  @ApiOperation({ summary: 'Finish a passkey sign-in; sets a new session cookie' })
  async signInWith(@ContractBody(c.signIn) body: BodyOf<typeof c.signIn>, @Res({ passthrough: true }) res: Response): Answer<typeof c.signIn> {
    const { sid, session } = await this.signIn.signIn(body.ceremonyId, body.response);
    setSessionCookie(res, this.config, sid);
    return (await this.views.build(session))!;
  }

  @Post('sign-out')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'End this session' })
  async signOut(@CurrentSession() session: ActiveSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.destroy(session);
    await this.signIn.recordAlone({ action: 'auth.sign_out', actor: { kind: 'staff', id: staffIdOf(session) } });
    clearSessionCookie(res, this.config);
  }

  @Post('sign-out-everywhere')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'End every session of the signed-in person' })
  async signOutEverywhere(@CurrentSession() session: ActiveSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.destroyAll(session.subject);
    await this.signIn.recordAlone({ action: 'auth.sign_out_everywhere', actor: { kind: 'staff', id: staffIdOf(session) } });
    clearSessionCookie(res, this.config);
  }

  @Get('passkeys')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The signed-in person’s passkeys' })
  passkeys(@CurrentSession() session: ActiveSession): Answer<typeof c.passkeys> {
    return this.signIn.listPasskeys(staffIdOf(session), session);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @SignedIn('staff')
  @ApiOperation({ summary: 'WebAuthn options to add a passkey' })
  addPasskeyOptions(@CurrentSession() session: ActiveSession, @ContractBody(c.addPasskeyOptions) _body: BodyOf<typeof c.addPasskeyOptions>): Answer<typeof c.addPasskeyOptions> {
    return this.signIn.addPasskeyOptions(staffIdOf(session), session);
  }

  @Post('passkeys')
  @SignedIn('staff')
  @StepUp()
  @ApiOperation({ summary: 'Add a passkey (and optionally a PRF vault wrap for it)' })
  addPasskey(@CurrentSession() session: ActiveSession, @ContractBody(c.addPasskey) body: BodyOf<typeof c.addPasskey>): Answer<typeof c.addPasskey> {
    return this.signIn.addPasskey(staffIdOf(session), session, body.ceremonyId, body.response, body.wrap);
  }

  @Delete('passkeys/:id')
  @HttpCode(204)
  @SignedIn('staff')
  @StepUp()
  @ApiOperation({ summary: 'Revoke one of your passkeys (not the last)' })
  async revokePasskey(@CurrentSession() session: ActiveSession, @ContractParams(c.revokePasskey) { id }: ParamsOf<typeof c.revokePasskey>): Promise<void> {
    await this.signIn.revokePasskey(staffIdOf(session), session, id);
  }

  @Post('step-up/options')
  @HttpCode(200)
  @SignedIn('staff')
  @ApiOperation({ summary: 'WebAuthn options for a fresh confirmation (step-up)' })
  stepUpOptions(@CurrentSession() session: ActiveSession, @ContractBody(c.stepUpOptions) _body: BodyOf<typeof c.stepUpOptions>): Answer<typeof c.stepUpOptions> {
    return this.signIn.stepUpOptions(staffIdOf(session), session);
  }

  @Post('step-up')
  @HttpCode(200)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Confirm with a passkey; sensitive actions are allowed for five minutes' })
  async stepUp(@CurrentSession() session: ActiveSession, @ContractBody(c.stepUp) body: BodyOf<typeof c.stepUp>): Answer<typeof c.stepUp> {
    const until = await this.signIn.stepUp(staffIdOf(session), session, body.ceremonyId, body.response);
    return (await this.views.build({ ...session, steppedUpUntil: until }))!;
  }
}
