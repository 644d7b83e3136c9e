/**
 * `ashar audit verify`: checks the audit chain end to end, from genesis, in batches, on a
 * read-only connection. Exit status 0 when intact, 1 when a link is broken.
 */
import { type Command } from 'commander';
import { Client } from 'pg';
import { DEFAULT_BATCH_SIZE, describeVerification, verifyAuditChain, sqlOfClient } from '../audit';
import { describeTarget, loadConfig } from '../config';
import { type CliIo, CliError, printLine } from './cli-io';

const UNDEFINED_TABLE = '42P01';

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message?.split('\n')[0] ?? 'error';
}

/** Verifies the chain of DATABASE_URL's database and prints one line; returns the exit status. */
export async function auditVerify(io: CliIo, options: { batchSize: string }): Promise<number> {
  const batchSize = /^[1-9][0-9]{0,5}$/.test(options.batchSize) ? Number(options.batchSize) : NaN;
  if (!Number.isInteger(batchSize)) throw new CliError('--batch-size must be a whole number from 1 to 999999');
  const config = loadConfig(io.env);
  const target = describeTarget(config.DATABASE_URL);
  const client = new Client({
    connectionString: config.DATABASE_URL,
    connectionTimeoutMillis: 5000,
    application_name: 'ashar-audit-verify',
    options: '-c default_transaction_read_only=on',
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CliError(`PostgreSQL is not reachable at ${target} (${errorCode(error)})`);
  }
  try {
    const result = await verifyAuditChain(sqlOfClient(client), { batchSize });
    printLine(io, describeVerification(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    if (errorCode(error) === UNDEFINED_TABLE) throw new CliError(`${target} has no audit log: apply the migrations first (npm run ashar -- migrate)`);
    throw new CliError(`cannot read the audit log at ${target} (${errorCode(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Registers `audit verify`; `setExitCode` carries its verdict to the process. */
export function registerAuditCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('verify the whole chain from genesis (DATABASE_URL); exit 0 when intact, 1 at the first broken link')
    .option('--batch-size <n>', 'events read per query', String(DEFAULT_BATCH_SIZE))
    .action(async (options: { batchSize: string }) => setExitCode(await auditVerify(io, options)));
}
