/**
 * End-to-end verification of the audit chain, from genesis to the last event that existed
 * when it started, in batches (constant memory), compared with signed checkpoints of its head
 * when it is given some. Stops at the first broken link or divergence and says why.
 */
import { GENESIS_HASH, type ChainAlgorithm, type ChainedAuditEvent, algorithmAt, auditChainReady, chainHash } from './audit-chain';
import { type Sql, lastSeq, readAuditBatch, sha256From } from './audit.repository';

/** Why verification stopped, in the order they are checked for each event. */
export type BrokenLinkReason = 'gap in seq' | 'prev_hash mismatch' | 'hash mismatch' | 'checkpoint mismatch' | 'shorter than a checkpoint';

/**
 * A checkpoint's statement about the chain (its signature already verified by the caller):
 * at time `at`, the chain's hash at `seq` was `head` (hash_0, the genesis value, for seq 0).
 */
export interface ChainCheckpoint {
  readonly seq: string;
  /** 64 lower-case hex digits. */
  readonly head: string;
  readonly at: string;
}

export interface BrokenLink {
  /** The first seq that does not verify (for a gap: the first missing seq; for a checkpoint: its seq). */
  readonly seq: string;
  readonly reason: BrokenLinkReason;
  /** One line for people, without event data. */
  readonly detail: string;
  /** The checkpoint the log disagrees with, for the two checkpoint reasons. */
  readonly checkpoint?: ChainCheckpoint;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Events that verified before the result (all of them when ok). */
  readonly verified: number;
  /** The last verified event (null for an empty log or a break at seq 1). */
  readonly head: { readonly seq: string; readonly hash: string } | null;
  readonly broken: BrokenLink | null;
  /** With checkpoints: how many the log matched before the result, and the last of them. */
  readonly checkpoints?: { readonly matched: number; readonly lastMatched: ChainCheckpoint | null };
}

export const DEFAULT_BATCH_SIZE = 1000;

/** hash_0 in hex, the head of an empty log. */
export const GENESIS_HEX = Buffer.from(GENESIS_HASH).toString('hex');

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

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

function checkpointMismatch(checkpoint: ChainCheckpoint, actual: string): BrokenLink {
  return {
    seq: checkpoint.seq,
    reason: 'checkpoint mismatch',
    detail: `the chain's hash at seq ${checkpoint.seq} is ${actual}, the checkpoint signed at ${checkpoint.at} says ${checkpoint.head}`,
    checkpoint,
  };
}

function shorterThan(checkpoint: ChainCheckpoint, end: bigint): BrokenLink {
  return {
    seq: checkpoint.seq,
    reason: 'shorter than a checkpoint',
    detail: `the log ends at seq ${end}, the checkpoint signed at ${checkpoint.at} says seq ${checkpoint.seq} existed`,
    checkpoint,
  };
}

export interface VerifyOptions {
  /** Events read per query (default DEFAULT_BATCH_SIZE). */
  readonly batchSize?: number;
  /**
   * Checkpoints to compare the chain with: at each one's seq the chain's hash must be its head,
   * and the log must reach its seq. Their signatures are the caller's to check first.
   */
  readonly checkpoints?: readonly ChainCheckpoint[];
  /**
   * Start after this checkpoint instead of at genesis (the checkpoint job, which extends its
   * last checkpoint): the stored hash at its seq must be its head, and the links after it are
   * verified from there. Checkpoints at or below its seq are not compared.
   */
  readonly from?: ChainCheckpoint;
}

/**
 * Verifies the chain from genesis (or options.from) to the last event that existed when it
 * started, and compares it with options.checkpoints. Returns a result rather than throwing for
 * a broken or diverging chain (the first problem in seq order); throws only when the database
 * cannot be read (missing table, lost connection).
 */
