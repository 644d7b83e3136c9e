/**
 * `ashar audit …`: the audit log from the operator's and the auditor's side.
 * - `verify` checks the chain end to end, from genesis, in batches, on a read-only connection;
 *   with `--checkpoint` also against signed checkpoints of its head (docs/audit.md). Exit status
 *   0: intact (and agrees with every checkpoint); 1: a broken link or a divergence from a
 *   checkpoint, or the database could not be read (a line on stderr); 2: a checkpoint could not
 *   be read or is not signed by a pinned key.
 * - `checkpoint` signs the head now, as the worker's job does, into AUDIT_CHECKPOINT_DIR.
 * - `checkpoint-key` prints the checkpoint public key for auditors to pin.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditCheckpoint, type SignPublicKey, encodePublicKey, isCryptoError, kidFingerprint, kidOf, parseSignPublicKey, ready, verifyAuditCheckpoint } from '@ashar/crypto';
import { type Command } from 'commander';
import { Client } from 'pg';
import {
  CheckpointDirectory,
  CheckpointRefusedError,
  DEFAULT_BATCH_SIZE,
  describeVerification,
  loadCheckpointKey,
  makeAuditCheckpoint,
  sqlOfClient,
  verifyAuditChain,
} from '../audit';
import { type AsharConfig, describeTarget, loadConfig } from '../config';
import { type CliIo, CliError, printLine } from './cli-io';

const UNDEFINED_TABLE = '42P01';
/** Exit status when a checkpoint cannot be read or does not verify: the evidence, not the log, is in doubt. */
export const BAD_CHECKPOINT_EXIT = 2;
/** A checkpoint source (file or answer) larger than this is refused. */
const MAX_SOURCE_BYTES = 64 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message?.split('\n')[0] ?? 'error';
}

/** Runs `fn` on a read-only connection to DATABASE_URL; database errors become one CliError line. */
async function withReadOnlyClient<T>(config: AsharConfig, name: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const target = describeTarget(config.DATABASE_URL);
  const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5000, application_name: name, options: '-c default_transaction_read_only=on' });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CliError(`PostgreSQL is not reachable at ${target} (${errorCode(error)})`);
  }
  try {
    return await fn(client);
  } catch (error) {
    if (error instanceof CliError || error instanceof CheckpointRefusedError) throw error;
    if (errorCode(error) === UNDEFINED_TABLE) throw new CliError(`${target} has no audit log: apply the migrations first (npm run ashar -- migrate)`);
    throw new CliError(`cannot read the audit log at ${target} (${errorCode(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function badCheckpoint(message: string): CliError {
  return new CliError(message, BAD_CHECKPOINT_EXIT);
}

/** The JSON values of a checkpoint text: one object, an array of them, or one object per line (an auditor's collection). */
function checkpointValues(text: string, source: string): unknown[] {
  try {
    const whole: unknown = JSON.parse(text);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // not one JSON value: JSON lines
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw badCheckpoint(`checkpoint ${source} line ${index + 1} is not JSON`);
      }
    });
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    throw badCheckpoint(`cannot fetch the checkpoint at ${url} (${errorCode((error as { cause?: unknown }).cause ?? error)})`);
  }
  if (!response.ok) throw badCheckpoint(`the checkpoint at ${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_SOURCE_BYTES) throw badCheckpoint(`the checkpoint at ${url} is too large`);
  return text;
}

async function readText(path: string): Promise<string> {
  if ((await stat(path)).size > MAX_SOURCE_BYTES) throw badCheckpoint(`checkpoint file ${path} is too large`);
  return readFile(path, 'utf8');
}

/** Every checkpoint of one source (a URL, a file, or a directory of `.json` files) as [where, value]. */
async function checkpointsOf(source: string): Promise<[string, unknown][]> {
  if (/^https?:\/\//i.test(source)) return checkpointValues(await fetchText(source), source).map((value) => [source, value]);
  let files: string[];
  try {
    files = (await stat(source)).isDirectory()
      ? (await readdir(source))
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => join(source, name))
      : [source];
  } catch (error) {
    throw badCheckpoint(`cannot read checkpoint source ${source} (${errorCode(error)})`);
  }
  const out: [string, unknown][] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw badCheckpoint(`cannot read checkpoint file ${file} (${errorCode(error)})`);
    }
    for (const value of checkpointValues(text, file)) out.push([file, value]);
  }
  return out;
}

