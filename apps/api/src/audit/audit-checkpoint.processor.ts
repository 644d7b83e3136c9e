import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES, reportRedisErrors } from '../jobs';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { CheckpointRefusedError } from './audit-checkpoints';

export const AUDIT_CHECKPOINT = 'audit-checkpoint';

/**
 * The repeatable checkpoint job: every AUDIT_CHECKPOINT_MINUTES, sign the audit chain's head and
 * add it to AUDIT_CHECKPOINT_DIR. When the log no longer extends the last checkpoint (a changed
 * or removed event), it signs nothing, logs the divergence as an error and the job fails.
 */
@Processor(QUEUES.audit)
export class AuditCheckpointProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditCheckpointProcessor.name);

  constructor(
    private readonly checkpoints: AuditCheckpointService,
    @InjectQueue(QUEUES.audit) private readonly queue: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.audit}`);
    // Made at the first start; its public key goes to the log. A key that cannot be read or made
    // stops the checkpoints (each run fails and says why), not the worker's other jobs.
    await this.checkpoints.key().catch((error: unknown) => {
      const code = (error as { code?: string }).code ?? 'error';
      this.logger.error(`audit checkpoint key ${this.config.AUDIT_CHECKPOINT_KEY_FILE} cannot be read or made (${code}): no audit checkpoints until it can`);
    });
    // One scheduler id, so every worker replica upserts the same repeatable job.
    await this.queue.upsertJobScheduler(AUDIT_CHECKPOINT, { every: this.config.AUDIT_CHECKPOINT_MINUTES * 60_000 }, { name: AUDIT_CHECKPOINT, data: {} });
  }

  async process(job: Job): Promise<{ status: string; seq: string }> {
    switch (job.name) {
      case AUDIT_CHECKPOINT: {
        try {
          const outcome = await this.checkpoints.checkpoint();
          if (outcome.status === 'written') this.logger.log(`audit checkpoint: seq ${outcome.checkpoint.seq}, head ${outcome.checkpoint.head}`);
          return { status: outcome.status, seq: outcome.checkpoint.seq };
        } catch (error) {
          if (error instanceof CheckpointRefusedError) this.logger.error(`audit log does not extend its last checkpoint: ${error.message}`);
          throw error;
        }
      }
      default:
        throw new Error(`unknown audit job ${job.name}`);
    }
  }
}
