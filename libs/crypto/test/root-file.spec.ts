/**
 * The root key file (`rkp1.`, SPEC.md §8.1): round trip, passphrase rules, and every way a
 * reader refuses a wrong passphrase or an altered file.
 */
import { aeadEncrypt } from '../src/aead';
import { fromBase64Url, toBase64Url } from '../src/encoding';
import { randomBytes } from '../src/random';
import { passwordKek } from '../src/vault';
import {
  ROOT_ARGON2,
  ROOT_PASSPHRASE_MIN_LENGTH,
  exportRootKeys,
  generateRootKeys,
  kidOf,
  openProtectedRootKeys,
  protectRootKeys,
  protectedRootPublicKey,
  ready,
} from '../src/index';
import { lib } from '../src/sodium';
import { FAST_ARGON2, expectCode, flipField } from './helpers';

beforeAll(() => ready());

const PASSPHRASE = 'correct horse battery staple';

function withField(text: string, index: number, value: string): string {
  const fields = text.split('.');
  fields[index] = value;
  return fields.join('.');
}

describe('protected root key (rkp1)', () => {
  it('opens with its passphrase to the same key, and shows the public key without it', () => {
    const root = generateRootKeys();
    const text = protectRootKeys(root, PASSPHRASE, FAST_ARGON2);
    expect(text).toMatch(/^rkp1\.[A-Za-z0-9_-]{43}\.1\.8388608\.[A-Za-z0-9_-]{22}\.a1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{64}$/);
    expect(protectedRootPublicKey(text)).toEqual(root.signPk);
    const opened = openProtectedRootKeys(text, PASSPHRASE);
    expect(opened.kind).toBe('root');
    expect(opened.signPk).toEqual(root.signPk);
    expect(opened.signSk).toEqual(root.signSk);
  });

  it('never holds the seed in clear and differs on every protection', () => {
    const root = generateRootKeys();
    const seed = exportRootKeys(root).slice('rk1.'.length);
    const a = protectRootKeys(root, PASSPHRASE, FAST_ARGON2);
    const b = protectRootKeys(root, PASSPHRASE, FAST_ARGON2);
    expect(a).not.toContain(seed);
    expect(a).not.toEqual(b);
    expect(openProtectedRootKeys(b, PASSPHRASE).signPk).toEqual(root.signPk);
  });

  it('normalises the passphrase to NFC', () => {
    const root = generateRootKeys();
    const text = protectRootKeys(root, 'cafe\u0301 is a long passphrase', FAST_ARGON2);
    expect(openProtectedRootKeys(text, 'caf\u00e9 is a long passphrase').signPk).toEqual(root.signPk);
  });

  it('refuses a wrong passphrase with wrong_key', () => {
    const text = protectRootKeys(generateRootKeys(), PASSPHRASE, FAST_ARGON2);
    expectCode(() => openProtectedRootKeys(text, `${PASSPHRASE}!`), 'wrong_key');
    expectCode(() => openProtectedRootKeys(text, ''), 'invalid_input');
  });

  it('refuses passphrases shorter than the minimum, counted in characters', () => {
    const root = generateRootKeys();
    expect(ROOT_PASSPHRASE_MIN_LENGTH).toBe(16);
    expectCode(() => protectRootKeys(root, 'x'.repeat(15), FAST_ARGON2), 'invalid_input');
    expectCode(() => protectRootKeys(root, '👋'.repeat(15), FAST_ARGON2), 'invalid_input');
    expect(protectedRootPublicKey(protectRootKeys(root, '👋'.repeat(16), FAST_ARGON2))).toEqual(root.signPk);
  });

  it('writes its Argon2id parameters and refuses parameters out of bounds', () => {
    const root = generateRootKeys();
    expect(ROOT_ARGON2).toEqual({ opsLimit: 3, memLimitBytes: 256 * 1024 * 1024 });
    const text = protectRootKeys(root, PASSPHRASE, { opsLimit: 2, memLimitBytes: 16 * 1024 * 1024 });
    expect(text.split('.').slice(2, 4)).toEqual(['2', '16777216']);
    expectCode(() => protectRootKeys(root, PASSPHRASE, { opsLimit: 0, memLimitBytes: 8 * 1024 * 1024 }), 'invalid_input');
  });

  it('refuses an altered public key field with wrong_ad, an altered ciphertext with tampered', () => {
    const text = protectRootKeys(generateRootKeys(), PASSPHRASE, FAST_ARGON2);
    const other = toBase64Url(generateRootKeys().signPk);
    expectCode(() => openProtectedRootKeys(withField(text, 1, other), PASSPHRASE), 'wrong_ad');
    const decode = (s: string) => fromBase64Url(s, 'test');
    expectCode(() => openProtectedRootKeys(flipField(text, 8, 3, decode, toBase64Url), PASSPHRASE), 'tampered');
    expectCode(() => openProtectedRootKeys(flipField(text, 7, 0, decode, toBase64Url), PASSPHRASE), 'tampered');
  });

  it('refuses a seed that is not the stated key with public_key_mismatch', () => {
    const stated = generateRootKeys();
    const inside = generateRootKeys();
    const salt = randomBytes(16, 'salt');
    const kek = passwordKek({ method: 'passphrase', passphrase: PASSPHRASE }, salt, FAST_ARGON2);
    const seed = lib().crypto_sign_ed25519_sk_to_seed(inside.signSk);
    const wrapped = aeadEncrypt(kek, { purpose: 'root-key', rootKid: kidOf(stated.signPk) }, seed);
    const forged = ['rkp1', toBase64Url(stated.signPk), '1', String(8 * 1024 * 1024), toBase64Url(salt), wrapped].join('.');
    expectCode(() => openProtectedRootKeys(forged, PASSPHRASE), 'public_key_mismatch');
  });

  it('checks the prefix, the fields and the parameters before any Argon2id', () => {
    const text = protectRootKeys(generateRootKeys(), PASSPHRASE, FAST_ARGON2);
    expectCode(() => openProtectedRootKeys(text.replace(/^rkp1/, 'rkp2'), PASSPHRASE), 'bad_prefix');
    expectCode(() => openProtectedRootKeys(exportRootKeys(generateRootKeys()), PASSPHRASE), 'bad_prefix');
    expectCode(() => openProtectedRootKeys(`${text}.AA`, PASSPHRASE), 'bad_encoding');
    expectCode(() => openProtectedRootKeys(withField(text, 2, '01'), PASSPHRASE), 'bad_encoding');
    expectCode(() => openProtectedRootKeys(withField(text, 2, '17'), PASSPHRASE), 'bad_encoding');
    expectCode(() => openProtectedRootKeys(withField(text, 3, String(2 * 1024 * 1024 * 1024)), PASSPHRASE), 'bad_encoding');
    expectCode(() => openProtectedRootKeys(withField(text, 4, 'AAAA'), PASSPHRASE), 'bad_length');
    expectCode(() => openProtectedRootKeys(withField(text, 1, 'AAAA'), PASSPHRASE), 'bad_length');
    expectCode(() => openProtectedRootKeys(withField(text, 5, 'a2'), PASSPHRASE), 'bad_prefix');
    expectCode(() => protectedRootPublicKey(`${text}\n`), 'bad_encoding');
  });
});