/** Reads every source and verifies every checkpoint against the pinned keys; all must name one instance. */
export async function loadCheckpoints(sources: readonly string[], pinnedKeys: readonly string[]): Promise<AuditCheckpoint[]> {
  if (pinnedKeys.length === 0) throw badCheckpoint('--checkpoint needs the checkpoint public key you pinned: --checkpoint-key <base64url> (repeat it for each key the deployment has used)');
  await ready();
  const pinned: SignPublicKey[] = pinnedKeys.map((key) => {
    try {
      return parseSignPublicKey(key);
    } catch {
      throw badCheckpoint('--checkpoint-key must be a 43-character base64url Ed25519 public key');
    }
  });
  const checkpoints: AuditCheckpoint[] = [];
  for (const source of sources) {
    for (const [where, value] of await checkpointsOf(source)) {
      try {
        checkpoints.push(verifyAuditCheckpoint(value, pinned));
      } catch (error) {
        if (!isCryptoError(error)) throw error;
        const seq = typeof (value as { seq?: unknown })?.seq === 'string' ? ` (seq ${(value as { seq: string }).seq})` : '';
        throw badCheckpoint(`a checkpoint in ${where}${seq} does not verify: ${error.code} (${error.message})`);
      }
    }
  }
  if (checkpoints.length === 0) throw badCheckpoint(`no checkpoint found in ${sources.join(', ')}`);
  const instances = new Set(checkpoints.map((checkpoint) => checkpoint.instance));
  if (instances.size > 1) throw badCheckpoint(`the checkpoints name ${instances.size} instances (${[...instances].join(', ')}); give those of one deployment`);
  return checkpoints;
}

interface VerifyOptions {
  batchSize: string;
  checkpoint: string[];
  checkpointKey: string[];
}

/** Verifies the chain of DATABASE_URL's database (against checkpoints when given) and prints one line; returns the exit status. */
export async function auditVerify(io: CliIo, options: VerifyOptions): Promise<number> {
  const batchSize = /^[1-9][0-9]{0,5}$/.test(options.batchSize) ? Number(options.batchSize) : NaN;
  if (!Number.isInteger(batchSize)) throw new CliError('--batch-size must be a whole number from 1 to 999999');
  const config = loadConfig(io.env);
  const checkpoints = options.checkpoint.length > 0 ? await loadCheckpoints(options.checkpoint, options.checkpointKey) : undefined;
  if (!checkpoints && options.checkpointKey.length > 0) throw new CliError('--checkpoint-key is only used with --checkpoint');
  return withReadOnlyClient(config, 'ashar-audit-verify', async (client) => {
    const result = await verifyAuditChain(sqlOfClient(client), { batchSize, ...(checkpoints ? { checkpoints } : {}) });
    printLine(io, describeVerification(result));
    return result.ok ? 0 : 1;
  });
}

/** The instance id the api uses (INSTANCE_ID when set, else the one stored at the first migration). */
async function storedInstanceId(config: AsharConfig, client: Client): Promise<string> {
  if (config.INSTANCE_ID) return config.INSTANCE_ID;
  const { rows } = await client.query<{ instance_id: string }>('SELECT instance_id FROM instance_identity');
  const id = rows[0]?.instance_id;
  if (!id) throw new CliError('the instance id is not stored yet: apply the migrations first (ashar migrate)');
  return id;
}

