import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
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
 * The INSERT of `jobs` into the outbox as one statement whose parameters start at $`first`,
 * for a caller that writes them as part of a larger statement (a data-modifying CTE); with
 * `onlyIf`, an SQL condition (which may name the caller's CTEs), nothing is inserted when it is false.
 */
export function outboxInsert(jobs: readonly OutboxJob[], first: number, options: { onlyIf?: string } = {}): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  return {
    sql: `INSERT INTO outbox (queue, name, payload, run_at, job_id)
          SELECT o.queue, o.name, o.payload, coalesce(o.run_at, now()), o.job_id
            FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::jsonb[], ${p(3)}::timestamptz[], ${p(4)}::text[]) AS o(queue, name, payload, run_at, job_id)${
              options.onlyIf ? `
           WHERE ${options.onlyIf}` : ''
            }`,
    params: [
      jobs.map((j) => j.queue),
      jobs.map((j) => j.name),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.runAt ?? null),
      jobs.map((j) => j.jobId ?? null),
    ],
  };
}

/**
 * Records jobs to run after the surrounding transaction commits. Always call it
 * with the EntityManager of the transaction that makes the change.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, job: OutboxJob): Promise<string> {
    const insert = outboxInsert([job], 1);
    const rows: { id: string }[] = await manager.query(`${insert.sql} RETURNING id`, insert.params);
    return rows[0]!.id;
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
