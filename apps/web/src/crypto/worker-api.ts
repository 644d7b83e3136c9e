/**
 * The contract between the page and the crypto worker (crypto.worker.ts). Only types and
 * constants live here, so importing it never pulls libsodium into the main bundle.
 */
import { type CryptoErrorCode, type Certificate, type VaultWrap } from '@ashar/crypto';
import { type GrantWorkerApi, type RequesterGrantWorkerApi } from './grant-worker-api';
import { type ApplicationContent, type DeskToSealTo, type FileUploadStart, type RequesterErrorCode, type RequesterWorkerApi, type SeenDesk, type SeenDesks } from './requester-worker-api';

/** Name of the Errors the worker throws; their message is a WorkerErrorCode. */
export const WORKER_CRYPTO_ERROR = 'WorkerCryptoError';

export type WorkerOnlyErrorCode =
  | 'locked'
  | 'no_enrolment'
  | 'not_admin'
  | 'not_certified'
  | 'member_not_certified'
  | 'wrong_desk'
  // Case screens (staff console): see the case functions of CryptoWorkerApi.
  | 'case_not_open'
  | 'sealer_not_certified'
  // The author's or sealer's certificate had expired when the server says it stored the item.
  | 'signer_expired'
  // The author's or sealer's keys were revoked before the server says it stored the item (SPEC.md §8.3).
  | 'signer_revoked'
  // A member a lead would seal a desk key to has revoked keys.
  | 'member_revoked'
  | 'file_size_mismatch'
  | 'download_failed'
  // Re-sealing a desk's cases: the lead holds no copy of the desk key version a case is sealed to.
  | 'desk_key_not_held'
  // SPEC.md §9.1: the key that opened does not open the request its requester signed (or the
  // requester's own envelope does not name the requester keys): it is not this case's key.
  | 'case_key_unverified'
  // The case's requester signing key is not the one this person's browser saw the first time.
  | 'requester_key_changed'
  // Writing to a case whose key or records failed verification (SPEC.md §9.1).
  | 'case_unverified'
  // The person holds no key of the epoch a record or file is under, or of the case's newest epoch (to write).
  | 'epoch_key_not_held'
  // The person holds no staff-only key of the epoch a note is under, or of the newest epoch (to write a note).
  | 'staff_key_not_held'
  // The server shows an older key epoch of the case than this person's browser saw before (SPEC.md §9.4).
  | 'case_rolled_back'
  // Grant screens (SPEC.md §18): no grant key is held in the worker for the grant.
  | 'grant_not_open'
  // Payee details or a report body are not what the worker encrypts (an object of short strings).
  | 'invalid_grant_content';
export type WorkerErrorCode = CryptoErrorCode | WorkerOnlyErrorCode | RequesterErrorCode | 'internal';

/** The public half of an identity, with the fingerprints a person compares. */
export interface PublicIdentity {
  readonly userId: string;
  readonly encPk: string;
  readonly signPk: string;
  /** kidFingerprint of the signing key: the identity key fingerprint shown to people. */
  readonly signFingerprint: string;
  readonly encFingerprint: string;
}

export type UnlockRequest = {
  readonly vault: string;
  readonly wrap: unknown;
  readonly userId: string;
  readonly unlockMethodId: string;
  /** The public keys the api holds for the person; the vault must contain their secret halves. */
  readonly expected: { readonly encPk: string; readonly signPk: string } | null;
} & (
  | { readonly method: 'passphrase'; readonly passphrase: string }
  | { readonly method: 'recovery-code'; readonly code: string }
  | { readonly method: 'passkey-prf'; readonly credentialId: string; readonly prfOutput: ArrayBuffer }
);

export type CertificationStatus =
  | { readonly state: 'uncertified' }
  | { readonly state: 'certified'; readonly kind: 'admin' | 'staff'; readonly notAfter: string }
  | { readonly state: 'invalid'; readonly reason: string };

export interface PersonKeys {
  readonly userId: string;
  readonly encPk: string;
  readonly signPk: string;
}

/** A desk key version's certificate chain, checked against the built-in root. */
export type DeskCertificateStatus =
  | { readonly state: 'certified'; readonly deskId: string; readonly version: number; readonly encPk: string; readonly fingerprint: string; readonly notAfter: string }
  | { readonly state: 'invalid'; readonly reason: string };

