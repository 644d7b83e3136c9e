/**
 * Case keys, their signed envelopes, and file keys (SPEC.md §9). A case key is sealed to every
 * recipient (desks, staff, escrow, the requester); each envelope is signed by whoever made it so
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
import { type FileRef, assertId, buildAd, epochId } from './binding';
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

/** Who signs an envelope: a staff identity or the requester. */
export type Sealer = IdentityKeys | RequesterKeys;

/** One case key given to one recipient; store all three members. */
export interface CaseKeyEnvelope {
  readonly sealedKey: SealedKey<CaseKey>;
  readonly sealerKid: Kid;
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

/**
 * What an envelope's sealer signs: `case-key-grant` for case keys (§9), `staff-key-envelope` for
 * staff-only keys (§9.2), `grant-key-envelope` for grant keys (§18.1). The id signed with the
 * sealed key is the case id, or for a grant key the grant id.
 */
export type EnvelopePurpose = 'case-key-grant' | 'staff-key-envelope' | 'grant-key-envelope';

function envelopeMessage(caseId: string, sealedKey: string, purpose: EnvelopePurpose = 'case-key-grant'): Uint8Array {
  return buildAd(purpose, [caseId, sealedKey]);
}

/** Internal: the signature of an envelope of `sealedKey` for `caseId`, base64url. */
export function signEnvelope(purpose: EnvelopePurpose, caseId: string, sealedKey: string, sealer: Sealer): string {
  return toBase64Url(lib().crypto_sign_detached(envelopeMessage(caseId, sealedKey, purpose), sealer.signSk));
}

/** Internal: checks `sealerKid` and the signature of a parsed envelope (WrongKeyError, BadEncodingError, BadLengthError, BadSignatureError). */
export function checkEnvelopeSignature(purpose: EnvelopePurpose, envelope: { sealedKey: string; sealerKid: string; signature: string }, caseId: string, sealerKey: SignPublicKey): void {
  if (envelope.sealerKid !== kidOf(sealerKey)) throw new WrongKeyError('envelope: made by another sealer key');
  const signature = fromBase64Url(envelope.signature, 'envelope signature', 64);
  if (!verifyDetached(signature, envelopeMessage(caseId, envelope.sealedKey, purpose), sealerKey)) {
    throw new BadSignatureError('envelope: signature does not verify');
  }
}

/**
 * What the sealed box of a case key envelope is bound to (SPEC.md §9, §9.4): `case-key` (caseId)
 * for epoch 1, the case key made at intake; `case-key-epoch` (caseId, epoch) for later epochs.
 */
function caseKeyBinding(caseId: string, epoch: number): { purpose: 'case-key' | 'case-key-epoch'; ids: string[] } {
  assertId(caseId, 'caseId');
  const id = epochId(epoch);
  return epoch === 1 ? { purpose: 'case-key', ids: [caseId] } : { purpose: 'case-key-epoch', ids: [caseId, id] };
}

/**
 * Seals `caseKey` (of `epoch`, 1 unless given) to one recipient and signs the envelope. Throws
 * InvalidInputError for an invalid caseId or epoch, or a key of the wrong size.
 */
export function sealCaseKey(caseKey: CaseKey, caseId: string, recipient: CaseKeyRecipient, sealer: Sealer, epoch = 1): CaseKeyEnvelope {
  const sealedKey = sealKey(caseKey, recipient.encPk, caseKeyBinding(caseId, epoch));
  const signature = lib().crypto_sign_detached(envelopeMessage(caseId, sealedKey), sealer.signSk);
  return { sealedKey, sealerKid: kidOf(sealer.signPk), signature: toBase64Url(signature) };
}

/** One envelope per recipient, in the same order. Throws like sealCaseKey. */
export function sealCaseKeyToAll(caseKey: CaseKey, caseId: string, recipients: readonly CaseKeyRecipient[], sealer: Sealer, epoch = 1): CaseKeyEnvelope[] {
  return recipients.map((recipient) => sealCaseKey(caseKey, caseId, recipient, sealer, epoch));
}

/** Validates the shape of an untrusted envelope. Throws BadEncodingError or BadLengthError. */
export function parseCaseKeyEnvelope(value: unknown): CaseKeyEnvelope {
  if (typeof value !== 'object' || value === null) throw new BadEncodingError('case key envelope: not an object');
  const { sealedKey, sealerKid, signature } = value as Record<string, unknown>;
  if (typeof sealedKey !== 'string' || typeof sealerKid !== 'string' || typeof signature !== 'string') {
    throw new BadEncodingError('case key envelope: sealedKey, sealerKid and signature must be strings');
  }
  fromBase64Url(signature, 'envelope signature', 64);
  return { sealedKey: brandAs<SealedKey<CaseKey>>(sealedKey), sealerKid: parseKid(sealerKid), signature };
}

/**
 * What a server can check of an envelope without opening it: the sealed key's format, that
 * `sealerKid` is the kid of `sealerKey`, and the signature over (caseId, sealedKey). Returns
 * the recipient kid written in the sealed key. Throws, in order: BadEncodingError /
 * BadLengthError (envelope shape, signature encoding), BadPrefixError / BadEncodingError /
 * BadLengthError (sealed key), WrongKeyError (made by another sealer key), BadSignatureError.
 * InvalidInputError for an invalid caseId.
 */
export function verifyCaseKeyEnvelope(envelope: unknown, caseId: string, sealerKey: SignPublicKey): Kid {
  assertId(caseId, 'caseId');
  const checked = parseCaseKeyEnvelope(envelope);
  const recipient = sealedKeyRecipient(checked.sealedKey);
  checkEnvelopeSignature('case-key-grant', checked, caseId, sealerKey);
  return recipient;
}

/**
 * Opens an envelope of epoch `epoch` (1 unless given) for `caseId` with the opener's key pair (person, requester or desk), given
 * the sealer's public key the reader trusts (certified staff, or the case's requester).
 * Throws, in order: errors of openSealedKey (BadPrefixError, BadEncodingError,
 * BadLengthError, WrongKeyError, TamperedError, WrongAdError for an envelope of another case or epoch);
 * WrongKeyError when sealerKid is not the given sealer key's; BadEncodingError /
 * BadLengthError for the signature encoding; BadSignatureError.
 */
export function openCaseKeyEnvelope(envelope: CaseKeyEnvelope, caseId: string, opener: KeyOpener, sealerKey: SignPublicKey, epoch = 1): CaseKey {
  const binding = caseKeyBinding(caseId, epoch);
  const checked = parseCaseKeyEnvelope(envelope);
  const key = openSealedKey(checked.sealedKey, opener, binding);
  try {
    checkEnvelopeSignature('case-key-grant', checked, caseId, sealerKey);
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
