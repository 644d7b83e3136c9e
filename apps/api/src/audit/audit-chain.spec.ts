/**
 * The chain's canonical form and hash, pinned byte for byte: a second implementation (an
 * auditor's own script) must reproduce these values from docs/decisions.md alone.
 */
import sodium from 'libsodium-wrappers-sumo';
import { type ChainedAuditEvent, GENESIS_HASH, GENESIS_LABEL, auditChainReady, canonicalAuditEvent, chainHash } from './audit-chain';

const first: ChainedAuditEvent = {
  seq: '1',
  occurred_at: '2025-01-02T03:04:05.678901Z',
  actor_kind: 'staff',
  actor_id: 'staff-1',
  action: 'desk.key_granted',
  subject_type: 'desk',
  subject_id: 'desk-legal',
  data: { version: 3, rotated: true, memberIds: ['m-1', 'm-2'] },
};
const second: ChainedAuditEvent = {
  seq: '2',
  occurred_at: '2025-01-02T03:04:06.000000Z',
  actor_kind: 'anonymous',
  actor_id: null,
  action: 'auth.sign_in_failed',
  subject_type: null,
  subject_id: null,
  data: {},
};
const FIRST_JSON =
  '{"action":"desk.key_granted","actor_id":"staff-1","actor_kind":"staff","data":{"memberIds":["m-1","m-2"],"rotated":true,"version":3},' +
  '"occurred_at":"2025-01-02T03:04:05.678901Z","seq":"1","subject_id":"desk-legal","subject_type":"desk"}';
const SECOND_JSON = '{"action":"auth.sign_in_failed","actor_id":null,"actor_kind":"anonymous","data":{},"occurred_at":"2025-01-02T03:04:06.000000Z","seq":"2","subject_id":null,"subject_type":null}';
const FIRST_HASH = 'd3a4b2463d3b94b70e61e1de7ab7e01366a03aee50eee24103c788e8189136e9';
const SECOND_HASH = 'b26006b3503e1be16d1cb106f95a0cdaa35da338d2e5308995fc35cdb41566bc';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

beforeAll(() => auditChainReady());

describe('audit chain', () => {
  it('starts from BLAKE2b-256 of its genesis label', () => {
    expect(hex(GENESIS_HASH)).toBe(hex(sodium.crypto_generichash(32, sodium.from_string(GENESIS_LABEL), null)));
    expect(GENESIS_LABEL).toBe('ashar/v1|audit|genesis');
  });

  it('serialises an event as sorted-key JSON of its stored fields', () => {
    expect(canonicalAuditEvent(first)).toBe(FIRST_JSON);
    expect(canonicalAuditEvent(second)).toBe(SECOND_JSON);
  });

  it('hashes BLAKE2b-256(previous hash || canonical event), pinned', () => {
    const h1 = chainHash(GENESIS_HASH, first);
    expect(hex(h1)).toBe(hex(sodium.crypto_generichash(32, Buffer.concat([GENESIS_HASH, Buffer.from(FIRST_JSON)]), null)));
    expect(hex(h1)).toBe(FIRST_HASH);
    expect(hex(chainHash(h1, second))).toBe(SECOND_HASH);
  });

  it('changes with every field and with the previous hash', () => {
    const base = hex(chainHash(GENESIS_HASH, first));
    const variants: ChainedAuditEvent[] = [
      { ...first, seq: '2' },
      { ...first, occurred_at: '2025-01-02T03:04:05.678902Z' },
      { ...first, actor_kind: 'requester' },
      { ...first, actor_id: 'staff-2' },
      { ...first, action: 'desk.key_rotated' },
      { ...first, subject_type: 'case' },
      { ...first, subject_id: 'desk-medical' },
      { ...first, data: { ...first.data, version: 4 } },
    ];
    for (const variant of variants) expect(hex(chainHash(GENESIS_HASH, variant))).not.toBe(base);
    expect(hex(chainHash(new Uint8Array(32), first))).not.toBe(base);
  });

  it('refuses a seq or time not in canonical form, and a previous hash of the wrong size', () => {
    expect(() => canonicalAuditEvent({ ...first, seq: '01' })).toThrow('seq');
    expect(() => canonicalAuditEvent({ ...first, occurred_at: '2025-01-02T03:04:05.678Z' })).toThrow('occurred_at');
    expect(() => chainHash(new Uint8Array(31), first)).toThrow('32 bytes');
  });
});
