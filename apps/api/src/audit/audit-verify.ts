/**
 * End-to-end verification of the audit chain, from genesis to the last event that existed
 * when it started, in batches (constant memory). Stops at the first broken link and says why.
 */
import { GENESIS_HASH, type ChainAlgorithm, type ChainedAuditEvent, algorithmAt, auditChainReady, chainHash } from './audit-chain';
import { type Sql, lastSeq, readAuditBatch, sha256From } from './audit.repository';

/** Why a link is broken, in the order they are checked for each event. */
export type BrokenLinkReason = 'gap in seq' | 'prev_hash mismatch' | 'hash mismatch';

export interface BrokenLink {
  /** The first seq that does not verify (for a gap: the first missing seq). */
  readonly seq: string;
  readonly reason: BrokenLinkReason;
  /** One line for people, without event data. */
  readonly detail: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Events that verified before the result (all of them when ok). */
  readonly verified: number;
  /** The last verified event (null for an empty log or a break at seq 1). */
  readonly head: { readonly seq: string; readonly hash: string } | null;
  readonly broken: BrokenLink | null;
}

export const DEFAULT_BATCH_SIZE = 1000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function computed(prev: Uint8Array, event: ChainedAuditEvent, algorithm: ChainAlgorithm): Uint8Array | null {
  try {
    return chainHash(prev, event, algorithm);
  } catch {
    return null; // fields that cannot be serialised were not written by the api
  }
}

/** Checks one event against the link before it, hashed with `algorithm`; null when it holds. */
function checkLink(event: ChainedAuditEvent & { prev_hash: Uint8Array; hash: Uint8Array }, expectedSeq: bigint, prev: Uint8Array, algorithm: ChainAlgorithm): BrokenLink | null {
  if (BigInt(event.seq) !== expectedSeq) {
    return { seq: expectedSeq.toString(), reason: 'gap in seq', detail: `seq ${expectedSeq} is missing (the next event is seq ${event.seq})` };
  }
  if (!sameBytes(event.prev_hash, prev)) {
    return { seq: event.seq, reason: 'prev_hash mismatch', detail: `seq ${event.seq} does not point at the hash of the event before it` };
  }
  const hash = computed(prev, event, algorithm);
  if (hash === null || !sameBytes(hash, event.hash)) {
    return { seq: event.seq, reason: 'hash mismatch', detail: `the stored fields of seq ${event.seq} do not hash to its stored hash` };
  }
  return null;
}

/**
 * Verifies the chain. Returns a result rather than throwing for a broken chain; throws only
 * when the database cannot be read (missing table, lost connection).
 */
export async function verifyAuditChain(sql: Sql, options: { batchSize?: number } = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  await auditChainReady();
  const end = await lastSeq(sql);
  const sha256FromSeq = await sha256From(sql);
  let prev = GENESIS_HASH;
  let expected = 1n;
  let verified = 0;
  let head: AuditVerification['head'] = null;
  if (end === null) return { ok: true, verified, head, broken: null };
  for (;;) {
    const batch = await readAuditBatch(sql, (expected - 1n).toString(), end, batchSize);
    for (const event of batch) {
      const broken = checkLink(event, expected, prev, algorithmAt(expected.toString(), sha256FromSeq));
      if (broken) return { ok: false, verified, head, broken };
      prev = event.hash;
      head = { seq: event.seq, hash: Buffer.from(event.hash).toString('hex') };
      expected += 1n;
      verified += 1;
    }
    if (batch.length < batchSize) break;
  }
  if (expected - 1n !== BigInt(end)) {
    // Only reachable if rows vanish while we read: report the first one we did not see.
    return { ok: false, verified, head, broken: { seq: expected.toString(), reason: 'gap in seq', detail: `seq ${expected} is missing` } };
  }
  return { ok: true, verified, head, broken: null };
}

/** One line for people: the verdict, how far it got, and the head hash to compare with a copy kept elsewhere. */
export function describeVerification(result: AuditVerification): string {
  if (result.ok) {
    if (result.head === null) return 'audit log intact: empty (no events yet)';
    return `audit log intact: ${result.verified} events verified from genesis; head seq ${result.head.seq}, hash ${result.head.hash}`;
  }
  const broken = result.broken as BrokenLink;
  return `audit log BROKEN at seq ${broken.seq}: ${broken.reason} (${broken.detail}); ${result.verified} events before it verified`;
}
