/**
 * The contract between the page and the crypto worker (crypto.worker.ts). Only types and
 * constants live here, so importing it never pulls libsodium into the main bundle.
 */
import { type CryptoErrorCode, type Certificate, type VaultWrap } from '@ashar/crypto';
import { type DeskToSealTo, type FileUploadStart, type RequesterErrorCode, type RequesterWorkerApi, type SeenDesk } from './requester-worker-api';

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
  | 'desk_key_not_held';
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

/** What the lead's worker needs to re-seal a batch of a desk's cases to its newest verified version. */
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
  readonly cases: readonly {
    readonly caseId: string;
    /** The desk key version the envelope below is sealed to. */
    readonly version: number;
    /** `storedAt`: the sealer's and the source version's chains are checked as of then (see CaseKeyCandidate). */
    readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string; readonly storedAt: string };
    /** Whose key must have signed the envelope. */
    readonly sealer: { readonly kind: 'requester'; readonly signPk: string } | { readonly kind: 'staff'; readonly staffId: string; readonly chain: readonly unknown[] };
  }[];
}

export type ResealOutcome =
  | { readonly caseId: string; readonly state: 'sealed'; readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string } }
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

/** The staff operations below, and the requester operations of the public portal (requester-worker-api.ts). */
export interface CryptoWorkerApi extends RequesterWorkerApi {
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
   * Desk lead, after a rotation: verifies the desk's history and that its newest version is
   * `request.version` (else `wrong_desk`), opens the lead's own copy of each older source version against its verified
   * certificate, then for each case opens its envelope (checking the sealer's signature: the
   * case's requester key, or a staff chain to the root naming the sealer) and seals the case
   * key to the target version, signed by the unlocked identity. Never throws for one case: its
   * failure is reported by code (`desk_key_not_held` when no source of its version was given).
   * Desk secret keys and case keys are wiped before returning; only new envelopes leave.
   */
  resealCaseKeys(request: ResealRequest): Promise<{ outcomes: ResealOutcome[]; seen: SeenDesk }>;

  // Case screens of the staff console. A case key opened here stays in the worker (keyed by
  // case id) until `forgetCase`, `lock` or the end of the worker; the page never holds it.
  /**
   * Tries the candidates in order and keeps the first case key that opens: the desk key version
   * (or the person's own keys) opens the envelope, after the desk chain and the sealer's key are
   * verified — the requester key of the case, or a staff member's chain to the root that names
   * them. Never throws for a candidate that fails: its code is reported instead.
   */
  openCaseKey(request: OpenCaseKeyRequest): Promise<OpenCaseKeyResult>;
  /** Decrypts and verifies every record with the opened case key; a record that fails is refused, not returned. Throws `case_not_open`. */
  readCaseRecords(request: ReadRecordsRequest): Promise<RecordReading[]>;
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
   * to its newest version, signed by the unlocked identity.
   */
  sealCaseToDesk(root: string, caseId: string, desk: DeskToSealTo, revocations: readonly unknown[]): Promise<ReferralEnvelopeOut & { seen: SeenDesk }>;
  /** Opens each file's metadata with the case key; one that does not open is refused. Throws `case_not_open`. */
  readFileMeta(caseId: string, files: readonly { readonly fileId: string; readonly meta: string }[]): Promise<FileMetaReading[]>;
  /**
   * Fetches a file's ciphertext (GET …/files/:fileId/content, same origin, the session cookie),
   * decrypts it chunk by chunk as it arrives and returns the plaintext as a Blob, after the
   * final chunk verified and the size matched the metadata. `onProgress` gets the bytes
   * decrypted so far. Throws `case_not_open`, `download_failed` (HTTP), the stream's errors
   * (`tampered`, `truncated_stream`, …) and `file_size_mismatch`.
   */
  downloadCaseFile(request: DownloadFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob>;
  /** Wipes an opened case key (leaving the case screen). */
  forgetCase(caseId: string): Promise<void>;
}

/** How one envelope of the case view may be opened. */
/**
 * A stored envelope or record carries the time the server says it stored it (ISO 8601): the
 * certificates that vouch for it (its author's or sealer's chain, the desk version's) are
 * checked as of then — or now, if that is earlier — so what was signed while they were valid
 * stays readable after they expire (SPEC.md §8).
 */
export interface CaseKeyCandidate {
  readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string; readonly storedAt: string };
  /** Opened with a desk key version the person holds, or with their own keys (an envelope to them). */
  readonly opener:
    | { readonly kind: 'desk'; readonly deskId: string; readonly version: number; readonly deskChain: readonly unknown[]; readonly sealedDeskKey: string }
    | { readonly kind: 'self' };
  /** Whose key must have signed the envelope. */
  readonly sealer: { readonly kind: 'requester' } | { readonly kind: 'staff'; readonly staffId: string; readonly chain: readonly unknown[] };
}

export interface OpenCaseKeyRequest {
  readonly root: string;
  /** GET /keys/revocations: a sealer whose keys were revoked before the envelope was stored is refused. */
  readonly revocations?: readonly unknown[];
  readonly caseId: string;
  /** The case's requester keys from the case view (they verify intake envelopes and the request). */
  readonly requester: { readonly encPk: string; readonly signPk: string } | null;
  readonly candidates: readonly CaseKeyCandidate[];
}

export type OpenCaseKeyResult =
  | { readonly opened: true; readonly index: number }
  | { readonly opened: false; readonly failures: readonly { readonly index: number; readonly code: WorkerErrorCode }[] };

export interface ReadRecordsRequest {
  readonly root: string;
  /** GET /keys/revocations: an author whose keys were revoked before the record was stored is refused. */
  readonly revocations?: readonly unknown[];
  readonly caseId: string;
  readonly requester: { readonly encPk: string; readonly signPk: string } | null;
  readonly records: readonly {
    readonly id: string;
    readonly kind: 'request' | 'note' | 'message';
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
  | { readonly id: string; readonly state: 'verified'; readonly body: unknown }
  | { readonly id: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

export interface SealedRecord {
  readonly id: string;
  readonly ciphertext: string;
  readonly authorKid: string;
}

export interface ReferralEnvelopeOut {
  readonly version: number;
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
}

export type FileMetaReading =
  | { readonly fileId: string; readonly state: 'verified'; readonly name: string; readonly type: string; readonly size: number }
  | { readonly fileId: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

export interface DownloadFileRequest {
  readonly caseId: string;
  readonly fileId: string;
  readonly header: string;
  readonly wrappedKey: string;
  readonly meta: string;
}
