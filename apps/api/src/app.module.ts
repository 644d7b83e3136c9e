import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { RateLimitGuard } from './auth/rate-limiter';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { CasesModule, CasesWorkerModule } from './cases/cases.module';
import { ProblemFilter } from './common/problem.filter';
import { PolicyGuard } from './common/policy';
import { type AsharLogging } from './common/logging';
import { type AsharConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { FilesModule } from './files/files.module';
import { MailWorkerModule } from './mail/mail.module';
import { RetentionWorkerModule } from './retention/retention.module';
import { appDataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { bullConnection } from './jobs/queues';
import { RedisModule } from './redis/redis.module';

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
        TypeOrmModule.forRoot(appDataSourceOptions(config)),
        BullModule.forRoot({ connection: bullConnection(config.REDIS_URL), prefix: config.REDIS_PREFIX }),
        JobsModule.forRole(worker),
        AuditModule,
        ...(http ? [RedisModule, HealthModule, BootstrapModule, AuthModule, CasesModule, FilesModule] : []),
        ...(worker ? [CasesWorkerModule, RetentionWorkerModule, MailWorkerModule] : []),
      ],
      providers: http
        ? [
            { provide: APP_FILTER, useClass: ProblemFilter },
            { provide: APP_GUARD, useClass: RateLimitGuard },
            { provide: APP_GUARD, useClass: PolicyGuard },
          ]
        : [],
    };
  }
}
