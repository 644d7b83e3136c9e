import { DataSource, type DataSourceOptions } from 'typeorm';
import { type AsharConfig } from '../config';
import { MIGRATIONS } from '../migrations';

type DatabaseConfig = Pick<AsharConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'DATABASE_ROLE'>;

/** The custom setting through which the owner connection tells the migrations which role the api runs as. */
export const APP_ROLE_SETTING = 'ashar.app_role';

/** The owner connection's URL: DATABASE_OWNER_URL when set, else DATABASE_URL. */
export function ownerDatabaseUrl(config: DatabaseConfig): string {
  return config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
}

/**
 * The runtime pool of the api, the worker and the tests: every connection acts as
 * DATABASE_ROLE from the start (`-c role=…`, so even RESET ROLE comes back to it), which
 * may read and write the app's tables but only read and append to the audit log.
 * Never synchronize, never migrate: the owner connection does that. `entities`: src/entities.ts.
 */
export function appDataSourceOptions(config: DatabaseConfig, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities,
    synchronize: false,
    migrationsRun: false,
    // The schema uses the built-in gen_random_uuid(); the app role may not create extensions.
    installExtensions: false,
    logging: false,
    extra: { max: 10, connectionTimeoutMillis: 5000, application_name: 'ashar', options: `-c role=${config.DATABASE_ROLE}` },
  };
}

/** The owner connection: runs the migrations (one client holds the lock, one migrates) and tells them the app role's name. */
export function ownerDataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: ownerDatabaseUrl(config),
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: false,
    extra: { max: 2, connectionTimeoutMillis: 5000, application_name: 'ashar-migrate', options: `-c ${APP_ROLE_SETTING}=${config.DATABASE_ROLE}` },
  };
}

// Serialises migrations across replicas that start at the same moment.
const MIGRATION_LOCK = 0x61736872; // "ashr"

/** Applies pending migrations under an advisory lock; the same code runs at start, in the CLI and in tests. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Opens the owner connection, applies pending migrations (runMigrations) and closes it.
 * Runs before the runtime pool exists, because the pool's role is created by a migration.
 */
export async function migrateDatabase(config: DatabaseConfig): Promise<string[]> {
  const owner = new DataSource(ownerDataSourceOptions(config));
  await owner.initialize();
  try {
    return await runMigrations(owner);
  } finally {
    await owner.destroy();
  }
}