/** A desk key pair made in the worker: only its public half and the lead's own sealed copy leave. */
export interface NewDeskKey {
  readonly deskId: string;
  readonly version: number;
  readonly encPk: string;
  /** The derived signing key (SPEC.md §8.2), certified with encPk. */
  readonly signPk: string;
  /** The link from the newest published version the lead holds, or null (a second admin must approve). */
  readonly link: string | null;
  /** Which version it is linked from, or why not (for the lead's screen). */
  readonly linkedFrom: number | null;
  readonly unlinkedBecause: 'first' | 'not-held' | 'legacy' | 'revoked' | 'untrusted' | null;
  /** kidFingerprint of encPk: what the lead reads to the certifying admin. */
  readonly fingerprint: string;
  /** The secret key sealed to the lead's own certified identity (`s1.`). */
  readonly sealedKey: string;
}

/** A sealed desk key the worker opened and checked against the certified desk public key. */
export interface OpenedDeskKey {
  readonly deskId: string;
  readonly version: number;
  readonly fingerprint: string;
  readonly notAfter: string;
}

/** What the lead's worker needs to seal the desk's newest version, which it holds, to another member. */
export interface DeskEnvelopeRequest {
  readonly root: string;
  readonly deskId: string;
  /** The version the page means to seal: it must be the newest of the verified history. */
  readonly version: number;
  /** The desk's published history and the lead's rollback memory of it. */
  readonly desk: DeskToSealTo;
  /** GET /keys/revocations: a revoked member or desk version is refused. */
  readonly revocations: readonly unknown[];
  /** The lead's own sealed copy of that version (GET /desks/:id/envelopes/mine). */
  readonly ownSealedKey: string;
  /** The member's staff id and chain ([staff, admin]) from GET /keys/staff/:id. */
  readonly memberId: string;
  readonly memberChain: readonly unknown[];
}

/** What a reader checks a case key against before using it (SPEC.md §9.1), as the api sent it. */
export interface CaseKeyEvidenceIn {
  /** The case's request record. */
  readonly request: { readonly id: string; readonly ciphertext: string; readonly authorKid: string } | null;
  /** The requester's own envelope from intake (signed by them). */
  readonly requesterEnvelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string } | null;
  /** The case's requester keys. */
  readonly requester: { readonly encPk: string; readonly signPk: string } | null;
  /** The kid of the requester signing key this person's browser saw first for the case (case-pins.ts), or null. */
  readonly pinnedRequesterKid: string | null;
}

/** A desk envelope as the re-seal list gives it: `storedAt` is when the server stored it (see CaseKeyCandidate). */
export interface StoredDeskEnvelopeIn {
  readonly version: number;
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
  readonly storedAt: string;
  /** Whose key must have signed it. */
  readonly sealer: { readonly kind: 'requester' } | { readonly kind: 'staff'; readonly staffId: string; readonly chain: readonly unknown[] };
}

/**
 * What the lead's worker needs to give a batch of a desk's cases their next key epoch (SPEC.md §9.4)
 * after a rotation: the desk's newest verified version (the target, SPEC.md §8.2), the older versions the
 * cases are sealed to with the lead's own copies, and the desks holding the cases with their
 * current certified versions' chains.
 */
export interface ResealRequest {
  readonly root: string;
  readonly deskId: string;
  /** The version the page means to seal to: it must be the newest of the verified history. */
  readonly version: number;
  /** The desk's published history and the lead's rollback memory of it. */
  readonly target: DeskToSealTo;
  readonly revocations: readonly unknown[];
  /** Older versions the cases are sealed to: each one's chain and the lead's own sealed copy. */
  readonly sources: readonly { readonly version: number; readonly chain: readonly unknown[]; readonly ownSealedKey: string }[];
  /** Every other desk holding one of the cases: its published history and the lead's rollback memory of it (sealed to its newest verified version). */
  readonly desks: readonly DeskToSealTo[];
  readonly cases: readonly {
    readonly caseId: string;
    /** The case's newest epoch: the worker makes `epoch + 1`. */
    readonly epoch: number;
    /** The case key envelope of `epoch` to an older version of this desk. */
    readonly envelope: StoredDeskEnvelopeIn;
    /** The staff-only key of `epoch`, when the case has one: its binding and its envelope to an older version of this desk (null: none held). */
    readonly staffKey: { readonly bind: string; readonly envelope: StoredDeskEnvelopeIn | null } | null;
    readonly caseKeyLinks: readonly { readonly epoch: number; readonly link: string }[];
    readonly holdingDeskIds: readonly string[];
    /** The case key is sealed again only once it passed SPEC.md §9.1 against these (walked down to epoch 1). */
    readonly evidence: CaseKeyEvidenceIn;
  }[];
}

