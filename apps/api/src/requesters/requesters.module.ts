import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { RequesterAuthController } from './requester-auth.controller';
import { RequesterAuthService } from './requester-auth.service';
import { RequesterRepository } from './requester.repository';

/** Requesters: their sign-in by a case's key pair and their sessions. */
@Module({
  imports: [AuthModule],
  controllers: [RequesterAuthController],
  providers: [RequesterRepository, RequesterAuthService],
})
export class RequestersModule {}
