import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type OutboxJob, OutboxRepository } from './outbox.repository';

/**
 * Records jobs to run after the surrounding transaction commits. Always call it
 * with the EntityManager of the transaction that makes the change.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  async enqueue(manager: EntityManager, job: OutboxJob): Promise<string> {
    return this.outbox.insert(manager, job);
  }

  /**
   * Drops a job with a deterministic id that has not been relayed yet; true when it was still
   * pending. A row the relay holds is waited for, and is then no longer pending.
   */
  async discardPending(manager: EntityManager, jobId: string): Promise<boolean> {
    return this.outbox.deletePending(manager, jobId);
  }
}
