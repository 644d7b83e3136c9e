import { Module } from '@nestjs/common';
import { BootstrapModule } from '../bootstrap/bootstrap.module';
import { DeskRepository } from '../desks/desk.repository';
import { DeskService } from '../desks/desk.service';
import { DesksController } from '../desks/desks.controller';
import { CertificationService } from '../keys/certification.service';
import { KeysController } from '../keys/keys.controller';
import { StaffController } from '../staff/staff.controller';
import { StaffAccessCache } from '../staff/staff-access.cache';
import { StaffRepository } from '../staff/staff.repository';
import { RequesterAuthController } from '../requesters/requester-auth.controller';
import { RequesterAuthService } from '../requesters/requester-auth.service';
import { RequesterRepository } from '../requesters/requester.repository';
import { AuthController } from './auth.controller';
import { ChallengeStore } from './challenge.store';
import { EnrolmentController } from './enrolment.controller';
import { EnrolmentService } from './enrolment.service';
import { PasskeyRepository } from './passkey.repository';
import { SessionStore } from './session.store';
import { SessionViewBuilder } from './session-view';
import { SignInService } from './sign-in.service';
import { WebAuthnService } from './webauthn.service';

/** Identity and access: passkeys, sessions, enrolment, the staff directory and key certification. */
@Module({
  imports: [BootstrapModule],
  controllers: [AuthController, EnrolmentController, StaffController, KeysController, RequesterAuthController, DesksController],
  providers: [
    ChallengeStore,
    SessionStore,
    SessionViewBuilder,
    WebAuthnService,
    PasskeyRepository,
    StaffRepository,
    StaffAccessCache,
    EnrolmentService,
    SignInService,
    CertificationService,
    RequesterRepository,
    RequesterAuthService,
    DeskRepository,
    DeskService,
  ],
  exports: [SessionStore, StaffRepository, StaffAccessCache, RequesterRepository, DeskRepository],
})
export class AuthModule {}
