/**
 * Signed, padded, AD-bound JSON payloads (SPEC.md §10.1): case records, grant payee details,
 * grantee reports and applications. Plaintext = PAD(signature(64) ‖ utf8(canonical JSON)), the signature is
 * over AD ‖ JSON, and the author's kid travels in clear beside the ciphertext.
 */
import { type CaseKey, type Ciphertext, type GrantKey, type JsonValue, type Kid, type Signer, type SignPublicKey, type StaffKey } from './brands';
import { type AeadBinding, type BindingFor, adOf } from './binding';
import { aeadDecrypt, aeadEncrypt } from './aead';
import { canonicalJsonBytes, pad, parseCanonicalJson, unpad } from './canonical-json';
import { concatBytes } from './encoding';
import { BadSignatureError, MalformedPlaintextError, WrongKeyError } from './errors';
import { kidOf, parseKid } from './keys';
import { lib, verifyDetached } from './sodium';

const SIGNATURE_BYTES = 64;

/** The key a case record is under: the case key, or for a note the staff-only key (SPEC.md §9.2). */
type RecordUnderKey = CaseKey | StaffKey;

/** Purposes whose payloads are signed by their author. */
export type SignedPurpose = 'case-record' | 'grant-payee' | 'grant-report' | 'application';

/** Signed purposes under a grant's key (SPEC.md §18): payee details and grantee reports. */
export type GrantSignedPurpose = 'grant-payee' | 'grant-report';

/**
 * The key a signed payload of purpose P is under: the grant key for payee details and reports
 * (SPEC.md §18), otherwise the case key (a note: the staff-only key; an application: the case
 * key of the application).
 */
export type SignedKeyFor<P extends SignedPurpose> = [P] extends [GrantSignedPurpose] ? GrantKey : [P] extends [Exclude<SignedPurpose, GrantSignedPurpose>] ? RecordUnderKey : RecordUnderKey | GrantKey;

/** The ids of a case record. */
export interface RecordRef {
  readonly caseId: string;
  readonly recordId: string;
  /** Short kind name, e.g. `request`, `note`, `message` (id grammar). */
  readonly recordKind: string;
}

/** What is stored for a signed payload: the ciphertext and, in clear, the author's kid. */
export interface SignedCiphertext<P extends SignedPurpose> {
  readonly ciphertext: Ciphertext<P>;
  readonly authorKid: Kid;
}

/**
 * Signs `body` as `author`, pads and encrypts it under `key` for `binding`.
 * Throws InvalidInputError for invalid ids or a body JSON cannot represent exactly
 * (non-finite numbers, undefined members, class instances, nesting deeper than 64).
 */
export function encryptSigned<P extends SignedPurpose>(key: SignedKeyFor<P>, binding: BindingFor<P>, body: JsonValue, author: Signer): SignedCiphertext<P> {
  const s = lib();
  const ad = adOf(binding);
  const json = canonicalJsonBytes(body);
  const signature = s.crypto_sign_detached(concatBytes(ad, json), author.signSk);
  const ciphertext = aeadEncrypt(key, binding, pad(concatBytes(signature, json)));
  return { ciphertext, authorKid: kidOf(author.signPk) };
}

/**
 * Decrypts and verifies a signed payload, given the author key the reader trusts for the
 * stored authorKid. Throws, in order: the errors of aeadDecrypt (SPEC.md §4: BadPrefixError,
 * BadEncodingError, BadLengthError, WrongKeyError, WrongAdError, TamperedError);
 * MalformedPlaintextError (padding, too short); WrongKeyError when authorKid is not the kid
 * of `authorKey`; BadSignatureError; MalformedPlaintextError (UTF-8, JSON, not canonical).
 */
export function decryptSigned<P extends SignedPurpose>(
  key: SignedKeyFor<P>,
  binding: BindingFor<P>,
  stored: { readonly ciphertext: Ciphertext<P> | string; readonly authorKid: Kid | string },
  authorKey: SignPublicKey,
): JsonValue {
  const ad = adOf(binding);
  const purpose = (binding as AeadBinding).purpose;
  const plaintext = unpad(aeadDecrypt(key, binding, stored.ciphertext), purpose);
  if (plaintext.length < SIGNATURE_BYTES) throw new MalformedPlaintextError(`${purpose}: shorter than a signature`);
  if (parseKid(stored.authorKid) !== kidOf(authorKey)) throw new WrongKeyError(`${purpose}: written by another author key`);
  const signature = plaintext.subarray(0, SIGNATURE_BYTES);
  const json = plaintext.subarray(SIGNATURE_BYTES);
  if (!verifyDetached(signature, concatBytes(ad, json), authorKey)) {
    throw new BadSignatureError(`${purpose}: signature does not verify`);
  }
  return parseCanonicalJson(json, purpose);
}

/** A case record: signed by `author`, encrypted under the case key (a note: the staff-only key). Throws like encryptSigned. */
export function encryptRecord(caseKey: RecordUnderKey, record: RecordRef, body: JsonValue, author: Signer): SignedCiphertext<'case-record'> {
  return encryptSigned(caseKey, { purpose: 'case-record', ...pickRecord(record) }, body, author);
}

/** Opens a case record. Throws like decryptSigned. */
export function decryptRecord(
  caseKey: RecordUnderKey,
  record: RecordRef,
  stored: { readonly ciphertext: Ciphertext<'case-record'> | string; readonly authorKid: Kid | string },
  authorKey: SignPublicKey,
): JsonValue {
  return decryptSigned(caseKey, { purpose: 'case-record', ...pickRecord(record) }, stored, authorKey);
}

function pickRecord(record: RecordRef): RecordRef {
  return { caseId: record.caseId, recordId: record.recordId, recordKind: record.recordKind };
}
