import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { GENESIS_HASH, type ChainedAuditEvent, auditChainReady, chainHash } from './audit-chain';
import { type AuditEvent, toAuditFields } from './audit-event';
import { type ChainHead, insertAuditEvent, sqlOfManager, takeChainHead } from './audit.repository';

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
 * last statement of the transaction, so that other audited transactions wait for one insert
 * and a commit.
 */
@Injectable()
export class AuditService implements OnModuleInit {
  async onModuleInit(): Promise<void> {
    await auditChainReady();
  }

  /**
   * Records `event` through `manager`, which must belong to an open transaction (in READ
   * COMMITTED, PostgreSQL's default). Throws AuditEventError for an invalid event (a bug in
   * the caller) and Error when `manager` has no open transaction; database errors propagate
   * and abort the caller's transaction.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<RecordedAuditEvent> {
    requireTransaction(manager);
    return this.append(manager, await takeChainHead(sqlOfManager(manager)), event);
  }

  /**
   * Records `event` at `head`, which the caller took with TAKE_HEAD_SQL as a CTE of its own last
   * write (and read with headOf()), saving the round trip of taking it: for hot paths (intake).
   * The same rules as record(): the same transaction, and nothing else after it but the commit.
   */
  async append(manager: EntityManager, head: ChainHead, event: AuditEvent): Promise<RecordedAuditEvent> {
    const fields = toAuditFields(event);
    requireTransaction(manager);
    await auditChainReady();
    const chained: ChainedAuditEvent = { ...fields, seq: head.seq, occurred_at: head.now };
    const prevHash = head.prevHash ?? GENESIS_HASH;
    const hash = chainHash(prevHash, chained);
    await insertAuditEvent(sqlOfManager(manager), chained, prevHash, hash);
    return { seq: head.seq, hash: Buffer.from(hash).toString('hex') };
  }
}

function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs the EntityManager of an open transaction');
}
