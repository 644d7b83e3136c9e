import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '../database';
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

/** A committed outbox row not relayed yet. */
export interface PendingOutboxRow {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  run_at: Date;
  job_id: string | null;
}

/**
 * The INSERT of `jobs` into the outbox as one statement, its values bound to `params`, for a
 * caller that writes them alone or as part of a larger statement (a data-modifying CTE); with
 * `onlyIf`, an SQL condition (which may name the caller's CTEs), nothing is inserted when it is false.
 */
export function outboxInsertSql(jobs: readonly OutboxJob[], params: SqlParams, options: { onlyIf?: string } = {}): string {
  const queue = params.bind(jobs.map((j) => j.queue), 'text[]');
  const name = params.bind(jobs.map((j) => j.name), 'text[]');
  const payload = params.bind(jobs.map((j) => JSON.stringify(j.payload)), 'jsonb[]');
  const runAt = params.bind(jobs.map((j) => j.runAt ?? null), 'timestamptz[]');
  const jobId = params.bind(jobs.map((j) => j.jobId ?? null), 'text[]');
  return `INSERT INTO outbox (queue, name, payload, run_at, job_id)
          SELECT o.queue, o.name, o.payload, coalesce(o.run_at, now()), o.job_id
            FROM unnest(${queue}, ${name}, ${payload}, ${runAt}, ${jobId}) AS o(queue, name, payload, run_at, job_id)${options.onlyIf ? `
           WHERE ${options.onlyIf}` : ''}`;
}

/** The SQL of the transactional outbox: jobs written with a change, claimed and marked by the relay. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts one job in the caller's transaction; returns the row id. */
  async insert(manager: EntityManager, job: OutboxJob): Promise<string> {
    const params = new SqlParams();
    const rows: { id: string }[] = await manager.query(`${outboxInsertSql([job], params)} RETURNING id`, params.values);
    return rows[0]!.id;
  }

  /** Deletes a job with this deterministic id that is not relayed yet; true when there was one. */
  async deletePending(manager: EntityManager, jobId: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(`DELETE FROM outbox WHERE job_id = $1 AND sent_at IS NULL`, [jobId]);
    return result[1] > 0;
  }

  /** Up to `limit` unsent rows, oldest first, locked for the caller's transaction; rows another relay holds are skipped. */
  async claimPending(manager: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
    return manager.query(
      `SELECT id, queue, name, payload, run_at, job_id FROM outbox
        WHERE sent_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** Counts a failed attempt on the rows, with a short reason (no content: queue names and Redis errors). */
  async markFailed(manager: EntityManager, ids: readonly string[], reason: string): Promise<void> {
    await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [ids, reason.slice(0, 200)]);
  }

  async markSent(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Deletes rows relayed more than `days` days ago; returns how many. */
  async deleteSentBefore(days: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(`DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1)`, [days]);
    return result[1] ?? 0;
  }
}
