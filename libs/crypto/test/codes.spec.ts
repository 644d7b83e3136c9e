/**
 * Receipt and recovery codes, requester key derivation and login challenges.
 */
import fc from 'fast-check';
import {
  RECEIPT_ARGON2,
  deriveRequesterKeys,
  generateChallenge,
  generateReceiptCode,
  normaliseReceiptCode,
  normaliseRecoveryCode,
  preferredReceiptCodeVersion,
  publicKeysOf,
  ready,
  receiptCodeVersion,
  receiptSalt,
  signChallenge,
  verifyChallenge,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const crockford = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 20, maxLength: 20 });

describe('receipt codes', () => {
  it('are 20 Crockford characters in groups of four (version 1), using the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const code = generateReceiptCode(1);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      for (const char of code.replace(/-/g, '')) seen.add(char);
    }
    expect(seen.size).toBe(32);
  });

  it('normalise case, separators and look-alikes to the same code', () => {
    fc.assert(
      fc.property(crockford, fc.boolean(), (chars, lower) => {
        const grouped = chars.match(/.{4}/g)?.join('-') ?? '';
        const typed = (lower ? chars.toLowerCase() : chars).replace(/0/g, 'O').replace(/1/g, lower ? 'l' : 'I').split('').join(lower ? ' ' : '');
        expect(normaliseReceiptCode(typed)).toBe(grouped);
        expect(normaliseReceiptCode(grouped)).toBe(grouped);
      }),
      { numRuns: 200 },
    );
  });

  it('of version 2 are 24 characters in six groups, and a code says its version by its length', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const code = generateReceiptCode(2);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
      expect(receiptCodeVersion(code)).toBe(2);
      expect(normaliseReceiptCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
      for (const char of code.replace(/-/g, '')) seen.add(char);
    }
    expect(seen.size).toBe(32);
    expect(receiptCodeVersion('abcd efgh jkmn pqrs tv01')).toBe(1);
    expectCode(() => generateReceiptCode(3 as 2), 'invalid_input');
  });

  it('are made in version 2 on both backends (version 1 only on request)', async () => {
    try {
      await ready({ backend: 'libsodium' });
      expect(preferredReceiptCodeVersion()).toBe(2);
      expect(receiptCodeVersion(generateReceiptCode())).toBe(2);
      expect(receiptCodeVersion(generateReceiptCode(1))).toBe(1);
      await ready({ backend: 'pure' });
      expect(preferredReceiptCodeVersion()).toBe(2);
      expect(receiptCodeVersion(generateReceiptCode())).toBe(2);
    } finally {
      await ready({ backend: 'libsodium' });
    }
  });

  it('refuse wrong lengths and characters', () => {
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000-0000-000'), 'bad_length');
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000-0000-0000-0'), 'bad_length');
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000-0000-000U'), 'bad_encoding');
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000-000U'), 'bad_encoding');
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000-000*'), 'bad_encoding');
    expectCode(() => normaliseReceiptCode('0000-0000-0000-0000'), 'bad_length');
    expectCode(() => normaliseReceiptCode(''), 'bad_length');
    expectCode(() => normaliseRecoveryCode('0000-0000-0000-0000-0000'), 'bad_length');
  });
});

describe('requester keys', () => {
  it('derive the same keys from a loosely typed code, different keys per instance and code', () => {
    const a = deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV01', 'ashar.test');
    const b = deriveRequesterKeys('abcd efgh jkmn pqrs tvol', 'ashar.test');
    const c = deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV01', 'other.test');
    const d = deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV02', 'ashar.test');
    expect(publicKeysOf(a)).toEqual(publicKeysOf(b));
    expect(publicKeysOf(a).signKid).not.toBe(publicKeysOf(c).signKid);
    expect(publicKeysOf(a).signKid).not.toBe(publicKeysOf(d).signKid);
    expect(a.encPk).not.toEqual(a.signPk);
    expect(receiptSalt('ashar.test')).toHaveLength(16);
    expect(RECEIPT_ARGON2).toEqual({ opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 });
  });

  it('of version 2 come from keyed BLAKE2b: the same on both backends, per instance, unrelated to version 1', async () => {
    const code = 'ABCD-EFGH-JKMN-PQRS-TV01-2345';
    try {
      await ready({ backend: 'libsodium' });
      const wasm = publicKeysOf(deriveRequesterKeys(code, 'ashar.test'));
      expect(publicKeysOf(deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV01', 'ashar.test')).signKid).not.toBe(wasm.signKid);
      await ready({ backend: 'pure' });
      const pure = publicKeysOf(deriveRequesterKeys('abcd efgh jkmn pqrs tvo1 2345', 'ashar.test'));
      expect(pure).toEqual(wasm);
      expect(publicKeysOf(deriveRequesterKeys(code, 'other.test')).signKid).not.toBe(wasm.signKid);
    } finally {
      await ready({ backend: 'libsodium' });
    }
  });

  it('sign a challenge the server can verify, and nothing else', () => {
    const keys = deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV01', 'ashar.test');
    const challenge = generateChallenge();
    const signature = signChallenge(keys, 'ashar.test', challenge);
    expect(() => verifyChallenge(keys.signPk, 'ashar.test', challenge, signature)).not.toThrow();
    expectCode(() => verifyChallenge(keys.signPk, 'ashar.test', generateChallenge(), signature), 'bad_signature');
    expectCode(() => verifyChallenge(keys.signPk, 'other.test', challenge, signature), 'bad_signature');
    expectCode(() => verifyChallenge(keys.signPk, 'ashar.test', challenge, signature.slice(1)), 'bad_encoding');
    expectCode(() => verifyChallenge(keys.signPk, 'ashar.test', 'AAAA', signature), 'bad_length');
  });
});
