import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationsModule } from './applications';
import { AuditHttpModule, AuditModule, AuditWorkerModule } from './audit';
import { AuthModule } from './auth';
import { BootstrapModule } from './bootstrap';
import { CallsModule } from './calls';
import { CasesModule, CasesWorkerModule } from './cases';
import { type AsharConfig, ConfigModule } from './config';
import { appDataSourceOptions, InstanceIdModule } from './database';
import { DesksModule } from './desks';
import { ENTITIES } from './entities';
import { FilesModule } from './files';
import { GrantsModule, GrantsWorkerModule } from './grants';
import { HealthModule } from './health';
import { type AsharLogging, ProblemFilter } from './http';
import { bullConnection, JobsModule } from './jobs';
import { KeysModule } from './keys';
import { MailWorkerModule } from './mail';
import { NotificationsModule } from './notifications';
import { RedisModule } from './redis';
import { RefereesModule } from './referees';
import { RequestersModule } from './requesters';
import { RetentionWorkerModule } from './retention';
import { ReviewsModule } from './reviews';
import { RoutingModule } from './routing';
import { StaffModule } from './staff';

/** The root module; what it holds depends on the process role (api, worker or both). */
@Module({})
export class AppModule {
  /** `logging` from asharLogging(config.LOG_LEVEL): startAshar also mounts its request middleware. */
  static forRoot(config: AsharConfig, logging: AsharLogging): DynamicModule {
    const http = config.ASHAR_ROLE !== 'worker';
    const worker = config.ASHAR_ROLE !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(logging.params),
        TypeOrmModule.forRoot(appDataSourceOptions(config, ENTITIES)),
        InstanceIdModule,
        BullModule.forRoot({ connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX }),
        JobsModule.forRole(worker),
        AuditModule,
        ...(http
          ? [RedisModule, HealthModule, AuditHttpModule, BootstrapModule, StaffModule, AuthModule, RequestersModule, KeysModule, DesksModule, RoutingModule, NotificationsModule, CasesModule, FilesModule, GrantsModule, CallsModule, ApplicationsModule, ReviewsModule, RefereesModule]
          : []),
        ...(worker ? [CasesWorkerModule, RetentionWorkerModule, MailWorkerModule, AuditWorkerModule, GrantsWorkerModule] : []),
      ],
      // The guards are AuthModule's (APP_GUARD there): rate limits, then the policy guard.
      providers: http ? [{ provide: APP_FILTER, useClass: ProblemFilter }] : [],
    };
  }
}
