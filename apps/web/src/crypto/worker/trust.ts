/**
 * Whom the staff worker trusts, and how long what it signs lasts: chains verified to the
 * built-in root for the unlocked person, a desk version, a staff author or sealer, and the
 * requester's own key.
 */
import {
  type CaseKey,
  type DeskKeyPair,
  type EncPublicKey,
  type RevocationList,
  type SignPublicKey,
  type VerifiedDesk,
  type VerifiedDeskHistory,
  type VerifiedPerson,
  type VerifiedSubject,
  CryptoError,
  NO_REVOCATIONS,
  RevokedError,
  UntrustedCertificateError,
  assertNotRevoked,
  checkCaseKey,
  encodePublicKey,
  kidOf,
  parseRequesterPublicKeys,
  parseSignPublicKey,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
  wipeDeskKeyPair,
} from '@ashar/crypto';
import { type DeskToSealTo } from '../requester-worker-api';
import { type CaseKeyEvidenceIn, type WorkerOnlyErrorCode } from '../worker-api';
import { WorkerStateError } from '../worker-guard';
import { type Held } from './key-state';

export function rootKey(root: string): SignPublicKey {
  return parseSignPublicKey(root);
}

const CERTIFICATE_DAYS = 365;

export function oneYearFromNow(): Date {
  return new Date(Date.now() + CERTIFICATE_DAYS * 24 * 60 * 60 * 1000);
}

function sameKey(a: EncPublicKey | SignPublicKey, b: EncPublicKey | SignPublicKey): boolean {
  return encodePublicKey(a) === encodePublicKey(b);
}

/**
 * The unlocked person's own verified chain: it must lead to the root, name them, and be for the
 * keys unlocked here (a server that swapped certificates is caught). `failure` when it is not.
 */
export function ownVerifiedPerson(self: Held, ownChain: readonly unknown[], root: string, kinds: readonly ('admin' | 'staff')[], failure: WorkerOnlyErrorCode): VerifiedPerson {
  let verified: VerifiedSubject;
  try {
    verified = verifyCertificateChain(ownChain, rootKey(root), new Date());
  } catch (error) {
    // Missing, expired, forged or not from this root: the same answer.
    if (error instanceof CryptoError) throw new WorkerStateError(failure);
    throw error;
  }
  if (verified.kind === 'desk' || verified.kind === 'escrow' || !kinds.includes(verified.kind)) throw new WorkerStateError(failure);
  if (verified.subjectId !== self.userId || !sameKey(verified.signPk, self.identity.signPk) || !sameKey(verified.encPk, self.identity.encPk)) {
    throw new WorkerStateError(failure);
  }
  return verified;
}

/**
 * A desk version's chain verified to the root as of `at` (now, to seal to it), for desk `deskId`
 * (and `version` when given); else `wrong_desk`.
 */
export function verifiedDesk(chain: readonly unknown[], root: string, deskId: string, version?: number, at = new Date()): VerifiedDesk {
  const verified = verifyCertificateChain(chain, rootKey(root), at);
  if (verified.kind !== 'desk' || verified.deskId !== deskId || (version !== undefined && verified.version !== version)) throw new WorkerStateError('wrong_desk');
  return verified;
}

export function wipeDesk(desk: DeskKeyPair | null): void {
  wipeDeskKeyPair(desk);
}

/** The published revocation statements (GET /keys/revocations) that verify to the root; the others are left out. */
export function revocationList(entries: readonly unknown[] | undefined, root: string): RevocationList {
  return entries ? verifyRevocations(entries, rootKey(root), new Date()) : NO_REVOCATIONS;
}

/**
 * A desk's whole key history verified to the root (libs/crypto SPEC.md §8.2) with the published
 * revocations and this person's rollback memory: its newest version is the only one to seal to.
 * Throws the library's `untrusted_history`, `revoked`, certificate and format errors.
 */
export function verifiedHistory(desk: DeskToSealTo, root: string, revocations: RevocationList): VerifiedDeskHistory {
  return verifyDeskHistory(desk.deskId, desk.history, rootKey(root), new Date(), { revocations, seen: desk.seen });
}

/**
 * A staff member's signing key, trusted only through a chain to the root that names them, valid
 * at `at`, and not revoked from `at` or earlier (SPEC.md §8.3: `signer_revoked`).
 */
export function certifiedSignKey(chain: readonly unknown[], root: string, staffId: string, at: Date, revocations: RevocationList = NO_REVOCATIONS): SignPublicKey {
  let verified: VerifiedSubject;
  try {
    verified = verifyCertificateChain(chain, rootKey(root), at);
  } catch (error) {
    if (error instanceof UntrustedCertificateError && error.reason === 'expired') throw new WorkerStateError('signer_expired');
    if (error instanceof CryptoError) throw new WorkerStateError('sealer_not_certified');
    throw error;
  }
  if ((verified.kind !== 'staff' && verified.kind !== 'admin') || verified.subjectId !== staffId) throw new WorkerStateError('sealer_not_certified');
  try {
    assertNotRevoked(revocations, 'staff', staffId, verified.signKid, at);
  } catch (error) {
    if (error instanceof RevokedError) throw new WorkerStateError('signer_revoked');
    throw error;
  }
  return verified.signPk;
}

export function requesterSignKey(requester: { readonly signPk: string } | null): SignPublicKey {
  if (!requester) throw new WorkerStateError('sealer_not_certified');
  return parseSignPublicKey(requester.signPk);
}

/**
 * Before the requester key the server sent is trusted for anything: it must be the one this
 * person's browser saw first for the case, if it saw one (`requester_key_changed`).
 */
export function pinnedRequesterKey(evidence: CaseKeyEvidenceIn): SignPublicKey {
  const signPk = requesterSignKey(evidence.requester);
  if (evidence.pinnedRequesterKid !== null && kidOf(signPk) !== evidence.pinnedRequesterKid) throw new WorkerStateError('requester_key_changed');
  return signPk;
}

/**
 * SPEC.md §9.1 on a case key that just opened: it must open and verify the request the requester
 * signed, and the requester's own envelope must name the requester keys; else the key is wiped
 * and `case_key_unverified` thrown. Returns the requester signing key it was checked against.
 */
export function checkedCaseKey(caseKey: CaseKey, caseId: string, evidence: CaseKeyEvidenceIn): SignPublicKey {
  let signPk: SignPublicKey;
  try {
    signPk = pinnedRequesterKey(evidence);
    if (!evidence.request || !evidence.requesterEnvelope || !evidence.requester) throw new WorkerStateError('case_key_unverified');
    const requester = parseRequesterPublicKeys(evidence.requester.encPk, evidence.requester.signPk);
    checkCaseKey(caseKey, caseId, { request: evidence.request, requesterEnvelope: evidence.requesterEnvelope, requester });
  } catch (error) {
    caseKey.fill(0);
    if (error instanceof WorkerStateError && error.code === 'requester_key_changed') throw error;
    if (error instanceof CryptoError || error instanceof WorkerStateError) throw new WorkerStateError('case_key_unverified');
    throw error;
  }
  return signPk;
}
