/**
 * Whole-attachment streaming on top of the chunk-level encryptor/decryptor: async iterables
 * and web ReadableStreams in, re-cut into fixed-size chunks, out. Memory holds at most two
 * chunks whatever the file size.
 */
import { type FileKey, type StreamHeader } from './brands';
import { type EncryptedChunk, type StreamFileRef, CHUNK_BYTES, ENCRYPTED_CHUNK_BYTES, createFileDecryptor, createFileEncryptor } from './file-stream';
import { InvalidInputError } from './errors';

/** Where bytes come from: a web ReadableStream, an async iterable (Node streams) or an iterable. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

function isReadableStream(source: ByteSource): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream<Uint8Array>).getReader === 'function';
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!isReadableStream(source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Stopped early (error downstream, consumer gave up): tell the source, then let go of it.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Re-cuts a byte source into pieces of exactly `size` bytes plus a shorter last piece (none
 * when the total is a multiple of `size`). Pieces are fresh copies. Throws InvalidInputError
 * when the source yields something other than Uint8Array.
 */
export async function* rechunk(source: ByteSource, size: number): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of iterate(source)) {
    if (!(piece instanceof Uint8Array)) throw new InvalidInputError('byte source must yield Uint8Array');
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.slice(0, filled);
}

/**
 * Encrypts a whole attachment from `source`. Returns the header string at once and the
 * chunks lazily (upload each by index). Throws InvalidInputError for a bad key or ids;
 * iteration rethrows errors of the source.
 */
export function encryptFile(fileKey: FileKey, file: StreamFileRef, source: ByteSource): { header: StreamHeader; chunks: AsyncGenerator<EncryptedChunk> } {
  const encryptor = createFileEncryptor(fileKey, file);
  async function* chunks(): AsyncGenerator<EncryptedChunk> {
    let pending: Uint8Array | undefined;
    for await (const piece of rechunk(source, CHUNK_BYTES)) {
      // One piece of lookahead: a full chunk is final only if nothing follows it.
      if (pending) yield encryptor.push(pending, false);
      pending = piece;
    }
    yield encryptor.push(pending ?? new Uint8Array(0), true);
  }
  return { header: encryptor.header, chunks: chunks() };
}

/**
 * Decrypts an attachment's concatenated ciphertext chunks (any split) and yields plaintext
 * chunks. Header errors throw at once (see createFileDecryptor). Iteration throws
 * TamperedError, MalformedPlaintextError, ChunkOrderError (`after-final` for bytes after
 * the final chunk) and, at the end, TruncatedStreamError. Plaintext already yielded is only
 * trustworthy if the iteration completes without error.
 */
export function decryptFile(fileKey: FileKey, file: StreamFileRef, header: StreamHeader | string, source: ByteSource): AsyncGenerator<Uint8Array> {
  const decryptor = createFileDecryptor(fileKey, file, header);
  async function* plaintext(): AsyncGenerator<Uint8Array> {
    for await (const chunk of rechunk(source, ENCRYPTED_CHUNK_BYTES)) yield decryptor.pull(chunk).bytes;
    decryptor.finish();
  }
  return plaintext();
}

/** A web ReadableStream over an async iterable; cancelling it ends the iteration. */
export function toReadableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** encryptFile with the ciphertext as one ReadableStream (chunks concatenated). */
export function encryptFileToStream(fileKey: FileKey, file: StreamFileRef, source: ByteSource): { header: StreamHeader; stream: ReadableStream<Uint8Array> } {
  const { header, chunks } = encryptFile(fileKey, file, source);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) yield chunk.bytes;
  }
  return { header, stream: toReadableStream(bytes()) };
}

/** decryptFile as a ReadableStream of plaintext; the stream errors with the same errors. */
export function decryptFileToStream(fileKey: FileKey, file: StreamFileRef, header: StreamHeader | string, source: ByteSource): ReadableStream<Uint8Array> {
  return toReadableStream(decryptFile(fileKey, file, header, source));
}
