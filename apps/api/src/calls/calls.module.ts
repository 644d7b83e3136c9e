import { Module } from '@nestjs/common';
import { CallDeadline } from './call-deadline.service';
import { CallRepository } from './call.repository';
import { ProgrammeCallsController, PublicCallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { Clock } from './clock';

/** Calls for applications (docs/calls.md): the programme managers' routes, the public pages, and the deadline guard. */
@Module({
  controllers: [ProgrammeCallsController, PublicCallsController],
  providers: [Clock, CallRepository, CallsService, CallDeadline],
  exports: [Clock, CallDeadline],
})
export class CallsModule {}
