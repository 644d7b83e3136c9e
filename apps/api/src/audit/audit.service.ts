import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AuditEvent, toAuditFields } from './audit-event';
import { appendAuditEvent, sqlOfManager } from './audit.repository';

/** Where an event landed in the chain. */
export interface RecordedAuditEvent {
  /** Decimal seq of the event. */
  readonly seq: string;
  /** Its hash, lower-case hex. */
  readonly hash: string;
}

/**
 * Appends events to the hash-chained audit log inside the caller's transaction, so an event
 * commits or rolls back with the act it records. Appends are serialised by the lock on the
 * chain's head row (audit_chain_head), held until the caller commits: call record() as the
 * last statement of the transaction, so that other audited transactions wait only for one
 * statement and a commit. PostgreSQL computes the link in that statement (appendAuditSql).
 */
@Injectable()
export class AuditService {
  /**
   * Records `event` through `manager`, which must belong to an open transaction (in READ
   * COMMITTED, PostgreSQL's default). Throws AuditEventError for an invalid event (a bug in
   * the caller) and Error when `manager` has no open transaction; database errors propagate
   * and abort the caller's transaction.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<RecordedAuditEvent> {
    const fields = toAuditFields(event);
    requireTransaction(manager);
    const { seq, hash } = await appendAuditEvent(sqlOfManager(manager), fields);
    return { seq, hash: hash.toString('hex') };
  }
}

function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs the EntityManager of an open transaction');
}
