/**
 * Case keys, their signed grants, and file keys (SPEC.md §9). A case key is sealed to every
 * recipient (desks, staff, escrow, the requester); each grant is signed by whoever made it so
 * a server cannot slip in a key of its own.
 */
import {
  type CaseKey,
  type EncPublicKey,
  type FileKey,
  type IdentityKeys,
  type Kid,
  type KeyOpener,
  type RequesterKeys,
  type SealedKey,
  type SignPublicKey,
  type WrappedFileKey,
  brandAs,
} from './brands';
import { type FileRef, assertId, buildAd } from './binding';
import { type VerifiedSubject } from './certificates';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { fromBase64Url, toBase64Url } from './encoding';
import { BadEncodingError, BadSignatureError, InvalidInputError, WrongKeyError } from './errors';
import { kidOf, parseEncPublicKey, parseKid, parseSignPublicKey } from './keys';
import { randomBytes } from './random';
import { openSealedKey, sealKey, sealedKeyRecipient } from './sealed-box';
import { lib, verifyDetached } from './sodium';

declare const requesterPublic: unique symbol;
/** A requester's public keys as the case row holds them (not certified: they are the requester). */
export interface RequesterPublicKeys {
  readonly [requesterPublic]: true;
  readonly kind: 'requester-public';
  readonly encPk: EncPublicKey;
  readonly signPk: SignPublicKey;
}

/** Who may receive a case key: a verified desk, person or escrow key, or the requester. */
export type CaseKeyRecipient = VerifiedSubject | RequesterPublicKeys | RequesterKeys;

/** Who signs a grant: a staff identity or the requester. */
export type Granter = IdentityKeys | RequesterKeys;

/** One case key given to one recipient; store all three members. */
export interface CaseKeyGrant {
  readonly sealedKey: SealedKey<CaseKey>;
  readonly granterKid: Kid;
  readonly signature: string;
}

/** The public half of a requester's keys. Never throws. */
export function requesterPublicKeys(keys: RequesterKeys): RequesterPublicKeys {
  return brandAs<RequesterPublicKeys>({ kind: 'requester-public', encPk: keys.encPk, signPk: keys.signPk });
}

/** A requester's public keys as read from the case row (base64url). Throws BadEncodingError or BadLengthError. */
export function parseRequesterPublicKeys(encPk: string, signPk: string): RequesterPublicKeys {
  return brandAs<RequesterPublicKeys>({ kind: 'requester-public', encPk: parseEncPublicKey(encPk), signPk: parseSignPublicKey(signPk) });
}

/** A fresh case key. Throws only NotReadyError. */
export function generateCaseKey(): CaseKey {
  return brandAs<CaseKey>(randomBytes(KEY_BYTES, 'case-key'));
}

/** A fresh file key. Throws only NotReadyError. */
export function generateFileKey(): FileKey {
  return brandAs<FileKey>(randomBytes(KEY_BYTES, 'file-key'));
}

function grantMessage(caseId: string, sealedKey: string): Uint8Array {
  return buildAd('case-key-grant', [caseId, sealedKey]);
}

/**
 * Seals `caseKey` to one recipient and signs the grant. Throws InvalidInputError for an
 * invalid caseId or a key of the wrong size.
 */
export function grantCaseKey(caseKey: CaseKey, caseId: string, recipient: CaseKeyRecipient, granter: Granter): CaseKeyGrant {
  assertId(caseId, 'caseId');
  const sealedKey = sealKey(caseKey, recipient.encPk, { purpose: 'case-key', ids: [caseId] });
  const signature = lib().crypto_sign_detached(grantMessage(caseId, sealedKey), granter.signSk);
  return { sealedKey, granterKid: kidOf(granter.signPk), signature: toBase64Url(signature) };
}

/** One grant per recipient, in the same order. Throws like grantCaseKey. */
export function grantCaseKeyToAll(caseKey: CaseKey, caseId: string, recipients: readonly CaseKeyRecipient[], granter: Granter): CaseKeyGrant[] {
  return recipients.map((recipient) => grantCaseKey(caseKey, caseId, recipient, granter));
}

