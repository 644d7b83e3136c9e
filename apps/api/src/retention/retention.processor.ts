import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES, reportRedisErrors } from '../jobs';
import { IncompleteUploadsService } from './incomplete-uploads.service';
import { RetentionService } from './retention.service';

export const RETENTION_PURGE = 'retention-purge';
export const INCOMPLETE_UPLOAD_SWEEP = 'incomplete-upload-sweep';

/**
 * The repeatable retention jobs: every RETENTION_SWEEP_MINUTES, purge the closed cases that are
 * due, and remove the uploads never completed within INCOMPLETE_UPLOAD_HOURS.
 */
@Processor(QUEUES.retention)
export class RetentionProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionProcessor.name);

  constructor(
    private readonly retention: RetentionService,
    private readonly uploads: IncompleteUploadsService,
    @InjectQueue(QUEUES.retention) private readonly queue: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.retention}`);
    // One scheduler id, so every worker replica upserts the same repeatable job.
    await this.queue.upsertJobScheduler(RETENTION_PURGE, { every: this.config.RETENTION_SWEEP_MINUTES * 60_000 }, { name: RETENTION_PURGE, data: {} });
    await this.queue.upsertJobScheduler(INCOMPLETE_UPLOAD_SWEEP, { every: this.config.RETENTION_SWEEP_MINUTES * 60_000 }, { name: INCOMPLETE_UPLOAD_SWEEP, data: {} });
  }

  async process(job: Job): Promise<{ purged: number } | { removed: number }> {
    switch (job.name) {
      case RETENTION_PURGE: {
        const purged = await this.retention.purgeDue();
        if (purged > 0) this.logger.log(`retention purged ${purged} closed cases`);
        return { purged };
      }
      case INCOMPLETE_UPLOAD_SWEEP:
        return { removed: await this.uploads.sweep() };
      default:
        throw new Error(`unknown retention job ${job.name}`);
    }
  }
}
