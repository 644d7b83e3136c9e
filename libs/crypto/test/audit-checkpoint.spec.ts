/**
 * Audit checkpoints (SPEC.md §16): the exact signed bytes, the key file, and every way a reader
 * refuses a checkpoint that is malformed, signed by a key it did not pin, or altered.
 */
import { toBase64Url } from '../src/encoding';
import {
  type AuditCheckpoint,
  auditCheckpointMessage,
  checkpointTime,
  exportAuditCheckpointKeys,
  generateAuditCheckpointKeys,
  importAuditCheckpointKeys,
  parseAuditCheckpoint,
  parseSignPublicKey,
  ready,
  signAuditCheckpoint,
  verifyAuditCheckpoint,
} from '../src/index';
import { lib } from '../src/sodium';
import { expectCode } from './helpers';

beforeAll(() => ready());

const statement = { instance: 'ashar.example.org', seq: '1234', head: 'e84e32b041e5b7024233f0223778493d93dc8d8a3208e5a505e03e3f38cb0ab6', at: '2030-06-01T00:00:00Z' };

describe('audit checkpoints', () => {
  it('signs exactly "ashar/v1|audit-checkpoint|instance|seq|head|at" with Ed25519', () => {
    const keys = generateAuditCheckpointKeys();
    const checkpoint = signAuditCheckpoint(keys, statement);
    const message = `ashar/v1|audit-checkpoint|ashar.example.org|1234|${statement.head}|2030-06-01T00:00:00Z`;
    expect(new TextDecoder().decode(auditCheckpointMessage(statement))).toBe(message);
    expect(checkpoint).toEqual({ v: 1, ...statement, publicKey: toBase64Url(keys.signPk), signature: checkpoint.signature });
    const signature = Uint8Array.from(Buffer.from(checkpoint.signature, 'base64url'));
    expect(lib().crypto_sign_verify_detached(signature, new TextEncoder().encode(message), keys.signPk)).toBe(true);
    expect(verifyAuditCheckpoint(JSON.parse(JSON.stringify(checkpoint)), [keys.signPk])).toEqual(checkpoint);
  });

  it('keeps the key as ack1.<seed> and reads it back to the same key pair', () => {
    const keys = generateAuditCheckpointKeys();
    const text = exportAuditCheckpointKeys(keys);
    expect(text).toMatch(/^ack1\.[A-Za-z0-9_-]{43}$/);
    const back = importAuditCheckpointKeys(`${text}\n`);
    expect(back.signPk).toEqual(keys.signPk);
    expect(back.signSk).toEqual(keys.signSk);
    expectCode(() => importAuditCheckpointKeys(text.replace('ack1.', 'rk1.')), 'bad_prefix');
    expectCode(() => importAuditCheckpointKeys(`${text}.x`), 'bad_encoding');
    expectCode(() => importAuditCheckpointKeys(`ack1.${toBase64Url(new Uint8Array(31))}`), 'bad_length');
  });

  it('accepts seq 0 (an empty log) and the largest bigint, and refuses other forms when signing', () => {
    const keys = generateAuditCheckpointKeys();
    expect(signAuditCheckpoint(keys, { ...statement, seq: '0' }).seq).toBe('0');
    expect(signAuditCheckpoint(keys, { ...statement, seq: '9223372036854775807' }).seq).toBe('9223372036854775807');
    for (const bad of [{ seq: '01' }, { seq: '-1' }, { seq: '9223372036854775808' }, { head: statement.head.toUpperCase() }, { head: 'ab' }, { at: '2030-06-01T00:00:00.000Z' }, { at: '2030-02-30T00:00:00Z' }, { instance: 'a|b' }, { instance: '' }]) {
      expectCode(() => signAuditCheckpoint(keys, { ...statement, ...bad }), 'invalid_input');
    }
    expect(checkpointTime(new Date('2030-06-01T00:00:00.999Z'))).toBe('2030-06-01T00:00:00Z');
  });

  describe('a reader', () => {
    const keys = () => generateAuditCheckpointKeys();

    it('refuses a checkpoint of another version or shape', () => {
      const k = keys();
      const good = signAuditCheckpoint(k, statement);
      expectCode(() => parseAuditCheckpoint({ ...good, v: 2 }), 'bad_prefix');
      expectCode(() => parseAuditCheckpoint('not an object'), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint([good]), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint({ ...good, extra: 1 }), 'bad_encoding');
      const { at: _at, ...missing } = good;
      expectCode(() => parseAuditCheckpoint(missing), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint({ ...good, seq: 1234 }), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint({ ...good, head: good.head.toUpperCase() }), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint({ ...good, publicKey: `${good.publicKey}=` }), 'bad_encoding');
      expectCode(() => parseAuditCheckpoint({ ...good, publicKey: toBase64Url(new Uint8Array(31)) }), 'bad_length');
      expectCode(() => parseAuditCheckpoint({ ...good, signature: toBase64Url(new Uint8Array(63)) }), 'bad_length');
    });

    it('refuses a key it did not pin before it checks the signature', () => {
      const signer = keys();
      const pinned = keys();
      const checkpoint = signAuditCheckpoint(signer, statement);
      expectCode(() => verifyAuditCheckpoint(checkpoint, [pinned.signPk]), 'wrong_key');
      expectCode(() => verifyAuditCheckpoint(checkpoint, []), 'wrong_key');
      expect(verifyAuditCheckpoint(checkpoint, [pinned.signPk, signer.signPk]).seq).toBe('1234');
    });

    it('refuses every changed field, and a checkpoint re-signed under another key with the pinned key named', () => {
      const k = keys();
      const good = signAuditCheckpoint(k, statement);
      const changed: AuditCheckpoint[] = [
        { ...good, instance: 'other.example.org' },
        { ...good, seq: '1235' },
        { ...good, head: `${good.head.slice(0, 63)}7` },
        { ...good, at: '2030-06-01T00:00:01Z' },
      ];
      for (const checkpoint of changed) expectCode(() => verifyAuditCheckpoint(checkpoint, [k.signPk]), 'bad_signature');
      const forger = keys();
      const forged = { ...signAuditCheckpoint(forger, { ...statement, head: '0'.repeat(64) }), publicKey: good.publicKey };
      expectCode(() => verifyAuditCheckpoint(forged, [parseSignPublicKey(good.publicKey)]), 'bad_signature');
    });
  });
});
