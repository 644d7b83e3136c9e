import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES } from './queues';
import { reportRedisErrors } from './redis-errors';

export const OUTBOX_CLEANUP = 'outbox-cleanup';
const KEEP_SENT_DAYS = 7;

/** Housekeeping jobs of the system itself. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
        const result: [unknown[], number] = await this.dataSource.query(
          `DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1)`,
          [KEEP_SENT_DAYS],
        );
        const deleted = result[1] ?? 0;
        this.logger.log(`outbox cleanup removed ${deleted} relayed rows`);
        return { deleted };
      }
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  }
}
