import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { DesksModule } from '../desks';
import { ApplicationRepository } from './application.repository';
import { ProgrammeApplicationsController, PublicApplicationsController, RequesterApplicationController } from './applications.controller';
import { ApplicationsService } from './applications.service';

/** Applications to calls (docs/calls.md "Applications"): the public submission, the applicant's own routes, the programme's reads. */
@Module({
  imports: [CallsModule, DesksModule],
  controllers: [PublicApplicationsController, RequesterApplicationController, ProgrammeApplicationsController],
  providers: [ApplicationRepository, ApplicationsService],
})
export class ApplicationsModule {}
