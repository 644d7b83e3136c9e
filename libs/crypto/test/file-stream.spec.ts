/**
 * Attachments as streams: property round trips from 0 B to 4 MiB through async iterables and
 * web ReadableStreams, chunk-level uploads by index, and every way a stream can be cut,
 * reordered, duplicated or left without its final chunk.
 */
import fc from 'fast-check';
import {
  CHUNK_BYTES,
  ENCRYPTED_CHUNK_BYTES,
  type EncryptedChunk,
  type FileKey,
  chunkCount,
  checkStreamHeaderFormat,
  createFileDecryptor,
  createFileEncryptor,
  decryptFile,
  decryptFileToStream,
  encryptFile,
  encryptFileToStream,
  encryptedSize,
  generateFileKey,
  ready,
  type ChunkOrderError,
} from '../src/index';
import { lib } from '../src/sodium';
import { collect, errorOf, errorOfAsync, expectCode, expectCodeAsync, expectSameBytes } from './helpers';

beforeAll(() => ready());

const file = { caseId: 'case-1', fileId: 'file-1' };
const MIB = 1024 * 1024;

function content(size: number, seed: number): Uint8Array {
  const seedBytes = new Uint8Array(32);
  new DataView(seedBytes.buffer).setUint32(0, seed);
  return lib().randombytes_buf_deterministic(size, seedBytes);
}

/** Yields `data` cut at the given piece sizes (cycled), to exercise re-chunking. */
function* pieces(data: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
  let offset = 0;
  let turn = 0;
  while (offset < data.length) {
    const size = Math.max(1, sizes[turn % sizes.length] ?? 1);
    yield data.subarray(offset, offset + size);
    offset += size;
    turn += 1;
  }
}

async function encryptAll(key: FileKey, data: Uint8Array, sizes: readonly number[] = [CHUNK_BYTES]): Promise<{ header: string; chunks: EncryptedChunk[] }> {
  const { header, chunks } = encryptFile(key, file, pieces(data, sizes));
  const out: EncryptedChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return { header, chunks: out };
}

function joined(chunks: readonly EncryptedChunk[]): Uint8Array {
  return concat(chunks.map((chunk) => chunk.bytes));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('file streams round trip', () => {
  it('for many small sizes, any input split and any ciphertext split', async () => {
    const key = generateFileKey();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: 3 * CHUNK_BYTES + 10 }), fc.constantFrom(0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES)),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        async (size, inSplits, outSplits, seed) => {
          const data = content(size, seed);
          const { header, chunks } = await encryptAll(key, data, inSplits);
          expect(chunks).toHaveLength(chunkCount(size));
          expect(chunks.map((chunk) => chunk.index)).toEqual(chunks.map((_, index) => index));
          expect(chunks.map((chunk) => chunk.final)).toEqual(chunks.map((_, index) => index === chunks.length - 1));
          const ciphertext = joined(chunks);
          expect(ciphertext.length).toBe(encryptedSize(size));
          expectSameBytes(await collect(decryptFile(key, file, header, pieces(ciphertext, outSplits))), data);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('for a few large sizes up to 4 MiB', async () => {
    const key = generateFileKey();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MIB, max: 4 * MIB }), fc.nat(), async (size, seed) => {
        const data = content(size, seed);
        const { header, chunks } = await encryptAll(key, data, [50_000, 70_000]);
        expectSameBytes(await collect(decryptFile(key, file, header, chunks.map((chunk) => chunk.bytes))), data);
      }),
      { numRuns: 5, examples: [[4 * MIB, 1]] },
    );
  });

  it('through web ReadableStreams', async () => {
    const key = generateFileKey();
    const data = content(3 * CHUNK_BYTES + 123, 7);
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces(data, [1000, 99_999])) controller.enqueue(piece);
        controller.close();
      },
    });
    const { header, stream } = encryptFileToStream(key, file, source);
    const plain = decryptFileToStream(key, file, header, stream);
    expectSameBytes(await collect(plain as unknown as AsyncIterable<Uint8Array>), data);
  });

  it('cancel the source ReadableStream when decryption stops early', async () => {
    const key = generateFileKey();
    const { header, chunks } = await encryptAll(key, content(2 * CHUNK_BYTES, 9));
    let cancelled = false;
    const tamperedSource = new ReadableStream<Uint8Array>({
      start(controller) {
        const broken = chunks[0]?.bytes.slice() ?? new Uint8Array();
        broken[100] = (broken[100] ?? 0) ^ 1;
        controller.enqueue(broken);
      },
      cancel() {
        cancelled = true;
      },
    });
    await expectCodeAsync(() => collect(decryptFile(key, file, header, tamperedSource)), 'tampered');
    expect(cancelled).toBe(true);
    expect(() => checkStreamHeaderFormat(header)).not.toThrow();
    expectCode(() => checkStreamHeaderFormat(header.slice(0, -4)), 'bad_length');
  });

  it('chunk by chunk, as uploads by index', () => {
    const key = generateFileKey();
    const data = content(2 * CHUNK_BYTES + 5, 3);
    const encryptor = createFileEncryptor(key, file);
    const uploaded = [
      encryptor.push(data.subarray(0, CHUNK_BYTES), false),
      encryptor.push(data.subarray(CHUNK_BYTES, 2 * CHUNK_BYTES), false),
      encryptor.push(data.subarray(2 * CHUNK_BYTES), true),
    ];
    expect(uploaded.map((chunk) => [chunk.index, chunk.bytes.length, chunk.final])).toEqual([
      [0, ENCRYPTED_CHUNK_BYTES, false],
      [1, ENCRYPTED_CHUNK_BYTES, false],
      [2, 5 + 17, true],
    ]);
    const decryptor = createFileDecryptor(key, file, encryptor.header);
    // a resend of an already-received chunk is refused without harming the stream
    decryptor.pull(uploaded[0]?.bytes ?? new Uint8Array(), 0);
    expect((errorOf(() => decryptor.pull(uploaded[0]?.bytes ?? new Uint8Array(), 0)) as ChunkOrderError).reason).toBe('duplicate');
    expect((errorOf(() => decryptor.pull(uploaded[2]?.bytes ?? new Uint8Array(), 2)) as ChunkOrderError).reason).toBe('out-of-order');
    const rest = uploaded.slice(1).map((chunk) => decryptor.pull(chunk.bytes, chunk.index).bytes);
    decryptor.finish();
    expectSameBytes(concat([data.subarray(0, CHUNK_BYTES), ...rest]), data);
    expect((errorOf(() => decryptor.pull(uploaded[2]?.bytes ?? new Uint8Array(), 3)) as ChunkOrderError).reason).toBe('after-final');
  });

  it('refuse wrong chunk sizes when encrypting', () => {
    const encryptor = createFileEncryptor(generateFileKey(), file);
    expectCode(() => encryptor.push(new Uint8Array(10), false), 'invalid_input');
    expectCode(() => encryptor.push(new Uint8Array(CHUNK_BYTES + 1), true), 'invalid_input');
    encryptor.push(new Uint8Array(CHUNK_BYTES), false);
    expectCode(() => encryptor.push(new Uint8Array(0), true), 'invalid_input');
    encryptor.push(new Uint8Array(1), true);
    expectCode(() => encryptor.push(new Uint8Array(1), true), 'invalid_input');
  });
});

