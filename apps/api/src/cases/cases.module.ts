import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationRepository } from '../notifications/notification.repository';
import { NotificationService } from '../notifications/notification.service';
import { NotificationsController } from '../notifications/notifications.controller';
import { RoutingController } from '../routing/routing.controller';
import { RoutingRepository } from '../routing/routing.repository';
import { RoutingService } from '../routing/routing.service';
import { CaseAccess } from './case-access';
import { CaseContentRepository } from './case-content.repository';
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
import { RequesterCaseController } from './requester-case.controller';
import { RequesterCaseService } from './requester-case.service';
import { SlaEscalationService } from './sla-escalation.service';
import { SlaPlanner } from './sla-planner';
import { SlaProcessor } from './sla.processor';

/** Aid cases over HTTP: intake, routing rules, the staff and requester routes, staff notifications. */
@Module({
  imports: [AuthModule],
  controllers: [IntakeController, CasesController, RequesterCaseController, RoutingController, NotificationsController, DeskResealController],
  providers: [
    RoutingRepository,
    RoutingService,
    CaseRepository,
    CaseContentRepository,
    CaseAccess,
    SlaPlanner,
    IntakeRepository,
    IntakeService,
    CaseReadService,
    CaseWorkService,
    RequesterCaseService,
    NotificationRepository,
    NotificationService,
    DeskResealRepository,
    DeskResealService,
  ],
})
export class CasesModule {}

/** Aid cases in the worker: SLA escalation and case event follow-ups. */
@Module({
  providers: [CaseRepository, NotificationRepository, SlaEscalationService, SlaProcessor, CaseEventsProcessor],
  exports: [SlaEscalationService],
})
export class CasesWorkerModule {}
