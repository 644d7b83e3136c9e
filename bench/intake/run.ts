/**
 * Intake benchmark: `npx tsx bench/intake/run.ts [submissions per side, default 2000] [connections, default 16]`.
 * Prints figures, asserts nothing (needs `npm run build`: it measures the built api).
 *
 * Encrypted submissions per second and latency through the real api (production mode, the api
 * and the worker as two processes as deploy/ runs them, on a fresh database, desks with certified keys, intake rate limits
 * raised through INTAKE_LIMIT_*), side by side in the same run with a bare node:http + pg
 * server that writes the same rows (requester, case + case_desks, request record, 3 envelopes) in
 * one transaction on the same tables (bench/intake/bare-server.ts). Both get the same
 * precomputed bodies (4 KiB plaintext request, 3 key envelopes, made with libs/crypto as the
 * portal makes them: client crypto is not measured) through the same client loop: 16
 * keep-alive connections by default (the api's pool has 10). Rounds run api, bare, bare, api, twice, so that neither side always meets
 * the fuller tables or a slower moment of the machine. Target (architecture.md): api ≥ 50% of the bare server's rate.
 *
 * Figures (2 CPUs, load ~1.5-2, 2000 per side, 8 connections, three runs): api 254-270/s, p99
 * 59-72 ms; bare 457-492/s, p99 32-34 ms; ratio 0.55, 0.59, 0.54 (0.57 with 16 connections).
 * This machine's speed drifts by tens of percent within minutes, so CPU per request is read
 * beside the bare server's own: api 3.24-3.35 ms while bare took 0.92-1.00 ms (3.4x; it was
 * 3.8x before the request log below, 4.4x before the single statement); PostgreSQL 2.45-2.56 ms
 * against the bare server's 2.27-2.42; the worker 0.35 ms. An intake is one prepared statement
 * on the pool (rows, outbox jobs and the audit event, whose link PostgreSQL computes: no
 * transaction, and the audit chain's lock is never held across a round trip), three Ed25519
 * envelope signatures checked with sodium-native (~60 µs each, 150 µs in libsodium.js), the
 * ciphertext's format checked without decoding, the rate limit as one EVALSHA, and one request
 * log line from a plain middleware (no per-request child logger or AsyncLocalStorage scope).
 * It was 0.44 with a transaction of four round trips (the lock held across two of them), and
 * 0.18 before that (about 20 statements per intake, three of them under the audit lock).
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { encodePublicKey, generateRootKeys } from '@ashar/crypto';
import { INTAKE_DESK_SLUG } from '@ashar/domain';
import {
  apiLogErrors,
  certifyDesk,
  conditions,
  cpuMsOf,
  postgresCpu,
  postgresCpuSince,
  createStaff,
  deskIds,
  ms,
  ownerClient,
  quantile,
  startApi,
  startWorker,
  startChild,
  table,
  runBench,
  BENCH_POW_ENV,
  powHeader,
} from '../support';
import { REQUEST_TYPES, submissionMaker } from './submission';

const PER_SIDE = Math.max(100, Number(process.argv[2] ?? 2000));
const WARM_UP = 200;
const CONNECTIONS = Math.max(1, Number(process.argv[3] ?? 16));
/** Per round: a round that takes longer stops early and says so. */
const ROUND_SECONDS = 120;
const INSTANCE_ID = 'bench-intake';

interface RoundResult {
  sent: number;
  created: number;
  failures: Map<string, number>;
  seconds: number;
  latencies: number[];
  serverCpuMs: number;
  postgresCpuMs: number;
}

