/**
 * Upload benchmark: `npx tsx bench/upload/run.ts [MiB, default 1024] [fs|postgres, default fs]`.
 * Prints figures, asserts nothing (needs `npm run build`: it measures the built api).
 *
 * A caseworker uploads a 1 GiB attachment to a case (made through POST /intake) through the
 * real api (production mode, a child process, blob store BLOB_STORE in a directory of its own):
 * create the file, PUT every encrypted chunk in order on one keep-alive connection, complete.
 * The chunks are encrypted on the fly with libs/crypto's FileEncryptor from one 64 KiB
 * plaintext buffer (the next one while the current PUT is in flight), so the client's memory
 * is constant. The api's RSS is sampled from /proc/<pid>/status every 50 ms (target: growth
 * < 100 MiB), then the file is downloaded and its SHA-256 compared. Side by side, the same
 * client loop PUTs the same bytes to a bare node:http server writing them to disk
 * (bench/upload/bare-server.ts), once the way the fs blob store writes a chunk (temporary file,
 * fsync, rename) and once appended to one file.
 *
 * Where the api's memory went (2 CPUs shared with other work, load ~1.5; two runs of the old
 * build and the last run of the new one, which matched the two before it within 3 MiB):
 *
 *                                          RSS growth   upload        server CPU     download
 *   before (444a20a)                   117.6/117.1 MiB  9.7/10.1 MiB/s  3.77/3.62 ms/chunk  107/115 MiB/s
 *   after                                      38.2 MiB      14.9 MiB/s       2.32 ms/chunk      143 MiB/s
 *   bare, file per chunk + fsync + rename      22.2 MiB      51.7 MiB/s       0.61 ms/chunk
 *
 * Measured inside the api (BENCH_API_NODE_ARGS="--require <probe>" printing process.memoryUsage
 * and V8's heap spaces, `--trace-gc-nvp` for promoted bytes): none of it was live data; all was
 * garbage waiting for a full collection, in three parts.
 * - ~55 MiB of ArrayBuffers: each chunk went to the blob store as Readable.from([buffer]) piped
 *   into fs.createWriteStream; that stream machinery kept the 64 KiB buffers past young-generation
 *   collections until V8's external-memory limit (64 MiB) forced a full one. The fs store now
 *   writes the buffer through one file handle (arrayBuffers stay under ~6 MiB), and reads a
 *   chunk back in one 65 553-byte read where it took a 64 KiB one, a 17-byte one and an empty one.
 * - Old-generation garbage from every request, not just chunks: Express re-prototypes each
 *   request and response (Object.setPrototypeOf), after which V8 makes new hidden classes for
 *   every property added to them (18 KB promoted per GET /api/health, 38 KB per chunk). The api's
 *   HTTP server now makes them with Express's prototypes (apps/api/src/http/express-adapter.ts):
 *   0.5 KB per health check, 6–20 KB per chunk, and ~20 % less allocation.
 * - V8's heap growing factor: right after a start it let the old generation reach ~3× the
 *   ~50 MiB working set before the first full collection (+110 MiB one minute into the upload,
 *   flat after it). the start command fixes the factor at 60 % (--heap-growing-percent=60).
 * Each chunk also costs three database round trips where it took nine (reads without a
 * transaction, one statement to record it). What remains of the growth is the young generation
 * filling and the old generation swinging between full collections; it does not grow with the
 * file (+36 to +38 MiB at every quarter).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import {
  type FileEncryptor,
  chunkCount,
  createFileEncryptor,
  encodePublicKey,
  encryptFileMeta,
  encryptedSize,
  generateFileKey,
  generateRootKeys,
  wrapFileKey,
} from '@ashar/crypto';
import { INTAKE_DESK_SLUG } from '@ashar/domain';
import {
  MIB,
  apiLogErrors,
  ROOT,
  certifyDesk,
  conditions,
  cpuMsOf,
  createStaff,
  deskIds,
  mib,
  ownerClient,
  rssOf,
  staffSession,
  startApi,
  startChild,
  table,
  runBench,
  powHeader,
} from '../support';
import { submissionMaker } from '../intake/submission';

const SIZE_MIB = Math.max(1, Number(process.argv[2] ?? 1024));
const STORE = process.argv[3] === 'postgres' ? 'postgres' : 'fs';
const PLAIN_CHUNK = 65_536;
const SAMPLE_MS = 50;
/** Each transfer stops here whatever its progress (and says so). */
const TRANSFER_LIMIT_MS = 600_000;

interface Memory {
  start: number;
  peak: number;
  end: number;
  marks: string[];
}

/** Samples a process's RSS until stopped; `mark` records the growth at a point of progress. */
function sampler(pid: number): { mark(label: string): void; stop(): Memory } {
  const start = rssOf(pid);
  let peak = start;
  let last = start;
  const marks: string[] = [];
  const timer = setInterval(() => {
    try {
      last = rssOf(pid);
      peak = Math.max(peak, last);
    } catch {
      // the process is gone
    }
  }, SAMPLE_MS);
  return {
    mark(label) {
      marks.push(`${label}: +${mib(rssOf(pid) - start)}`);
    },
    stop() {
      clearInterval(timer);
      last = rssOf(pid);
      return { start, peak: Math.max(peak, last), end: last, marks };
    },
  };
}

