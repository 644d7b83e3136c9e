import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { GENESIS_HASH, type ChainedAuditEvent, auditChainReady, chainHash } from './audit-chain';
import { type AuditEvent, toAuditFields } from './audit-event';
import { insertAuditEvent, lockChain, readChainHead, sqlOfManager } from './audit.repository';

/** Where an event landed in the chain. */
export interface RecordedAuditEvent {
  /** Decimal seq of the event. */
  readonly seq: string;
  /** Its hash, lower-case hex. */
  readonly hash: string;
}

/**
 * Appends events to the hash-chained audit log inside the caller's transaction, so an event
 * commits or rolls back with the act it records. Appends are serialised by a transaction-
 * scoped advisory lock, held until the caller commits: call record() as the last statement
 * of the transaction, so that other audited transactions wait for one insert and a commit.
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
    const fields = toAuditFields(event);
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs the EntityManager of an open transaction');
    await auditChainReady();
    const sql = sqlOfManager(manager);
    await lockChain(sql);
    const head = await readChainHead(sql);
    const seq = head.seq === null ? '1' : (BigInt(head.seq) + 1n).toString();
    const chained: ChainedAuditEvent = { ...fields, seq, occurred_at: head.now };
    const prevHash = head.hash ?? GENESIS_HASH;
    const hash = chainHash(prevHash, chained);
    await insertAuditEvent(sql, chained, prevHash, hash);
    return { seq, hash: Buffer.from(hash).toString('hex') };
  }
}
