/**
 * What the api benchmarks share: a fresh database and Redis prefix, the built api started in
 * production mode as a child process (test/support), its process id (for RSS and CPU), staff and
 * desk keys made in the database as the api tests make them, sessions written by the api's own
 * SessionStore, and the figures (percentiles, tables). Everything stays on 127.0.0.1.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  type DeskKeyPair,
  type IdentityKeys,
  type RootKeys,
  deskSubjectId,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  issueCertificate,
  ready,
  sealDeskKey,
  type VerifiedPerson,
} from '@ashar/crypto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases and the built system come from the shared test support
import { BASE_DATABASE_URL, BASE_REDIS_URL, createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../test/support/environment';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { startSystem } from '../test/support/system';

export const ROOT = join(__dirname, '..');
const BUILT_API = join(ROOT, 'dist/apps/api');
const YEAR = 365 * 86400_000;
export const MIB = 1024 * 1024;

/** What a benchmark must stop at its end: run in reverse order, before its database is dropped. */
export type Stops = (() => Promise<void>)[];

/**
 * Runs a benchmark: checks it runs on this machine against the built api, readies libs/crypto,
 * prints `title` and the conditions, and hands `body` a fresh database and Redis prefix
 * (`bench_<name>`) and a list of `stops`, run in reverse at the end — after success, a failure
 * or Ctrl-C — before the environment is dropped. A failure is printed and sets the exit code.
 */
export function runBench(name: string, title: string, body: (env: TestEnvironment, stops: Stops) => Promise<void>): void {
  const run = async () => {
    requireLocal();
    await ready();
    console.log(title);
    console.log(`  conditions at start: ${conditions()}`);
    const env = await createTestEnvironment(`bench_${name}`);
    const stops: Stops = [];
    const cleanup = async () => {
      for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error('cleanup:', err));
      stops.length = 0;
      await destroyTestEnvironment(env);
    };
    onInterrupt(cleanup);
    try {
      await body(env, stops);
    } finally {
      await cleanup();
    }
  };
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/** Refuses to run against anything but this machine. */
export function requireLocal(): void {
  for (const raw of [BASE_DATABASE_URL, BASE_REDIS_URL]) {
    const host = new URL(raw).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`benchmarks run on 127.0.0.1 only, not ${host}`);
  }
  if (!existsSync(join(BUILT_API, 'main.js'))) throw new Error('dist/apps/api/main.js is missing: run `npm run build` first (the benchmarks measure the built api)');
}

/** A module of the built api (dist/apps/api), for code the benchmark must run exactly as the api does. */
export function builtApi<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built CommonJS output, loaded at run time
  return require(join(BUILT_API, path)) as T;
}

export interface Api {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Child processes of this process whose command line contains `needle`. */
function childPids(needle: string): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    let children = '';
    try {
      children = readFileSync(`/proc/self/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const pid of children.split(' ').filter(Boolean).map(Number)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) pids.push(pid);
      } catch {
        // gone
      }
    }
  }
  return pids;
}

/**
 * Starts the built api (api and worker, production mode) on `env`, as test/support/system.ts does;
 * `main` may name another build's main.js (a baseline measured in the same run).
 */
export async function startApi(env: TestEnvironment, name: string, extraEnv: Record<string, string> = {}, main = join(BUILT_API, 'main.js')): Promise<Api> {
  const before = new Set(childPids(main));
  const logFile = join(ROOT, 'tmp/bench', name, 'api.log');
  // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=tmp/bench/prof") go to the api's node, to profile it under load
  // (node refuses --cpu-prof in NODE_OPTIONS, so they are command-line arguments).
  const nodeArgs = (process.env['BENCH_API_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const system = await startSystem(env, logFile, extraEnv, nodeArgs, main);
  const pid = childPids(main).find((p) => !before.has(p));
  if (pid === undefined) {
    await system.stop();
    throw new Error('could not find the api process');
  }
  const url = new URL(system.url);
  url.hostname = '127.0.0.1';
  return { url: url.origin, pid, logFile, stop: () => system.stop() };
}

/**
 * Starts the built system as a worker only (ASHAR_ROLE=worker: outbox relay and job processors,
 * no HTTP) on `env`, beside an api started with ASHAR_ROLE=api, as deploy/ runs them; resolves
 * once it says it runs. `publicUrl` is the api's (the worker's e-mails would link to it).
 */
export async function startWorker(env: TestEnvironment, name: string, publicUrl: string, extraEnv: Record<string, string> = {}): Promise<{ pid: number; logFile: string; stop(): Promise<void> }> {
  const logFile = join(ROOT, 'tmp/bench', name, 'worker.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, ['--heap-growing-percent=60', join(BUILT_API, 'main.js')], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      ASHAR_ROLE: 'worker',
      HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_URL: publicUrl,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.redisPrefix,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let markStarted = () => undefined as void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let seen: string | null = '';
  child.stdout?.on('data', (d: Buffer) => {
    log.write(d);
    if (seen === null) return;
    seen += d.toString('utf8');
    if (seen.includes('Ashar worker running')) {
      seen = null;
      markStarted();
    }
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      started,
      exited.then(() => Promise.reject(new Error(`the worker exited during start; see ${logFile}`))),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the worker did not start within 60 s; see ${logFile}`)), 60_000))),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return {
    pid: child.pid!,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}