/** One envelope of a new epoch, for POST /desks/:id/reseal. */
export interface NewEpochEnvelope {
  readonly keyKind: 'case' | 'staff';
  readonly recipient: { readonly kind: 'desk'; readonly deskId: string; readonly version: number } | { readonly kind: 'requester' };
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
}

export type ResealOutcome =
  | {
      readonly caseId: string;
      readonly state: 'sealed';
      /** The new epoch: its case key link, its staff-only key's binding (and link), and every envelope. */
      readonly epoch: number;
      readonly caseKeyLink: string;
      readonly staffKey: { readonly bind: string; readonly link?: string };
      readonly envelopes: readonly NewEpochEnvelope[];
      /** The requester signing key the case key was checked against (to pin). */
      readonly requesterKid: string;
    }
  | { readonly caseId: string; readonly state: 'failed'; readonly code: WorkerErrorCode };

/** What the lead's worker needs to make a new desk key version (SPEC.md §8.2). */
export interface NewDeskKeyRequest {
  readonly root: string;
  readonly ownChain: readonly unknown[];
  readonly deskId: string;
  readonly version: number;
  /** The desk's published history (may be empty) and the lead's rollback memory of it. */
  readonly desk: DeskToSealTo;
  readonly revocations: readonly unknown[];
  /** The lead's own sealed copies of the desk's versions (GET /desks/:id/envelopes/mine). */
  readonly own: readonly { readonly version: number; readonly sealedKey: string }[];
}

/** What an admin revokes: a member's certified keys, or a desk key version. */
export type RevocationTarget =
  | { readonly kind: 'staff'; readonly staffId: string; readonly signPk: string }
  | { readonly kind: 'desk'; readonly deskId: string; readonly version: number; readonly encPk: string };

/**
 * The staff operations below, the requester operations of the public portal (requester-worker-api.ts),
 * and the grant operations of both (grant-worker-api.ts).
 */
export interface CryptoWorkerApi extends RequesterWorkerApi, RequesterGrantWorkerApi, GrantWorkerApi {
  /**
   * Opens the latest version of an application with a programme-desk key version the unlocked
   * person holds (`locked` otherwise); nothing stays held. `desk_key_not_held` without a candidate,
   * `case_unverified` when the applicant's keys or the record's version or call do not match.
   */
  openProgrammeApplication(request: OpenApplicationRequest): Promise<OpenApplicationResult>;

  /** The WebAuthn PRF input for a credential (SPEC.md §7). */
  prfSalt(credentialId: string): Promise<Uint8Array>;

  /** New identity keys and vault for `userId`; held in the worker until finished or abandoned. */
  beginEnrolment(userId: string): Promise<PublicIdentity & { vault: string }>;
  wrapPendingWithPrf(unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer): Promise<VaultWrap>;
  wrapPendingWithPassphrase(unlockMethodId: string, passphrase: string): Promise<VaultWrap>;
  /** A fresh recovery code and the wrap it opens; the code is shown once and never stored. */
  wrapPendingWithRecoveryCode(unlockMethodId: string): Promise<{ code: string; wrap: VaultWrap }>;
  /** The api accepted the enrolment: the new identity becomes the unlocked one. */
  finishEnrolment(): Promise<PublicIdentity>;
  abandonEnrolment(): Promise<void>;

  /** Opens the vault with one unlock method; throws `wrong_key` for a wrong secret. */
  unlock(request: UnlockRequest): Promise<PublicIdentity>;
  isValidRecoveryCode(code: string): Promise<boolean>;
  current(): Promise<PublicIdentity | null>;
  /** Wraps the unlocked vault key for a newly added passkey. */
  wrapUnlockedWithPrf(unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer): Promise<VaultWrap>;
  lock(): Promise<void>;

  fingerprintOf(signPublicKey: string): Promise<string>;
  encFingerprintOf(encPublicKey: string): Promise<string>;
  /** Checks a person's chain against the root built into the app, and that it is for their keys. */
  certificationStatus(chain: readonly unknown[], root: string, subject: PersonKeys): Promise<CertificationStatus>;
  /**
   * Verifies the unlocked admin's own chain to the root, then certifies the subject's keys as
   * `staff` for one year. Throws `not_admin` when the own chain is not a root-issued admin
   * certificate for the unlocked keys.
   */
  certifyStaff(ownChain: readonly unknown[], root: string, subject: PersonKeys): Promise<Certificate>;

