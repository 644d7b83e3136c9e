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
  publicKeysOf,
  ready,
  receiptSalt,
  signChallenge,
  verifyChallenge,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const crockford = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 20, maxLength: 20 });

describe('receipt codes', () => {
  it('are 20 Crockford characters in groups of four, using the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const code = generateReceiptCode();
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

  it('refuse wrong lengths and characters', () => {
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
