/**
 * The hash chain of the audit log (docs/decisions.md, "Audit log"):
 *   hash_n = H(hash_{n-1} || utf8(canonical(event_n))),  hash_0 = GENESIS_HASH
 * where H is SHA-256 from the seq in audit_chain_format.sha256_from on (PostgreSQL computes it
 * in the statement that appends, so an append is one statement under the head's lock) and
 * BLAKE2b-256 before it (the first format; a log begun before the change keeps verifying).
 * canonical(event) is the sorted-key JSON (RFC 8785, as @ashar/crypto's canonicalJson) of
 * every stored column but the two hashes, with `seq` as a decimal string and `occurred_at`
 * as UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six fraction digits, PostgreSQL's precision).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@ashar/crypto';
import sodium from 'libsodium-wrappers-sumo';
import { type AuditEventFields } from './audit-event';

/** The two hash functions of the chain: the first format's, and the one PostgreSQL computes. */
export type ChainAlgorithm = 'blake2b-256' | 'sha-256';

export const HASH_BYTES = 32;

/** hash_0 = BLAKE2b-256(utf8("ashar/v1|audit|genesis")), pinned here and re-derived by the tests. */
export const GENESIS_HASH: Uint8Array = Uint8Array.from(Buffer.from('c30145bb21de184f4ebfb1ad2ea0bc50bcf427a6116c84fe22e3dbbeae36a328', 'hex'));

/** The label GENESIS_HASH is the BLAKE2b-256 of. */
export const GENESIS_LABEL = 'ashar/v1|audit|genesis';

/** `occurred_at` in the canonical form, as PostgreSQL's to_char writes it (see OCCURRED_AT_SQL). */
export const OCCURRED_AT_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL that renders a timestamptz expression in the canonical `occurred_at` form. */
export function occurredAtSql(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** An event as stored, without its two hashes: what the hash covers. */
export interface ChainedAuditEvent extends AuditEventFields {
  /** Decimal, from 1, gapless. */
  readonly seq: string;
  /** Canonical form, see OCCURRED_AT_FORMAT. */
  readonly occurred_at: string;
}

/** libsodium must be initialised before chainHash (BLAKE2b-256); cheap after the first call. */
export async function auditChainReady(): Promise<void> {
  await sodium.ready;
}

/** The canonical serialisation of an event. Throws when a value cannot be serialised exactly. */
export function canonicalAuditEvent(event: ChainedAuditEvent): string {
  if (!/^[1-9][0-9]*$/.test(event.seq)) throw new Error('seq must be a positive decimal');
  if (!OCCURRED_AT_FORMAT.test(event.occurred_at)) throw new Error('occurred_at is not in the canonical form');
  const { before, after } = canonicalAuditParts(event);
  return joinCanonical(before, event.occurred_at, event.seq, after);
}

/**
 * canonical(event) without the two values only the append knows (`occurred_at`, `seq`): in key
 * order they sit between `data` and `subject_id`, and their canonical forms need no escaping,
 * so PostgreSQL joins `before`, the two and `after` (joinCanonical, APPEND_SQL) into exactly
 * canonicalJson of the whole event. Throws when a value cannot be serialised exactly.
 */
export function canonicalAuditParts(fields: AuditEventFields): { before: string; after: string } {
  const head = canonicalJson({ action: fields.action, actor_id: fields.actor_id, actor_kind: fields.actor_kind, data: fields.data as JsonValue });
  const tail = canonicalJson({ subject_id: fields.subject_id, subject_type: fields.subject_type });
  return { before: `${head.slice(0, -1)},`, after: tail.slice(1) };
}

/** The canonical event from its parts; the SQL of the append does the same concatenation. */
export function joinCanonical(before: string, occurredAt: string, seq: string, after: string): string {
  return `${before}"occurred_at":"${occurredAt}","seq":"${seq}",${after}`;
}

/** hash_n from hash_{n-1} and event n under `algorithm`. Call auditChainReady() once before. */
export function chainHash(prevHash: Uint8Array, event: ChainedAuditEvent, algorithm: ChainAlgorithm): Uint8Array {
  if (prevHash.length !== HASH_BYTES) throw new Error('prev_hash must be 32 bytes');
  const message = Buffer.concat([prevHash, Buffer.from(canonicalAuditEvent(event), 'utf8')]);
  if (algorithm === 'sha-256') return new Uint8Array(createHash('sha256').update(message).digest());
  return sodium.crypto_generichash(HASH_BYTES, message, null);
}

/** The algorithm of the link at `seq`, given audit_chain_format.sha256_from. */
export function algorithmAt(seq: string, sha256From: string): ChainAlgorithm {
  return BigInt(seq) >= BigInt(sha256From) ? 'sha-256' : 'blake2b-256';
}