export async function verifyAuditChain(sql: Sql, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  await auditChainReady();
  const end = await lastSeq(sql);
  const endSeq = end === null ? 0n : BigInt(end);
  const sha256FromSeq = await sha256From(sql);
  const from = options.from;
  const pending = [...(options.checkpoints ?? [])].filter((c) => from === undefined || BigInt(c.seq) > BigInt(from.seq)).sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  const withCheckpoints = options.checkpoints !== undefined;
  let next = 0;
  let matched = 0;
  let lastMatched: ChainCheckpoint | null = null;
  let verified = 0;
  let head: AuditVerification['head'] = null;
  const result = (broken: BrokenLink | null): AuditVerification => ({
    ok: broken === null,
    verified,
    head,
    broken,
    ...(withCheckpoints ? { checkpoints: { matched, lastMatched } } : {}),
  });
  /** Compares the checkpoints at `seq` with `hash`; a mismatch, or null when they all agree. */
  const compare = (seq: bigint, hash: string): BrokenLink | null => {
    for (; next < pending.length && BigInt((pending[next] as ChainCheckpoint).seq) === seq; next += 1) {
      const checkpoint = pending[next] as ChainCheckpoint;
      if (checkpoint.head !== hash) return checkpointMismatch(checkpoint, hash);
      matched += 1;
      lastMatched = checkpoint;
    }
    return null;
  };

  let prev = GENESIS_HASH;
  let expected = 1n;
  if (from !== undefined) {
    const start = BigInt(from.seq);
    if (start > endSeq) return result(shorterThan(from, endSeq));
    if (start > 0n) {
      const [event] = await readAuditBatch(sql, (start - 1n).toString(), from.seq, 1);
      if (!event || event.seq !== from.seq) return result({ seq: from.seq, reason: 'gap in seq', detail: `seq ${from.seq} is missing` });
      if (hex(event.hash) !== from.head) return result(checkpointMismatch(from, hex(event.hash)));
      prev = event.hash;
      head = { seq: event.seq, hash: hex(event.hash) };
      expected = start + 1n;
    } else if (from.head !== GENESIS_HEX) {
      return result(checkpointMismatch(from, GENESIS_HEX));
    }
  }
  const atGenesis = compare(0n, GENESIS_HEX);
  if (atGenesis) return result(atGenesis);

  while (expected <= endSeq) {
    const batch = await readAuditBatch(sql, (expected - 1n).toString(), endSeq.toString(), batchSize);
    for (const event of batch) {
      const broken = checkLink(event, expected, prev, algorithmAt(expected.toString(), sha256FromSeq));
      if (broken) return result(broken);
      prev = event.hash;
      head = { seq: event.seq, hash: hex(event.hash) };
      expected += 1n;
      verified += 1;
      const diverges = compare(BigInt(event.seq), head.hash);
      if (diverges) return result(diverges);
    }
    if (batch.length < batchSize) break;
  }
  if (expected - 1n !== endSeq) {
    // Only reachable if rows vanish while we read: report the first one we did not see.
    return result({ seq: expected.toString(), reason: 'gap in seq', detail: `seq ${expected} is missing` });
  }
  const beyond = pending[next];
  if (beyond !== undefined) return result(shorterThan(beyond, endSeq));
  return result(null);
}

/** One line for people: the verdict, how far it got, and the head hash to compare with a copy kept elsewhere. */
export function describeVerification(result: AuditVerification): string {
  const anchored = result.checkpoints;
  if (result.ok) {
    const base = result.head === null ? 'audit log intact: empty (no events yet)' : `audit log intact: ${result.verified} events verified from genesis; head seq ${result.head.seq}, hash ${result.head.hash}`;
    if (!anchored) return base;
    const newest = anchored.lastMatched;
    return `${base}; matches ${anchored.matched} checkpoint${anchored.matched === 1 ? '' : 's'}${newest ? `, the newest of seq ${newest.seq} signed at ${newest.at}` : ''}`;
  }
  const broken = result.broken as BrokenLink;
  if (broken.checkpoint) {
    const last = anchored?.lastMatched;
    const since = last ? `the last checkpoint it matches is of seq ${last.seq} signed at ${last.at}` : 'it matches no earlier checkpoint';
    const what = broken.reason === 'checkpoint mismatch' ? `events up to seq ${broken.seq} were changed after ${broken.checkpoint.at}` : `events up to seq ${broken.seq} were removed after ${broken.checkpoint.at}`;
    return `audit log DIVERGES from the checkpoint of seq ${broken.seq}: ${broken.reason} (${broken.detail}); ${what}; ${since}; ${result.verified} events verified`;
  }
  return `audit log BROKEN at seq ${broken.seq}: ${broken.reason} (${broken.detail}); ${result.verified} events before it verified`;
}
