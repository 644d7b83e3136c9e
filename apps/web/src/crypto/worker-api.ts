/**
 * The contract between the page and the crypto worker (crypto.worker.ts). Only types and
 * constants live here, so importing it never pulls libsodium into the main bundle.
 */
import { type CryptoErrorCode, type Certificate, type VaultWrap } from '@ashar/crypto';

/** Name of the Errors the worker throws; their message is a WorkerErrorCode. */
export const WORKER_CRYPTO_ERROR = 'WorkerCryptoError';

export type WorkerOnlyErrorCode = 'locked' | 'no_enrolment' | 'not_admin' | 'not_certified' | 'member_not_certified' | 'wrong_desk';
export type WorkerErrorCode = CryptoErrorCode | WorkerOnlyErrorCode | 'internal';

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

/** What the lead's worker needs to seal a desk key version it holds to another member. */
export interface DeskGrantRequest {
  readonly root: string;
  readonly deskId: string;
  readonly version: number;
  /** The desk version's chain ([desk, admin]). */
  readonly deskChain: readonly unknown[];
  /** The lead's own sealed copy of that version (GET /desks/:id/grants/mine). */
  readonly ownSealedKey: string;
  /** The member's staff id and chain ([staff, admin]) from GET /keys/staff/:id. */
  readonly memberId: string;
  readonly memberChain: readonly unknown[];
}

export interface CryptoWorkerApi {
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
   * Desk lead: makes the key pair of version `version` of desk `deskId` and seals its secret key
   * to the unlocked identity, after verifying the lead's own chain to the root (`not_certified`
   * otherwise). The secret key is wiped; only the sealed copy and the public key leave.
   */
  createDeskKey(ownChain: readonly unknown[], root: string, deskId: string, version: number): Promise<NewDeskKey>;
  /**
   * Desk lead: opens their own sealed copy of a certified version (checking it matches the
   * certified desk public key), verifies the member's chain to the root (`member_not_certified`
   * when they have none or it is for someone else), and seals the key to the member's certified
   * key. Returns the `s1.` sealed key for POST /desks/:id/grants.
   */
  grantDeskKey(request: DeskGrantRequest): Promise<string>;
  /**
   * Admin: verifies their own admin chain to the root (`not_admin` otherwise) and certifies
   * `encPk` as version `version` of desk `deskId` for one year.
   */
  certifyDeskKey(ownChain: readonly unknown[], root: string, deskId: string, version: number, encPk: string): Promise<Certificate>;
  /**
   * Any member: opens their sealed copy of a desk key version against its verified certificate
   * (the unsealed secret key must belong to the certified public key) and wipes it again.
   * Throws `public_key_mismatch`, `wrong_key`, `wrong_desk`, … when it does not open.
   */
  openDeskKey(sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): Promise<OpenedDeskKey>;
}
