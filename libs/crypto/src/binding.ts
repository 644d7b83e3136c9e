/**
 * Associated data and the clear checks of SPEC.md §3-4: what a ciphertext is bound to
 * (purpose and ids) and the 16-byte `check` that lets a reader name a wrong key or a wrong
 * binding before the AEAD says only "failed".
 */
import { type AeadPurpose } from './brands';
import { bytesEqual, concatBytes, utf8 } from './encoding';
import { InvalidInputError } from './errors';
import { lib } from './sodium';

/** Every purpose that builds an AD string. */
export type Purpose =
  | AeadPurpose
  | 'file-stream'
  | 'case-key'
  | 'case-key-epoch'
  | 'desk-key'
  | 'case-key-grant'
  | 'challenge'
  | 'staff-key'
  | 'staff-key-envelope'
  | 'grant-key'
  | 'grant-key-envelope'
  | 'grant-approval'
  | 'grant-file-stream';

/** The AEAD bindings, each with its ids in AD order. */
export type AeadBinding =
  | { readonly purpose: 'vault'; readonly userId: string }
  | { readonly purpose: 'vault-wrap'; readonly userId: string; readonly unlockMethodId: string }
  | { readonly purpose: 'case-record'; readonly caseId: string; readonly recordId: string; readonly recordKind: string }
  | { readonly purpose: 'file-meta'; readonly caseId: string; readonly fileId: string }
  | { readonly purpose: 'file-key'; readonly caseId: string; readonly fileId: string }
  | { readonly purpose: 'grant-payee'; readonly grantId: string }
  | { readonly purpose: 'application'; readonly applicationId: string }
  | { readonly purpose: 'root-key'; readonly rootKid: string }
  | { readonly purpose: 'staff-key-bind'; readonly caseId: string; readonly epoch: string }
  | { readonly purpose: 'case-key-link'; readonly caseId: string; readonly epoch: string }
  | { readonly purpose: 'staff-key-link'; readonly caseId: string; readonly epoch: string }
  | { readonly purpose: 'case-file-key'; readonly caseId: string; readonly fileId: string; readonly recordKind: string }
  | { readonly purpose: 'case-file-meta'; readonly caseId: string; readonly fileId: string; readonly recordKind: string }
  | { readonly purpose: 'grant-report'; readonly grantId: string; readonly reportId: string }
  | { readonly purpose: 'grant-file-key'; readonly grantId: string; readonly fileId: string }
  | { readonly purpose: 'grant-file-meta'; readonly grantId: string; readonly fileId: string }
  | { readonly purpose: 'case-subject'; readonly caseId: string };

export type BindingFor<P extends AeadPurpose> = Extract<AeadBinding, { purpose: P }>;

/** The ids of a file, as attachments and their metadata are bound to them. */
export interface FileRef {
  readonly caseId: string;
  readonly fileId: string;
}

/** The ids of a grant report's file (SPEC.md §18.4): its key, metadata and stream are bound to the grant. */
export interface GrantFileRef {
  readonly grantId: string;
  readonly fileId: string;
}

/** The ids of a grantee report (SPEC.md §18.4). */
export interface GrantReportRef {
  readonly grantId: string;
  readonly reportId: string;
}

/** A file of format 2 (SPEC.md §9.3): its wrapped key and metadata are bound to the kind of record it goes with too. */
export interface CaseFileRef extends FileRef {
  /** `request`, `message` or `note` (id grammar). */
  readonly recordKind: string;
}

const EPOCH_MAX = 2 ** 31 - 1;

/** A case key epoch as it enters AD: decimal, no leading zeros, 1 … 2^31−1 (InvalidInputError otherwise). */
export function epochId(epoch: number): string {
  if (!Number.isSafeInteger(epoch) || epoch < 1 || epoch > EPOCH_MAX) throw new InvalidInputError('epoch must be an integer from 1 to 2^31-1');
  return String(epoch);
}

const ID = /^[A-Za-z0-9_.@-]{1,2048}$/;
const AD_PREFIX = 'ashar/v1|';
const KEY_CHECK_MESSAGE = 'ashar/v1|key-check';
const CHECK_HALF = 8;
export const CHECK_BYTES = 16;

/** Throws InvalidInputError unless `value` is an id of SPEC.md §2.3. `name` is used in the message. */
export function assertId(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || !ID.test(value)) throw new InvalidInputError(`${name} is not a valid id`);
}

/** AD(purpose, ids) with every id validated (InvalidInputError otherwise). */
export function buildAd(purpose: Purpose, ids: readonly string[]): Uint8Array {
  ids.forEach((id, index) => assertId(id, `${purpose} id ${index + 1}`));
  return utf8(AD_PREFIX + purpose + '|' + ids.join('|'));
}

/** The ids of an AEAD binding in AD order. */
export function bindingIds(binding: AeadBinding): string[] {
  switch (binding.purpose) {
    case 'vault':
      return [binding.userId];
    case 'vault-wrap':
      return [binding.userId, binding.unlockMethodId];
    case 'case-record':
      return [binding.caseId, binding.recordId, binding.recordKind];
    case 'file-meta':
    case 'file-key':
      return [binding.caseId, binding.fileId];
    case 'grant-payee':
      return [binding.grantId];
    case 'application':
      return [binding.applicationId];
    case 'root-key':
      return [binding.rootKid];
    case 'staff-key-bind':
    case 'case-key-link':
    case 'staff-key-link':
      return [binding.caseId, binding.epoch];
    case 'case-file-key':
    case 'case-file-meta':
      return [binding.caseId, binding.fileId, binding.recordKind];
    case 'grant-report':
      return [binding.grantId, binding.reportId];
    case 'grant-file-key':
    case 'grant-file-meta':
      return [binding.grantId, binding.fileId];
    case 'case-subject':
      return [binding.caseId];
  }
}

/** AD bytes of an AEAD binding. */
export function adOf(binding: AeadBinding): Uint8Array {
  return buildAd(binding.purpose, bindingIds(binding));
}

/** keyCheck ‖ adCheck (SPEC.md §4). */
export function computeCheck(key: Uint8Array, ad: Uint8Array): Uint8Array {
  const s = lib();
  return concatBytes(s.crypto_generichash(CHECK_HALF, utf8(KEY_CHECK_MESSAGE), key), s.crypto_generichash(CHECK_HALF, ad, null));
}

/** Which half of a check differs: the key part first, then the AD part; null if none. */
export function compareCheck(found: Uint8Array, expected: Uint8Array): 'key' | 'ad' | null {
  if (!bytesEqual(found.subarray(0, CHECK_HALF), expected.subarray(0, CHECK_HALF))) return 'key';
  if (!bytesEqual(found.subarray(CHECK_HALF), expected.subarray(CHECK_HALF))) return 'ad';
  return null;
}