/** Signs the chain's head now into AUDIT_CHECKPOINT_DIR (the key made if missing); returns the exit status. */
export async function auditCheckpoint(io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const { keys, created } = await loadCheckpointKey(config.AUDIT_CHECKPOINT_KEY_FILE, { create: true }).catch((error: unknown) => {
    throw new CliError(`cannot read the checkpoint key ${config.AUDIT_CHECKPOINT_KEY_FILE} (${isCryptoError(error) ? error.code : errorCode(error)})`);
  });
  if (created) printLine(io, `checkpoint key made in ${config.AUDIT_CHECKPOINT_KEY_FILE}; AUDIT_CHECKPOINT_PUBLIC_KEY=${encodePublicKey(keys.signPk)}`);
  try {
    const outcome = await withReadOnlyClient(config, 'ashar-audit-checkpoint', async (client) =>
      makeAuditCheckpoint({ sql: sqlOfClient(client), keys, directory: new CheckpointDirectory(config.AUDIT_CHECKPOINT_DIR), instance: await storedInstanceId(config, client), now: io.now() }),
    );
    const { seq, head } = outcome.checkpoint;
    printLine(io, outcome.status === 'written' ? `audit checkpoint written: seq ${seq}, head ${head} (${outcome.file})` : `audit checkpoint unchanged: the log has not grown since seq ${seq}, head ${head}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CheckpointRefusedError)) throw error;
    printLine(io, error.message);
    return 1;
  } finally {
    keys.signSk.fill(0);
  }
}

/**
 * Prints the checkpoint public key. The file must exist (the worker makes it at its first
 * start) unless `init`, which makes it when missing, without a database: for a key that a
 * deployment mounts read-only (deploy/k8s).
 */
export async function auditCheckpointKey(io: CliIo, options: { init?: boolean } = {}): Promise<void> {
  const config = loadConfig(io.env);
  const { keys, created } = await loadCheckpointKey(config.AUDIT_CHECKPOINT_KEY_FILE, { create: options.init === true }).catch((error: unknown) => {
    const code = isCryptoError(error) ? error.code : errorCode(error);
    throw new CliError(
      code === 'ENOENT'
        ? `no checkpoint key at ${config.AUDIT_CHECKPOINT_KEY_FILE}: the worker makes it at its first start, or make it with: ashar audit checkpoint-key --init`
        : `cannot read the checkpoint key ${config.AUDIT_CHECKPOINT_KEY_FILE} (${code})`,
    );
  });
  keys.signSk.fill(0);
  if (created) printLine(io, `Checkpoint key written to ${config.AUDIT_CHECKPOINT_KEY_FILE} (mode 0600); keep it off the database server.`);
  printLine(io, `AUDIT_CHECKPOINT_PUBLIC_KEY=${encodePublicKey(keys.signPk)}`);
  printLine(io, `Fingerprint: ${kidFingerprint(kidOf(keys.signPk))}`);
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Registers `audit verify`, `audit checkpoint` and `audit checkpoint-key`; `setExitCode` carries a verdict to the process. */
export function registerAuditCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const audit = program.command('audit').description('the hash-chained audit log and its signed checkpoints');
  audit
    .command('verify')
    .description('verify the whole chain from genesis (DATABASE_URL), and against signed checkpoints with --checkpoint; exit 0 when intact, 1 at the first broken link or divergence, 2 for a checkpoint that does not verify')
    .option('--batch-size <n>', 'events read per query', String(DEFAULT_BATCH_SIZE))
    .option('--checkpoint <file-dir-or-url>', 'signed checkpoints: a file (one JSON object, an array or JSON lines), a directory of .json files, or the URL of /api/v1/audit/checkpoints/latest; repeatable', collect, [])
    .option('--checkpoint-key <base64url>', 'a checkpoint public key you pinned; repeatable (one per key the deployment has used)', collect, [])
    .action(async (options: VerifyOptions) => setExitCode(await auditVerify(io, options)));
  audit
    .command('checkpoint')
    .description('sign the chain head now into AUDIT_CHECKPOINT_DIR, as the worker does every AUDIT_CHECKPOINT_MINUTES; exit 1 when the log no longer extends the last checkpoint')
    .action(async () => setExitCode(await auditCheckpoint(io)));
  audit
    .command('checkpoint-key')
    .description('print the checkpoint public key (AUDIT_CHECKPOINT_KEY_FILE) for auditors to pin')
    .option('--init', 'make the key file first if it is missing (no database needed)')
    .action((options: { init?: boolean }) => auditCheckpointKey(io, options));
}
