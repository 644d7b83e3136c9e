/**
 * Attachment encryption, chunk by chunk (SPEC.md §11): secretstream over 64 KiB plaintext
 * chunks. The encryptor hands out numbered chunks (one upload request each); the decryptor
 * takes them back in order and refuses duplicates, gaps, reordering and a missing end.
 */
import { type FileKey, type StreamHeader, brandAs } from './brands';
import { type FileRef, type GrantFileRef, CHECK_BYTES, buildAd, compareCheck, computeCheck } from './binding';
import { fromBase64Url, splitVersioned, toBase64Url } from './encoding';
import {
  BadEncodingError,
  BadLengthError,
  ChunkOrderError,
  type CryptoError,
  InvalidInputError,
  MalformedPlaintextError,
  TamperedError,
  TruncatedStreamError,
  WrongAdError,
  WrongKeyError,
} from './errors';
import { isDeterministic, randomBytes } from './random';
import { type Sodium, lib } from './sodium';

/** Plaintext bytes of every chunk but the last. */
export const CHUNK_BYTES = 64 * 1024;
/** Bytes secretstream adds to each chunk (tag byte + MAC). */
export const CHUNK_OVERHEAD = 17;
/** Ciphertext bytes of every chunk but the last. */
export const ENCRYPTED_CHUNK_BYTES = CHUNK_BYTES + CHUNK_OVERHEAD;
const HEADER_BYTES = 24;
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

type StreamState = ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_pull']>;

/** One encrypted chunk: upload `bytes` as chunk `index`; `final` marks the last one. */
export interface EncryptedChunk {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly final: boolean;
}

/** One decrypted chunk. Plaintext is only complete and trustworthy once `final` was seen. */
export interface DecryptedChunk {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly final: boolean;
}

/** Number of chunks of a file of `size` bytes: max(1, ceil(size / 65536)). Throws InvalidInputError. */
export function chunkCount(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new InvalidInputError('size must be a non-negative integer');
  return Math.max(1, Math.ceil(size / CHUNK_BYTES));
}

/** Ciphertext size of a file of `size` bytes: size + 17 per chunk (for the server's checks). */
export function encryptedSize(size: number): number {
  return size + CHUNK_OVERHEAD * chunkCount(size);
}

function assertFileKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new InvalidInputError('file key must be 32 bytes');
}

/**
 * What a stream is bound to: a case's attachment (`file-stream`: caseId, fileId; SPEC.md §11)
 * or a grant report's file (`grant-file-stream`: grantId, fileId; SPEC.md §18.4).
 */
export type StreamFileRef = FileRef | GrantFileRef;

function streamAd(file: StreamFileRef): Uint8Array {
  if (typeof file !== 'object' || file === null) throw new InvalidInputError('file ref must be an object');
  const record = file as Partial<Record<'caseId' | 'grantId', unknown>>;
  if (record.caseId !== undefined && record.grantId !== undefined) throw new InvalidInputError('file ref names both a case and a grant');
  if (record.grantId !== undefined) return buildAd('grant-file-stream', [(file as GrantFileRef).grantId, file.fileId]);
  return buildAd('file-stream', [(file as FileRef).caseId, file.fileId]);
}

function parseHeader(header: unknown): { check: Uint8Array; raw: Uint8Array } {
  if (typeof header !== 'string') throw new BadEncodingError('x1: not a string');
  const [, checkText, headerText] = splitVersioned(header, 'x1', 3, 'x1');
  return { check: fromBase64Url(checkText ?? '', 'x1 check', CHECK_BYTES), raw: fromBase64Url(headerText ?? '', 'x1 header', HEADER_BYTES) };
}

/**
 * Checks, without the key, that `header` is a well-formed `x1.` string (for the server).
 * Throws BadEncodingError, BadPrefixError, BadLengthError.
 */
export function checkStreamHeaderFormat(header: unknown): void {
  parseHeader(header);
}

/** Chunk-level encryptor of one attachment. */
export class FileEncryptor {
  /** Store with the file row; needed to decrypt. */
  readonly header: StreamHeader;
  private readonly state: StreamState;
  private readonly ad: Uint8Array;
  private index = 0;
  private done = false;

