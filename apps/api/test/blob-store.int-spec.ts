import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type BlobStore, BlobKeyError } from '../src/blob-store/blob-store';
import { FsBlobStore } from '../src/blob-store/fs-blob-store';
import { PG_BLOB_PART_BYTES, PgBlobStore } from '../src/blob-store/pg-blob-store';
import { startTestApp, type TestApp } from './app';

/** Deterministic bytes (no randomness needed to test storage). */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let block = Buffer.alloc(0);
  for (let offset = 0, counter = 0; offset < length; offset += block.length, counter += 1) {
    block = createHash('sha256').update(`${seed}:${counter}`).digest();
    block.copy(out, offset, 0, Math.min(block.length, length - offset));
  }
  return out;
}

async function read(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const piece of stream as AsyncIterable<Buffer>) parts.push(Buffer.from(piece));
  return Buffer.concat(parts);
}

/** A source that yields `data` in pieces of `piece` bytes, then fails when `failAfter` bytes went out. */
async function* pieces(data: Buffer, piece: number, failAfter = Infinity): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += piece) {
    if (offset >= failAfter) throw new Error('source failed');
    yield data.subarray(offset, offset + piece);
  }
}

interface Fixture {
  store: BlobStore;
  cleanup(): Promise<void>;
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const implementations: [string, () => Promise<Fixture>][] = [
  [
    'filesystem',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ashar-blob-contract-'));
      return { store: new FsBlobStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  [
    'postgres',
    async () => {
      await t.dataSource.query('DELETE FROM blob_chunks');
      return { store: new PgBlobStore(t.dataSource), cleanup: async () => undefined };
    },
  ],
];

describe.each(implementations)('blob store contract: %s', (_name, make) => {
  let fixture: Fixture;
  let store: BlobStore;
  beforeEach(async () => {
    fixture = await make();
    store = fixture.store;
  });
  afterEach(() => fixture.cleanup());

  it('stores a blob and gives the same bytes back, streamed', async () => {
    const data = bytes(3 * PG_BLOB_PART_BYTES + 12345, 1);
    expect(await store.put('cases/c1/files/f1/0-a', pieces(data, 10_000))).toBe(data.length);
    expect((await read(await store.get('cases/c1/files/f1/0-a')))?.equals(data)).toBe(true);
  });

  it('accepts a Readable and an empty blob, which exists', async () => {
    expect(await store.put('k/empty', Readable.from([]))).toBe(0);
    expect(await read(await store.get('k/empty'))).toEqual(Buffer.alloc(0));
    expect(await store.put('k/one', Readable.from([Buffer.from('abc')]))).toBe(3);
    expect((await read(await store.get('k/one')))?.toString()).toBe('abc');
  });

  it('stores bytes given whole, a plain view into a larger buffer included', async () => {
    const data = bytes(70_000, 9);
    expect(await store.put('whole/1', data)).toBe(data.length);
    expect((await read(await store.get('whole/1')))?.equals(data)).toBe(true);
    const view = new Uint8Array(data.buffer, data.byteOffset + 10, 1000);
    expect(await store.put('whole/2', view)).toBe(1000);
    expect((await read(await store.get('whole/2')))?.equals(data.subarray(10, 1010))).toBe(true);
    expect(await store.put('whole/3', new Uint8Array(0))).toBe(0);
    expect(await read(await store.get('whole/3'))).toEqual(Buffer.alloc(0));
  });

  it('answers null for a blob that does not exist', async () => {
    expect(await store.get('nothing/here')).toBeNull();
    await store.put('a/b', pieces(Buffer.from('x'), 1));
    expect(await store.get('a')).toBeNull(); // a directory of the fs store is not a blob
  });

  it('replaces a blob whole', async () => {
    await store.put('r/1', pieces(bytes(PG_BLOB_PART_BYTES * 2, 2), 4096));
    const second = bytes(100, 3);
    await store.put('r/1', pieces(second, 7));
    expect((await read(await store.get('r/1')))?.equals(second)).toBe(true);
  });

  it('keeps the old blob when a write fails midway, and leaves nothing of the failed one', async () => {
    const first = bytes(5000, 4);
    await store.put('atomic/1', pieces(first, 1000));
    await expect(store.put('atomic/1', pieces(bytes(PG_BLOB_PART_BYTES * 3, 5), 65536, PG_BLOB_PART_BYTES * 2))).rejects.toThrow('source failed');
    expect((await read(await store.get('atomic/1')))?.equals(first)).toBe(true);
    await expect(store.put('atomic/2', pieces(bytes(5000, 6), 1000, 2000))).rejects.toThrow('source failed');
    expect(await store.get('atomic/2')).toBeNull();
  });

  it('deletes blobs by key, ignoring missing ones', async () => {
    await store.put('d/1', pieces(Buffer.from('1'), 1));
    await store.put('d/2', pieces(Buffer.from('2'), 1));
    await store.delete(['d/1', 'd/missing']);
    expect(await store.get('d/1')).toBeNull();
    expect((await read(await store.get('d/2')))?.toString()).toBe('2');
  });

  it('deletes every blob under a prefix and nothing else', async () => {
    for (const key of ['cases/aa/files/f/0-x', 'cases/aa/files/f/1-x', 'cases/aa/files/g/0-x', 'cases/aab/files/f/0-x', 'cases/a/x']) {
      await store.put(key, pieces(Buffer.from(key), 4));
    }
    expect(await store.deletePrefix('cases/aa/')).toBe(3);
    expect(await store.get('cases/aa/files/f/0-x')).toBeNull();
    expect(await store.get('cases/aa/files/g/0-x')).toBeNull();
    expect((await read(await store.get('cases/aab/files/f/0-x')))?.toString()).toBe('cases/aab/files/f/0-x');
    expect((await read(await store.get('cases/a/x')))?.toString()).toBe('cases/a/x');
    expect(await store.deletePrefix('cases/aa/')).toBe(0);
    expect(await store.deletePrefix('never/')).toBe(0);
  });

  it('refuses keys that could leave the store or mean something else', async () => {
    const bad = ['', '../x', 'a/../b', '/abs', 'a//b', 'a/', 'A', 'a/.hidden', 'a\\b', 'a b', 'a%', 'a_b', 'a.b', 'x'.repeat(513)];
    for (const key of bad) {
      await expect(store.put(key, pieces(Buffer.from('x'), 1))).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.delete([key])).rejects.toBeInstanceOf(BlobKeyError);
    }
    for (const prefix of ['', 'a', '../', '/', 'a//', '%/', 'a/../']) await expect(store.deletePrefix(prefix)).rejects.toBeInstanceOf(BlobKeyError);
  });
});

describe('filesystem blob store', () => {
  it('writes under its directory only and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ashar-blob-fs-'));
    try {
      const store = new FsBlobStore(dir);
      await store.put('cases/c/files/f/0-a', pieces(bytes(70_000, 7), 65_553));
      await expect(store.put('cases/c/files/f/1-a', pieces(bytes(70_000, 8), 1000, 5000))).rejects.toThrow('source failed');
      expect(await readdir(join(dir, 'cases/c/files/f'))).toEqual(['0-a']);
      expect((await stat(join(dir, 'cases/c/files/f/0-a'))).size).toBe(70_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a file chunk back in one piece, and a larger blob in pieces of at most 256 KiB', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ashar-blob-fs-'));
    try {
      const store = new FsBlobStore(dir);
      const chunk = bytes(65_553, 10);
      await store.put('cases/c/files/f/0-a', chunk);
      const pieces: Buffer[] = [];
      for await (const piece of (await store.get('cases/c/files/f/0-a'))! as AsyncIterable<Buffer>) pieces.push(piece);
      expect(pieces.map((p) => p.length)).toEqual([65_553]);
      expect(Buffer.concat(pieces).equals(chunk)).toBe(true);
      const large = bytes(600_000, 11);
      await store.put('large/1', large);
      const sizes: number[] = [];
      for await (const piece of (await store.get('large/1'))! as AsyncIterable<Buffer>) sizes.push(piece.length);
      expect(sizes).toEqual([262_144, 262_144, 75_712]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
