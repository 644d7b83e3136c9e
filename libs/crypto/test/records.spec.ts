/**
 * Signed records and payloads: property round trips over arbitrary JSON, padding that hides
 * lengths, canonical serialisation, authorship.
 */
import fc from 'fast-check';
import {
  type JsonValue,
  canonicalJson,
  decryptFileMeta,
  decryptRecord,
  encryptFileMeta,
  encryptRecord,
  fromBase64Url,
  generateCaseKey,
  generateIdentityKeys,
  kidOf,
  ready,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

const record = { caseId: 'case-1', recordId: 'rec-1', recordKind: 'message' };
const json: fc.Arbitrary<JsonValue> = fc.jsonValue() as fc.Arbitrary<JsonValue>;

function ciphertextBytes(text: string): number {
  return fromBase64Url(text.split('.')[3] ?? '', 'ct').length;
}

describe('records', () => {
  it('round-trip any JSON value', () => {
    const caseKey = generateCaseKey();
    const author = generateIdentityKeys();
    fc.assert(
      fc.property(json, (body) => {
        const stored = encryptRecord(caseKey, record, body, author);
        expect(canonicalJson(decryptRecord(caseKey, record, stored, author.signPk))).toBe(canonicalJson(body));
      }),
      { numRuns: 300 },
    );
  });

  it('pad to 256-byte blocks: ciphertext length = 256·ceil((64 + json + 1) / 256) + 16', () => {
    const caseKey = generateCaseKey();
    const author = generateIdentityKeys();
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        const jsonLength = new TextEncoder().encode(canonicalJson({ text })).length;
        const stored = encryptRecord(caseKey, record, { text }, author);
        expect(ciphertextBytes(stored.ciphertext)).toBe(256 * Math.ceil((64 + jsonLength + 1) / 256) + 16);
      }),
      { numRuns: 200 },
    );
    const short = encryptRecord(caseKey, record, { text: 'a' }, author);
    const longer = encryptRecord(caseKey, record, { text: 'a'.repeat(150) }, author);
    expect(ciphertextBytes(short.ciphertext)).toBe(ciphertextBytes(longer.ciphertext));
  });

  it('serialise canonically: sorted keys, no whitespace, one form per value', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true, '': -0.5 })).toBe('{"":-0.5,"a":true,"b":[1,{"c":"x","d":null}]}');
    expectCode(() => canonicalJson({ a: Number.NaN }), 'invalid_input');
    expectCode(() => canonicalJson({ a: undefined } as unknown as JsonValue), 'invalid_input');
    expectCode(() => canonicalJson(new Date() as unknown as JsonValue), 'invalid_input');
  });

  it('use a fresh nonce each time', () => {
    const caseKey = generateCaseKey();
    const author = generateIdentityKeys();
    const a = encryptRecord(caseKey, record, { same: 1 }, author);
    const b = encryptRecord(caseKey, record, { same: 1 }, author);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.authorKid).toBe(kidOf(author.signPk));
  });

  it('refuse the wrong author key and a forged author label', () => {
    const caseKey = generateCaseKey();
    const author = generateIdentityKeys();
    const other = generateIdentityKeys();
    const stored = encryptRecord(caseKey, record, { a: 1 }, author);
    expectCode(() => decryptRecord(caseKey, record, stored, other.signPk), 'wrong_key');
    const forged = encryptRecord(caseKey, record, { a: 1 }, other);
    expectCode(() => decryptRecord(caseKey, record, { ...forged, authorKid: stored.authorKid }, author.signPk), 'bad_signature');
    expectCode(() => decryptRecord(caseKey, record, { ...stored, authorKid: 'not a kid' }, author.signPk), 'bad_encoding');
  });
});

describe('file metadata', () => {
  it('round-trips and validates its members', () => {
    const caseKey = generateCaseKey();
    const file = { caseId: 'case-1', fileId: 'file-1' };
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 60 }), fc.nat(), (name, type, size) => {
        expect(decryptFileMeta(caseKey, file, encryptFileMeta(caseKey, file, { name, type, size }))).toEqual({ name, type, size });
      }),
      { numRuns: 100 },
    );
    expectCode(() => encryptFileMeta(caseKey, file, { name: 'a', type: 'b', size: -1 }), 'invalid_input');
    expectCode(() => encryptFileMeta(caseKey, file, { name: 'a', type: 'b', size: 1.5 }), 'invalid_input');
  });
});