  /** Prefer createFileEncryptor. */
  constructor(fileKey: FileKey, file: StreamFileRef) {
    const s = lib();
    assertFileKey(fileKey);
    this.ad = streamAd(file);
    let header: Uint8Array;
    if (isDeterministic()) {
      // Test vectors only: init_pull sets up the same state init_push would for this header.
      header = randomBytes(HEADER_BYTES, 'stream-header');
      this.state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, fileKey);
    } else {
      const init = s.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
      header = init.header;
      this.state = init.state;
    }
    this.header = brandAs<StreamHeader>(`x1.${toBase64Url(computeCheck(fileKey, this.ad))}.${toBase64Url(header)}`);
  }

  /** Index the next chunk will get. */
  get nextIndex(): number {
    return this.index;
  }

  /** True once the final chunk was pushed. */
  get finished(): boolean {
    return this.done;
  }

  /**
   * Encrypts the next chunk: exactly 65 536 bytes unless `final`; a final chunk has 1-65 536
   * bytes, or 0 when it is the only one (empty file). Throws InvalidInputError for other
   * sizes or after the final chunk.
   */
  push(plaintext: Uint8Array, final: boolean): EncryptedChunk {
    if (this.done) throw new InvalidInputError('file stream: already finished');
    if (!(plaintext instanceof Uint8Array)) throw new InvalidInputError('file stream: chunk must be a Uint8Array');
    if (!final && plaintext.length !== CHUNK_BYTES) throw new InvalidInputError('file stream: every chunk but the last has 65536 bytes');
    if (final && (plaintext.length > CHUNK_BYTES || (plaintext.length === 0 && this.index > 0))) {
      throw new InvalidInputError('file stream: the last chunk has 1-65536 bytes (0 only for an empty file)');
    }
    const bytes = lib().crypto_secretstream_xchacha20poly1305_push(this.state, plaintext, this.ad, final ? TAG_FINAL : TAG_MESSAGE);
    const chunk = { index: this.index, bytes, final };
    this.index += 1;
    this.done = final;
    return chunk;
  }
}

/** Starts encrypting one attachment. Throws InvalidInputError for a bad key or ids. */
export function createFileEncryptor(fileKey: FileKey, file: StreamFileRef): FileEncryptor {
  return new FileEncryptor(fileKey, file);
}

/** Chunk-level decryptor of one attachment. */
export class FileDecryptor {
  private readonly state: StreamState;
  private readonly ad: Uint8Array;
  private index = 0;
  private done = false;
  private failure: CryptoError | undefined;

  /** Prefer createFileDecryptor. */
  constructor(fileKey: FileKey, file: StreamFileRef, header: StreamHeader | string) {
    assertFileKey(fileKey);
    this.ad = streamAd(file);
    const { check, raw } = parseHeader(header);
    const mismatch = compareCheck(check, computeCheck(fileKey, this.ad));
    if (mismatch === 'key') throw new WrongKeyError('x1: made for another file key');
    if (mismatch === 'ad') throw new WrongAdError('x1: bound to another file');
    this.state = lib().crypto_secretstream_xchacha20poly1305_init_pull(raw, fileKey);
  }

  /** Index of the next chunk expected. */
  get nextIndex(): number {
    return this.index;
  }

  /** True once the final chunk was verified. */
  get finished(): boolean {
    return this.done;
  }

  /**
   * Decrypts the next chunk. `index`, when given, must be the next one.
   * Throws ChunkOrderError (`after-final`, `duplicate`, `out-of-order`) and BadLengthError
   * (not 17-65 553 bytes) before decrypting, leaving the decryptor usable; TamperedError
   * (authentication) and MalformedPlaintextError (unknown tag, short non-final chunk, empty
   * final chunk after the first), after which every call throws that error again.
   */
  pull(ciphertext: Uint8Array, index: number = this.index): DecryptedChunk {
    if (this.failure) throw this.failure;
    if (this.done) throw new ChunkOrderError('after-final', 'file stream: chunk after the final chunk');
    if (index < this.index) throw new ChunkOrderError('duplicate', `file stream: chunk ${index} was already read`);
    if (index > this.index) throw new ChunkOrderError('out-of-order', `file stream: expected chunk ${this.index}, got ${index}`);
    if (!(ciphertext instanceof Uint8Array) || ciphertext.length < CHUNK_OVERHEAD || ciphertext.length > ENCRYPTED_CHUNK_BYTES) {
      throw new BadLengthError('file stream: a chunk has 17-65553 bytes');
    }
    const result = lib().crypto_secretstream_xchacha20poly1305_pull(this.state, ciphertext, this.ad);
    if (result === false) return this.fail(new TamperedError(`file stream: chunk ${index} failed authentication`));
    const { message, tag } = result;
    if (tag === TAG_MESSAGE && message.length !== CHUNK_BYTES) return this.fail(new MalformedPlaintextError('file stream: short chunk before the end'));
    if (tag !== TAG_MESSAGE && tag !== TAG_FINAL) return this.fail(new MalformedPlaintextError('file stream: unexpected tag'));
    if (tag === TAG_FINAL && message.length === 0 && index > 0) return this.fail(new MalformedPlaintextError('file stream: empty final chunk'));
    this.index += 1;
    this.done = tag === TAG_FINAL;
    return { index, bytes: message, final: this.done };
  }

  /** Call at the end of input. Throws TruncatedStreamError unless the final chunk was read. */
  finish(): void {
    if (this.failure) throw this.failure;
    if (!this.done) throw new TruncatedStreamError('file stream: ended before the final chunk');
  }

  private fail(error: CryptoError): never {
    this.failure = error;
    throw error;
  }
}

/**
 * Starts decrypting one attachment. Throws, in order: BadEncodingError (not a string),
 * BadPrefixError, BadEncodingError, BadLengthError (header string), WrongKeyError,
 * WrongAdError; InvalidInputError for a bad key or ids.
 */
export function createFileDecryptor(fileKey: FileKey, file: StreamFileRef, header: StreamHeader | string): FileDecryptor {
  return new FileDecryptor(fileKey, file, header);
}