/** POSTs every body once through CONNECTIONS keep-alive connections; stops at the deadline. */
async function round(base: string, path: string, bodies: Buffer[], serverPid: number, proofs?: string[]): Promise<RoundResult> {
  const url = new URL(path, base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  let created = 0;
  const deadline = performance.now() + ROUND_SECONDS * 1000;
  const post = (body: Buffer, proof?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, ...(proof ? { 'ashar-pow': proof } : {}) } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const cpuBefore = cpuMsOf(serverPid);
  const pgBefore = postgresCpu();
  const began = performance.now();
  const worker = async () => {
    for (;;) {
      if (next >= bodies.length || performance.now() > deadline) return;
      const i = next;
      next += 1;
      const t0 = performance.now();
      try {
        const res = await post(bodies[i]!, proofs?.[i]);
        latencies.push(performance.now() - t0);
        if (res.status === 201) created += 1;
        else {
          const key = `${res.status} ${res.text.slice(0, 160)}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      } catch (err) {
        const key = `network ${(err as Error).message}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - began) / 1000;
  const serverCpuMs = cpuMsOf(serverPid) - cpuBefore;
  const pgCpuMs = postgresCpuSince(pgBefore);
  agent.destroy();
  if (next < bodies.length) console.log(`  a round stopped after ${ROUND_SECONDS} s: ${next} of ${bodies.length} sent`);
  return { sent: Math.min(next, bodies.length), created, failures, seconds, latencies, serverCpuMs, postgresCpuMs: pgCpuMs };
}

function merge(results: RoundResult[]): RoundResult {
  const failures = new Map<string, number>();
  for (const r of results) for (const [k, v] of r.failures) failures.set(k, (failures.get(k) ?? 0) + v);
  return {
    sent: results.reduce((s, r) => s + r.sent, 0),
    created: results.reduce((s, r) => s + r.created, 0),
    failures,
    seconds: results.reduce((s, r) => s + r.seconds, 0),
    latencies: results.flatMap((r) => r.latencies),
    serverCpuMs: results.reduce((s, r) => s + r.serverCpuMs, 0),
    postgresCpuMs: results.reduce((s, r) => s + r.postgresCpuMs, 0),
  };
}

runBench('intake', `intake benchmark: ${PER_SIDE} submissions per side after ${WARM_UP} warm-up each, ${CONNECTIONS} keep-alive connections`, async (env, stops) => {
  const root = generateRootKeys();
  // As deploy/ runs it: the api (ASHAR_ROLE=api) and the worker (outbox relay, job processors) as two processes.
  const api = await startApi(env, 'intake', {
    ASHAR_ROLE: 'api',
    ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
    INSTANCE_ID,
    ...BENCH_POW_ENV,
  });
  stops.push(api.stop);
  const worker = await startWorker(env, 'intake', api.url, { ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
  stops.push(worker.stop);
  const workerCpuBefore = cpuMsOf(worker.pid);
  const db = await ownerClient(env);
  stops.push(() => db.end());
  const admin = await createStaff(db, { roles: ['admin'], certifyWith: { root } });
  const desks = await deskIds(db);
  for (const slug of [INTAKE_DESK_SLUG, ...REQUEST_TYPES]) await certifyDesk(db, admin, desks[slug]!, [], 1);

  // What the portal reads before it encrypts (public routes), then everything encrypted up front.
  const make = await submissionMaker(api.url, root.signPk);
  let began = performance.now();
  const total = 2 * (WARM_UP + PER_SIDE);
  const bodies = Array.from({ length: total }, (_, i) => Buffer.from(JSON.stringify(make(i).body)));
  console.log(`  ${total} submissions encrypted in ${((performance.now() - began) / 1000).toFixed(1)} s (not measured), ${bodies[0]!.length} bytes of JSON each`);

  const bare = await startChild(join(__dirname, 'bare-server.ts'), { DATABASE_URL: env.databaseUrl, INTAKE_DESK_ID: desks[INTAKE_DESK_SLUG]! });
  stops.push(bare.stop);
  let at = 0;
  const take = (n: number) => bodies.slice(at, (at += n));
  // Eight rounds, api/bare/bare/api twice, a quarter of each side's submissions in each: this
  // machine's speed drifts by tens of percent within a minute, and short alternating rounds
  // give both sides the same conditions.
  const quarter = Math.floor(PER_SIDE / 4);
  const schedule = ([0, 1] as const).flatMap((pass) =>
    (['api', 'bare', 'bare', 'api'] as const).map((side, i) => [side, pass === 1 && i >= 2 ? PER_SIDE - 3 * quarter : quarter] as const),
  );
  const sides = {
    api: { base: api.url, path: '/api/v1/intake', pid: api.pid, rounds: [] as RoundResult[] },
    bare: { base: bare.url, path: '/intake', pid: bare.pid, rounds: [] as RoundResult[] },
  };
  began = performance.now();
  // The api asks a proof of work per submission: solved before each round, outside its time.
  let powMs = 0;
  const proofs = async (n: number) => {
    const t0 = performance.now();
    const made = await Promise.all(Array.from({ length: n }, () => powHeader(sides.api.base, 'intake')));
    powMs += performance.now() - t0;
    return made;
  };
  await round(sides.api.base, sides.api.path, take(WARM_UP), api.pid, await proofs(WARM_UP));
  await round(sides.bare.base, sides.bare.path, take(WARM_UP), bare.pid);
  for (const [side, n] of schedule) {
    sides[side].rounds.push(await round(sides[side].base, sides[side].path, take(n), sides[side].pid, side === 'api' ? await proofs(n) : undefined));
  }
  const wall = (performance.now() - began - powMs) / 1000;
  // The jobs of every accepted submission (case-created, the SLA check) reach BullMQ through the worker.
  const drainStarted = performance.now();
  for (;;) {
    const pending = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`)).rows[0]!.n;
    if (pending === 0 || performance.now() - drainStarted > 60_000) {
      if (pending > 0) console.log(`  ${pending} outbox rows still pending after 60 s`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const workerCpuMs = cpuMsOf(worker.pid) - workerCpuBefore;

  const counts = (await db.query<{ cases: number; desks: number; records: number; envelopes: number; requesters: number }>(
    `SELECT (SELECT count(*) FROM aid_cases)::int AS cases, (SELECT count(*) FROM case_desks)::int AS desks, (SELECT count(*) FROM case_records)::int AS records,
            (SELECT count(*) FROM case_key_envelopes)::int AS envelopes, (SELECT count(*) FROM requesters)::int AS requesters`,
  )).rows[0]!;

  const rows: string[][] = [];
  const rates: Record<string, number> = {};
  for (const side of ['api', 'bare'] as const) {
    const r = merge(sides[side].rounds);
    rates[side] = r.created / r.seconds;
    rows.push([
      side === 'api' ? 'api  POST /api/v1/intake' : 'bare node:http + pg',
      String(r.created),
      String(r.sent - r.created),
      r.seconds.toFixed(1),
      rates[side]!.toFixed(0),
      ms(quantile(r.latencies, 0.5)),
      ms(quantile(r.latencies, 0.99)),
      ms(quantile(r.latencies, 1)),
      (r.serverCpuMs / Math.max(1, r.sent)).toFixed(2),
      (r.postgresCpuMs / Math.max(1, r.sent)).toFixed(2),
    ]);
    for (const [failure, n] of r.failures) console.log(`  ${side}: ${n} × ${failure}`);
  }
  console.log('');
  console.log(`encrypted submissions (4 KiB request, 3 key envelopes), ${CONNECTIONS} connections, rounds api/bare/bare/api twice`);
  table(['server', 'created', 'failed', 'seconds', 'per s', 'p50', 'p99', 'max', 'server CPU ms/req', 'postgres CPU ms/req'], rows);
  console.log(`  ratio api / bare: ${(rates['api']! / rates['bare']!).toFixed(2)} (target ≥ 0.50)`);
  console.log(
    `  rows after the run: ${counts.cases} cases, ${counts.desks} case_desks, ${counts.records} records, ${counts.envelopes} envelopes, ${counts.requesters} requesters (warm-up included)`,
  );
  console.log(
    `  worker process: ${(workerCpuMs / (WARM_UP + PER_SIDE)).toFixed(2)} ms CPU per api submission (relay + jobs, warm-up included); outbox empty ${drainSeconds.toFixed(1)} s after the last round`,
  );
  for (const [message, n] of apiLogErrors(api.logFile)) console.log(`  api log: ${n} × ${message}`);
  for (const [message, n] of apiLogErrors(worker.logFile)) console.log(`  worker log: ${n} × ${message}`);
  console.log(`  measured rounds took ${wall.toFixed(1)} s; conditions at end: ${conditions()}`);
});
