/**
 * The staff worker's secrets, in one place: the identity being enrolled, the unlocked identity
 * and the case keys opened for the case screens. Operations reach them only through these
 * functions; whatever replaces or drops a secret wipes it first.
 */
import { type CaseKey, type IdentityKeys, type VaultKey } from '@ashar/crypto';
import { WorkerStateError } from '../worker-guard';

export interface Held {
  readonly userId: string;
  readonly identity: IdentityKeys;
  readonly vaultKey: VaultKey;
}

export type Pending = Held & { readonly vault: string };

/** The identity being enrolled (keys made, vault not yet accepted by the api). */
let pending: Pending | null = null;
/** The unlocked identity of the signed-in person. */
let unlocked: Held | null = null;
/** Case keys opened for the case screens, by case id. */
const caseKeys = new Map<string, CaseKey>();

function wipe(held: Held | null): void {
  if (!held) return;
  held.identity.encSk.fill(0);
  held.identity.signSk.fill(0);
  held.vaultKey.fill(0);
}

export function needPending(): Pending {
  if (!pending) throw new WorkerStateError('no_enrolment');
  return pending;
}

export function needUnlocked(): Held {
  if (!unlocked) throw new WorkerStateError('locked');
  return unlocked;
}

/** The unlocked identity, or null when locked. */
export function currentUnlocked(): Held | null {
  return unlocked;
}

/** Starts an enrolment with new keys, dropping any earlier one. */
export function holdPending(next: Pending): Pending {
  wipe(pending);
  pending = next;
  return next;
}

/** The enrolled identity becomes the unlocked one (the api accepted its vault). */
export function promotePending(): Held {
  const held = needPending();
  wipe(unlocked);
  unlocked = { userId: held.userId, identity: held.identity, vaultKey: held.vaultKey };
  pending = null;
  return unlocked;
}

export function abandonPending(): void {
  wipe(pending);
  pending = null;
}

/** Holds an identity just unlocked from its vault, dropping the one held before. */
export function holdUnlocked(next: Held): Held {
  wipe(unlocked);
  unlocked = next;
  return next;
}

/** Holds the key of an opened case, dropping an earlier key of the same case. */
export function holdCaseKey(caseId: string, key: CaseKey): void {
  caseKeys.get(caseId)?.fill(0);
  caseKeys.set(caseId, key);
}

export function needCaseKey(caseId: string): CaseKey {
  const key = caseKeys.get(caseId);
  if (!key) throw new WorkerStateError('case_not_open');
  return key;
}

export function forgetCaseKey(caseId: string): void {
  caseKeys.get(caseId)?.fill(0);
  caseKeys.delete(caseId);
}

/** Wipes every case key and both identities. */
export function forgetEverything(): void {
  for (const key of caseKeys.values()) key.fill(0);
  caseKeys.clear();
  wipe(unlocked);
  wipe(pending);
  unlocked = null;
  pending = null;
}
