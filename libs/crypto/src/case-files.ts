/**
 * Attachments of format 2 (SPEC.md §9.3): the file key and the metadata are bound to the case,
 * the file and the kind of record the file goes with (`request`, `message`, `note`), under the
 * case key — or, for a note's file, under the staff-only key — so a server cannot present a
 * note's file as a message's (or a message's as the request's). The stream itself is §11's.
 */
import { type CaseFileMetaCiphertext, type CaseKey, type FileKey, type StaffKey, type WrappedCaseFileKey, brandAs } from './brands';
import { type CaseFileRef, assertId } from './binding';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { canonicalJsonBytes, pad, parseCanonicalJson, unpad } from './canonical-json';
import { InvalidInputError, MalformedPlaintextError } from './errors';
import { type FileMeta, isFileMeta } from './file-meta';

/** The key a record or file of a case is under: the case key, or the staff-only key for notes. */
export type RecordKey = CaseKey | StaffKey;

function ids(file: CaseFileRef): { caseId: string; fileId: string; recordKind: string } {
  assertId(file.recordKind, 'recordKind');
  return { caseId: file.caseId, fileId: file.fileId, recordKind: file.recordKind };
}

/** Encrypts a file key under `key`, bound to the file and its record kind. Throws InvalidInputError for invalid ids or keys. */
export function wrapCaseFileKey(key: RecordKey, file: CaseFileRef, fileKey: FileKey): WrappedCaseFileKey {
  if (fileKey.length !== KEY_BYTES) throw new InvalidInputError('file key must be 32 bytes');
  return aeadEncrypt(key, { purpose: 'case-file-key', ...ids(file) }, fileKey);
}

/** Decrypts a wrapped file key of format 2. Throws the errors of aeadDecrypt (SPEC.md §4): `wrong_ad` for another record kind. */
export function unwrapCaseFileKey(key: RecordKey, file: CaseFileRef, wrapped: WrappedCaseFileKey | string): FileKey {
  return brandAs<FileKey>(aeadDecrypt(key, { purpose: 'case-file-key', ...ids(file) }, wrapped));
}

/** Encrypts file metadata of format 2. Throws InvalidInputError for invalid ids or metadata. */
export function encryptCaseFileMeta(key: RecordKey, file: CaseFileRef, meta: FileMeta): CaseFileMetaCiphertext {
  const value = { name: meta.name, type: meta.type, size: meta.size };
  if (!isFileMeta(value)) throw new InvalidInputError('file meta needs a string name and type and a non-negative integer size');
  return aeadEncrypt(key, { purpose: 'case-file-meta', ...ids(file) }, pad(canonicalJsonBytes(value)));
}

/** Decrypts file metadata of format 2. Throws the errors of aeadDecrypt, then MalformedPlaintextError. */
export function decryptCaseFileMeta(key: RecordKey, file: CaseFileRef, ciphertext: CaseFileMetaCiphertext | string): FileMeta {
  const value = parseCanonicalJson(unpad(aeadDecrypt(key, { purpose: 'case-file-meta', ...ids(file) }, ciphertext), 'case-file-meta'), 'case-file-meta');
  if (!isFileMeta(value)) throw new MalformedPlaintextError('case-file-meta: not {name, size, type}');
  return value;
}
