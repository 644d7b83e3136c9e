/**
 * The crypto worker: the only code of the web app that loads libsodium (libs/crypto), and the
 * only place an unlocked identity lives. Secret keys and the vault key never leave this
 * worker; callers get public keys, fingerprints, ciphertexts and wraps. Ending the worker
 * (sign-out, closing the tab) drops them; `lock` wipes them earlier.
 */
import { expose } from 'comlink';
import {
  type DeskKeyPair,
  type EncPublicKey,
  type IdentityKeys,
  type SignPublicKey,
  type UnlockSecret,
  type VaultKey,
  type VaultWrap,
  type VerifiedDesk,
  type VerifiedPerson,
  type VerifiedSubject,
  CryptoError,
  createVault,
  deskSubjectId,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRecoveryCode,
  issueCertificate,
  kidFingerprint,
  kidOf,
  normaliseRecoveryCode,
  openDeskKey,
  parseEncPublicKey,
  parseSignPublicKey,
  parseVaultWrap,
  prfSalt,
  ready,
  sealDeskKey,
  unlockVault,
  verifyCertificateChain,
  wrapVaultKey,
} from '@ashar/crypto';
import {
  type CertificationStatus,
  type CryptoWorkerApi,
  type DeskCertificateStatus,
  type DeskGrantRequest,
  type NewDeskKey,
  type OpenedDeskKey,
  type PublicIdentity,
  type UnlockRequest,
  type WorkerOnlyErrorCode,
  WORKER_CRYPTO_ERROR,
} from './worker-api';

interface Held {
  readonly userId: string;
  readonly identity: IdentityKeys;
  readonly vaultKey: VaultKey;
}

/** The identity being enrolled (keys made, vault not yet accepted by the api). */
let pending: (Held & { vault: string }) | null = null;
/** The unlocked identity of the signed-in person. */
let unlocked: Held | null = null;

function wipe(held: Held | null): void {
  if (!held) return;
  held.identity.encSk.fill(0);
  held.identity.signSk.fill(0);
  held.vaultKey.fill(0);
}

function publicIdentity(held: Held): PublicIdentity {
  const encPk = encodePublicKey(held.identity.encPk);
  const signPk = encodePublicKey(held.identity.signPk);
  return {
    userId: held.userId,
    encPk,
    signPk,
    signFingerprint: kidFingerprint(kidOf(held.identity.signPk)),
    encFingerprint: kidFingerprint(kidOf(held.identity.encPk)),
  };
}

/** A failure of the worker's own state, with a code beside those of libs/crypto. */
class WorkerStateError extends Error {
  constructor(readonly code: WorkerOnlyErrorCode) {
    super(code);
  }
}

/**
 * Errors cross to the page as plain Errors named WORKER_CRYPTO_ERROR whose message is only the
 * code: messages of libs/crypto are safe, but a code is all the page needs.
 */
function guarded<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    await ready();
    try {
      return await fn(...args);
    } catch (error) {
      const failure = new Error(error instanceof CryptoError || error instanceof WorkerStateError ? error.code : 'internal');
      failure.name = WORKER_CRYPTO_ERROR;
      throw failure;
    }
  };
}

function needPending(): Held & { vault: string } {
  if (!pending) throw new WorkerStateError('no_enrolment');
  return pending;
}

function needUnlocked(): Held {
  if (!unlocked) throw new WorkerStateError('locked');
  return unlocked;
}

function rootKey(root: string): SignPublicKey {
  return parseSignPublicKey(root);
}

const CERTIFICATE_DAYS = 365;

function oneYearFromNow(): Date {
  return new Date(Date.now() + CERTIFICATE_DAYS * 24 * 60 * 60 * 1000);
}

function sameKey(a: EncPublicKey | SignPublicKey, b: EncPublicKey | SignPublicKey): boolean {
  return encodePublicKey(a) === encodePublicKey(b);
}

/**
 * The unlocked person's own verified chain: it must lead to the root, name them, and be for the
 * keys unlocked here (a server that swapped certificates is caught). `failure` when it is not.
 */
