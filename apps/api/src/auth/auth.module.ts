import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BootstrapModule } from '../bootstrap';
import { StaffModule } from '../staff';
import { AuthController } from './auth.controller';
import { ChallengeStore } from './challenge.store';
import { EnrolmentController } from './enrolment.controller';
import { EnrolmentService } from './enrolment.service';
import { InvitationRepository } from './invitation.repository';
import { InvitationsController } from './invitations.controller';
import { PasskeyRepository } from './passkey.repository';
import { PolicyGuard } from './policy.guard';
import { PowController } from './pow.controller';
import { ProofOfWorkGuard, ProofOfWorkService } from './proof-of-work';
import { RateLimitGuard } from './rate-limiter';
import { SessionStore } from './session.store';
import { SessionViewBuilder } from './session-view';
import { SignInService } from './sign-in.service';
import { StaffStatusController } from './staff-status.controller';
import { StaffStatusService } from './staff-status.service';
import { StepUpBudgets } from './step-up-budget';
import { WebAuthnService } from './webauthn.service';

/**
 * Identity and access: passkeys, sessions, invitations and enrolment, and the two global guards
 * (rate limits first, then the deny-by-default policy guard, then proof of work) that every HTTP
 * route passes.
 */
@Module({
  imports: [BootstrapModule, StaffModule],
  controllers: [AuthController, EnrolmentController, InvitationsController, PowController, StaffStatusController],
  providers: [
    ChallengeStore,
    SessionStore,
    SessionViewBuilder,
    WebAuthnService,
    PasskeyRepository,
    InvitationRepository,
    EnrolmentService,
    SignInService,
    StaffStatusService,
    StepUpBudgets,
    ProofOfWorkService,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
    { provide: APP_GUARD, useClass: ProofOfWorkGuard },
  ],
  exports: [SessionStore, ChallengeStore],
})
export class AuthModule {}
