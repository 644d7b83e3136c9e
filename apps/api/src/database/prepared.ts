import { type ClientBase, type Pool } from 'pg';
import { type DataSource, type EntityManager } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs `text` as a named, server-side prepared statement on the connection of `manager`'s
 * transaction: PostgreSQL parses and plans it once per connection instead of at every call
 * (docs/decisions.md, "The intake hot path"). For the hot paths
 * only, with a fixed `text` per `name` (node-postgres refuses a name reused with other text).
 * Errors are node-postgres's own (`code`, `constraint`), not TypeORM's QueryFailedError.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error(`prepared statement ${name} needs the EntityManager of an open transaction`);
  return preparedOn<T>((await runner.connect()) as ClientBase, name, text, values);
}

/**
 * preparedQuery on a node-postgres client or pool: a pool runs it on any of its connections,
 * each of which prepares it once. On a pool a statement commits on its own.
 */
export async function preparedOn<T>(db: ClientBase | Pool, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const result = await (db as ClientBase).query<T & Record<string, unknown>>({ name, text, values: [...values] });
  return result.rows;
}

/** The pool behind TypeORM's data source (the same connections, role and settings), for preparedOn. */
export function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as PostgresDriver).master as Pool | undefined;
  if (!pool) throw new Error('the data source has no PostgreSQL pool (not initialised?)');
  return pool;
}