  /** Checks a desk key version's chain to the root, and that it certifies a key of desk `deskId`. */
  deskCertificateStatus(chain: readonly unknown[], root: string, deskId: string): Promise<DeskCertificateStatus>;
  /**
   * Desk lead: makes the key pair of version `request.version` of the desk and seals its secret
   * key to the unlocked identity, after verifying the lead's own chain to the root
   * (`not_certified` otherwise). When the desk's history verifies and the lead holds its newest
   * version (their sealed copy opens and matches its certificate), signs the link from it (SPEC.md
   * §8.2); otherwise the version is unlinked and needs a second admin's approval. A rollback or
   * fork of the history is refused (`untrusted_history`). Secret keys are wiped; only the sealed
   * copy, the public keys and the link leave.
   */
  createDeskKey(request: NewDeskKeyRequest): Promise<NewDeskKey>;
  /**
   * Desk lead: verifies the desk's history (the version must be its newest, else `wrong_desk`),
   * opens their own sealed copy of it (checking it matches the certified desk public keys),
   * verifies the member's chain to the root (`member_not_certified` when they have none or it is
   * for someone else; `member_revoked` when a statement revoked it), and seals the key to the
   * member's certified key. Returns the `s1.` sealed key for POST /desks/:id/envelopes.
   */
  sealDeskKeyForMember(request: DeskEnvelopeRequest): Promise<{ sealedKey: string; seen: SeenDesk }>;
  /**
   * Admin: verifies their own admin chain to the root (`not_admin` otherwise) and certifies
   * `encPk` as version `version` of desk `deskId` for one year.
   */
  certifyDeskKey(ownChain: readonly unknown[], root: string, deskId: string, version: number, keys: { readonly encPk: string; readonly signPk: string }): Promise<Certificate>;
  /**
   * Second admin: verifies their own admin chain to the root (`not_admin` otherwise) and signs the
   * approval of desk version `version` with the given public keys (SPEC.md §8.2). Returns the
   * base64url signature for POST /desks/:id/keys/:version/approval.
   */
  approveDeskKey(ownChain: readonly unknown[], root: string, deskId: string, version: number, keys: { readonly encPk: string; readonly signPk: string }): Promise<string>;
  /**
   * Admin: verifies their own admin chain (`not_admin` otherwise) and signs a revocation
   * statement (SPEC.md §8.3), from now, of a staff member's certified keys (the kid of their
   * signPk) or of a desk version (the kid of its encPk). Returns the statement for POST /keys/revocations.
   */
  signRevocation(ownChain: readonly unknown[], root: string, subject: RevocationTarget): Promise<object>;
  /**
   * Any member: opens their sealed copy of a desk key version against its verified certificate
   * (the unsealed secret key must belong to the certified public key) and wipes it again.
   * Throws `public_key_mismatch`, `wrong_key`, `wrong_desk`, … when it does not open.
   */
  openDeskKey(sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): Promise<OpenedDeskKey>;
  /**
   * Desk lead, after a rotation: verifies the desk's whole key history with the revocations and
   * the lead's rollback memory (SPEC.md §8.2; its newest version must be `request.version`, else
   * `wrong_desk`) and every other holding desk's history the same way, opens the lead's own copy of each older source version
   * against its verified certificate, then for each case opens its newest case key (checking the
   * sealer's signature), walks its links down to epoch 1 and checks it against the signed request
   * (SPEC.md §9.1 — a key that fails is never sealed again), opens and checks its staff-only key,
   * and makes the next epoch (§9.4): new keys linked to these, sealed to every holding desk's
   * current version and (the case key) to the requester, signed by the unlocked identity. Never
   * throws for one case: its failure is reported by code. Every secret is wiped before returning.
   */
  resealCaseKeys(request: ResealRequest): Promise<{ outcomes: ResealOutcome[]; seen: SeenDesks }>;

