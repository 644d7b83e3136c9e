/**
 * The contract between the page and the crypto worker (crypto.worker.ts). Only types and
 * constants live here, so importing it never pulls libsodium into the main bundle.
 */
import { type CryptoErrorCode, type Certificate, type VaultWrap } from '@ashar/crypto';

/** Name of the Errors the worker throws; their message is a WorkerErrorCode. */
export const WORKER_CRYPTO_ERROR = 'WorkerCryptoError';

export type WorkerOnlyErrorCode = 'locked' | 'no_enrolment' | 'not_admin';
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
}
