/**
 * Verification logic over an in-memory log: every kind of broken link is found at the right
 * seq, reading goes batch by batch, and the verdict line names the seq and the reason.
 */
import { type ChainedAuditEvent, GENESIS_HASH, algorithmAt, auditChainReady, chainHash } from './audit-chain';
import { type Sql, type StoredAuditEvent } from './audit.repository';
import { describeVerification, verifyAuditChain } from './audit-verify';

/** The in-memory logs switch from BLAKE2b-256 to SHA-256 links at this seq, as a log begun before the cut-over does. */
const SHA256_FROM = '4';
const linkOf = (prev: Uint8Array, event: ChainedAuditEvent) => chainHash(prev, event, algorithmAt(event.seq, SHA256_FROM));

function buildLog(length: number): StoredAuditEvent[] {
  const log: StoredAuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let n = 1; n <= length; n += 1) {
    const event: ChainedAuditEvent = {
      seq: String(n),
      occurred_at: `2025-01-02T03:04:${String(n % 60).padStart(2, '0')}.000000Z`,
      actor_kind: 'staff',
      actor_id: `staff-${n % 3}`,
      action: 'case.read',
      subject_type: 'case',
      subject_id: `case-${n}`,
      data: {},
    };
    const hash = linkOf(prev, event);
    log.push({ ...event, prev_hash: prev, hash });
    prev = hash;
  }
  return log;
}

/** A Sql that answers the queries verification makes, from `log`, and records the batch reads. */
function memorySql(log: StoredAuditEvent[], reads: { after: string; limit: number }[] = []): Sql {
  return async (text, params = []) => {
    if (text.includes('sha256_from')) return [{ seq: SHA256_FROM }];
    if (text.includes('max(seq)')) return [{ seq: log.length === 0 ? null : log.reduce((m, e) => (BigInt(e.seq) > BigInt(m) ? e.seq : m), '0') }];
    const [after, upTo, limit] = params as [string, string, number];
    reads.push({ after, limit });
    return log
      .filter((e) => BigInt(e.seq) > BigInt(after) && BigInt(e.seq) <= BigInt(upTo))
      .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
      .slice(0, limit) as unknown as Record<string, unknown>[];
  };
}

beforeAll(() => auditChainReady());

describe('verifyAuditChain', () => {
  it('accepts an empty log and an intact one, reading in batches', async () => {
    expect(await verifyAuditChain(memorySql([]))).toEqual({ ok: true, verified: 0, head: null, broken: null });
    const log = buildLog(10);
    const reads: { after: string; limit: number }[] = [];
    const result = await verifyAuditChain(memorySql(log, reads), { batchSize: 4 });
    expect(result).toEqual({ ok: true, verified: 10, head: { seq: '10', hash: Buffer.from(log[9]!.hash).toString('hex') }, broken: null });
    expect(reads).toEqual([
      { after: '0', limit: 4 },
      { after: '4', limit: 4 },
      { after: '8', limit: 4 },
    ]);
  });

  it('finds an altered field as a hash mismatch at its seq', async () => {
    const log = buildLog(10);
    log[6] = { ...log[6]!, subject_id: 'case-other' };
    const result = await verifyAuditChain(memorySql(log), { batchSize: 3 });
    expect(result).toMatchObject({ ok: false, verified: 6, head: { seq: '6' }, broken: { seq: '7', reason: 'hash mismatch' } });
    expect(describeVerification(result)).toBe('audit log BROKEN at seq 7: hash mismatch (the stored fields of seq 7 do not hash to its stored hash); 6 events before it verified');
  });

  it('accepts each link only under the algorithm of its seq', async () => {
    const log = buildLog(6);
    expect((await verifyAuditChain(memorySql(log))).ok).toBe(true);
    // seq 5 (after the cut-over) linked with BLAKE2b-256, and seq 2 (before it) with SHA-256: both refused.
    for (const [index, algorithm] of [
      [4, 'blake2b-256'],
      [1, 'sha-256'],
    ] as const) {
      const copy = buildLog(6);
      copy[index] = { ...copy[index]!, hash: chainHash(copy[index]!.prev_hash, copy[index]!, algorithm) };
      expect(await verifyAuditChain(memorySql(copy))).toMatchObject({ ok: false, broken: { seq: String(index + 1), reason: 'hash mismatch' } });
    }
  });

  it('finds a rewritten event with a recomputed hash at the next seq', async () => {
    const log = buildLog(5);
    const forged: ChainedAuditEvent = { ...log[2]!, actor_id: 'someone-else' };
    log[2] = { ...forged, prev_hash: log[2]!.prev_hash, hash: linkOf(log[2]!.prev_hash, forged) };
    expect(await verifyAuditChain(memorySql(log))).toMatchObject({ ok: false, broken: { seq: '4', reason: 'prev_hash mismatch' } });
  });

  it('finds a deleted event as a gap, including the first and across a batch boundary', async () => {
    const log = buildLog(9);
    expect(await verifyAuditChain(memorySql(log.filter((e) => e.seq !== '5')), { batchSize: 4 })).toMatchObject({
      ok: false,
      verified: 4,
      broken: { seq: '5', reason: 'gap in seq', detail: 'seq 5 is missing (the next event is seq 6)' },
    });
    expect(await verifyAuditChain(memorySql(log.slice(1)))).toMatchObject({ ok: false, verified: 0, head: null, broken: { seq: '1', reason: 'gap in seq' } });
  });

  it('refuses a first event that does not start from genesis', async () => {
    const log = buildLog(2);
    const alien: ChainedAuditEvent = log[0]!;
    const other = new Uint8Array(32).fill(7);
    log[0] = { ...alien, prev_hash: other, hash: linkOf(other, alien) };
    expect(await verifyAuditChain(memorySql(log))).toMatchObject({ ok: false, broken: { seq: '1', reason: 'prev_hash mismatch' } });
  });

  it('reports fields that cannot be serialised as a hash mismatch instead of crashing', async () => {
    const log = buildLog(3);
    log[1] = { ...log[1]!, data: { huge: Number.POSITIVE_INFINITY } };
    expect(await verifyAuditChain(memorySql(log))).toMatchObject({ ok: false, broken: { seq: '2', reason: 'hash mismatch' } });
  });

  it('describes an intact log with its head hash', async () => {
    const log = buildLog(2);
    expect(describeVerification(await verifyAuditChain(memorySql(log)))).toBe(
      `audit log intact: 2 events verified from genesis; head seq 2, hash ${Buffer.from(log[1]!.hash).toString('hex')}`,
    );
    expect(describeVerification(await verifyAuditChain(memorySql([])))).toBe('audit log intact: empty (no events yet)');
  });
});
