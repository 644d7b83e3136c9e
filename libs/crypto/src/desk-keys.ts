/**
 * Desk keys (SPEC.md §8): one X25519 key pair per desk version, its secret key sealed to
 * each member, and the check a member makes after unsealing that the secret key belongs to
 * the certified desk public key.
 */
import { type DeskKeyPair, type DeskSecretKey, type IdentityKeys, type SealedKey, brandAs } from './brands';
import { assertId } from './binding';
import { type VerifiedDesk, type VerifiedPerson, assertVersion } from './certificates';
import { bytesEqual } from './encoding';
import { InvalidInputError, PublicKeyMismatchError } from './errors';
import { SEED_BYTES, boxKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { openSealedKey, sealKey } from './sealed-box';
import { lib } from './sodium';

function deskBinding(deskId: string, version: number): { purpose: 'desk-key'; ids: string[] } {
  assertId(deskId, 'deskId');
  assertVersion(version);
  return { purpose: 'desk-key', ids: [deskId, String(version)] };
}

/**
 * A new key pair for version `version` of desk `deskId`; certify `encPk` as a desk
 * (`deskSubjectId(deskId, version)`) before sealing anything to it.
 * Throws InvalidInputError for an invalid id or version.
 */
export function generateDeskKeyPair(deskId: string, version: number): DeskKeyPair {
  deskBinding(deskId, version);
  const { encPk, encSk } = boxKeyPairFromSeed(randomBytes(SEED_BYTES, 'desk-seed'));
  return { kind: 'desk', deskId, version, encPk, deskSk: brandAs<DeskSecretKey>(encSk) };
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
 * unsealed secret key's public key is not the certified desk public key.
 */
export function openDeskKey(sealed: SealedKey<DeskSecretKey> | string, member: IdentityKeys, desk: VerifiedDesk): DeskKeyPair {
  if (desk.kind !== 'desk') throw new InvalidInputError('openDeskKey needs a verified desk certificate');
  const secret = openSealedKey(sealed, member, deskBinding(desk.deskId, desk.version));
  const publicKey = lib().crypto_scalarmult_base(secret);
  if (!bytesEqual(publicKey, desk.encPk)) {
    lib().memzero(secret);
    throw new PublicKeyMismatchError('desk key: unsealed secret key does not match the certified desk public key');
  }
  return { kind: 'desk', deskId: desk.deskId, version: desk.version, encPk: desk.encPk, deskSk: brandAs<DeskSecretKey>(secret) };
}
