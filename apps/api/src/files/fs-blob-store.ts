import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobStore, assertBlobKey, assertBlobPrefix, bytesOf } from './blob-store';

/** Temporary files start with a dot, which no key segment can, so they never collide with a blob. */
const TEMP_PREFIX = '.tmp-';

/**
 * Blobs as files under one directory (BLOB_DIR): key `a/b/c` is the file `<dir>/a/b/c`.
 * A write goes to a temporary file beside the target, is flushed to disk, then renamed over
 * it, so a reader sees the old blob or the whole new one. Keys are checked (blob-store.ts)
 * and the resolved path is checked again to lie inside the directory.
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

  async put(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<number> {
    assertBlobKey(key);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomUUID()}`);
    let size = 0;
    const counted = Readable.from(
      (async function* () {
        for await (const piece of bytesOf(source)) {
          size += piece.length;
          yield piece;
        }
      })(),
    );
    try {
      await pipeline(counted, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      const handle = await open(temp, 'r');
      try {
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
    const path = this.pathOf(key);
    try {
      if (!(await stat(path)).isFile()) return null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    return createReadStream(path);
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