  // Case screens of the staff console. A case key opened here stays in the worker (keyed by
  // case id) until `forgetCase`, `lock` or the end of the worker; the page never holds it.
  /**
   * Tries the candidates in order and keeps the first case key that opens: the desk key version
   * (or the person's own keys) opens the envelope, after the desk chain and the sealer's key are
   * verified — the requester key of the case, or a staff member's chain to the root that names
   * them. A key that opens is kept only once it opens and verifies the request the requester
   * signed and the requester's own envelope names the requester keys (SPEC.md §9.1,
   * `case_key_unverified` otherwise); a requester key other than the pinned one is
   * `requester_key_changed` before any envelope is tried. Never throws for a candidate that
   * fails: its code is reported instead.
   */
  openCaseKey(request: OpenCaseKeyRequest): Promise<OpenCaseKeyResult>;
  /**
   * Decrypts and verifies every record with the opened case key; a record that fails is refused,
   * not returned, and writing to the case is refused (`case_unverified`) until a later read
   * verifies every record. Throws `case_not_open`.
   */
  readCaseRecords(request: ReadRecordsRequest): Promise<RecordReading[]>;
  /**
   * Opens the requester's subject line of an opened case (sealed at intake under the case key of
   * epoch 1, SPEC.md §19); one that does not open is refused by code. Throws `case_not_open`.
   */
  readCaseSubject(caseId: string, sealed: string): Promise<CaseSubjectReading>;
  /**
   * Starts encrypting a file for an opened case (`case_not_open` otherwise), to go with a note
   * (staff only) or a message (the requester sees it); the chunks come from nextFileChunk, and
   * endFileUpload drops the encryptor. `lock` drops every encryptor.
   */
  beginCaseFileUpload(caseId: string, file: Blob, name: string, recordKind: 'note' | 'message'): Promise<FileUploadStart>;
  /** Encrypts and signs a note or message with the unlocked identity for POST /cases/:id/notes|messages. Throws `case_not_open`, `locked`. */
  writeCaseRecord(caseId: string, recordId: string, kind: 'note' | 'message', body: { readonly text: string }): Promise<SealedRecord>;
  /**
   * Referral: verifies the target desk's whole key history to the root (SPEC.md §8.2; a rollback,
   * a break without approval or a revoked newest version is refused) and seals the open case key
   * (and the staff-only key of its newest epoch, when held) to its newest version, signed by the
   * unlocked identity.
   */
  sealCaseToDesk(root: string, caseId: string, desk: DeskToSealTo, revocations: readonly unknown[]): Promise<ReferralEnvelopeOut & { seen: SeenDesk }>;
  /**
   * Opens each file's metadata with the key its record kind and epoch call for (SPEC.md §9.3); one
   * that does not open is refused. Throws `case_not_open`.
   */
  readFileMeta(caseId: string, files: readonly (CaseFileIn & { readonly meta: string })[]): Promise<FileMetaReading[]>;
  /**
   * Makes the staff-only key of the case's newest epoch (SPEC.md §9.2): binds it to that epoch's case
   * key, links the previous epoch's staff-only key when held, and seals it to the newest version of
   * each desk given after verifying its whole key history (SPEC.md §8.2, with the revocations and
   * this person's rollback memory), signed by the unlocked identity. The key is held for the case.
   * Throws `case_unverified`, `epoch_key_not_held`, and the history's refusals.
   */
  createStaffKey(root: string, caseId: string, desks: readonly DeskToSealTo[], revocations: readonly unknown[], previousExists: boolean): Promise<NewStaffKey & { seen: SeenDesks }>;
  /**
   * Fetches a file's ciphertext (GET …/files/:fileId/content, same origin, the session cookie),
   * decrypts it chunk by chunk as it arrives and returns the plaintext as a Blob, after the
   * final chunk verified and the size matched the metadata. `onProgress` gets the bytes
   * decrypted so far. Throws `case_not_open`, `download_failed` (HTTP), the stream's errors
   * (`tampered`, `truncated_stream`, …) and `file_size_mismatch`.
   */
  downloadCaseFile(request: DownloadFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob>;
  /**
   * The inbox (issue 16): opens the requester's subject line of each case of a page (SPEC.md §19)
   * with the case key of epoch 1, reached as openCaseKey reaches it — the first candidate that
   * opens (desk chain, sealer's signature as of when it was stored, the pinned requester key, no
   * older epoch than this browser saw), then down the key links. The subject is not signed, so the
   * request is not read for it (§9.1 stays the case screen's). Every key is wiped before
   * returning; only subject text leaves. Never throws for one case: its failure is reported by code.
   */
  openSubjects(request: OpenSubjectsRequest): Promise<SubjectReading[]>;
  /** Which keys of an opened case are held: epochs of case keys and staff-only keys, and the newest epoch it was opened at; null when not open. */
  caseKeysHeld(caseId: string): Promise<{ readonly newest: number; readonly caseEpochs: readonly number[]; readonly staffEpochs: readonly number[] } | null>;
  /** Wipes an opened case key (leaving the case screen). */
  forgetCase(caseId: string): Promise<void>;
}

/** The requester's subject line of a case, opened, or why it was not. */
export type CaseSubjectReading = { readonly state: 'verified'; readonly subject: string } | { readonly state: 'refused'; readonly code: WorkerErrorCode };

/** How one envelope of the case view may be opened. */
/**
 * A stored envelope or record carries the time the server says it stored it (ISO 8601): the
 * certificates that vouch for it (its author's or sealer's chain, the desk version's) are
 * checked as of then — or now, if that is earlier — so what was signed while they were valid
 * stays readable after they expire (SPEC.md §8).
 */
/**
 * What the staff worker needs to open the latest version of an application (GET
 * /programme/applications/:id): the applicant's keys and own envelope, the record, and one
 * candidate per programme-desk key version the person holds a sealed copy of.
 */
export interface OpenApplicationRequest {
  readonly root: string;
  readonly applicationId: string;
  readonly callId: string;
  readonly applicant: { readonly encPk: string; readonly signPk: string };
  readonly applicantEnvelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string };
  readonly latest: { readonly version: number; readonly ciphertext: string; readonly authorKid: string };
  readonly candidates: readonly {
    readonly deskId: string;
    readonly version: number;
    readonly deskChain: readonly unknown[];
    readonly sealedDeskKey: string;
    readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string; readonly storedAt: string };
  }[];
}