describe('file streams refuse', () => {
  let key: FileKey;
  let header: string;
  let chunks: EncryptedChunk[];
  const chunkBytes = (index: number): Uint8Array => chunks[index]?.bytes ?? new Uint8Array();

  beforeAll(async () => {
    key = generateFileKey();
    ({ header, chunks } = await encryptAll(key, content(3 * CHUNK_BYTES + 99, 11)));
  });

  const decryptBytes = (parts: readonly Uint8Array[]): Promise<Uint8Array> => collect(decryptFile(key, file, header, parts));

  it('truncation at a chunk boundary and a missing final chunk', async () => {
    await expectCodeAsync(() => decryptBytes([chunkBytes(0), chunkBytes(1), chunkBytes(2)]), 'truncated_stream');
    await expectCodeAsync(() => decryptBytes([]), 'truncated_stream');
    const decryptor = createFileDecryptor(key, file, header);
    decryptor.pull(chunkBytes(0));
    expectCode(() => decryptor.finish(), 'truncated_stream');
  });

  it('truncation inside a chunk, reordering, duplication and flipped bytes', async () => {
    const all = chunks.map((chunk) => chunk.bytes);
    await expectCodeAsync(() => decryptBytes([joined(chunks).subarray(0, joined(chunks).length - 1)]), 'tampered');
    await expectCodeAsync(() => decryptBytes([chunkBytes(1), chunkBytes(0), chunkBytes(2), chunkBytes(3)]), 'tampered');
    await expectCodeAsync(() => decryptBytes([chunkBytes(0), chunkBytes(0), chunkBytes(1), chunkBytes(2), chunkBytes(3)]), 'tampered');
    await expectCodeAsync(() => decryptBytes([...all, chunkBytes(3)]), 'tampered');
    for (const at of [0, 1, 16, 17, 30_000, ENCRYPTED_CHUNK_BYTES - 1]) {
      const flipped = chunkBytes(1).slice();
      flipped[at] = (flipped[at] ?? 0) ^ 0x80;
      await expectCodeAsync(() => decryptBytes([chunkBytes(0), flipped, chunkBytes(2), chunkBytes(3)]), 'tampered');
    }
  });

  it('a final chunk that is not last, and stays refused once tampered', async () => {
    const single = await encryptAll(key, content(CHUNK_BYTES, 5));
    const decryptor = createFileDecryptor(key, file, single.header);
    decryptor.pull(single.chunks[0]?.bytes ?? new Uint8Array());
    expect((errorOf(() => decryptor.pull(new Uint8Array(20))) as ChunkOrderError).reason).toBe('after-final');
    const error = await errorOfAsync(() => collect(decryptFile(key, file, single.header, [single.chunks[0]?.bytes ?? new Uint8Array(), new Uint8Array(40)])));
    expect(error.code).toBe('chunk_order');
    const broken = createFileDecryptor(key, file, header);
    expectCode(() => broken.pull(chunkBytes(1)), 'tampered');
    expectCode(() => broken.pull(chunkBytes(0)), 'tampered');
  });

  it('headers of another file, another key, or malformed', () => {
    expectCode(() => createFileDecryptor(key, { ...file, fileId: 'file-2' }, header), 'wrong_ad');
    expectCode(() => createFileDecryptor(generateFileKey(), file, header), 'wrong_key');
    expectCode(() => createFileDecryptor(key, file, header.replace(/^x1/, 'x9')), 'bad_prefix');
    expectCode(() => createFileDecryptor(key, file, `${header}.x`), 'bad_encoding');
    const decryptor = createFileDecryptor(key, file, header);
    expectCode(() => decryptor.pull(new Uint8Array(16)), 'bad_length');
    expectCode(() => decryptor.pull(new Uint8Array(ENCRYPTED_CHUNK_BYTES + 1)), 'bad_length');
  });
});
