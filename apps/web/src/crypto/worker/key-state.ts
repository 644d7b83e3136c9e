/**
 * The staff worker's secrets, in one place: the identity being enrolled, the unlocked identity
 * and the case keys opened for the case screens. Operations reach them only through these
 * functions; whatever replaces or drops a secret wipes it first.
 */
import { type CaseKey, type IdentityKeys, type SignPublicKey, type VaultKey } from '@ashar/crypto';
import { WorkerStateError } from '../worker-guard';

export interface Held {
  readonly userId: string;
  readonly identity: IdentityKeys;
  readonly vaultKey: VaultKey;
}

export type Pending = Held & { readonly vault: string };

/** A case opened for its screen: its key, checked against the signed request (SPEC.md §9.1), and what reading it found. */
export interface OpenCase {
  readonly key: CaseKey;
  /** The requester signing key the key was checked against: requester-written records verify under it. */
  readonly requesterSignPk: SignPublicKey;
  /** A record of the last read failed verification: nothing is written to the case until a read verifies all. */
  tainted: boolean;
}

/** The identity being enrolled (keys made, vault not yet accepted by the api). */
let pending: Pending | null = null;
/** The unlocked identity of the signed-in person. */
let unlocked: Held | null = null;
/** Cases opened for the case screens, by case id. */
const caseKeys = new Map<string, OpenCase>();

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

/** Holds the checked key of an opened case, dropping an earlier key of the same case. */
export function holdCaseKey(caseId: string, key: CaseKey, requesterSignPk: SignPublicKey): void {
  caseKeys.get(caseId)?.key.fill(0);
  caseKeys.set(caseId, { key, requesterSignPk, tainted: false });
}

/** An opened case (to read it). Throws `case_not_open`. */
export function needCase(caseId: string): OpenCase {
  const open = caseKeys.get(caseId);
  if (!open) throw new WorkerStateError('case_not_open');
  return open;
}

/** The key of an opened case to read with. Throws `case_not_open`. */
export function needCaseKey(caseId: string): CaseKey {
  return needCase(caseId).key;
}

/** The key of an opened case to write with: refused (`case_unverified`) while a record of it failed verification. */
export function needWritableCaseKey(caseId: string): CaseKey {
  const open = needCase(caseId);
  if (open.tainted) throw new WorkerStateError('case_unverified');
  return open.key;
}

export function forgetCaseKey(caseId: string): void {
  caseKeys.get(caseId)?.key.fill(0);
  caseKeys.delete(caseId);
}

/** Wipes every case key and both identities. */
export function forgetEverything(): void {
  for (const open of caseKeys.values()) open.key.fill(0);
  caseKeys.clear();
  wipe(unlocked);
  wipe(pending);
  unlocked = null;
  pending = null;
}
