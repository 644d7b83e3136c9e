/**
 * Key pairs, key ids and public-key encodings (SPEC.md §2.4, §7, §8): staff identities,
 * the root signing key, and the conversions between keys and their stored strings.
 */
import {
  type EncPublicKey,
  type EncSecretKey,
  type IdentityKeys,
  type Kid,
  type RootKeys,
  type SignPublicKey,
  type SignSecretKey,
  brandAs,
} from './brands';
import { fromBase64Url, splitVersioned, toBase64Url, toHex } from './encoding';
import { BadEncodingError, InvalidInputError } from './errors';
import { randomBytes } from './random';
import { lib } from './sodium';

export const PUBLIC_KEY_BYTES = 32;
export const SEED_BYTES = 32;
export const KID_BYTES = 16;

/** X25519 key pair from a 32-byte seed (crypto_box_seed_keypair). */
export function boxKeyPairFromSeed(seed: Uint8Array): { encPk: EncPublicKey; encSk: EncSecretKey } {
  const pair = lib().crypto_box_seed_keypair(seed);
  return { encPk: brandAs<EncPublicKey>(pair.publicKey), encSk: brandAs<EncSecretKey>(pair.privateKey) };
}

/** Ed25519 key pair from a 32-byte seed (crypto_sign_seed_keypair). */
export function signKeyPairFromSeed(seed: Uint8Array): { signPk: SignPublicKey; signSk: SignSecretKey } {
  const pair = lib().crypto_sign_seed_keypair(seed);
  return { signPk: brandAs<SignPublicKey>(pair.publicKey), signSk: brandAs<SignSecretKey>(pair.privateKey) };
}

/** A fresh staff identity: X25519 + Ed25519 key pairs. Throws only NotReadyError. */
export function generateIdentityKeys(): IdentityKeys {
  const enc = boxKeyPairFromSeed(randomBytes(SEED_BYTES, 'enc-seed'));
  const sign = signKeyPairFromSeed(randomBytes(SEED_BYTES, 'sign-seed'));
  return { kind: 'identity', ...enc, ...sign };
}

/** A fresh organisation root signing key. Throws only NotReadyError. */
export function generateRootKeys(): RootKeys {
  return { kind: 'root', ...signKeyPairFromSeed(randomBytes(SEED_BYTES, 'sign-seed')) };
}

/** `rk1.<seed>`: the root key for the offline CLI. The string is secret: store it protected. */
export function exportRootKeys(root: RootKeys): string {
  return `rk1.${toBase64Url(lib().crypto_sign_ed25519_sk_to_seed(root.signSk))}`;
}

/** Parses `rk1.<seed>`. Throws BadPrefixError, BadEncodingError, BadLengthError. */
export function importRootKeys(text: string): RootKeys {
  if (typeof text !== 'string') throw new BadEncodingError('rk1: not a string');
  const [, seedText] = splitVersioned(text, 'rk1', 2, 'rk1');
  return { kind: 'root', ...signKeyPairFromSeed(fromBase64Url(seedText ?? '', 'rk1 seed', SEED_BYTES)) };
}

/** Key id of a public key: b64url(BLAKE2b-128(pk)). Throws InvalidInputError unless 32 bytes. */
export function kidOf(publicKey: EncPublicKey | SignPublicKey): Kid {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) throw new InvalidInputError('public key must be 32 bytes');
  return brandAs<Kid>(toBase64Url(lib().crypto_generichash(KID_BYTES, publicKey, null)));
}

/** Parses a stored kid. Throws BadEncodingError or BadLengthError. */
export function parseKid(text: string): Kid {
  if (typeof text !== 'string') throw new BadEncodingError('kid: not a string');
  fromBase64Url(text, 'kid', KID_BYTES);
  return brandAs<Kid>(text);
}

/** The person-facing fingerprint of a kid: first 16 hex digits in groups of four, e.g. `9f3a 0c12 77be 4d01`. */
export function kidFingerprint(kid: Kid): string {
  const hex = toHex(fromBase64Url(kid, 'kid', KID_BYTES)).slice(0, 16);
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

/** base64url of a public key, as certificates and the api carry it. */
export function encodePublicKey(publicKey: EncPublicKey | SignPublicKey): string {
  return toBase64Url(publicKey);
}

/** Parses an X25519 public key. Throws BadEncodingError or BadLengthError. */
export function parseEncPublicKey(text: string): EncPublicKey {
  if (typeof text !== 'string') throw new BadEncodingError('public key: not a string');
  return brandAs<EncPublicKey>(fromBase64Url(text, 'X25519 public key', PUBLIC_KEY_BYTES));
}

/** Parses an Ed25519 public key (for example the configured root key). Throws BadEncodingError or BadLengthError. */
export function parseSignPublicKey(text: string): SignPublicKey {
  if (typeof text !== 'string') throw new BadEncodingError('public key: not a string');
  return brandAs<SignPublicKey>(fromBase64Url(text, 'Ed25519 public key', PUBLIC_KEY_BYTES));
}

/** The public half of an identity or requester, as strings for the api. */
export function publicKeysOf(keys: { readonly encPk: EncPublicKey; readonly signPk: SignPublicKey }): {
  encPk: string;
  signPk: string;
  encKid: Kid;
  signKid: Kid;
} {
  return { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk), encKid: kidOf(keys.encPk), signKid: kidOf(keys.signPk) };
}
