import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { type QueueName } from './queues';

export interface OutboxJob {
  queue: QueueName;
  name: string;
  /** Ids and names only; never content. */
  payload: Record<string, unknown>;
  /** Run no earlier than this; omitted means as soon as possible. */
  runAt?: Date;
  /**
   * A deterministic BullMQ job id (letters, digits, '.', '_', '-'; no ':'), for a job that a later
   * one must find, e.g. to cancel it. Relaying a row twice still gives one job. Default: the row id.
   */
  jobId?: string;
}

/**
 * Records jobs to run after the surrounding transaction commits. Always call it
 * with the EntityManager of the transaction that makes the change.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, job: OutboxJob): Promise<string> {
    const row = manager.create(OutboxMessage, {
      queue: job.queue,
      name: job.name,
      payload: job.payload,
      ...(job.runAt ? { runAt: job.runAt } : {}),
      ...(job.jobId ? { jobId: job.jobId } : {}),
    });
    const saved = await manager.save(OutboxMessage, row);
    return saved.id;
  }

  /**
   * Drops a job with a deterministic id that has not been relayed yet; true when it was still
   * pending. A row the relay holds is waited for, and is then no longer pending.
   */
  async discardPending(manager: EntityManager, jobId: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(`DELETE FROM outbox WHERE job_id = $1 AND sent_at IS NULL`, [jobId]);
    return result[1] > 0;
  }
}
