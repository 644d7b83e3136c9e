import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue } from 'bullmq';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { QUEUES, reportRedisErrors } from '../jobs';
import { MAIL_JOB_OPTIONS, MAIL_JOBS } from '../mail';

export const CASE_EVENTS = { created: 'case-created' } as const;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Follow-ups of case events, relayed from the outbox after their transaction committed.
 * `case-created` carries the case id only; with e-mail on (SMTP_URL), it asks the mail queue
 * to tell the owning desk's staff that a new case needs attention (no content, no id).
 */
@Processor(QUEUES.cases)
export class CaseEventsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CaseEventsProcessor.name);

  constructor(
    @InjectQueue(QUEUES.mail) private readonly mail: Queue,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.cases}`);
  }

  async process(job: Job): Promise<{ outcome: string }> {
    switch (job.name) {
      case CASE_EVENTS.created: {
        const caseId = (job.data as { caseId?: unknown } | undefined)?.caseId;
        if (typeof caseId !== 'string' || !ID.test(caseId)) throw new Error(`${job.name}: malformed job data`);
        if (!this.config.SMTP_URL) return { outcome: 'acknowledged' };
        await this.mail.add(MAIL_JOBS.notifyDesk, { kind: 'new_case', caseId }, { ...MAIL_JOB_OPTIONS, jobId: `new-case.${caseId}` });
        return { outcome: 'mail-queued' };
      }
      default:
        throw new Error(`unknown cases job ${job.name}`);
    }
  }
}
