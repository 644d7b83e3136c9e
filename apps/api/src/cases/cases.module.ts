import { Module } from '@nestjs/common';
import { DesksModule } from '../desks';
import { KeysModule } from '../keys';
import { NotificationsModule } from '../notifications';
import { RoutingModule } from '../routing';
import { StaffModule } from '../staff';
import { CaseAccess } from './case-access';
import { CaseContentRepository } from './case-content.repository';
import { CaseProgress } from './case-progress';
import { CaseEventsProcessor } from './case-events.processor';
import { CaseReadService } from './case-read.service';
import { CaseWorkService } from './case-work.service';
import { CaseRepository } from './case.repository';
import { CasesController } from './cases.controller';
import { DeskResealController } from './desk-reseal.controller';
import { DeskResealRepository } from './desk-reseal.repository';
import { DeskResealService } from './desk-reseal.service';
import { IntakeController } from './intake.controller';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';
import { NoScriptIntakeController } from './no-script-intake.controller';
import { NoScriptIntakeService } from './no-script-intake.service';
import { RequesterCaseController } from './requester-case.controller';
import { RequesterCaseService } from './requester-case.service';
import { SlaEscalationService } from './sla-escalation.service';
import { SlaPlanner } from './sla-planner';
import { SlaProcessor } from './sla.processor';

/** Aid cases over HTTP: intake, the staff and requester routes, desk key resealing. */
@Module({
  imports: [StaffModule, DesksModule, RoutingModule, KeysModule, NotificationsModule],
  controllers: [IntakeController, NoScriptIntakeController, CasesController, RequesterCaseController, DeskResealController],
  providers: [
    CaseRepository,
    CaseContentRepository,
    CaseAccess,
    CaseProgress,
    SlaPlanner,
    IntakeRepository,
    IntakeService,
    NoScriptIntakeService,
    CaseReadService,
    CaseWorkService,
    RequesterCaseService,
    DeskResealRepository,
    DeskResealService,
  ],
  exports: [CaseRepository, CaseAccess, CaseProgress],
})
export class CasesModule {}

/** Aid cases in the worker: SLA escalation and case event follow-ups. */
@Module({
  imports: [NotificationsModule],
  providers: [CaseRepository, SlaEscalationService, SlaProcessor, CaseEventsProcessor],
  exports: [SlaEscalationService],
})
export class CasesWorkerModule {}
