/**
 * The hash chain of the audit log (docs/decisions.md, "Audit log"):
 *   hash_n = BLAKE2b-256(hash_{n-1} || utf8(canonical(event_n))),  hash_0 = GENESIS_HASH
 * canonical(event) is the sorted-key JSON (RFC 8785, as @ashar/crypto's canonicalJson) of
 * every stored column but the two hashes, with `seq` as a decimal string and `occurred_at`
 * as UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six fraction digits, PostgreSQL's precision).
 */
import { canonicalJson, type JsonValue } from '@ashar/crypto';
import sodium from 'libsodium-wrappers-sumo';
import { type AuditEventFields } from './audit-event';

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

/** libsodium must be initialised before chainHash; cheap after the first call. */
export async function auditChainReady(): Promise<void> {
  await sodium.ready;
}

/** The canonical serialisation of an event. Throws when a value cannot be serialised exactly. */
export function canonicalAuditEvent(event: ChainedAuditEvent): string {
  if (!/^[1-9][0-9]*$/.test(event.seq)) throw new Error('seq must be a positive decimal');
  if (!OCCURRED_AT_FORMAT.test(event.occurred_at)) throw new Error('occurred_at is not in the canonical form');
  const fields = {
    seq: event.seq,
    occurred_at: event.occurred_at,
    actor_kind: event.actor_kind,
    actor_id: event.actor_id,
    action: event.action,
    subject_type: event.subject_type,
    subject_id: event.subject_id,
    data: event.data as JsonValue,
  };
  return canonicalJson(fields);
}

/** hash_n from hash_{n-1} and event n. Call auditChainReady() once before. */
export function chainHash(prevHash: Uint8Array, event: ChainedAuditEvent): Uint8Array {
  if (prevHash.length !== HASH_BYTES) throw new Error('prev_hash must be 32 bytes');
  const body = Buffer.from(canonicalAuditEvent(event), 'utf8');
  return sodium.crypto_generichash(HASH_BYTES, Buffer.concat([prevHash, body]), null);
}
