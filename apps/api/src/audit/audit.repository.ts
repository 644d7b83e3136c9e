/**
 * The SQL of the audit log. Every query takes a `Sql` function, so the same code runs on the
 * caller's transaction (an EntityManager) in the api and on a plain pg client in the CLI.
 */
import { type ClientBase } from 'pg';
import { type EntityManager } from 'typeorm';
import { type ChainedAuditEvent, occurredAtSql } from './audit-chain';
import { type AuditData } from './audit-event';

/** Runs one statement and returns its rows. */
export type Sql = (text: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** A Sql function on a TypeORM EntityManager (inside its transaction, if it has one). */
export function sqlOfManager(manager: EntityManager): Sql {
  return (text, params) => manager.query(text, params ? [...params] : undefined);
}

/** A Sql function on a node-postgres client. */
export function sqlOfClient(client: ClientBase): Sql {
  return async (text, params) => (await client.query(text, params ? [...params] : undefined)).rows as Record<string, unknown>[];
}

/** One stored event with its hashes, as verification reads it. */
export interface StoredAuditEvent extends ChainedAuditEvent {
  readonly prev_hash: Uint8Array;
  readonly hash: Uint8Array;
}

/** The last event of the chain (none for an empty log) and the clock, read under the chain lock. */
export interface ChainHead {
  readonly seq: string | null;
  readonly hash: Uint8Array | null;
  readonly now: string;
}

// pg_advisory_xact_lock key of the chain ("audt"); distinct from the migration lock.
const CHAIN_LOCK = 0x61756474;
const COLUMNS = `seq::text AS seq, ${occurredAtSql('occurred_at')} AS occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash`;

/** Waits for the chain lock; it is held until the caller's transaction ends. */
export async function lockChain(sql: Sql): Promise<void> {
  await sql('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
}

/** The chain head and the current time in canonical form. Run after lockChain, in its own statement, so it sees the last commit. */
export async function readChainHead(sql: Sql): Promise<ChainHead> {
  const [row] = await sql(
    `SELECT ${occurredAtSql('clock_timestamp()')} AS now, last.seq::text AS seq, last.hash AS hash
       FROM (VALUES (1)) AS one
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS last ON true`,
  );
  if (!row) throw new Error('chain head query returned no row');
  return { seq: (row['seq'] as string | null) ?? null, hash: (row['hash'] as Buffer | null) ?? null, now: row['now'] as string };
}

/** Appends one event with its hashes. */
export async function insertAuditEvent(sql: Sql, event: ChainedAuditEvent, prevHash: Uint8Array, hash: Uint8Array): Promise<void> {
  await sql(
    `INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1::bigint, $2::timestamptz, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
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
