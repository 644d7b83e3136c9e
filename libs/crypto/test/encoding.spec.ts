/**
 * base64url strictness (SPEC.md §2.1), ids, kids and readiness.
 */
import fc from 'fast-check';
import { buildAd, fromBase64Url, generateIdentityKeys, kidOf, parseKid, ready, toBase64Url } from '../src/index';
import { base64UrlLength } from '../src/encoding';
import { errorOf } from './helpers';
import { expectCode } from './helpers';

beforeAll(() => ready());

describe('base64url', () => {
  it('round-trips any bytes without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(text, 't')).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a string only if it is the canonical encoding of what it decodes to', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABab09_-+/= .'), maxLength: 12 }), (text) => {
        let decoded: Uint8Array | undefined;
        try {
          decoded = fromBase64Url(text, 't');
        } catch {
          decoded = undefined;
        }
        if (decoded !== undefined) expect(toBase64Url(decoded)).toBe(text);
      }),
      { numRuns: 1000 },
    );
    for (const text of ['AB', 'AQ=', 'A', 'A/A', 'AA AA', 'AAA\n']) expectCode(() => fromBase64Url(text, 't'), 'bad_encoding');
    expectCode(() => fromBase64Url('AAAA', 't', 4), 'bad_length');
  });
});

describe('base64UrlLength', () => {
  /** What a call does: the length it returns, or the code and message it throws. */
  const outcome = (fn: () => number) => {
    try {
      return { length: fn() };
    } catch {
      const error = errorOf(fn);
      return { code: error.code, message: error.message };
    }
  };

  it('accepts and refuses exactly what fromBase64Url does, with the same errors, without decoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgwBCDcdeE0489_-+/= .'), maxLength: 14 }), fc.option(fc.integer({ min: 0, max: 10 })), (text, expected) => {
        const wanted = expected ?? undefined;
        const viaDecode = outcome(() => fromBase64Url(text, 'f', wanted).length);
        expect(outcome(() => base64UrlLength(text, 'f', wanted))).toEqual(viaDecode);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the decoded length of any encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64UrlLength(toBase64Url(bytes), 'f')).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
    // Every last character of a 2- and 3-character group: only those with zero unused bits pass.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) {
      for (const group of [`A${c}`, `AA${c}`]) expect(outcome(() => base64UrlLength(group, 'f'))).toEqual(outcome(() => fromBase64Url(group, 'f').length));
    }
  });
});

describe('ids and kids', () => {
  it('build AD strings and refuse ids that could make them ambiguous', () => {
    expect(new TextDecoder().decode(buildAd('file-key', ['case-1', 'file.2']))).toBe('ashar/v1|file-key|case-1|file.2');
    for (const bad of ['', 'a|b', 'a:b', 'ü', 'a b', 'x'.repeat(2049)]) expectCode(() => buildAd('file-key', ['case-1', bad]), 'invalid_input');
  });

  it('are 22 characters and parse strictly', () => {
    const kid = kidOf(generateIdentityKeys().signPk);
    expect(kid).toHaveLength(22);
    expect(parseKid(kid)).toBe(kid);
    expectCode(() => parseKid(kid.slice(1)), 'bad_encoding');
    expectCode(() => parseKid('AAAA'), 'bad_length');
  });
});
