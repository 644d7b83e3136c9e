/** `ashar migrate`: what the api does at start (MIGRATE_ON_START), for deployments that turn that off. */
import { type Command } from 'commander';
import { loadConfig, ensureDatabase } from '../config';
import { migrateDatabase, ownerDatabaseUrl } from '../database';
import { type CliIo, printLine } from './cli-io';

export async function migrate(io: CliIo): Promise<void> {
  const config = loadConfig(io.env);
  await ensureDatabase({ DATABASE_URL: ownerDatabaseUrl(config) });
  const applied = await migrateDatabase(config);
  printLine(io, applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'no pending migrations');
}

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending migrations through the owner connection (DATABASE_OWNER_URL or DATABASE_URL), under the migration lock')
    .action(() => migrate(io));
}