export type OpenApplicationResult =
  | { readonly opened: true; readonly version: number; readonly content: ApplicationContent }
  | { readonly opened: false; readonly code: WorkerErrorCode };

export interface CaseKeyCandidate {
  /** `case`: a case key envelope; `staff`: a staff-only key envelope (SPEC.md §9.2). */
  readonly keyKind: 'case' | 'staff';
  /** The epoch of the key it holds. */
  readonly epoch: number;
  readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string; readonly storedAt: string };
  /** Opened with a desk key version the person holds, or with their own keys (an envelope to them). */
  readonly opener:
    | { readonly kind: 'desk'; readonly deskId: string; readonly version: number; readonly deskChain: readonly unknown[]; readonly sealedDeskKey: string }
    | { readonly kind: 'self' };
  /** Whose key must have signed the envelope. */
  readonly sealer: { readonly kind: 'requester' } | { readonly kind: 'staff'; readonly staffId: string; readonly chain: readonly unknown[] };
}

export interface OpenCaseKeyRequest extends CaseKeyEvidenceIn {
  readonly root: string;
  /** GET /keys/revocations: a sealer whose keys were revoked before the envelope was stored is refused. */
  readonly revocations?: readonly unknown[];
  readonly caseId: string;
  /** The case's newest epoch (the view's `epoch`). */
  readonly epoch: number;
  /** The case's staff-only keys by epoch: each one's binding to its epoch's case key, and its link to the previous one. */
  readonly staffKeys: readonly { readonly epoch: number; readonly bind: string; readonly link: string | null }[];
  /** The case key links of epochs 2 … (SPEC.md §9.4). */
  readonly caseKeyLinks: readonly { readonly epoch: number; readonly link: string }[];
  /** The newest epoch this person's browser saw for the case (case-pins.ts), or null: an older `epoch` is refused. */
  readonly pinnedEpoch: number | null;
  readonly candidates: readonly CaseKeyCandidate[];
}

export type OpenCaseKeyResult =
  | {
      readonly opened: true;
      readonly index: number;
      /** The requester signing key the case key was checked against: the page pins it (case-pins.ts). */
      readonly requesterKid: string;
      /** Epochs whose case key is held, and whose staff-only key is held (each checked). */
      readonly caseEpochs: readonly number[];
      readonly staffEpochs: readonly number[];
      /** Staff-only key envelopes that did not open (their notes stay unreadable). */
      readonly staffFailures: readonly { readonly index: number; readonly code: WorkerErrorCode }[];
    }
  | { readonly opened: false; readonly failures: readonly { readonly index: number; readonly code: WorkerErrorCode }[] };