function ownVerifiedPerson(self: Held, ownChain: readonly unknown[], root: string, kinds: readonly ('admin' | 'staff')[], failure: WorkerOnlyErrorCode): VerifiedPerson {
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

/** A desk version's chain verified to the root, for desk `deskId` (and `version` when given); else `wrong_desk`. */
function verifiedDesk(chain: readonly unknown[], root: string, deskId: string, version?: number): VerifiedDesk {
  const verified = verifyCertificateChain(chain, rootKey(root), new Date());
  if (verified.kind !== 'desk' || verified.deskId !== deskId || (version !== undefined && verified.version !== version)) throw new WorkerStateError('wrong_desk');
  return verified;
}

function wipeDesk(desk: DeskKeyPair | null): void {
  desk?.deskSk.fill(0);
}

function wrapFor(held: Held, unlockMethodId: string, secret: UnlockSecret): VaultWrap {
  return wrapVaultKey(held.vaultKey, { userId: held.userId, unlockMethodId }, secret);
}

/** Runs `apply` on the PRF output, then wipes it: the KEK derived from it is all that is kept. */
function withPrf<R>(prfOutput: ArrayBuffer, apply: (bytes: Uint8Array) => R): R {
  const bytes = new Uint8Array(prfOutput);
  try {
    return apply(bytes);
  } finally {
    bytes.fill(0);
  }
}

function toUnlockSecret(request: UnlockRequest): UnlockSecret {
  switch (request.method) {
    case 'passphrase':
      return { method: 'passphrase', passphrase: request.passphrase };
    case 'recovery-code':
      return { method: 'recovery-code', code: request.code };
    case 'passkey-prf':
      return { method: 'passkey-prf', credentialId: request.credentialId, prfOutput: new Uint8Array(request.prfOutput) };
  }
}

const api: CryptoWorkerApi = {
  prfSalt: guarded((credentialId: string) => prfSalt(credentialId)),

  beginEnrolment: guarded((userId: string) => {
    wipe(pending);
    const identity = generateIdentityKeys();
    const { vault, vaultKey } = createVault(identity, userId);
    pending = { userId, identity, vaultKey, vault };
    return { ...publicIdentity(pending), vault };
  }),

  wrapPendingWithPrf: guarded((unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer) =>
    withPrf(prfOutput, (bytes) => wrapFor(needPending(), unlockMethodId, { method: 'passkey-prf', credentialId, prfOutput: bytes })),
  ),

  wrapPendingWithPassphrase: guarded((unlockMethodId: string, passphrase: string) => wrapFor(needPending(), unlockMethodId, { method: 'passphrase', passphrase })),

  wrapPendingWithRecoveryCode: guarded((unlockMethodId: string) => {
    const code = generateRecoveryCode();
    return { code: code as string, wrap: wrapFor(needPending(), unlockMethodId, { method: 'recovery-code', code }) };
  }),

  finishEnrolment: guarded(() => {
    const held = needPending();
    wipe(unlocked);
    unlocked = { userId: held.userId, identity: held.identity, vaultKey: held.vaultKey };
    pending = null;
    return publicIdentity(unlocked);
  }),

  abandonEnrolment: guarded(() => {
    wipe(pending);
    pending = null;
  }),

  unlock: guarded((request: UnlockRequest) => {
    const wrap = parseVaultWrap(request.wrap);
    const expected = request.expected ? { encPk: parseEncPublicKey(request.expected.encPk), signPk: parseSignPublicKey(request.expected.signPk) } : undefined;
    const secret = toUnlockSecret(request);
    let opened: { identity: IdentityKeys; vaultKey: VaultKey };
    try {
      opened = unlockVault(request.vault, wrap, { userId: request.userId, unlockMethodId: request.unlockMethodId }, secret, expected);
    } finally {
      if (secret.method === 'passkey-prf') secret.prfOutput.fill(0);
    }
    const { identity, vaultKey } = opened;
    wipe(unlocked);
    unlocked = { userId: request.userId, identity, vaultKey };
    return publicIdentity(unlocked);
  }),

  isValidRecoveryCode: guarded((code: string) => {
    try {
      normaliseRecoveryCode(code);
      return true;
    } catch {
      return false;
    }
  }),

  current: guarded(() => (unlocked ? publicIdentity(unlocked) : null)),

  wrapUnlockedWithPrf: guarded((unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer) =>
    withPrf(prfOutput, (bytes) => wrapFor(needUnlocked(), unlockMethodId, { method: 'passkey-prf', credentialId, prfOutput: bytes })),
  ),

  lock: guarded(() => {
    wipe(unlocked);
    wipe(pending);
    unlocked = null;
    pending = null;
  }),

  fingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseSignPublicKey(publicKey)))),

  encFingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseEncPublicKey(publicKey)))),

  certificationStatus: guarded((chain: readonly unknown[], root: string, subject: { userId: string; encPk: string; signPk: string }): CertificationStatus => {
    if (chain.length === 0) return { state: 'uncertified' };
    try {
      const verified = verifyCertificateChain(chain, rootKey(root), new Date());
      if (verified.kind !== 'admin' && verified.kind !== 'staff') return { state: 'invalid', reason: 'the certificate is not for a person' };
      if (verified.subjectId !== subject.userId || encodePublicKey(verified.encPk) !== subject.encPk || encodePublicKey(verified.signPk) !== subject.signPk) {
        return { state: 'invalid', reason: 'the certificate is for other keys' };
      }
      return { state: 'certified', kind: verified.kind, notAfter: verified.notAfter };
    } catch (error) {
      if (error instanceof CryptoError) return { state: 'invalid', reason: error.code === 'untrusted_certificate' ? 'it does not lead to this organisation’s root key or has expired' : `it is malformed or forged (${error.code})` };
      throw error;
    }
  }),

  certifyStaff: guarded((ownChain: readonly unknown[], root: string, subject: { userId: string; encPk: string; signPk: string }) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    return issueCertificate(self.identity, {
      kind: 'staff',
      subjectId: subject.userId,
      encPk: parseEncPublicKey(subject.encPk),
      signPk: parseSignPublicKey(subject.signPk),
      notAfter: oneYearFromNow(),
    });
  }),

  deskCertificateStatus: guarded((chain: readonly unknown[], root: string, deskId: string): DeskCertificateStatus => {
    try {
      const desk = verifiedDesk(chain, root, deskId);
      return { state: 'certified', deskId: desk.deskId, version: desk.version, encPk: encodePublicKey(desk.encPk), fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
    } catch (error) {
      if (error instanceof WorkerStateError) return { state: 'invalid', reason: 'the certificate is for another desk' };
      if (error instanceof CryptoError) return { state: 'invalid', reason: error.code === 'untrusted_certificate' ? 'it does not lead to this organisation’s root key or has expired' : `it is malformed or forged (${error.code})` };
      throw error;
    }
  }),

  createDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number): NewDeskKey => {
    const self = needUnlocked();
    const me = ownVerifiedPerson(self, ownChain, root, ['staff', 'admin'], 'not_certified');
    const desk = generateDeskKeyPair(deskId, version);
    try {
      const sealedKey = sealDeskKey(desk, me);
      return { deskId, version, encPk: encodePublicKey(desk.encPk), fingerprint: kidFingerprint(kidOf(desk.encPk)), sealedKey };
    } finally {
      wipeDesk(desk);
    }
  }),

  grantDeskKey: guarded((request: DeskGrantRequest): string => {
    const self = needUnlocked();
    const desk = verifiedDesk(request.deskChain, request.root, request.deskId, request.version);
    // Before the desk key is even opened: the member must chain to the root, as themselves.
    if (request.memberChain.length === 0) throw new WorkerStateError('member_not_certified');
    const member = verifyCertificateChain(request.memberChain, rootKey(request.root), new Date());
    if ((member.kind !== 'staff' && member.kind !== 'admin') || member.subjectId !== request.memberId) throw new WorkerStateError('member_not_certified');
    let opened: DeskKeyPair | null = null;
    try {
      opened = openDeskKey(request.ownSealedKey, self.identity, desk);
      return sealDeskKey(opened, member);
    } finally {
      wipeDesk(opened);
    }
  }),

  certifyDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number, encPk: string) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    return issueCertificate(self.identity, { kind: 'desk', subjectId: deskSubjectId(deskId, version), encPk: parseEncPublicKey(encPk), notAfter: oneYearFromNow() });
  }),

  openDeskKey: guarded((sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): OpenedDeskKey => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const opened = openDeskKey(sealedKey, self.identity, desk);
    wipeDesk(opened);
    return { deskId: desk.deskId, version: desk.version, fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
  }),
};

expose(api);
