/**
 * The organisation root key at rest (SPEC.md §8.1): its signing seed encrypted under a
 * passphrase (Argon2id KEK, `a1` AEAD bound to the root's kid) as one `rkp1.` string, which
 * the offline CLI keeps in a file. The public key stays readable without the passphrase.
 */
import { type ProtectedRootKeys, type RootKeys, type SignPublicKey, type WrappedRootSeed, brandAs } from './brands';
import { aeadDecrypt, aeadEncrypt, checkCiphertextFormat } from './aead';
import { bytesEqual, fromBase64Url, splitVersioned, toBase64Url } from './encoding';
import { BadEncodingError, InvalidInputError, PublicKeyMismatchError } from './errors';
import { PUBLIC_KEY_BYTES, kidOf, signKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { lib } from './sodium';
import { type Argon2Params, assertArgon2, passwordKek } from './vault';

const MIB = 1024 * 1024;
const SALT_BYTES = 16;
const PREFIX = 'rkp1';
// rkp1, signPk, opsLimit, memLimitBytes, salt, then the four fields of the a1 string.
const FIELDS = 9;
const DECIMAL = /^[1-9][0-9]{0,9}$/;

/** Argon2id parameters for the root key file: opened rarely, by custodians, offline (≈ 1 s). */
export const ROOT_ARGON2: Argon2Params = { opsLimit: 3, memLimitBytes: 256 * MIB };

/** The shortest passphrase protectRootKeys accepts, in Unicode code points after NFC. */
export const ROOT_PASSPHRASE_MIN_LENGTH = 16;

interface ParsedRootFile {
  readonly signPk: SignPublicKey;
  readonly params: Argon2Params;
  readonly salt: Uint8Array;
  readonly wrapped: WrappedRootSeed;
}

function binding(signPk: SignPublicKey) {
  return { purpose: 'root-key', rootKid: kidOf(signPk) } as const;
}

function decimal(text: string | undefined, what: string): number {
  if (text === undefined || !DECIMAL.test(text)) throw new BadEncodingError(`rkp1: ${what} is not a decimal integer`);
  return Number(text);
}

function parse(text: unknown): ParsedRootFile {
  if (typeof text !== 'string') throw new BadEncodingError('rkp1: not a string');
  const fields = splitVersioned(text, PREFIX, FIELDS, 'rkp1');
  const signPk = brandAs<SignPublicKey>(fromBase64Url(fields[1] ?? '', 'rkp1 public key', PUBLIC_KEY_BYTES));
  const params = { opsLimit: decimal(fields[2], 'opsLimit'), memLimitBytes: decimal(fields[3], 'memLimitBytes') };
  assertArgon2(params, (message) => new BadEncodingError(`rkp1: ${message}`));
  const salt = fromBase64Url(fields[4] ?? '', 'rkp1 salt', SALT_BYTES);
  const wrapped = fields.slice(5).join('.');
  checkCiphertextFormat('root-key', wrapped);
  return { signPk, params, salt, wrapped: brandAs<WrappedRootSeed>(wrapped) };
}

/**
 * Encrypts the root key under `passphrase` (normalised to NFC). Throws InvalidInputError for
 * a passphrase shorter than ROOT_PASSPHRASE_MIN_LENGTH or parameters outside the bounds.
 * The result holds no secret in clear but is still meant to be kept offline.
 */
export function protectRootKeys(root: RootKeys, passphrase: string, params: Argon2Params = ROOT_ARGON2): ProtectedRootKeys {
  if (typeof passphrase !== 'string' || [...passphrase.normalize('NFC')].length < ROOT_PASSPHRASE_MIN_LENGTH) {
    throw new InvalidInputError(`the root key passphrase must be at least ${ROOT_PASSPHRASE_MIN_LENGTH} characters`);
  }
  assertArgon2(params, (message) => new InvalidInputError(message));
  const s = lib();
  const salt = randomBytes(SALT_BYTES, 'salt');
  const kek = passwordKek({ method: 'passphrase', passphrase }, salt, params);
  const seed = s.crypto_sign_ed25519_sk_to_seed(root.signSk);
  try {
    const wrapped = aeadEncrypt(kek, binding(root.signPk), seed);
    const head = [PREFIX, toBase64Url(root.signPk), String(params.opsLimit), String(params.memLimitBytes), toBase64Url(salt)];
    return brandAs<ProtectedRootKeys>(`${head.join('.')}.${wrapped}`);
  } finally {
    s.memzero(kek);
    s.memzero(seed);
  }
}

/**
 * The root public key of an `rkp1.` string, without the passphrase (what an operator puts
 * in configuration). Throws BadPrefixError, BadEncodingError, BadLengthError.
 */
export function protectedRootPublicKey(text: string): SignPublicKey {
  return parse(text).signPk;
}

/**
 * Opens an `rkp1.` string with its passphrase. Throws, in this order: BadPrefixError,
 * BadEncodingError (fields, decimals, parameters out of bounds, base64url), BadLengthError,
 * WrongKeyError (wrong passphrase), WrongAdError (public key field altered), TamperedError,
 * PublicKeyMismatchError (the seed inside is not the stated key's); InvalidInputError for an
 * empty passphrase.
 */
export function openProtectedRootKeys(text: string, passphrase: string): RootKeys {
  const s = lib();
  const file = parse(text);
  const kek = passwordKek({ method: 'passphrase', passphrase }, file.salt, file.params);
  let seed: Uint8Array | undefined;
  try {
    // The a1 length rule of purpose root-key makes the plaintext exactly the 32-byte seed.
    seed = aeadDecrypt(kek, binding(file.signPk), file.wrapped);
    const root: RootKeys = { kind: 'root', ...signKeyPairFromSeed(seed) };
    if (!bytesEqual(root.signPk, file.signPk)) throw new PublicKeyMismatchError('rkp1: the key inside is not the stated root key');
    return root;
  } finally {
    s.memzero(kek);
    if (seed) s.memzero(seed);
  }
}