/** Validates the shape of an untrusted grant. Throws BadEncodingError or BadLengthError. */
export function parseCaseKeyGrant(value: unknown): CaseKeyGrant {
  if (typeof value !== 'object' || value === null) throw new BadEncodingError('case key grant: not an object');
  const { sealedKey, granterKid, signature } = value as Record<string, unknown>;
  if (typeof sealedKey !== 'string' || typeof granterKid !== 'string' || typeof signature !== 'string') {
    throw new BadEncodingError('case key grant: sealedKey, granterKid and signature must be strings');
  }
  fromBase64Url(signature, 'grant signature', 64);
  return { sealedKey: brandAs<SealedKey<CaseKey>>(sealedKey), granterKid: parseKid(granterKid), signature };
}

/**
 * What a server can check of a grant without opening it: the sealed key's format, that
 * `granterKid` is the kid of `granterKey`, and the signature over (caseId, sealedKey). Returns
 * the recipient kid written in the sealed key. Throws, in order: BadEncodingError /
 * BadLengthError (grant shape, signature encoding), BadPrefixError / BadEncodingError /
 * BadLengthError (sealed key), WrongKeyError (made by another granter key), BadSignatureError.
 * InvalidInputError for an invalid caseId.
 */
export function verifyCaseKeyGrant(grant: unknown, caseId: string, granterKey: SignPublicKey): Kid {
  assertId(caseId, 'caseId');
  const checked = parseCaseKeyGrant(grant);
  const recipient = sealedKeyRecipient(checked.sealedKey);
  if (checked.granterKid !== kidOf(granterKey)) throw new WrongKeyError('case key grant: made by another granter key');
  const signature = fromBase64Url(checked.signature, 'grant signature', 64);
  if (!verifyDetached(signature, grantMessage(caseId, checked.sealedKey), granterKey)) {
    throw new BadSignatureError('case key grant: signature does not verify');
  }
  return recipient;
}

/**
 * Opens a grant for `caseId` with the opener's key pair (person, requester or desk), given
 * the granter's public key the reader trusts (certified staff, or the case's requester).
 * Throws, in order: errors of openSealedKey (BadPrefixError, BadEncodingError,
 * BadLengthError, WrongKeyError, TamperedError, WrongAdError for a grant of another case);
 * WrongKeyError when granterKid is not the given granter key's; BadEncodingError /
 * BadLengthError for the signature encoding; BadSignatureError.
 */
export function openCaseKeyGrant(grant: CaseKeyGrant, caseId: string, opener: KeyOpener, granterKey: SignPublicKey): CaseKey {
  assertId(caseId, 'caseId');
  const checked = parseCaseKeyGrant(grant);
  const key = openSealedKey(checked.sealedKey, opener, { purpose: 'case-key', ids: [caseId] });
  try {
    if (checked.granterKid !== kidOf(granterKey)) throw new WrongKeyError('case key grant: made by another granter key');
    const signature = fromBase64Url(checked.signature, 'grant signature', 64);
    if (!verifyDetached(signature, grantMessage(caseId, checked.sealedKey), granterKey)) {
      throw new BadSignatureError('case key grant: signature does not verify');
    }
  } catch (error) {
    lib().memzero(key);
    throw error;
  }
  return brandAs<CaseKey>(key);
}

/** Encrypts a file key under the case key, bound to the file. Throws InvalidInputError for invalid ids. */
export function wrapFileKey(caseKey: CaseKey, file: FileRef, fileKey: FileKey): WrappedFileKey {
  if (fileKey.length !== KEY_BYTES) throw new InvalidInputError('file key must be 32 bytes');
  return aeadEncrypt(caseKey, { purpose: 'file-key', caseId: file.caseId, fileId: file.fileId }, fileKey);
}

/** Decrypts a wrapped file key. Throws the errors of aeadDecrypt (SPEC.md §4). */
export function unwrapFileKey(caseKey: CaseKey, file: FileRef, wrapped: WrappedFileKey | string): FileKey {
  return brandAs<FileKey>(aeadDecrypt(caseKey, { purpose: 'file-key', caseId: file.caseId, fileId: file.fileId }, wrapped));
}
