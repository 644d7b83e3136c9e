/**
 * The chain's canonical form and hash, pinned byte for byte: a second implementation (an
 * auditor's own script) must reproduce these values from docs/decisions.md alone.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '@ashar/crypto';
import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { type ChainedAuditEvent, GENESIS_HASH, GENESIS_LABEL, algorithmAt, auditChainReady, canonicalAuditEvent, canonicalAuditParts, chainHash, joinCanonical } from './audit-chain';

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
/** BLAKE2b-256 links (the first format, before audit_chain_format.sha256_from). */
const FIRST_HASH = 'd3a4b2463d3b94b70e61e1de7ab7e01366a03aee50eee24103c788e8189136e9';
const SECOND_HASH = 'b26006b3503e1be16d1cb106f95a0cdaa35da338d2e5308995fc35cdb41566bc';
/** SHA-256 links (from sha256_from on), also checked with coreutils: (genesis bytes; FIRST_JSON) | sha256sum. */
const FIRST_SHA256 = 'e84e32b041e5b7024233f0223778493d93dc8d8a3208e5a505e03e3f38cb0ab6';
const SECOND_SHA256 = 'cfbceddb888452cfbe983dd57950e6a5e695ee5aa01c4d6ccccd08cdc807911b';

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

  it('hashes BLAKE2b-256(previous hash || canonical event) in the first format, pinned', () => {
    const h1 = chainHash(GENESIS_HASH, first, 'blake2b-256');
    expect(hex(h1)).toBe(hex(sodium.crypto_generichash(32, Buffer.concat([GENESIS_HASH, Buffer.from(FIRST_JSON)]), null)));
    expect(hex(h1)).toBe(FIRST_HASH);
    expect(hex(chainHash(h1, second, 'blake2b-256'))).toBe(SECOND_HASH);
  });

  it('hashes SHA-256(previous hash || canonical event) from the cut-over on, pinned', () => {
    const h1 = chainHash(GENESIS_HASH, first, 'sha-256');
    expect(hex(h1)).toBe(createHash('sha256').update(Buffer.concat([GENESIS_HASH, Buffer.from(FIRST_JSON)])).digest('hex'));
    expect(hex(h1)).toBe(FIRST_SHA256);
    expect(hex(chainHash(h1, second, 'sha-256'))).toBe(SECOND_SHA256);
  });

  it('links with BLAKE2b-256 before sha256_from and SHA-256 from it on', () => {
    expect(algorithmAt('1', '1')).toBe('sha-256');
    expect(algorithmAt('41', '42')).toBe('blake2b-256');
    expect(algorithmAt('42', '42')).toBe('sha-256');
    expect(algorithmAt('9007199254740993', '9007199254740992')).toBe('sha-256');
  });

  it('joins the parts PostgreSQL gets into exactly the canonical JSON of the whole event', () => {
    const id = fc.option(fc.string({ maxLength: 12 }), { nil: null });
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.record({
          action: fc.string({ minLength: 1, maxLength: 20 }),
          actor_kind: fc.string({ minLength: 1, maxLength: 10 }),
          actor_id: id,
          subject_type: id,
          subject_id: id,
          data: fc.dictionary(fc.string({ maxLength: 10 }), value, { maxKeys: 5 }),
          seq: fc.bigInt({ min: 1n, max: 10n ** 15n }).map(String),
          occurred_at: fc.date({ min: new Date('2000-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '123Z')),
        }),
        (event) => {
          const { before, after } = canonicalAuditParts(event);
          const whole = canonicalJson(event as unknown as JsonValue);
          expect(joinCanonical(before, event.occurred_at, event.seq, after)).toBe(whole);
          expect(canonicalAuditEvent(event)).toBe(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes with every field and with the previous hash', () => {
    const base = hex(chainHash(GENESIS_HASH, first, 'sha-256'));
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
    for (const variant of variants) expect(hex(chainHash(GENESIS_HASH, variant, 'sha-256'))).not.toBe(base);
    expect(hex(chainHash(new Uint8Array(32), first, 'sha-256'))).not.toBe(base);
    expect(hex(chainHash(GENESIS_HASH, first, 'blake2b-256'))).not.toBe(base);
  });

  it('refuses a seq or time not in canonical form, and a previous hash of the wrong size', () => {
    expect(() => canonicalAuditEvent({ ...first, seq: '01' })).toThrow('seq');
    expect(() => canonicalAuditEvent({ ...first, occurred_at: '2025-01-02T03:04:05.678Z' })).toThrow('occurred_at');
    expect(() => chainHash(new Uint8Array(31), first, 'sha-256')).toThrow('32 bytes');
  });
});
