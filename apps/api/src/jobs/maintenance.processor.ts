import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { OutboxRepository } from './outbox.repository';
import { QUEUES } from './queues';
import { reportRedisErrors } from './redis-errors';

export const OUTBOX_CLEANUP = 'outbox-cleanup';
const KEEP_SENT_DAYS = 7;

/** Housekeeping jobs of the system itself. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly outbox: OutboxRepository,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.maintenance}`);
    // One scheduler id, so every worker replica upserts the same repeatable job.
    await this.queue.upsertJobScheduler(OUTBOX_CLEANUP, { pattern: '17 3 * * *' }, { name: OUTBOX_CLEANUP, data: {} });
  }

  async process(job: Job): Promise<{ deleted: number }> {
    switch (job.name) {
      case OUTBOX_CLEANUP: {
        const deleted = await this.outbox.deleteSentBefore(KEEP_SENT_DAYS);
        this.logger.log(`outbox cleanup removed ${deleted} relayed rows`);
        return { deleted };
      }
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  }
}
