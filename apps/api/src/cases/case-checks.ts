import { type AeadPurpose, checkCiphertextFormat, isCryptoError, verifyCaseKeyEnvelope, verifyStaffKeyEnvelope, kidOf, parseEncPublicKey, parseSignPublicKey, type SignPublicKey } from '@ashar/crypto';
import { DomainError, GeneralError } from '@ashar/domain';

/**
 * What the server can check of what clients send, without any key that opens it: formats,
 * the recipients sealed keys are addressed to, and the signatures of envelopes. Each refusal is
 * a 422 problem naming the field, never echoing a value.
 */

/** Refuses a record ciphertext that is not a well-formed `a1` string of purpose case-record (SPEC.md §4 steps 1-3). */
export function requireRecordCiphertext(text: string, field: string): void {
  try {
    checkCiphertextFormat('case-record', text);
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${field} is not a well-formed case record ciphertext (${err.code})`);
    throw err;
  }
}

/**
 * Refuses content under another key epoch than the case's newest (left out: 1): writers always
 * use the newest epoch, so what is written after a re-seal is under keys a removed member never
 * held (SPEC.md §9.4). 409: the writer opens the case again and gets the newest keys.
 */
export function requireNewestEpoch(epoch: number | undefined, row: { key_epoch: number }): void {
  if ((epoch ?? 1) !== row.key_epoch) {
    throw new DomainError(GeneralError.Conflict, `the case's keys changed (epoch ${row.key_epoch}); open the case again and write under the newest keys`);
  }
}

/** Refuses a key-holding `a1` string (a staff-only key's binding, a key link) that is not well-formed for `purpose`. */
export function requireKeyCiphertext(purpose: AeadPurpose, text: string, field: string): void {
  try {
    checkCiphertextFormat(purpose, text);
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${field} is not a well-formed ${purpose} ciphertext (${err.code})`);
    throw err;
  }
}

/** The kid of an X25519 public key as stored (base64url). */
export function encKidOf(encPk: string): string {
  return kidOf(parseEncPublicKey(encPk));
}

/** A stored or submitted Ed25519 public key; 422 when it is not one. */
export function signKeyOf(signPk: string, field: string): SignPublicKey {
  try {
    return parseSignPublicKey(signPk);
  } catch {
    throw new DomainError(GeneralError.Validation, `${field} is not a public key`);
  }
}

/**
 * Checks an envelope's signature by `sealerKey` over (caseId, sealedKey) and that it is sealed to
 * `recipientKid`. `what` names the envelope in the problem's detail.
 */
export function requireEnvelope(envelope: { sealedKey: string; sealerKid: string; signature: string }, caseId: string, sealerKey: SignPublicKey, recipientKid: string, what: string): void {
  requireSignedEnvelope(verifyCaseKeyEnvelope, envelope, caseId, sealerKey, recipientKid, what);
}

/** As requireEnvelope, for an envelope of a staff-only key (SPEC.md §9.2: purpose staff-key-envelope). */
export function requireStaffKeyEnvelope(envelope: { sealedKey: string; sealerKid: string; signature: string }, caseId: string, sealerKey: SignPublicKey, recipientKid: string, what: string): void {
  requireSignedEnvelope(verifyStaffKeyEnvelope, envelope, caseId, sealerKey, recipientKid, what);
}

function requireSignedEnvelope(
  verify: (envelope: unknown, caseId: string, sealerKey: SignPublicKey) => string,
  envelope: { sealedKey: string; sealerKid: string; signature: string },
  caseId: string,
  sealerKey: SignPublicKey,
  recipientKid: string,
  what: string,
): void {
  let sealedTo: string;
  try {
    sealedTo = verify(envelope, caseId, sealerKey);
  } catch (err) {
    if (!isCryptoError(err)) throw err;
    if (err.code === 'wrong_key') throw new DomainError(GeneralError.Validation, `${what}: sealerKid is not the key of the caller`);
    if (err.code === 'bad_signature') throw new DomainError(GeneralError.Validation, `${what}: the signature does not verify`);
    throw new DomainError(GeneralError.Validation, `${what}: the envelope is malformed (${err.code})`);
  }
  if (sealedTo !== recipientKid) throw new DomainError(GeneralError.Validation, `${what}: sealedKey is not sealed to the recipient’s current certified key`);
}
