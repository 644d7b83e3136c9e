/**
 * Signed checkpoints of the audit chain's head (libs/crypto/SPEC.md §16, docs/audit.md), kept
 * outside the database: an append-only directory of files, one per checkpoint, that the api
 * serves the newest of; and the signing key, a file made at the first start. The worker's job
 * and `ashar audit checkpoint` both call makeAuditCheckpoint.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type AuditCheckpoint,
  type AuditCheckpointKeys,
  checkpointTime,
  exportAuditCheckpointKeys,
  generateAuditCheckpointKeys,
  importAuditCheckpointKeys,
  parseSignPublicKey,
  ready,
  signAuditCheckpoint,
  verifyAuditCheckpoint,
} from '@ashar/crypto';
import { type Sql } from './audit.repository';
import { type AuditVerification, GENESIS_HEX, describeVerification, verifyAuditChain } from './audit-verify';

/** `<seq, 20 digits>-<time, YYYYMMDDTHHMMSSZ>.json`: names sort by seq, then time. */
const FILE_NAME = /^\d{20}-\d{8}T\d{6}Z\.json$/;
/** A checkpoint file is one small JSON object; anything larger is not one. */
const MAX_FILE_BYTES = 4096;

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/** The file name of a checkpoint in the directory. */
export function checkpointFileName(checkpoint: Pick<AuditCheckpoint, 'seq' | 'at'>): string {
  return `${checkpoint.seq.padStart(20, '0')}-${checkpoint.at.replace(/[-:]/g, '')}.json`;
}

/**
 * Reads a checkpoint that this deployment wrote, checking it is well-formed and signed by the
 * key it names (the reader of a file it wrote itself; auditors check against their pinned key).
 * Null for anything else.
 */
export function selfSignedCheckpoint(text: string): AuditCheckpoint | null {
  try {
    const value: unknown = JSON.parse(text);
    const publicKey = (value as { publicKey?: unknown })?.publicKey;
    return verifyAuditCheckpoint(value, [parseSignPublicKey(typeof publicKey === 'string' ? publicKey : '')]);
  } catch {
    return null;
  }
}

/**
 * The checkpoint directory: files are only ever added (created under a temporary name, then
 * hard-linked to their own, which never replaces a file), never changed or removed by Ashar.
 */
export class CheckpointDirectory {
  constructor(readonly path: string) {}

  /** The checkpoint file names, oldest first ([] when the directory does not exist yet). */
  async names(): Promise<string[]> {
    try {
      return (await readdir(this.path)).filter((name) => FILE_NAME.test(name)).sort();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  /** When the directory last changed (a file added), or null when it does not exist. */
  async changedAt(): Promise<number | null> {
    try {
      return (await stat(this.path)).mtimeMs;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  /** The newest checkpoint (highest seq, then latest time) that reads as one; null when there is none. */
  async latest(): Promise<AuditCheckpoint | null> {
    const names = await this.names();
    for (let i = names.length - 1; i >= 0; i -= 1) {
      const checkpoint = await this.read(names[i] as string);
      if (checkpoint) return checkpoint;
    }
    return null;
  }

  private async read(name: string): Promise<AuditCheckpoint | null> {
    try {
      const file = join(this.path, name);
      if ((await stat(file)).size > MAX_FILE_BYTES) return null;
      return selfSignedCheckpoint(await readFile(file, 'utf8'));
    } catch {
      return null;
    }
  }

  /** Adds a checkpoint file, read-only; returns its path. A file of the same name already there is kept as it is. */
  async write(checkpoint: AuditCheckpoint): Promise<string> {
    await mkdir(this.path, { recursive: true, mode: 0o755 });
    const target = join(this.path, checkpointFileName(checkpoint));
    const temporary = join(this.path, `.tmp-${randomBytes(8).toString('hex')}`);
    await writeFile(temporary, `${JSON.stringify(checkpoint)}\n`, { flag: 'wx', mode: 0o444 });
    try {
      await link(temporary, target); // fails rather than replace an existing file
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    return target;
  }
}

/**
 * The checkpoint signing key from its file (`ack1.<seed>`, SPEC.md §16). With `create`, a
 * missing file is made (mode 0600, its directory 0700; never replacing a file that appears
 * meanwhile). Throws when the file cannot be read, is not a key, or is missing without `create`.
 */
export async function loadCheckpointKey(file: string, options: { create: boolean }): Promise<{ keys: AuditCheckpointKeys; created: boolean }> {
  await ready();
  try {
    return { keys: importAuditCheckpointKeys(await readFile(file, 'utf8')), created: false };
  } catch (error) {
    if (errorCode(error) !== 'ENOENT' || !options.create) throw error;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const keys = generateAuditCheckpointKeys();
  try {
    await writeFile(file, `${exportAuditCheckpointKeys(keys)}\n`, { flag: 'wx', mode: 0o600 });
    return { keys, created: true };
  } catch (error) {
    keys.signSk.fill(0);
    if (errorCode(error) !== 'EEXIST') throw error;
    return { keys: importAuditCheckpointKeys(await readFile(file, 'utf8')), created: false }; // another process made it first
  }
}

/** The log does not extend the last checkpoint: nothing is signed. The message names where it diverges. */
export class CheckpointRefusedError extends Error {
  constructor(readonly verification: AuditVerification) {
    super(`no checkpoint signed: ${describeVerification(verification)}`);
    this.name = 'CheckpointRefusedError';
  }
}

export interface CheckpointOutcome {
  /** `written`: a new checkpoint; `unchanged`: the log has not grown since the last one, which stands. */
  readonly status: 'written' | 'unchanged';
  readonly checkpoint: AuditCheckpoint;
  /** The file written (status `written`). */
  readonly file?: string;
}

/**
 * Checkpoints the chain's head. The newest checkpoint in the directory is where it starts: the
 * stored hash at its seq must still be its head and every link after it must verify (from
 * genesis when there is none), otherwise it signs nothing and throws CheckpointRefusedError,
 * so each checkpoint extends the one before. A log that has not grown is not checkpointed again.
 */
export async function makeAuditCheckpoint(deps: { sql: Sql; keys: AuditCheckpointKeys; directory: CheckpointDirectory; instance: string; now: Date }): Promise<CheckpointOutcome> {
  const previous = await deps.directory.latest();
  const verification = await verifyAuditChain(deps.sql, previous ? { from: previous } : {});
  if (!verification.ok) throw new CheckpointRefusedError(verification);
  const head = verification.head ?? { seq: '0', hash: GENESIS_HEX };
  if (previous && previous.seq === head.seq) return { status: 'unchanged', checkpoint: previous };
  const checkpoint = signAuditCheckpoint(deps.keys, { instance: deps.instance, seq: head.seq, head: head.hash, at: checkpointTime(deps.now) });
  return { status: 'written', checkpoint, file: await deps.directory.write(checkpoint) };
}