interface Transfer {
  bytes: number;
  seconds: number;
  sha256: string;
  memory: Memory;
  serverCpuMs: number;
  failure: string | null;
}

function send(agent: Agent, base: string, method: string, path: string, headers: Record<string, string | number>, body?: Uint8Array): Promise<{ status: number; text: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * PUTs the chunks of `encryptor` in order, encrypting chunk i+1 while chunk i is on the wire,
 * then POSTs `completePath`. `source` is the plaintext of every chunk (the last one included).
 */
async function upload(
  target: { base: string; pid: number; chunkPath: (i: number) => string; completePath: string; headers: Record<string, string> },
  encryptor: FileEncryptor,
  chunks: number,
  source: Uint8Array,
): Promise<Transfer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const hash = createHash('sha256');
  const memory = sampler(target.pid);
  const cpuBefore = cpuMsOf(target.pid);
  const began = performance.now();
  const deadline = began + TRANSFER_LIMIT_MS;
  let bytes = 0;
  let failure: string | null = null;
  let chunk = encryptor.push(source, chunks === 1).bytes;
  for (let i = 0; i < chunks; i += 1) {
    if (performance.now() > deadline) {
      failure = `stopped after ${TRANSFER_LIMIT_MS / 1000} s at chunk ${i} of ${chunks}`;
      break;
    }
    const answer = send(agent, target.base, 'PUT', target.chunkPath(i), { ...target.headers, 'content-type': 'application/octet-stream', 'content-length': chunk.length }, chunk);
    hash.update(chunk);
    bytes += chunk.length;
    const next = i + 1 < chunks ? encryptor.push(source, i + 1 === chunks - 1).bytes : null;
    const res = await answer;
    if (res.status !== 204) {
      failure = `chunk ${i}: ${res.status} ${res.text.slice(0, 200)}`;
      break;
    }
    if ((i + 1) % Math.ceil(chunks / 4) === 0) memory.mark(mib(bytes));
    chunk = next ?? chunk;
  }
  if (!failure) {
    const res = await send(agent, target.base, 'POST', target.completePath, { ...target.headers, 'content-length': 0 });
    if (res.status !== 204) failure = `complete: ${res.status} ${res.text.slice(0, 200)}`;
  }
  const seconds = (performance.now() - began) / 1000;
  const serverCpuMs = cpuMsOf(target.pid) - cpuBefore;
  agent.destroy();
  return { bytes, seconds, sha256: hash.digest('hex'), memory: memory.stop(), serverCpuMs, failure };
}

/** GETs a file's ciphertext as a stream, hashing it. */
async function download(base: string, pid: number, path: string, headers: Record<string, string>): Promise<Transfer> {
  const agent = new Agent({ keepAlive: false });
  const hash = createHash('sha256');
  const memory = sampler(pid);
  const cpuBefore = cpuMsOf(pid);
  const began = performance.now();
  const url = new URL(path, base);
  let bytes = 0;
  let marked = 0;
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, headers, timeout: TRANSFER_LIMIT_MS }, (res) => {
      res.on('data', (d: Buffer) => {
        hash.update(d);
        bytes += d.length;
        if (bytes - marked >= 256 * MIB) {
          marked = bytes;
          memory.mark(mib(bytes));
        }
      });
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('download timed out')));
    req.on('error', reject);
    req.end();
  });
  const seconds = (performance.now() - began) / 1000;
  agent.destroy();
  return { bytes, seconds, sha256: hash.digest('hex'), memory: memory.stop(), serverCpuMs: cpuMsOf(pid) - cpuBefore, failure: status === 200 ? null : `status ${status}` };
}

