import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { QUEUES, reportRedisErrors } from '../jobs';
import { CaseRepository } from './case.repository';
import { SLA_JOBS, type SlaJobData, slaJobId } from './sla-planner';
import { SlaEscalationService } from './sla-escalation.service';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function dataOf(job: Job): { caseId: string; due: Date } {
  const { caseId, dueAt } = (job.data ?? {}) as Partial<SlaJobData>;
  const due = new Date(String(dueAt));
  if (typeof caseId !== 'string' || !ID.test(caseId) || Number.isNaN(due.getTime())) throw new Error(`${job.name}: malformed job data`);
  return { caseId, due };
}

/** SLA jobs one worker runs at once, so checks due together stay within 2 s (docs/decisions.md, "SLA timers"). */
export const SLA_CONCURRENCY = 4;

/**
 * First-response SLA timers. `sla-check` runs at a case's due time and escalates a breach;
 * it does nothing when the case has since been answered, closed or re-planned (another check
 * carries the new due time), and goes back to sleep if it woke early. `sla-cancel` removes a
 * superseded check from the queue; `sla-sweep` (every minute) catches breaches whose check was lost.
 */
@Processor(QUEUES.sla, { concurrency: SLA_CONCURRENCY })
export class SlaProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SlaProcessor.name);

  constructor(
    private readonly cases: CaseRepository,
    private readonly escalation: SlaEscalationService,
    @InjectQueue(QUEUES.sla) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    reportRedisErrors(this.worker, this.logger, `worker ${QUEUES.sla}`);
    await this.queue.upsertJobScheduler(SLA_JOBS.sweep, { every: 60_000 }, { name: SLA_JOBS.sweep, data: {} });
  }

  async process(job: Job, token?: string): Promise<{ outcome: string; notified?: number }> {
    switch (job.name) {
      case SLA_JOBS.check: {
        const { caseId, due } = dataOf(job);
        const state = await this.cases.slaState(caseId);
        if (!state || !state.pending || state.due.getTime() !== due.getTime()) return { outcome: 'stale' };
        if (state.due > state.now) {
          // Woke before the database clock reached the due time: sleep again until then.
          await job.moveToDelayed(due.getTime(), token);
          throw new DelayedError();
        }
        const notified = await this.escalation.escalate(caseId, due);
        return notified === null ? { outcome: 'stale' } : { outcome: 'escalated', notified };
      }
      case SLA_JOBS.cancel: {
        const { caseId, due } = dataOf(job);
        const superseded = await this.queue.getJob(slaJobId(caseId, due));
        if (superseded && (await superseded.isDelayed())) {
          await superseded.remove();
          return { outcome: 'removed' };
        }
        return { outcome: 'absent' };
      }
      case SLA_JOBS.sweep:
        return { outcome: 'swept', notified: await this.escalation.sweep() };
      default:
        throw new Error(`unknown sla job ${job.name}`);
    }
  }
}
