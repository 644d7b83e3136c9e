import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QUEUES } from './queues';

/** The outbox for every process; the relay and the processors only where the worker runs. */
@Module({})
export class JobsModule {
  static forRole(worker: boolean): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })))],
      providers: [OutboxRepository, OutboxService, ...(worker ? [OutboxRelay, MaintenanceProcessor] : [])],
      exports: [OutboxService, BullModule],
    };
  }
}