const plainSize = SIZE_MIB * MIB;
const chunks = chunkCount(plainSize);
const cipherSize = encryptedSize(plainSize);
runBench('upload', `upload benchmark: a ${SIZE_MIB} MiB attachment (${chunks} chunks, ${cipherSize.toLocaleString('en')} bytes encrypted), blob store ${STORE}`, async (env, stops) => {
  const work = join(ROOT, 'tmp/bench/upload', env.redisPrefix);
  stops.push(async () => rmSync(work, { recursive: true, force: true }));
  const root = generateRootKeys();
  const api = await startApi(env, 'upload', {
    ROOT_PUBLIC_KEY: encodePublicKey(root.signPk),
    INSTANCE_ID: 'bench-upload',
    BLOB_STORE: STORE,
    BLOB_DIR: join(work, 'blobs'),
    FILE_MAX_BYTES: String(Math.max(2 ** 31, cipherSize)),
  });
  stops.push(api.stop);
  const db = await ownerClient(env);
  stops.push(() => db.end());
  const admin = await createStaff(db, { roles: ['admin'], certifyWith: { root } });
  const desks = await deskIds(db);
  const worker = await createStaff(db, { roles: ['caseworker'], deskIds: [desks['legal']!], certifyWith: { admin } });
  for (const slug of [INTAKE_DESK_SLUG, 'legal']) await certifyDesk(db, admin, desks[slug]!, slug === 'legal' ? [worker] : []);

  // A case as a requester makes one; the caseworker of its desk attaches a file to it.
  const submission = (await submissionMaker(api.url, root.signPk))(0, 'legal');
  const caseId = submission.body.caseId;
  const intake = await fetch(`${api.url}/api/v1/intake`, { method: 'POST', headers: { 'content-type': 'application/json', 'ashar-pow': await powHeader(api.url, 'intake') }, body: JSON.stringify(submission.body) });
  if (intake.status !== 201) throw new Error(`intake: ${intake.status} ${await intake.text()}`);
  const session = await staffSession(env, worker.id);
  const auth = { cookie: session.cookie, 'x-csrf-token': session.csrf };
  const source = randomBytes(PLAIN_CHUNK);

  const fileId = randomUUID();
  const fileKey = generateFileKey();
  const ref = { caseId, fileId };
  const encryptor = createFileEncryptor(fileKey, ref);
  const created = await fetch(`${api.url}/api/v1/cases/${caseId}/files`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      fileId,
      recordKind: 'note',
      header: encryptor.header,
      meta: encryptFileMeta(submission.caseKey, ref, { name: 'bench.bin', type: 'application/octet-stream', size: plainSize }),
      wrappedKey: wrapFileKey(submission.caseKey, ref, fileKey),
      encryptedSize: cipherSize,
      chunkCount: chunks,
    }),
  });
  if (created.status !== 201) throw new Error(`create file: ${created.status} ${await created.text()}`);
  const files = `/api/v1/cases/${caseId}/files/${fileId}`;
  const results: [string, Transfer][] = [];
  results.push([
    `api PUT ${files.replace(caseId, ':case').replace(fileId, ':file')}/chunks/:i`,
    await upload({ base: api.url, pid: api.pid, chunkPath: (i) => `${files}/chunks/${i}`, completePath: `${files}/complete`, headers: auth }, encryptor, chunks, source),
  ]);
  const uploaded = results[0]![1];
  if (!uploaded.failure) results.push(['api GET …/content (download)', await download(api.url, api.pid, `${files}/content`, { cookie: session.cookie })]);

  for (const mode of ['blob', 'append'] as const) {
    const bare = await startChild(join(__dirname, 'bare-server.ts'), { BARE_DIR: join(work, `bare-${mode}`), BARE_MODE: mode });
    const bareFile = randomUUID();
    const transfer = await upload(
      { base: bare.url, pid: bare.pid, chunkPath: (i) => `/files/${bareFile}/chunks/${i}`, completePath: `/files/${bareFile}/complete`, headers: {} },
      createFileEncryptor(fileKey, { caseId, fileId: bareFile }),
      chunks,
      source,
    );
    await bare.stop();
    rmSync(join(work, `bare-${mode}`), { recursive: true, force: true });
    results.push([mode === 'blob' ? 'bare PUT, file per chunk + fsync + rename' : 'bare PUT, appended to one file', transfer]);
  }

  console.log('');
  console.log(`${SIZE_MIB} MiB through one keep-alive connection, chunks in order (client encrypts the next chunk while one is in flight)`);
  table(
    ['transfer', 'MiB', 'seconds', 'MiB/s', 'RSS start', 'RSS peak', 'growth', 'server CPU ms/chunk', 'result'],
    results.map(([name, t]) => [
      name,
      (t.bytes / MIB).toFixed(0),
      t.seconds.toFixed(1),
      (t.bytes / MIB / t.seconds).toFixed(1),
      mib(t.memory.start),
      mib(t.memory.peak),
      mib(t.memory.peak - t.memory.start),
      (t.serverCpuMs / chunks).toFixed(2),
      t.failure ?? 'ok',
    ]),
  );
  for (const [name, t] of results.slice(0, 2)) console.log(`  ${name.split(' ')[0]} ${name.includes('GET') ? 'download' : 'upload'} RSS growth at ${t.memory.marks.join(', ')}`);
  const apiUp = results[0]![1];
  const down = results[1]?.[1];
  console.log(`  api RSS growth during the upload: ${mib(apiUp.memory.peak - apiUp.memory.start)} (target < 100 MiB)`);
  if (down) console.log(`  downloaded ${down.bytes === cipherSize && down.sha256 === apiUp.sha256 ? 'byte-exact (SHA-256 matches the upload)' : `NOT matching (${down.bytes} bytes)`}`);
  const bareBlob = results.find(([name]) => name.includes('fsync'))?.[1];
  const label = STORE === 'fs' ? 'bare doing the fs blob store’s disk work' : 'bare, file per chunk + fsync';
  if (bareBlob) console.log(`  api upload throughput / ${label}: ${(apiUp.bytes / apiUp.seconds / (bareBlob.bytes / bareBlob.seconds)).toFixed(2)}`);
  if (STORE === 'postgres') {
    const { rows } = await db.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
    console.log(`  database size after the upload: ${rows[0]!.size}`);
  }
  for (const [message, n] of apiLogErrors(api.logFile)) console.log(`  api log: ${n} × ${message}`);
  console.log(`  conditions at end: ${conditions()}`);
});
