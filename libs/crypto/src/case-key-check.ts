/**
 * The check every case key passes before it is used (SPEC.md §9.1): a key that opened from an
 * envelope is only known to be *a* key someone sealed; it is this case's key when it opens the
 * request record the requester signed, and the requester keys that verify it are the ones the
 * requester's own envelope names.
 */
import { type CaseKey, type JsonValue } from './brands';
import { assertId } from './binding';
import { type RequesterPublicKeys, verifyCaseKeyEnvelope } from './case-keys';
import { WrongKeyError } from './errors';
import { kidOf } from './keys';
import { decryptRecord } from './signed-payload';

/** What a reader needs to check a case key: the case's request record and the requester's own envelope, as stored. */
export interface CaseKeyEvidence {
  /** The case's request record (kind `request`, written by the requester at intake). */
  readonly request: { readonly id: string; readonly ciphertext: string; readonly authorKid: string };
  /** The requester's envelope of epoch 1: sealed to the requester, signed by the requester. */
  readonly requesterEnvelope: unknown;
  /** The requester's public keys as the case row holds them. */
  readonly requester: RequesterPublicKeys;
}

/**
 * Checks that `caseKey` is the key of case `caseId` (SPEC.md §9.1) and returns the verified
 * request body. In order: the request record must open under `caseKey` and verify under the
 * requester's signing key (the errors of decryptRecord: BadPrefixError, BadEncodingError,
 * BadLengthError, WrongKeyError, WrongAdError, TamperedError, MalformedPlaintextError,
 * BadSignatureError); then the requester's own envelope must be signed by that signing key (the
 * errors of verifyCaseKeyEnvelope) and sealed to the requester's encryption key (WrongKeyError).
 * InvalidInputError for invalid ids.
 */
export function checkCaseKey(caseKey: CaseKey, caseId: string, evidence: CaseKeyEvidence): JsonValue {
  assertId(caseId, 'caseId');
  const { request, requester } = evidence;
  const body = decryptRecord(caseKey, { caseId, recordId: request.id, recordKind: 'request' }, request, requester.signPk);
  const sealedTo = verifyCaseKeyEnvelope(evidence.requesterEnvelope, caseId, requester.signPk);
  if (sealedTo !== kidOf(requester.encPk)) throw new WrongKeyError('case key check: the requester envelope is not sealed to the requester key');
  return body;
}
