/**
 * The contract of the case files api (docs/files-api.md): request bodies as zod schemas and the
 * shape of the answers. Formats beyond the shape (x1 headers, a1 strings of the right purpose
 * and length) are checked by the api with libs/crypto, which this library does not import.
 */
import { z } from 'zod';
import { epochSchema, idSchema, partySchema } from './case-api';
import { recordKindSchema } from './vocabulary';

/** Ciphertext bytes of every chunk but the last (libs/crypto ENCRYPTED_CHUNK_BYTES: 64 KiB + 17). */
export const FILE_CHUNK_CIPHERTEXT_BYTES = 65_553;
/** Bytes secretstream adds to each chunk; the smallest chunk (an empty file's only one). */
export const FILE_CHUNK_OVERHEAD_BYTES = 17;
/** Longest `meta` string: 1 024 bytes of padded metadata (a1 header + 1 040 bytes in base64url, rounded up). */
export const FILE_META_CIPHERTEXT_MAX_LENGTH = 1_500;
/** Length of a wrapped file key: `a1.` + check (22) + `.` + nonce (32) + `.` + 48 bytes (64). */
export const WRAPPED_FILE_KEY_LENGTH = 123;
/** Length of a stream header string: `x1.` + check (22) + `.` + header (32). */
export const FILE_STREAM_HEADER_LENGTH = 58;
/** Upper bound of the encrypted size the schema accepts; the configured FILE_MAX_BYTES is usually lower (413). */
export const FILE_ENCRYPTED_SIZE_HARD_MAX = 2 ** 40;

/** Number of chunks a ciphertext of `encryptedSize` bytes is cut into: max(1, ceil(size / 65 553)). */
export function fileChunkCountFor(encryptedSize: number): number {
  return Math.max(1, Math.ceil(encryptedSize / FILE_CHUNK_CIPHERTEXT_BYTES));
}

/** Expected length of chunk `index` of a file, or null for an index the file does not have. */
export function fileChunkLength(encryptedSize: number, chunkCount: number, index: number): number | null {
  if (!Number.isSafeInteger(index) || index < 0 || index >= chunkCount) return null;
  return index < chunkCount - 1 ? FILE_CHUNK_CIPHERTEXT_BYTES : encryptedSize - FILE_CHUNK_CIPHERTEXT_BYTES * (chunkCount - 1);
}

/** Whether `encryptedSize` and `chunkCount` describe a stream libs/crypto can make (SPEC.md §11). */
export function isPossibleFileStream(encryptedSize: number, chunkCount: number): boolean {
  if (!Number.isSafeInteger(encryptedSize) || encryptedSize < FILE_CHUNK_OVERHEAD_BYTES) return false;
  if (chunkCount !== fileChunkCountFor(encryptedSize)) return false;
  const last = encryptedSize - FILE_CHUNK_CIPHERTEXT_BYTES * (chunkCount - 1);
  // Only an empty file (one chunk) has an empty final chunk.
  return chunkCount === 1 || last > FILE_CHUNK_OVERHEAD_BYTES;
}

/**
 * What describes an encrypted file stream (SPEC.md §11), whatever it is attached to: its id,
 * stream header, encrypted metadata, wrapped file key and sizes. Case files and grant report
 * files add their own fields.
 */
export const encryptedFileFields = {
  fileId: idSchema,
  header: z
    .string()
    .length(FILE_STREAM_HEADER_LENGTH, { error: 'Expected an x1. stream header' })
    .regex(/^x1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'Expected an x1. stream header' }),
  meta: z
    .string()
    .max(FILE_META_CIPHERTEXT_MAX_LENGTH, { error: 'The file metadata is too large' })
    .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' }),
  wrappedKey: z
    .string()
    .length(WRAPPED_FILE_KEY_LENGTH, { error: 'Expected a wrapped file key' })
    .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' }),
  encryptedSize: z.number().int().min(FILE_CHUNK_OVERHEAD_BYTES).max(FILE_ENCRYPTED_SIZE_HARD_MAX),
  chunkCount: z.number().int().min(1).max(Math.ceil(FILE_ENCRYPTED_SIZE_HARD_MAX / FILE_CHUNK_CIPHERTEXT_BYTES)),
};

/** Refuses sizes that no encrypted file stream has (the refinement every file creation applies). */
export const possibleFileStream = {
  check: (f: { encryptedSize: number; chunkCount: number }): boolean => isPossibleFileStream(f.encryptedSize, f.chunkCount),
  params: { error: 'chunkCount and encryptedSize do not describe an encrypted file stream', path: ['chunkCount'] },
};

/** POST /cases/:caseId/files. */
export const caseFileCreateSchema = z
  .strictObject({
    ...encryptedFileFields,
    recordKind: recordKindSchema.optional(),
    /** The case key epoch the file key is under (left out: 1); the api refuses any but the case's newest. */
    epoch: epochSchema.optional(),
  })
  .refine(possibleFileStream.check, possibleFileStream.params);
export type CaseFileCreate = z.infer<typeof caseFileCreateSchema>;

/** A chunk index in a path: a decimal integer without leading zeros. */
export const fileChunkIndexSchema = z
  .string()
  .max(12)
  .regex(/^(0|[1-9][0-9]*)$/, { error: 'Expected a chunk index' })
  .transform(Number);

/** GET /cases/:caseId/files/:fileId (and the items of GET /cases/:caseId/files). */
export const caseFileViewSchema = z.object({
  fileId: z.string(),
  caseId: z.string(),
  recordKind: recordKindSchema,
  /**
   * 2: `wrappedKey` and `meta` are bound to the record kind (purposes case-file-key, case-file-meta; a
   * note's file under the staff-only key). 1: stored before, bound to case and file only, under the case key.
   */
  format: z.union([z.literal(1), z.literal(2)]),
  /** The case key epoch it is under. */
  epoch: z.number(),
  /** x1. stream header. */
  header: z.string(),
  /** a1. file-meta ciphertext (name, type, size). */
  meta: z.string(),
  /** a1. file-key ciphertext (the file key under the case key). */
  wrappedKey: z.string(),
  encryptedSize: z.number(),
  chunkCount: z.number(),
  /** Chunks 0 … receivedChunks − 1 are stored: an upload resumes at this index. */
  receivedChunks: z.number(),
  complete: z.boolean(),
  uploadedBy: partySchema,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type CaseFileView = z.infer<typeof caseFileViewSchema>;