export { createTestEnvironment, destroyTestEnvironment, type TestEnvironment };

/**
 * Starts a baseline server (a TypeScript file run through tsx) as a child process, with only
 * PATH and `env` in its environment, and waits for it to print `listening <port>`.
 */
export async function startChild(file: string, env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s`)), 30_000);
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const match = /listening (\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    });
    return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A client connected to the run's database as its owner (postgres), like withOwnerClient in the api tests. */
export async function ownerClient(env: TestEnvironment): Promise<Client> {
  const client = new Client({ connectionString: env.databaseUrl, application_name: 'ashar-bench' });
  await client.connect();
  return client;
}

/** Error messages the api logged (pino level ≥ 50), counted, from its log file. */
export function apiLogErrors(logFile: string): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 50 || entry.msg === 'request errored') continue;
      const key = `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`.slice(0, 200);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // not a JSON line
    }
  }
  return counts;
}

/** Resident set size of a process, from /proc/<pid>/status (bytes). */
export function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU time (user + system) a process has used, in milliseconds, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time (ms) of each PostgreSQL process on this machine so far (server, backends, walwriter …), by pid. */
export function postgresCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') cpu.set(Number(entry), cpuMsOf(Number(entry)));
    } catch {
      // gone
    }
  }
  return cpu;
}

/** PostgreSQL CPU (ms) spent since `before` by the processes alive now (one that ended meanwhile is not counted). */
export function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** The machine's CPU time so far (jiffies from /proc/stat): all of it, and what the hypervisor stole. */
export function machineCpu(): { total: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
}

/** The share of the machine's CPU time the hypervisor took for others since `before` (this VM's speed drifts with it). */
export function stealSince(before: { total: number; steal: number }): string {
  const now = machineCpu();
  const total = now.total - before.total;
  return total > 0 ? `${((100 * (now.steal - before.steal)) / total).toFixed(1)} %` : 'n/a';
}

/** The load average and CPU count, to print the conditions of a run. */
export function conditions(): string {
  const [one, five] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return `load average ${one} (1 min) ${five} (5 min), ${readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length} CPUs, node ${process.version}`;
}

export interface Person {
  id: string;
  identity: IdentityKeys;
}

/** A member of staff straight in the database (as apps/api/test/people.ts does), certified by the root or an admin. */
export async function createStaff(
  db: Client,
  options: { roles: string[]; deskIds?: string[]; leadDeskIds?: string[]; certifyWith?: { root: RootKeys } | { admin: Person }; name?: string },
): Promise<Person> {
  const id = randomUUID();
  const identity = generateIdentityKeys();
  let certificate: unknown = null;
  let certifiedBy: string | null = null;
  if (options.certifyWith) {
    const byRoot = 'root' in options.certifyWith;
    const issuer = 'root' in options.certifyWith ? options.certifyWith.root : options.certifyWith.admin.identity;
    certificate = issueCertificate(issuer, { kind: byRoot ? 'admin' : 'staff', subjectId: id, encPk: identity.encPk, signPk: identity.signPk, notAfter: new Date(Date.now() + YEAR) });
    certifiedBy = 'root' in options.certifyWith ? id : options.certifyWith.admin.id;
  }
  await db.query(
    `INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id, enc_pk, sign_pk, certificate, certified_by)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8)`,
    [id, options.name ?? `Bench ${options.roles.join('+')}`, options.roles, randomBytes(32), encodePublicKey(identity.encPk), encodePublicKey(identity.signPk), certificate ? JSON.stringify(certificate) : null, certifiedBy],
  );
  const lead = new Set(options.leadDeskIds ?? []);
  for (const deskId of new Set([...(options.deskIds ?? []), ...lead])) {
    await db.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, $3)`, [deskId, id, lead.has(deskId)]);
  }
  return { id, identity };
}

/** The default desks by slug. */
export async function deskIds(db: Client): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string; slug: string }>(`SELECT id, slug FROM desks`);
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
}

