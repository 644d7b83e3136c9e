/**
 * The SQL of the audit log. Every query takes a `Sql` function, so the same code runs on the
 * caller's transaction (an EntityManager) in the api and on a plain pg client in the CLI.
 */
import { type ClientBase } from 'pg';
import { type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { type ChainedAuditEvent, occurredAtSql } from './audit-chain';
import { type AuditData } from './audit-event';

/**
 * Runs one statement and returns its rows. With a `name`, a fixed statement on a hot path
 * (every audited act) runs prepared: parsed and planned once per connection.
 */
export type Sql = (text: string, params?: readonly unknown[], name?: string) => Promise<Record<string, unknown>[]>;

/** A Sql function on a TypeORM EntityManager (inside its transaction, if it has one). */
export function sqlOfManager(manager: EntityManager): Sql {
  return (text, params, name) =>
    name && manager.queryRunner?.isTransactionActive ? preparedQuery(manager, name, text, params ?? []) : manager.query(text, params ? [...params] : undefined);
}

/** A Sql function on a node-postgres client. */
export function sqlOfClient(client: ClientBase): Sql {
  return async (text, params, name) => (await client.query({ text, values: params ? [...params] : undefined, ...(name ? { name } : {}) })).rows as Record<string, unknown>[];
}

/** One stored event with its hashes, as verification reads it. */
export interface StoredAuditEvent extends ChainedAuditEvent {
  readonly prev_hash: Uint8Array;
  readonly hash: Uint8Array;
}

const COLUMNS = `seq::text AS seq, ${occurredAtSql('occurred_at')} AS occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash`;

/** What an append needs, taken under the chain's lock: its seq, the hash it links to, the clock. */
export interface ChainHead {
  /** Decimal seq of the event being appended. */
  readonly seq: string;
  /** Hash of the previous event; null for the first event of the log. */
  readonly prevHash: Uint8Array | null;
  /** clock_timestamp() in canonical form: the event's occurred_at. */
  readonly now: string;
}

/**
 * The statement that takes the chain head: it locks the head row until the transaction ends
 * (appends queue on it; a waiter gets the row its predecessor committed) and returns the next
 * seq, the previous hash and the clock. Usable on its own or as a CTE of a larger statement,
 * whose result then carries `seq`, `prev_hash` and `now` for headOf().
 */
export const TAKE_HEAD_SQL = `UPDATE audit_chain_head SET seq = seq + 1
   RETURNING seq::text AS seq, hash AS prev_hash, ${occurredAtSql('clock_timestamp()')} AS now`;

/** The ChainHead of a row that TAKE_HEAD_SQL returned. */
export function headOf(row: Record<string, unknown> | undefined): ChainHead {
  if (!row || typeof row['seq'] !== 'string' || typeof row['now'] !== 'string') throw new Error('the audit chain head was not taken (is the audit_chain_head row missing?)');
  return { seq: row['seq'], prevHash: (row['prev_hash'] as Buffer | null) ?? null, now: row['now'] };
}

/** Takes the chain head in a statement of its own; the lock is held until the caller's transaction ends. */
export async function takeChainHead(sql: Sql): Promise<ChainHead> {
  // As a CTE under a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
  return headOf((await sql(`WITH audit_head AS (${TAKE_HEAD_SQL}) SELECT * FROM audit_head`, [], 'audit-take-head'))[0]);
}

/** Appends one event with its hashes and moves the head's hash to it, in one statement. */
export async function insertAuditEvent(sql: Sql, event: ChainedAuditEvent, prevHash: Uint8Array, hash: Uint8Array): Promise<void> {
  await sql(
    `WITH appended AS (
       INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
       VALUES ($1::bigint, $2::timestamptz, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
     )
     UPDATE audit_chain_head SET hash = $10 WHERE seq = $1::bigint`,
    [
      event.seq,
      event.occurred_at,
      event.actor_kind,
      event.actor_id,
      event.action,
      event.subject_type,
      event.subject_id,
      JSON.stringify(event.data),
      Buffer.from(prevHash),
      Buffer.from(hash),
    ],
    'audit-append',
  );
}

/** The highest seq when called (null for an empty log): verification stops there. */
export async function lastSeq(sql: Sql): Promise<string | null> {
  const [row] = await sql('SELECT max(seq)::text AS seq FROM audit_events');
  return (row?.['seq'] as string | null | undefined) ?? null;
}

/**
 * Up to `limit` events with afterSeq < seq <= upToSeq, in seq order (keyset paging: constant
 * memory). ORDER BY names the column, not the `seq::text` output alias, which would sort as text.
 */
export async function readAuditBatch(sql: Sql, afterSeq: string, upToSeq: string, limit: number): Promise<StoredAuditEvent[]> {
  const rows = await sql(`SELECT ${COLUMNS} FROM audit_events WHERE seq > $1::bigint AND seq <= $2::bigint ORDER BY audit_events.seq LIMIT $3`, [afterSeq, upToSeq, limit]);
  return rows.map((row) => ({
    seq: row['seq'] as string,
    occurred_at: row['occurred_at'] as string,
    actor_kind: row['actor_kind'] as string,
    actor_id: row['actor_id'] as string | null,
    action: row['action'] as string,
    subject_type: row['subject_type'] as string | null,
    subject_id: row['subject_id'] as string | null,
    data: row['data'] as AuditData,
    prev_hash: row['prev_hash'] as Buffer,
    hash: row['hash'] as Buffer,
  }));
}
