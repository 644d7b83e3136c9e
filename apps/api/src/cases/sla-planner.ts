import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type OutboxJob, OutboxService, QUEUES } from '../jobs';

/** Job names of the `sla` queue. Payloads hold the case id and the due time checked, nothing else. */
export const SLA_JOBS = { check: 'sla-check', cancel: 'sla-cancel', sweep: 'sla-sweep' } as const;

export interface SlaJobData {
  caseId: string;
  /** ISO instant: the due time this job is about. */
  dueAt: string;
}

/**
 * The BullMQ job id of the check of one case's due time. Deterministic, so a re-plan can find
 * (and remove) the check it supersedes, and relaying one outbox row twice still makes one job.
 */
export function slaJobId(caseId: string, due: Date): string {
  return `sla.${caseId}.${due.getTime()}`;
}

/** The outbox job of the first-response check of `caseId` due at `due`. */
export function slaCheckJob(caseId: string, due: Date): OutboxJob {
  const data: SlaJobData = { caseId, dueAt: due.toISOString() };
  return { queue: QUEUES.sla, name: SLA_JOBS.check, payload: { ...data }, runAt: due, jobId: slaJobId(caseId, due) };
}

/**
 * Plans first-response checks as delayed jobs through the outbox, in the caller's
 * transaction. A re-plan supersedes the previous check: its outbox row is dropped if not yet
 * relayed, else a cancel job removes the delayed BullMQ job; and whatever still fires checks
 * the case's current due time and does nothing when it is stale.
 */
@Injectable()
export class SlaPlanner {
  constructor(private readonly outbox: OutboxService) {}

  async plan(manager: EntityManager, caseId: string, due: Date): Promise<void> {
    await this.outbox.enqueue(manager, slaCheckJob(caseId, due));
  }

  async cancel(manager: EntityManager, caseId: string, due: Date): Promise<void> {
    if (await this.outbox.discardPending(manager, slaJobId(caseId, due))) return;
    const data: SlaJobData = { caseId, dueAt: due.toISOString() };
    await this.outbox.enqueue(manager, { queue: QUEUES.sla, name: SLA_JOBS.cancel, payload: { ...data } });
  }

  async replan(manager: EntityManager, caseId: string, previousDue: Date, due: Date): Promise<void> {
    await this.cancel(manager, caseId, previousDue);
    await this.plan(manager, caseId, due);
  }
}