/** A certified key version for a desk, made by its lead and certified by `admin` (apps/api/test/cases-support.ts certifiedDesk). */
export async function certifyDesk(db: Client, admin: Person, deskId: string, members: Person[] = [], version = 1): Promise<DeskKeyPair> {
  const key = generateDeskKeyPair(deskId, version);
  const certificate = issueCertificate(admin.identity, { kind: 'desk', subjectId: deskSubjectId(deskId, version), encPk: key.encPk, notAfter: new Date(Date.now() + YEAR) });
  await db.query(`INSERT INTO desk_keys (desk_id, version, enc_pk, certificate, created_by, certified_by, certified_at) VALUES ($1, $2, $3, $4, $5, $5, now())`, [
    deskId,
    version,
    encodePublicKey(key.encPk),
    JSON.stringify(certificate),
    admin.id,
  ]);
  for (const member of members) {
    const verified = { kind: 'staff', subjectId: member.id, encPk: member.identity.encPk, signPk: member.identity.signPk } as unknown as VerifiedPerson;
    await db.query(`INSERT INTO desk_key_envelopes (desk_id, version, staff_id, sealed_key, sealed_by) VALUES ($1, $2, $3, $4, $5)`, [deskId, version, member.id, sealDeskKey(key, verified), admin.id]);
  }
  return key;
}

interface BuiltRedisStore {
  client: { status: string; once(event: 'ready' | 'error', listener: (err?: Error) => void): unknown };
  onModuleDestroy(): void;
}
interface BuiltSessionStore {
  create(subject: { kind: 'staff'; staffId: string; credentialId: string }): Promise<{ sid: string; session: { csrfToken: string } }>;
}

/**
 * A signed-in staff session made by the api's own SessionStore (the built one) on the run's
 * Redis prefix, as apps/api/test/people.ts does in process: the api then reads it like any other.
 */
export async function staffSession(env: TestEnvironment, staffId: string): Promise<{ cookie: string; csrf: string }> {
  const { RedisStore } = builtApi<{ RedisStore: new (config: { REDIS_URL: string; REDIS_PREFIX: string }) => BuiltRedisStore }>('redis/redis.module.js');
  const { SessionStore } = builtApi<{ SessionStore: new (redis: BuiltRedisStore, config: { SESSION_IDLE_MINUTES: number; SESSION_ABSOLUTE_HOURS: number }) => BuiltSessionStore }>(
    'auth/session.store.js',
  );
  const redis = new RedisStore({ REDIS_URL: env.redisUrl, REDIS_PREFIX: env.redisPrefix });
  try {
    if (redis.client.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        redis.client.once('ready', () => resolve());
        redis.client.once('error', (err) => reject(err ?? new Error('redis')));
      });
    }
    // The api's defaults (30 min idle, 12 h absolute): long enough for any benchmark.
    const { sid, session } = await new SessionStore(redis, { SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 }).create({ kind: 'staff', staffId, credentialId: `bench-${staffId}` });
    return { cookie: `__Host-ashar_sid=${sid}`, csrf: session.csrfToken };
  } finally {
    redis.onModuleDestroy();
  }
}

/** The q-quantile (0–1) of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : '—');
export const mib = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

/** Prints rows as a table with aligned columns (first column left, the rest right). */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  console.log(line(header));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

/** Runs `fn` on SIGINT/SIGTERM too, so an interrupted benchmark still drops its database and stops its processes. */
export function onInterrupt(fn: () => Promise<void>): void {
  // Output piped into `head` that closes early must not kill the run before it cleans up.
  process.stdout.on('error', () => undefined);
  const handler = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    void fn().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/**
 * The api's proof of work (docs/decisions.md "Proof of work") made cheap and flat for a benchmark:
 * the smallest difficulty, no load steps and budgets out of reach, so a run measures the route,
 * not the puzzle. Proofs are solved before a timed round (`powHeader`).
 */
export const BENCH_POW_ENV: Record<string, string> = {
  POW_BASE_MAX_NUMBER: '1000',
  POW_LOAD_STEP: '1000000',
  INTAKE_LIMIT_TOTAL: '1000000',
  REQUESTER_SIGN_IN_LIMIT_TOTAL: '1000000',
  FILE_CREATE_LIMIT_TOTAL: '1000000',
};

/** A solved proof of work for one `action` at the api at `base`: the Ashar-Pow header's value. */
export async function powHeader(base: string, action: 'intake' | 'requester-challenge' | 'file-create'): Promise<string> {
  const res = await fetch(new URL('/api/v1/pow/challenge', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
  if (res.status !== 200) throw new Error(`pow challenge: ${res.status} ${await res.text()}`);
  const challenge = (await res.json()) as Parameters<typeof solveChallenge>[0]['challenge'];
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the proof-of-work challenge was not solved');
  return JSON.stringify({ challenge, solution });
}
