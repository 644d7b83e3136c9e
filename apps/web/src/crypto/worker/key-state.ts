/**
 * The staff worker's secrets, in one place: the identity being enrolled, the unlocked identity
 * and the case keys opened for the case screens. Operations reach them only through these
 * functions; whatever replaces or drops a secret wipes it first.
 */
import { type CaseKey, type GrantKey, type RequesterPublicKeys, type IdentityKeys, type SignPublicKey, type StaffKey, type VaultKey } from '@ashar/crypto';
import { WorkerStateError } from '../worker-guard';

export interface Held {
  readonly userId: string;
  readonly identity: IdentityKeys;
  readonly vaultKey: VaultKey;
}

export type Pending = Held & { readonly vault: string };

/**
 * A case opened for its screen: its keys by epoch — case keys checked against the signed request
 * (SPEC.md §9.1), staff-only keys checked against their epoch's case key (§9.2) — and what
 * reading it found.
 */
export interface OpenCase {
  readonly caseKeys: Map<number, CaseKey>;
  readonly staffKeys: Map<number, StaffKey>;
  /** The case's newest epoch, as the view said: new records go under its keys. */
  readonly newest: number;
  /** The requester signing key the case key was checked against: requester-written records verify under it. */
  readonly requesterSignPk: SignPublicKey;
  /**
   * The requester's public keys as checked: the signing key above, and the encryption key the
   * requester's own intake envelope is addressed to (SPEC.md §9.1). A grant key is sealed to the
   * requester only with these.
   */
  readonly requester: RequesterPublicKeys;
  /** A record of the last read failed verification: nothing is written to the case until a read verifies all. */
  tainted: boolean;
}

function wipeCase(open: OpenCase | undefined): void {
  if (!open) return;
  for (const key of open.caseKeys.values()) key.fill(0);
  for (const key of open.staffKeys.values()) key.fill(0);
}

/** The identity being enrolled (keys made, vault not yet accepted by the api). */
let pending: Pending | null = null;
/** The unlocked identity of the signed-in person. */
let unlocked: Held | null = null;
/** Cases opened for the case screens, by case id. */
const caseKeys = new Map<string, OpenCase>();
/** Grant keys opened or made for the grant screens (SPEC.md §18), by grant id. */
const grantKeys = new Map<string, GrantKey>();

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

/** Holds the checked keys of an opened case, dropping the earlier keys of the same case. */
export function holdCase(caseId: string, open: OpenCase): OpenCase {
  wipeCase(caseKeys.get(caseId));
  caseKeys.set(caseId, open);
  return open;
}

/** An opened case, or null. */
export function openCaseOrNull(caseId: string): OpenCase | null {
  return caseKeys.get(caseId) ?? null;
}

/** An opened case (to read it). Throws `case_not_open`. */
export function needCase(caseId: string): OpenCase {
  const open = caseKeys.get(caseId);
  if (!open) throw new WorkerStateError('case_not_open');
  return open;
}

/**
 * An opened case to write to: refused (`case_unverified`) while a record of it failed
 * verification, and (`epoch_key_not_held`) without the case key of its newest epoch.
 */
export function needWritableCase(caseId: string): { readonly open: OpenCase; readonly epoch: number; readonly caseKey: CaseKey } {
  const open = needCase(caseId);
  if (open.tainted) throw new WorkerStateError('case_unverified');
  const caseKey = open.caseKeys.get(open.newest);
  if (!caseKey) throw new WorkerStateError('epoch_key_not_held');
  return { open, epoch: open.newest, caseKey };
}

/** The staff-only key of an opened case's newest epoch, to write a note or a note's file (`staff_key_not_held`). */
export function needWritableStaffKey(caseId: string): { readonly epoch: number; readonly staffKey: StaffKey } {
  const { open, epoch } = needWritableCase(caseId);
  const staffKey = open.staffKeys.get(epoch);
  if (!staffKey) throw new WorkerStateError('staff_key_not_held');
  return { epoch, staffKey };
}

export function forgetCaseKey(caseId: string): void {
  wipeCase(caseKeys.get(caseId));
  caseKeys.delete(caseId);
}

/** Holds a grant key, wiping the one held before for the same grant. */
export function holdGrant(grantId: string, key: GrantKey): GrantKey {
  const earlier = grantKeys.get(grantId);
  if (earlier && earlier !== key) earlier.fill(0);
  grantKeys.set(grantId, key);
  return key;
}

/** A held grant key. Throws `grant_not_open`. */
export function needGrant(grantId: string): GrantKey {
  const key = grantKeys.get(grantId);
  if (!key) throw new WorkerStateError('grant_not_open');
  return key;
}

export function grantHeld(grantId: string): boolean {
  return grantKeys.has(grantId);
}

export function forgetGrantKey(grantId: string): void {
  grantKeys.get(grantId)?.fill(0);
  grantKeys.delete(grantId);
}

/** Wipes every case key, every grant key and both identities. */
export function forgetEverything(): void {
  for (const open of caseKeys.values()) wipeCase(open);
  caseKeys.clear();
  for (const key of grantKeys.values()) key.fill(0);
  grantKeys.clear();
  wipe(unlocked);
  wipe(pending);
  unlocked = null;
  pending = null;
}
