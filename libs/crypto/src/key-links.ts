/**
 * Key epochs (SPEC.md §9.4): when a case gets a new case key (and staff-only key) after a desk
 * rotation, the new key carries the previous epoch's key encrypted under it. Whoever holds the
 * newest key reaches every older one — new desk members read the history — while the older keys
 * reach nothing newer, so a removed member who kept them reads nothing written after the re-seal.
 * Walking the links down to epoch 1 and checking the request there (§9.1) shows the newer key
 * belongs to this case: a key the server chose could not carry the case's real older keys.
 */
import { type CaseKey, type CaseKeyLink, type StaffKey, type StaffKeyLink, brandAs } from './brands';
import { epochId } from './binding';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { InvalidInputError } from './errors';

function linkIds(caseId: string, epoch: number): { caseId: string; epoch: string } {
  if (epoch < 2) throw new InvalidInputError('a key link is made for epoch 2 and later');
  return { caseId, epoch: epochId(epoch) };
}

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new InvalidInputError('key must be 32 bytes');
}

/** The case key of `epoch` − 1 under the case key of `epoch` (≥ 2). Throws InvalidInputError for invalid ids, epochs or keys. */
export function linkCaseKeys(newer: CaseKey, caseId: string, epoch: number, older: CaseKey): CaseKeyLink {
  assertKey(older);
  return aeadEncrypt(newer, { purpose: 'case-key-link', ...linkIds(caseId, epoch) }, older);
}

/** The case key of `epoch` − 1 from the link of `epoch`, opened with the case key of `epoch`. Throws the errors of aeadDecrypt (SPEC.md §4). */
export function openCaseKeyLink(newer: CaseKey, caseId: string, epoch: number, link: CaseKeyLink | string): CaseKey {
  return brandAs<CaseKey>(aeadDecrypt(newer, { purpose: 'case-key-link', ...linkIds(caseId, epoch) }, link));
}

/** The staff-only key of `epoch` − 1 under the staff-only key of `epoch` (≥ 2). Throws InvalidInputError for invalid ids, epochs or keys. */
export function linkStaffKeys(newer: StaffKey, caseId: string, epoch: number, older: StaffKey): StaffKeyLink {
  assertKey(older);
  return aeadEncrypt(newer, { purpose: 'staff-key-link', ...linkIds(caseId, epoch) }, older);
}

/** The staff-only key of `epoch` − 1 from the link of `epoch`. Throws the errors of aeadDecrypt (SPEC.md §4). */
export function openStaffKeyLink(newer: StaffKey, caseId: string, epoch: number, link: StaffKeyLink | string): StaffKey {
  return brandAs<StaffKey>(aeadDecrypt(newer, { purpose: 'staff-key-link', ...linkIds(caseId, epoch) }, link));
}

/**
 * Every case key from `epoch` down to 1, from the key of `epoch` and the links of epochs 2 …
 * `epoch` (SPEC.md §9.4): a map by epoch. The key of epoch 1 is the one to check against the
 * request (§9.1). Throws InvalidInputError when a link is missing, the errors of aeadDecrypt for one
 * that does not open (`wrong_key`: the top key is not the one the link was made under); keys
 * opened before a failure are wiped (the top key is the caller's).
 */
export function openCaseKeyChain(top: CaseKey, caseId: string, epoch: number, links: readonly { readonly epoch: number; readonly link: string }[]): Map<number, CaseKey> {
  const keys = new Map<number, CaseKey>([[epoch, top]]);
  try {
    for (let e = epoch; e >= 2; e -= 1) {
      const link = links.find((l) => l.epoch === e);
      if (!link) throw new InvalidInputError(`key links: the link of epoch ${e} is missing`);
      keys.set(e - 1, openCaseKeyLink(keys.get(e) as CaseKey, caseId, e, link.link));
    }
  } catch (error) {
    for (const [e, key] of keys) if (e !== epoch) key.fill(0);
    throw error;
  }
  return keys;
}
