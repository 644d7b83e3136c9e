import { randomUUID } from 'node:crypto';
import { type Stats } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { type BlobSource, type BlobStore, assertBlobKey, assertBlobPrefix, bytesOf } from './blob-store';

/** Temporary files start with a dot, which no key segment can, so they never collide with a blob. */
const TEMP_PREFIX = '.tmp-';
/** The largest piece a read hands over; a file chunk (65 553 bytes) comes in one. */
const READ_PIECE = 256 * 1024;

/**
 * Blobs as files under one directory (BLOB_DIR): key `a/b/c` is the file `<dir>/a/b/c`.
 * A write goes to a temporary file beside the target, is flushed to disk, then renamed over
 * it, so a reader sees the old blob or the whole new one. Keys are checked (blob-store.ts)
 * and the resolved path is checked again to lie inside the directory.
 *
 * The bytes are written through one file handle, piece by piece as the source yields them
 * (a whole chunk in one write): no stream pipeline per blob, whose buffers and listeners would
 * outlive the write until a full garbage collection (docs/decisions.md, "Blob writes").
 */
export class FsBlobStore implements BlobStore {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error('blob path outside the store');
    return path;
  }

  async put(key: string, source: BlobSource): Promise<number> {
    assertBlobKey(key);
    const target = this.pathOf(key);
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
    const handle = await createExclusive(temp);
    let size = 0;
    try {
      try {
        for await (const piece of bytesOf(source)) {
          await writeAll(handle, piece);
          size += piece.length;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return size;
  }

  async get(key: string): Promise<Readable | null> {
    assertBlobKey(key);
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    // The size of the file this handle opened (a blob replaced meanwhile is another file): it
    // is read in pieces of up to READ_PIECE, a chunk in one, and never past its end.
    let stats: Stats;
    try {
      stats = await handle.stat();
    } catch (err) {
      await handle.close();
      throw err;
    }
    if (!stats.isFile() || stats.size === 0) {
      await handle.close();
      return stats.isFile() ? Readable.from([]) : null;
    }
    return handle.createReadStream({ start: 0, end: stats.size - 1, highWaterMark: Math.min(stats.size, READ_PIECE) });
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertBlobKey(key);
    for (const key of keys) {
      try {
        await unlink(this.pathOf(key));
      } catch (err) {
        if (!isMissing(err) && !isDirectory(err)) throw err;
      }
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    const directory = this.pathOf(prefix.slice(0, -1));
    let count: number;
    try {
      count = await countFiles(directory);
    } catch (err) {
      if (isMissing(err) || isNotDirectory(err)) return 0;
      throw err;
    }
    await rm(directory, { recursive: true, force: true });
    return count;
  }
}

/**
 * Creates `path` (which must not exist) for writing, owner-only. Its directory is made only
 * when missing: every chunk of a file goes to the same directory, which exists after the first.
 */
async function createExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o600);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  return open(path, 'wx', 0o600);
}

/** Writes all of `bytes` at the handle's position (one write may take fewer bytes than it is given). */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function countFiles(directory: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) count += await countFiles(join(directory, entry.name));
    else if (!entry.name.startsWith(TEMP_PREFIX)) count += 1;
  }
  return count;
}

const codeOf = (err: unknown) => (err as { code?: string } | null)?.code;
const isMissing = (err: unknown) => codeOf(err) === 'ENOENT';
const isDirectory = (err: unknown) => codeOf(err) === 'EISDIR' || codeOf(err) === 'EPERM';
const isNotDirectory = (err: unknown) => codeOf(err) === 'ENOTDIR';
