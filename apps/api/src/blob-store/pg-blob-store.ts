import { Readable } from 'node:stream';
import { type DataSource } from 'typeorm';
import { type BlobSource, type BlobStore, assertBlobKey, assertBlobPrefix, bytesOf } from './blob-store';

/** Largest part row: a blob is cut into parts of this size, so memory stays bounded by one part. */
export const PG_BLOB_PART_BYTES = 256 * 1024;

/**
 * Blobs in PostgreSQL (table blob_chunks: key, part, data bytea). A write replaces the blob's
 * parts in one transaction, so readers see the old blob or the whole new one; a read fetches
 * one part per query, so a large blob streams in bounded memory.
 */
export class PgBlobStore implements BlobStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(key: string, source: BlobSource): Promise<number> {
    assertBlobKey(key);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let size = 0;
    try {
      await runner.startTransaction();
      await runner.query(`DELETE FROM blob_chunks WHERE key = $1`, [key]);
      let part = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const write = async (data: Buffer) => {
        await runner.query(`INSERT INTO blob_chunks (key, part, data) VALUES ($1, $2, $3)`, [key, part, data]);
        part += 1;
      };
      for await (const piece of bytesOf(source)) {
        size += piece.length;
        pending.push(piece);
        pendingBytes += piece.length;
        while (pendingBytes >= PG_BLOB_PART_BYTES) {
          const joined = Buffer.concat(pending, pendingBytes);
          await write(joined.subarray(0, PG_BLOB_PART_BYTES));
          const rest = joined.subarray(PG_BLOB_PART_BYTES);
          pending = rest.length > 0 ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      // The last part; an empty blob is one empty part, so that it exists.
      if (pendingBytes > 0 || part === 0) await write(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes));
      await runner.commitTransaction();
      return size;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  async get(key: string): Promise<Readable | null> {
    assertBlobKey(key);
    const [first] = (await this.dataSource.query(`SELECT data FROM blob_chunks WHERE key = $1 AND part = 0`, [key])) as { data: Buffer }[];
    if (!first) return null;
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* () {
        yield first.data;
        for (let part = 1; ; part += 1) {
          const [row] = (await dataSource.query(`SELECT data FROM blob_chunks WHERE key = $1 AND part = $2`, [key, part])) as { data: Buffer }[];
          if (!row) return;
          yield row.data;
        }
      })(),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertBlobKey(key);
    if (keys.length > 0) await this.dataSource.query(`DELETE FROM blob_chunks WHERE key = ANY ($1::text[])`, [keys]);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    // Keys hold no LIKE metacharacters (blob-store.ts), and the C collation lets the prefix use the index.
    const [row] = (await this.dataSource.query(
      `WITH gone AS (DELETE FROM blob_chunks WHERE key LIKE $1 || '%' RETURNING key) SELECT count(DISTINCT key)::int AS n FROM gone`,
      [prefix],
    )) as { n: number }[];
    return row?.n ?? 0;
  }
}
