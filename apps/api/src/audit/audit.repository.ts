/**
 * The SQL of the audit log. Every query takes a `Sql` function, so the same code runs on the
 * caller's transaction (an EntityManager) in the api and on a plain pg client in the CLI.
 */
import { type ClientBase } from 'pg';
import { type EntityManager } from 'typeorm';
import { SqlParams, preparedQuery } from '../database';
import { type ChainedAuditEvent, GENESIS_HASH, canonicalAuditParts, occurredAtSql } from './audit-chain';
import { type AuditData, type AuditEventFields } from './audit-event';

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

/**
 * The data-modifying CTEs of an append (`audit_head`, then `audit_event`) of the event `fields`,
 * for a WITH list of their own (appendAuditEvent) or of a larger statement (intake), its values
 * bound to `params`. `audit_head` takes the chain's head row: its lock
 * serialises appends until the transaction ends, and READ COMMITTED re-evaluates the SET
 * against the row the predecessor committed. One sub-select gives the next seq, the previous
 * hash (GENESIS_HASH for the first event) and one reading of the clock (to the minute for an
 * event no member of staff caused: occurredAtPrecision), from which
 * PostgreSQL computes the SHA-256 link over canonical(event) joined from its parts
 * (joinCanonical); the head keeps seq, hash, previous hash and time, and `audit_event` inserts
 * the event from them and returns seq and hash. With `onlyIf`, an SQL condition (which may
 * name the caller's CTEs), nothing is appended when it is false.
 */
export function appendAuditSql(params: SqlParams, fields: AuditEventFields, options: { onlyIf?: string } = {}): string {
  const { before, after } = canonicalAuditParts(fields);
  const at = occurredAtSql('n.at');
  return `audit_head AS (
       UPDATE audit_chain_head h
          SET (seq, prev_hash, hash, occurred_at) = (
                SELECT n.seq, n.prev,
                       sha256(n.prev || convert_to(${params.bind(before, 'text')} || '"occurred_at":"' || ${at} || '","seq":"' || n.seq::text || '",' || ${params.bind(after, 'text')}, 'UTF8')),
                       n.at
                  FROM (SELECT h.seq + 1 AS seq, coalesce(h.hash, decode('${Buffer.from(GENESIS_HASH).toString('hex')}', 'hex')) AS prev,
                               date_trunc(${params.bind(occurredAtPrecision(fields.actor_kind), 'text')}, clock_timestamp(), 'UTC') AS at) n)
        ${options.onlyIf ? `WHERE ${options.onlyIf}` : ''}
       RETURNING h.seq, h.prev_hash, h.hash, h.occurred_at
     ), audit_event AS (
       INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, data, prev_hash, hash)
       SELECT seq, occurred_at, ${params.bind(fields.actor_kind)}, ${params.bind(fields.actor_id)}, ${params.bind(fields.action)}, ${params.bind(fields.subject_type)}, ${params.bind(fields.subject_id)}, ${params.bind(JSON.stringify(fields.data), 'jsonb')}, prev_hash, hash FROM audit_head
       RETURNING seq, hash
     )`;
}

/**
 * How precisely an event's time is kept: to the minute when no member of staff acted (a
 * requester, or someone not signed in, who may be one), to the microsecond otherwise
 * (docs/decisions.md, "Requester times"). A bound value, so the append's text stays one.
 */
export function occurredAtPrecision(actorKind: string): 'minute' | 'microseconds' {
  return actorKind === 'requester' || actorKind === 'anonymous' ? 'minute' : 'microseconds';
}

/** Appends one event in one statement; returns its seq (decimal) and hash. */
export async function appendAuditEvent(sql: Sql, fields: AuditEventFields): Promise<{ seq: string; hash: Buffer }> {
  const params = new SqlParams();
  const [row] = await sql(`WITH ${appendAuditSql(params, fields)} SELECT seq::text AS seq, hash FROM audit_event`, params.values, 'audit-append');
  if (!row) throw new Error('the audit event was not appended (is the audit_chain_head row missing?)');
  return { seq: row['seq'] as string, hash: row['hash'] as Buffer };
}

/** audit_chain_format.sha256_from: the first seq linked with SHA-256 (decimal). */
export async function sha256From(sql: Sql): Promise<string> {
  const [row] = await sql('SELECT sha256_from::text AS seq FROM audit_chain_format');
  if (!row) throw new Error('audit_chain_format has no row (are the migrations applied?)');
  return row['seq'] as string;
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
