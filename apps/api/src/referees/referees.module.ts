import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { DesksModule } from '../desks';
import { RefereeRepository } from './referee.repository';
import { ProgrammeRefereesController, RefereeLinkController, RequesterRefereesController } from './referees.controller';
import { RefereesService } from './referees.service';

/** Referees of applications (docs/calls.md "Referees"): the applicant names them, each sends one letter through a one-time link, programme managers read. */
@Module({
  imports: [CallsModule, DesksModule],
  controllers: [RequesterRefereesController, RefereeLinkController, ProgrammeRefereesController],
  providers: [RefereeRepository, RefereesService],
})
export class RefereesModule {}
