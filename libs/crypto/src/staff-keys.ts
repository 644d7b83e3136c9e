/**
 * A case's staff-only key (SPEC.md §9.2): notes and the files that go with them are encrypted
 * under it, never under the case key the requester also holds. It is sealed to desks, staff and
 * the escrow key — the types admit no requester — in envelopes signed like case key envelopes
 * (purpose `staff-key-envelope`), and it carries its epoch's case key encrypted under it
 * (`staff-key-bind`), so a reader that checked the case key (§9.1) knows the staff-only key was
 * made by someone who held that case key.
 */
import { type CaseKey, type DeskKeyPair, type IdentityKeys, type Kid, type SealedKey, type SignPublicKey, type StaffKey, type StaffKeyBinding, brandAs } from './brands';
import { assertId, epochId } from './binding';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { type VerifiedSubject } from './certificates';
import { checkEnvelopeSignature, signEnvelope } from './case-keys';
import { bytesEqual, fromBase64Url } from './encoding';
import { BadEncodingError, InvalidInputError, WrongKeyError } from './errors';
import { kidOf, parseKid } from './keys';
import { randomBytes } from './random';
import { openSealedKey, sealKey, sealedKeyRecipient } from './sealed-box';
import { lib } from './sodium';

/** One staff-only key given to one recipient; store all three members. */
export interface StaffKeyEnvelope {
  readonly sealedKey: SealedKey<StaffKey>;
  readonly sealerKid: Kid;
  readonly signature: string;
}

/** Who may receive a staff-only key: a verified desk, person or escrow key — never a requester. */
export type StaffKeyRecipient = VerifiedSubject;

function staffBinding(caseId: string, epoch: number): { purpose: 'staff-key'; ids: string[] } {
  assertId(caseId, 'caseId');
  return { purpose: 'staff-key', ids: [caseId, epochId(epoch)] };
}

/** A fresh staff-only key. Throws only NotReadyError. */
export function generateStaffKey(): StaffKey {
  return brandAs<StaffKey>(randomBytes(KEY_BYTES, 'staff-key'));
}

/**
 * Seals the staff-only key of `epoch` to one recipient and signs the envelope (SPEC.md §9.2).
 * Throws InvalidInputError for an invalid caseId or epoch, or a key of the wrong size.
 */
export function sealStaffKey(staffKey: StaffKey, caseId: string, epoch: number, recipient: StaffKeyRecipient, sealer: IdentityKeys): StaffKeyEnvelope {
  if (recipient.kind !== 'desk' && recipient.kind !== 'staff' && recipient.kind !== 'admin' && recipient.kind !== 'escrow') {
    throw new InvalidInputError('a staff-only key is sealed only to a verified desk, person or escrow key');
  }
  const sealedKey = sealKey(staffKey, recipient.encPk, staffBinding(caseId, epoch));
  return { sealedKey, sealerKid: kidOf(sealer.signPk), signature: signEnvelope('staff-key-envelope', caseId, sealedKey, sealer) };
}

/** Validates the shape of an untrusted staff-only key envelope. Throws BadEncodingError or BadLengthError. */
export function parseStaffKeyEnvelope(value: unknown): StaffKeyEnvelope {
  if (typeof value !== 'object' || value === null) throw new BadEncodingError('staff key envelope: not an object');
  const { sealedKey, sealerKid, signature } = value as Record<string, unknown>;
  if (typeof sealedKey !== 'string' || typeof sealerKid !== 'string' || typeof signature !== 'string') {
    throw new BadEncodingError('staff key envelope: sealedKey, sealerKid and signature must be strings');
  }
  fromBase64Url(signature, 'envelope signature', 64);
  return { sealedKey: brandAs<SealedKey<StaffKey>>(sealedKey), sealerKid: parseKid(sealerKid), signature };
}

/**
 * What a server can check of a staff-only key envelope without opening it (as
 * verifyCaseKeyEnvelope): its format, that `sealerKid` is `sealerKey`'s, and the signature over
 * (caseId, sealedKey). Returns the recipient kid. Throws like verifyCaseKeyEnvelope.
 */
export function verifyStaffKeyEnvelope(envelope: unknown, caseId: string, sealerKey: SignPublicKey): Kid {
  assertId(caseId, 'caseId');
  const checked = parseStaffKeyEnvelope(envelope);
  const recipient = sealedKeyRecipient(checked.sealedKey);
  checkEnvelopeSignature('staff-key-envelope', checked, caseId, sealerKey);
  return recipient;
}

/**
 * Opens a staff-only key envelope of `epoch` with a person's or a desk's key pair, given the
 * certified staff sealer key the reader trusts (a requester never seals one). Throws, in order:
 * the errors of openSealedKey (WrongAdError for another case, epoch or a case key envelope put
 * in its place); WrongKeyError (sealerKid); BadEncodingError / BadLengthError (signature
 * encoding); BadSignatureError.
 */
export function openStaffKeyEnvelope(envelope: StaffKeyEnvelope, caseId: string, epoch: number, opener: IdentityKeys | DeskKeyPair, sealerKey: SignPublicKey): StaffKey {
  const checked = parseStaffKeyEnvelope(envelope);
  const key = openSealedKey(checked.sealedKey, opener, staffBinding(caseId, epoch));
  try {
    checkEnvelopeSignature('staff-key-envelope', checked, caseId, sealerKey);
  } catch (error) {
    lib().memzero(key);
    throw error;
  }
  return brandAs<StaffKey>(key);
}

/** The case key of `epoch` encrypted under that epoch's staff-only key (SPEC.md §9.2). Throws InvalidInputError for invalid ids or keys. */
export function bindStaffKey(staffKey: StaffKey, caseId: string, epoch: number, caseKey: CaseKey): StaffKeyBinding {
  if (caseKey.length !== KEY_BYTES) throw new InvalidInputError('case key must be 32 bytes');
  return aeadEncrypt(staffKey, { purpose: 'staff-key-bind', caseId, epoch: epochId(epoch) }, caseKey);
}

/**
 * Checks that a staff-only key was made for `caseKey` (the checked case key of the same epoch):
 * its binding must open under it and hold exactly that case key. Throws the errors of
 * aeadDecrypt (SPEC.md §4), then WrongKeyError when it holds another case key.
 */
export function checkStaffKey(staffKey: StaffKey, caseId: string, epoch: number, binding: StaffKeyBinding | string, caseKey: CaseKey): void {
  const bound = aeadDecrypt(staffKey, { purpose: 'staff-key-bind', caseId, epoch: epochId(epoch) }, binding);
  const same = bytesEqual(bound, caseKey);
  lib().memzero(bound);
  if (!same) throw new WrongKeyError('staff-only key: bound to another case key');
}
