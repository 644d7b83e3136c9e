import { type ClientBase } from 'pg';
import { type EntityManager } from 'typeorm';

/**
 * Runs `text` as a named, server-side prepared statement on the connection of `manager`'s
 * transaction: PostgreSQL parses and plans it once per connection instead of at every call
 * (for intake's statements that was most of their cost; bench/intake). For the hot paths
 * only, with a fixed `text` per `name` (node-postgres refuses a name reused with other text).
 * Errors are node-postgres's own (`code`, `constraint`), not TypeORM's QueryFailedError.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`prepared statement ${name} needs the EntityManager of an open transaction`);
  const client = (await runner.connect()) as ClientBase;
  const result = await client.query<T & Record<string, unknown>>({ name, text, values: [...values] });
  return result.rows;
}
