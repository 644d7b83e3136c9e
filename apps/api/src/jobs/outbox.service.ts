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
    });
    const saved = await manager.save(OutboxMessage, row);
    return saved.id;
  }
}
