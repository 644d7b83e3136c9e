import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { type TestEnvironment, appDatabaseUrl } from './environment';

const ROOT = join(__dirname, '../..');

export interface RunningSystem {
  url: string;
  logFile: string;
  /** The filesystem blob store of this system (a fresh directory, removed at stop). */
  blobDir: string;
  /** Where its worker writes signed audit checkpoints, and its checkpoint key file (removed at stop). */
  checkpointDir: string;
  checkpointKeyFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built system in production mode (api and worker in one process,
 * as `npm start` does) against a test environment, and waits until it is ready.
 * Its whole output goes to logFile so that tests can read what it logged.
 */
export async function startSystem(
  env: TestEnvironment,
  logFile: string,
  /** More environment; a function gets the port the system will listen on (for settings that name it). */
  extraEnv: Record<string, string> | ((port: number) => Record<string, string>) = {},
  nodeArgs: string[] = [],
  main = join(ROOT, 'dist/apps/api/main.js'),
): Promise<RunningSystem> {
  const port = await freePort();
  // localhost, not 127.0.0.1: WebAuthn refuses an IP address as relying-party id.
  const url = `http://localhost:${port}`;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const blobDir = mkdtempSync(join(tmpdir(), 'ashar-blobs-'));
  const auditDir = mkdtempSync(join(tmpdir(), 'ashar-audit-'));
  const checkpointDir = join(auditDir, 'checkpoints');
  const checkpointKeyFile = join(auditDir, 'keys', 'audit-checkpoint.key');
  const child: ChildProcess = spawn(process.execPath, ['--heap-growing-percent=60', ...nodeArgs, main], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      ASHAR_ROLE: 'all',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      // The api logs in as the app role, the owner only migrates: as deploy/ runs it.
      DATABASE_URL: appDatabaseUrl(env.databaseUrl),
      DATABASE_OWNER_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.redisPrefix,
      LOG_LEVEL: 'info',
      BLOB_DIR: blobDir,
      AUDIT_CHECKPOINT_DIR: checkpointDir,
      AUDIT_CHECKPOINT_KEY_FILE: checkpointKeyFile,
      ...(typeof extraEnv === 'function' ? extraEnv(port) : extraEnv),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the system exited with ${child.exitCode} during start; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the system was not ready within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    logFile,
    blobDir,
    checkpointDir,
    checkpointKeyFile,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
      rmSync(blobDir, { recursive: true, force: true });
      rmSync(auditDir, { recursive: true, force: true });
    },
  };
}

/**
 * The system's log with the line of every request answered so far. The api buffers its info lines
 * (one per request) and writes them in batches, later under load; so this makes one more request,
 * to a path of its own, and reads the file until that request's line is in it: lines are written
 * in order, so the lines of the requests before it are there too.
 */
export async function readSystemLog(system: Pick<RunningSystem, 'url' | 'logFile'>): Promise<string> {
  const checkpoint = `/api/v1/log-checkpoint-${randomBytes(8).toString('hex')}`;
  await fetch(`${system.url}${checkpoint}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const log = readFileSync(system.logFile, 'utf8');
    if (log.includes(`"path":"${checkpoint}"`)) return log;
    if (Date.now() > deadline) throw new Error(`the log checkpoint request was not logged within 30 s; see ${system.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
