/** Codes of encrypted file uploads (chunked and resumable). */
export const FileError = {
  /** Not every chunk is stored yet. */
  Incomplete: 'incomplete',
  FileTooLarge: 'file-too-large',
  TooManyFiles: 'too-many-files',
  /** The requester's files together would pass their storage quota (bytes or number of files). */
  StorageQuota: 'storage-quota',
  /** Other bytes are already stored under this chunk index. */
  ChunkConflict: 'chunk-conflict',
  /** Chunks are accepted in order; `details` says which one is next. */
  ChunkOrder: 'chunk-order',
  /** The chunk does not have the size its index needs. */
  ChunkSize: 'chunk-size',
  /** The client stopped sending mid-chunk. */
  Aborted: 'aborted',
} as const;
