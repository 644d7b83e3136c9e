/**
 * Verification logic over an in-memory log: every kind of broken link is found at the right
 * seq, reading goes batch by batch, and the verdict line names the seq and the reason.
 */
import { type ChainedAuditEvent, GENESIS_HASH, algorithmAt, auditChainReady, chainHash } from './audit-chain';
import { type Sql, type StoredAuditEvent } from './audit.repository';
import { type ChainCheckpoint, GENESIS_HEX, describeVerification, verifyAuditChain } from './audit-verify';

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

/** The log with event `index` changed by `change` and every link from it on recomputed, as the database owner could. */
function rewritten(log: StoredAuditEvent[], index: number, change: Partial<ChainedAuditEvent>): StoredAuditEvent[] {
  const copy = log.map((e) => ({ ...e }));
  let prev = index === 0 ? GENESIS_HASH : copy[index - 1]!.hash;
  for (let i = index; i < copy.length; i += 1) {
    const event: ChainedAuditEvent = { ...copy[i]!, ...(i === index ? change : {}) };
    const hash = linkOf(prev, event);
    copy[i] = { ...(event as StoredAuditEvent), prev_hash: prev, hash };
    prev = hash;
  }
  return copy;
}

const checkpointOf = (log: StoredAuditEvent[], seq: number, at = `2025-01-0${seq % 9}T00:00:00Z`): ChainCheckpoint => ({ seq: String(seq), head: Buffer.from(log[seq - 1]!.hash).toString('hex'), at });

describe('verifyAuditChain against checkpoints', () => {
  it('matches every checkpoint of an intact log, in any order, the genesis one too', async () => {
    const log = buildLog(10);
    const checkpoints = [checkpointOf(log, 7), checkpointOf(log, 3), { seq: '0', head: GENESIS_HEX, at: '2025-01-01T00:00:00Z' }, checkpointOf(log, 10)];
    const result = await verifyAuditChain(memorySql(log), { batchSize: 4, checkpoints });
    expect(result).toMatchObject({ ok: true, verified: 10, broken: null, checkpoints: { matched: 4, lastMatched: { seq: '10' } } });
    expect(describeVerification(result)).toBe(
      `audit log intact: 10 events verified from genesis; head seq 10, hash ${checkpoints[3]!.head}; matches 4 checkpoints, the newest of seq 10 signed at ${checkpoints[3]!.at}`,
    );
  });

  it('finds an event rewritten with every later link recomputed, which the chain alone accepts', async () => {
    const log = buildLog(10);
    const checkpoints = [checkpointOf(log, 2), checkpointOf(log, 6), checkpointOf(log, 9)];
    const forged = rewritten(log, 4, { actor_id: 'someone-else' });
    expect(await verifyAuditChain(memorySql(forged))).toMatchObject({ ok: true });
    const result = await verifyAuditChain(memorySql(forged), { batchSize: 3, checkpoints });
    expect(result).toMatchObject({ ok: false, verified: 6, broken: { seq: '6', reason: 'checkpoint mismatch', checkpoint: checkpoints[1] }, checkpoints: { matched: 1, lastMatched: checkpoints[0] } });
    const actual = Buffer.from(forged[5]!.hash).toString('hex');
    expect(describeVerification(result)).toBe(
      `audit log DIVERGES from the checkpoint of seq 6: checkpoint mismatch (the chain's hash at seq 6 is ${actual}, the checkpoint signed at ${checkpoints[1]!.at} says ${checkpoints[1]!.head}); ` +
        `events up to seq 6 were changed after ${checkpoints[1]!.at}; the last checkpoint it matches is of seq 2 signed at ${checkpoints[0]!.at}; 6 events verified`,
    );
  });

  it('finds the newest events removed by the log ending before a checkpoint', async () => {
    const log = buildLog(8);
    const checkpoints = [checkpointOf(log, 8)];
    const result = await verifyAuditChain(memorySql(log.slice(0, 5)), { checkpoints });
    expect(result).toMatchObject({ ok: false, verified: 5, broken: { seq: '8', reason: 'shorter than a checkpoint' }, checkpoints: { matched: 0, lastMatched: null } });
    expect(describeVerification(result)).toContain('events up to seq 8 were removed after');
    expect(describeVerification(result)).toContain('it matches no earlier checkpoint');
    expect(await verifyAuditChain(memorySql([]), { checkpoints })).toMatchObject({ ok: false, broken: { seq: '8', reason: 'shorter than a checkpoint' } });
  });

  it('reports a broken link before a later checkpoint, and two checkpoints of one seq that disagree', async () => {
    const log = buildLog(6);
    const changed = log.map((e) => ({ ...e }));
    changed[1] = { ...changed[1]!, subject_id: 'case-other' };
    expect(await verifyAuditChain(memorySql(changed), { checkpoints: [checkpointOf(log, 5)] })).toMatchObject({ broken: { seq: '2', reason: 'hash mismatch' } });
    const twin = { ...checkpointOf(log, 4), head: '0'.repeat(64) };
    expect(await verifyAuditChain(memorySql(log), { checkpoints: [checkpointOf(log, 4), twin] })).toMatchObject({ broken: { seq: '4', reason: 'checkpoint mismatch', checkpoint: twin } });
    expect(await verifyAuditChain(memorySql(log), { checkpoints: [{ seq: '0', head: '1'.repeat(64), at: '2025-01-01T00:00:00Z' }] })).toMatchObject({ broken: { seq: '0', reason: 'checkpoint mismatch' } });
  });

  it('extends a checkpoint: verifies only the events after it, and refuses a start that no longer matches', async () => {
    const log = buildLog(9);
    const reads: { after: string; limit: number }[] = [];
    const from = checkpointOf(log, 6);
    expect(await verifyAuditChain(memorySql(log, reads), { from, batchSize: 10 })).toMatchObject({ ok: true, verified: 3, head: { seq: '9' } });
    expect(reads).toEqual([
      { after: '5', limit: 1 },
      { after: '6', limit: 10 },
    ]);
    expect(await verifyAuditChain(memorySql(log), { from: checkpointOf(log, 9) })).toMatchObject({ ok: true, verified: 0, head: { seq: '9' } });
    expect(await verifyAuditChain(memorySql(rewritten(log, 2, { action: 'case.exported' })), { from })).toMatchObject({ ok: false, broken: { seq: '6', reason: 'checkpoint mismatch' } });
    expect(await verifyAuditChain(memorySql(log.slice(0, 4)), { from })).toMatchObject({ ok: false, broken: { seq: '6', reason: 'shorter than a checkpoint' } });
    expect(await verifyAuditChain(memorySql(log), { from: { seq: '0', head: GENESIS_HEX, at: '2025-01-01T00:00:00Z' } })).toMatchObject({ ok: true, verified: 9 });
  });
});