export interface ReadRecordsRequest {
  readonly root: string;
  /** GET /keys/revocations: an author whose keys were revoked before the record was stored is refused. */
  readonly revocations?: readonly unknown[];
  readonly caseId: string;
  /** Requester-written records verify under the requester key the case key was checked against, not one sent here. */
  readonly records: readonly {
    readonly id: string;
    readonly kind: 'request' | 'note' | 'message';
    /** What the api says it is under: the case key, or (a note) the staff-only key. */
    readonly keyKind: 'case' | 'staff';
    readonly epoch: number;
    readonly author: { readonly kind: 'staff' | 'requester'; readonly id: string };
    readonly authorKid: string;
    readonly ciphertext: string;
    /** The record's createdAt: a staff author's chain is checked as of then (see CaseKeyCandidate). */
    readonly storedAt: string;
  }[];
  /** Chains ([staff, admin]) of the staff authors, by staff id, from GET /keys/staff/:id. */
  readonly staffChains: Readonly<Record<string, readonly unknown[]>>;
}

/** One record after decryption: its body only when the ciphertext, the binding and the author's signature all verified. */
export type RecordReading =
  | {
      readonly id: string;
      readonly state: 'verified';
      readonly body: unknown;
      /** A note written before staff-only keys: under the case key, which the requester holds too. */
      readonly legacy: boolean;
    }
  | { readonly id: string; readonly state: 'refused'; readonly code: WorkerErrorCode }
  /** Not a failure of verification: the person holds no key of its epoch (`epoch_key_not_held`, `staff_key_not_held`). */
  | { readonly id: string; readonly state: 'unreadable'; readonly code: WorkerErrorCode };

export interface SealedRecord {
  readonly id: string;
  readonly ciphertext: string;
  readonly authorKid: string;
  /** The epoch whose key it is under (the case's newest). */
  readonly epoch: number;
}

export interface ReferralEnvelopeOut {
  readonly version: number;
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
  /** The staff-only key of the newest epoch sealed the same way, when the case has one. */
  readonly staffEnvelope?: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string };
}


/** A staff-only key made in the worker for POST /cases/:id/staff-keys; the key stays in the worker. */
export interface NewStaffKey {
  readonly epoch: number;
  readonly bind: string;
  readonly link?: string;
  readonly envelopes: readonly { readonly deskId: string; readonly version: number; readonly sealedKey: string; readonly sealerKid: string; readonly signature: string }[];
}

/** A file of the case as the worker reads it: what the api lists. */
export interface CaseFileIn {
  readonly fileId: string;
  readonly recordKind: 'request' | 'message' | 'note';
  readonly epoch: number;
  /** 1: bound to case and file only, under the case key (before SPEC.md §9.3); 2: bound to the record kind too. */
  readonly format: 1 | 2;
}

export type FileMetaReading =
  | {
      readonly fileId: string;
      readonly state: 'verified';
      readonly name: string;
      readonly type: string;
      readonly size: number;
      /** Format 1: stored before files were bound to their record kind; what it goes with is the server's word. */
      readonly legacy: boolean;
    }
  | { readonly fileId: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

export interface DownloadFileRequest extends CaseFileIn {
  readonly caseId: string;
  readonly header: string;
  readonly wrappedKey: string;
  readonly meta: string;
}

/** One inbox case whose sealed subject line the worker opens (GET /cases/inbox/keys and the page's row). */
export interface SubjectToOpen {
  readonly caseId: string;
  /** The sealed subject line of the inbox row. */
  readonly subject: string;
  /** The case's newest epoch. */
  readonly epoch: number;
  readonly requester: { readonly encPk: string; readonly signPk: string } | null;
  readonly caseKeyLinks: readonly { readonly epoch: number; readonly link: string }[];
  /** The pins of case-pins.ts (null: this browser never opened the case). */
  readonly pinnedRequesterKid: string | null;
  readonly pinnedEpoch: number | null;
  /** Case key envelopes only (`keyKind: 'case'`). */
  readonly candidates: readonly CaseKeyCandidate[];
}

export interface OpenSubjectsRequest {
  readonly root: string;
  readonly revocations?: readonly unknown[];
  readonly cases: readonly SubjectToOpen[];
}

export type SubjectReading = { readonly caseId: string; readonly state: 'open'; readonly subject: string } | { readonly caseId: string; readonly state: 'failed'; readonly code: WorkerErrorCode };
