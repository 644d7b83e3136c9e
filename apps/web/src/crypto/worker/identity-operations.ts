/**
 * The staff worker's identity operations: enrolment (keys made here, the vault and its wraps
 * for the api), unlocking the vault, locking, and fingerprints of public keys.
 */
import {
  type IdentityKeys,
  type UnlockSecret,
  type VaultKey,
  type VaultWrap,
  createVault,
  encodePublicKey,
  generateIdentityKeys,
  generateRecoveryCode,
  kidFingerprint,
  kidOf,
  normaliseRecoveryCode,
  parseEncPublicKey,
  parseSignPublicKey,
  parseVaultWrap,
  prfSalt,
  unlockVault,
  wrapVaultKey,
} from '@ashar/crypto';
import { forgetUploads } from '../requester-worker';
import { type CryptoWorkerApi, type PublicIdentity, type UnlockRequest } from '../worker-api';
import { guarded } from '../worker-guard';
import { type Held, abandonPending, currentUnlocked, forgetEverything, holdPending, holdUnlocked, needPending, needUnlocked, promotePending } from './key-state';

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

type IdentityOperations = Pick<
  CryptoWorkerApi,
  | 'prfSalt'
  | 'beginEnrolment'
  | 'wrapPendingWithPrf'
  | 'wrapPendingWithPassphrase'
  | 'wrapPendingWithRecoveryCode'
  | 'finishEnrolment'
  | 'abandonEnrolment'
  | 'unlock'
  | 'isValidRecoveryCode'
  | 'current'
  | 'wrapUnlockedWithPrf'
  | 'lock'
  | 'fingerprintOf'
  | 'encFingerprintOf'
>;

export const identityOperations: IdentityOperations = {
  prfSalt: guarded((credentialId: string) => prfSalt(credentialId)),

  beginEnrolment: guarded((userId: string) => {
    abandonPending();
    const identity = generateIdentityKeys();
    const { vault, vaultKey } = createVault(identity, userId);
    const pending = holdPending({ userId, identity, vaultKey, vault });
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

  finishEnrolment: guarded(() => publicIdentity(promotePending())),

  abandonEnrolment: guarded(() => {
    abandonPending();
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
    return publicIdentity(holdUnlocked({ userId: request.userId, identity, vaultKey }));
  }),

  isValidRecoveryCode: guarded((code: string) => {
    try {
      normaliseRecoveryCode(code);
      return true;
    } catch {
      return false;
    }
  }),

  current: guarded(() => {
    const held = currentUnlocked();
    return held ? publicIdentity(held) : null;
  }),

  wrapUnlockedWithPrf: guarded((unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer) =>
    withPrf(prfOutput, (bytes) => wrapFor(needUnlocked(), unlockMethodId, { method: 'passkey-prf', credentialId, prfOutput: bytes })),
  ),

  lock: guarded(() => {
    forgetUploads();
    forgetEverything();
  }),

  fingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseSignPublicKey(publicKey)))),

  encFingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseEncPublicKey(publicKey)))),
};
