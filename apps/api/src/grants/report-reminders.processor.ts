import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES, reportRedisErrors } from '../jobs';
import { FinanceRetentionService } from './finance-retention.service';
import { ReportRemindersService } from './report-reminders.service';

export const GRANT_JOBS = {
  /** Overdue grantee report reminders. */
  reminders: 'grant-report-reminders',
  /** The finance retention sweep. */
  retention: 'finance-retention',
} as const;

/** The repeatable grants jobs of the worker: every GRANT_SWEEP_MINUTES, remind overdue reports and shred what is due. */
@Processor(QUEUES.grants)
export class GrantsJobsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(GrantsJobsProcessor.name);

  constructor(
    private readonly reminders: ReportRemindersService,
    private readonly retention: FinanceRetentionService,
    @InjectQueue(QUEUES.grants) private readonly queue: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.grants}`);
    const every = this.config.GRANT_SWEEP_MINUTES * 60_000;
    // One scheduler id each, so every worker replica upserts the same repeatable jobs.
    await this.queue.upsertJobScheduler(GRANT_JOBS.reminders, { every }, { name: GRANT_JOBS.reminders, data: {} });
    await this.queue.upsertJobScheduler(GRANT_JOBS.retention, { every }, { name: GRANT_JOBS.retention, data: {} });
  }

  async process(job: Job): Promise<{ reminded?: number; shredded?: number }> {
    switch (job.name) {
      case GRANT_JOBS.reminders:
        return { reminded: await this.reminders.remindOverdue() };
      case GRANT_JOBS.retention:
        return { shredded: await this.retention.shredDue() };
      default:
        throw new Error(`unknown grants job ${job.name}`);
    }
  }
}
