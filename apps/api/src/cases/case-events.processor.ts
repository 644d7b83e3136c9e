import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job } from 'bullmq';
import { QUEUES } from '../jobs/queues';
import { reportRedisErrors } from '../jobs/redis-errors';

export const CASE_EVENTS = { created: 'case-created' } as const;

/**
 * Follow-ups of case events, relayed from the outbox after their transaction committed.
 * `case-created` carries the case id only; it is the hook for the notification adapters
 * (in-app and e-mail) of new cases, which are not built yet, so today it only acknowledges.
 */
@Processor(QUEUES.cases)
export class CaseEventsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CaseEventsProcessor.name);

  onApplicationBootstrap(): void {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.cases}`);
  }

  process(job: Job): Promise<{ outcome: string }> {
    switch (job.name) {
      case CASE_EVENTS.created:
        return Promise.resolve({ outcome: 'acknowledged' });
      default:
        return Promise.reject(new Error(`unknown cases job ${job.name}`));
    }
  }
}
