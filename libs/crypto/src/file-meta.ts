/**
 * Attachment metadata (SPEC.md §9): name, media type and size, padded canonical JSON under
 * the case key, bound to the file.
 */
import { type CaseKey, type FileMetaCiphertext } from './brands';
import { type FileRef } from './binding';
import { aeadDecrypt, aeadEncrypt } from './aead';
import { canonicalJsonBytes, pad, parseCanonicalJson, unpad } from './canonical-json';
import { InvalidInputError, MalformedPlaintextError } from './errors';

export interface FileMeta {
  readonly name: string;
  /** Media type as the browser reported it, e.g. `application/pdf` (may be ""). */
  readonly type: string;
  /** Plaintext size in bytes. */
  readonly size: number;
}

/** Internal: whether a parsed value is exactly `{ name, size, type }`. */
export function isFileMeta(value: unknown): value is FileMeta {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(',');
  return (
    keys === 'name,size,type' &&
    typeof record['name'] === 'string' &&
    typeof record['type'] === 'string' &&
    typeof record['size'] === 'number' &&
    Number.isSafeInteger(record['size']) &&
    record['size'] >= 0
  );
}

/** Encrypts file metadata. Throws InvalidInputError for invalid ids or metadata. */
export function encryptFileMeta(caseKey: CaseKey, file: FileRef, meta: FileMeta): FileMetaCiphertext {
  const value = { name: meta.name, type: meta.type, size: meta.size };
  if (!isFileMeta(value)) throw new InvalidInputError('file meta needs a string name and type and a non-negative integer size');
  return aeadEncrypt(caseKey, { purpose: 'file-meta', caseId: file.caseId, fileId: file.fileId }, pad(canonicalJsonBytes(value)));
}

/**
 * Decrypts file metadata. Throws the errors of aeadDecrypt (SPEC.md §4), then
 * MalformedPlaintextError for bad padding, JSON or members.
 */
export function decryptFileMeta(caseKey: CaseKey, file: FileRef, ciphertext: FileMetaCiphertext | string): FileMeta {
  const binding = { purpose: 'file-meta', caseId: file.caseId, fileId: file.fileId } as const;
  const value = parseCanonicalJson(unpad(aeadDecrypt(caseKey, binding, ciphertext), 'file-meta'), 'file-meta');
  if (!isFileMeta(value)) throw new MalformedPlaintextError('file-meta: not {name, size, type}');
  return value;
}
