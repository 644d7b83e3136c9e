/**
 * Desk keys (SPEC.md §8, §8.2): one X25519 key pair per desk version, its secret key sealed to
 * each member, the Ed25519 signing key every version derives from its secret key (it signs the
 * link to the next version), and the check a member makes after unsealing that the secret key
 * belongs to the certified desk public keys.
 */
import { type DeskKeyPair, type DeskSecretKey, type IdentityKeys, type SealedKey, type SignPublicKey, type SignSecretKey, brandAs } from './brands';
import { assertId } from './binding';
import { type VerifiedDesk, type VerifiedPerson, assertVersion } from './certificates';
import { bytesEqual } from './encoding';
import { InvalidInputError, PublicKeyMismatchError } from './errors';
import { SEED_BYTES, boxKeyPairFromSeed, signKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { openSealedKey, sealKey } from './sealed-box';
import { lib } from './sodium';

/** `crypto_kdf_derive_from_key` context and sub-key id of a desk version's signing seed (SPEC.md §8.2). */
export const DESK_SIGN_KDF_CONTEXT = 'desksign';
export const DESK_SIGN_KDF_ID = 1;

function deskBinding(deskId: string, version: number): { purpose: 'desk-key'; ids: string[] } {
  assertId(deskId, 'deskId');
  assertVersion(version);
  return { purpose: 'desk-key', ids: [deskId, String(version)] };
}

/**
 * The Ed25519 key pair of a desk version, derived from its X25519 secret key:
 * `crypto_sign_seed_keypair(KDF(32, 1, "desksign", deskSk))`. The seed is wiped.
 */
export function deskSigningKeys(deskSk: DeskSecretKey): { signPk: SignPublicKey; signSk: SignSecretKey } {
  if (!(deskSk instanceof Uint8Array) || deskSk.length !== SEED_BYTES) throw new InvalidInputError('a desk secret key is 32 bytes');
  const seed = lib().crypto_kdf_derive_from_key(SEED_BYTES, DESK_SIGN_KDF_ID, DESK_SIGN_KDF_CONTEXT, deskSk);
  try {
    return signKeyPairFromSeed(seed);
  } finally {
    lib().memzero(seed);
  }
}

function pairFromSecret(deskId: string, version: number, encPk: DeskKeyPair['encPk'], deskSk: DeskSecretKey): DeskKeyPair {
  return { kind: 'desk', deskId, version, encPk, deskSk, ...deskSigningKeys(deskSk) };
}

/** Internal (test vectors): the key pair of a desk version from a box seed, as generateDeskKeyPair makes it from its draw. */
export function deskKeyPairFromSeed(deskId: string, version: number, seed: Uint8Array): DeskKeyPair {
  deskBinding(deskId, version);
  const { encPk, encSk } = boxKeyPairFromSeed(seed);
  return pairFromSecret(deskId, version, encPk, brandAs<DeskSecretKey>(encSk));
}

/**
 * A new key pair for version `version` of desk `deskId`, with its derived signing key; certify
 * `encPk` and `signPk` as a desk (`deskSubjectId(deskId, version)`) before sealing anything to it.
 * Throws InvalidInputError for an invalid id or version.
 */
export function generateDeskKeyPair(deskId: string, version: number): DeskKeyPair {
  deskBinding(deskId, version);
  return deskKeyPairFromSeed(deskId, version, randomBytes(SEED_BYTES, 'desk-seed'));
}

/** Wipes a desk version's secret and signing keys (after use in a worker). */
export function wipeDeskKeyPair(desk: DeskKeyPair | null | undefined): void {
  desk?.deskSk.fill(0);
  desk?.signSk.fill(0);
}

/**
 * Seals a desk version's secret key to one member, whose identity must have been verified
 * up to the root. Throws InvalidInputError for invalid ids.
 */
export function sealDeskKey(desk: DeskKeyPair, member: VerifiedPerson): SealedKey<DeskSecretKey> {
  return sealKey(desk.deskSk, member.encPk, deskBinding(desk.deskId, desk.version));
}

/**
 * Opens a member's sealed desk key for the desk version named by its verified certificate.
 * Throws the errors of openSealedKey (BadPrefixError, BadEncodingError, BadLengthError,
 * WrongKeyError, TamperedError, WrongAdError), then PublicKeyMismatchError when the
 * unsealed secret key's public key is not the certified desk public key, or (for a certificate
 * that names one) its derived signing key is not the certified `signPk`.
 */
export function openDeskKey(sealed: SealedKey<DeskSecretKey> | string, member: IdentityKeys, desk: VerifiedDesk): DeskKeyPair {
  if (desk.kind !== 'desk') throw new InvalidInputError('openDeskKey needs a verified desk certificate');
  const secret = brandAs<DeskSecretKey>(openSealedKey(sealed, member, deskBinding(desk.deskId, desk.version)));
  const publicKey = lib().crypto_scalarmult_base(secret);
  if (!bytesEqual(publicKey, desk.encPk)) {
    lib().memzero(secret);
    throw new PublicKeyMismatchError('desk key: unsealed secret key does not match the certified desk public key');
  }
  const pair = pairFromSecret(desk.deskId, desk.version, desk.encPk, secret);
  if (desk.signPk !== null && !bytesEqual(pair.signPk, desk.signPk)) {
    wipeDeskKeyPair(pair);
    throw new PublicKeyMismatchError('desk key: the derived signing key does not match the certified desk signing key');
  }
  return pair;
}
