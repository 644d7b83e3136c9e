/**
 * The floor of bench/triage: a bare node:http server that does the I/O an inbox page needs and
 * nothing else. Per request it reads the session from Redis as the api does (the cookie's
 * SHA-256, GETEX with the idle timeout, JSON), then runs the SQL the built api runs for that page
 * (given by run.ts per path, as the same database role, prepared under the same name on a pool of
 * the same size) and answers the rows as JSON. No framework, no validation, no authorization, no
 * cursor, no mapping: on the same machine in the same minutes, what is left of an inbox page's
 * latency once Ashar's own code is taken away. Started by run.ts as a child process; prints its port.
 *
 * Env: DATABASE_URL, REDIS_URL, REDIS_PREFIX, BARE_QUERIES (a JSON file: path with query string →
 * { name, sql, params }).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Redis from 'ioredis';
import { Pool } from 'pg';

interface Page {
  name: string;
  sql: string;
  params: unknown[];
}

const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, BARE_QUERIES: queriesFile } = process.env;
if (!databaseUrl || !redisUrl || !prefix || !queriesFile) throw new Error('DATABASE_URL, REDIS_URL, REDIS_PREFIX and BARE_QUERIES are required');
const pages = new Map(Object.entries(JSON.parse(readFileSync(queriesFile, 'utf8')) as Record<string, Page>));
const IDLE_SECONDS = 30 * 60;
const PAGE = 50;

const pool = new Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000, application_name: 'bench-bare', options: '-c role=ashar_app' });
const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });

const server = createServer((req, res) => {
  const answer = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  };
  const sid = /(?:^|;\s*)__Host-ashar_sid=([A-Za-z0-9_-]{43})/.exec(req.headers.cookie ?? '')?.[1];
  if (!sid) return answer(401, { title: 'no session' });
  const key = `${prefix}:session:${createHash('sha256').update(sid).digest('base64url')}`;
  redis
    .getex(key, 'EX', IDLE_SECONDS)
    .then(async (raw) => {
      if (!raw) return answer(401, { title: 'no session' });
      const session = JSON.parse(raw) as { subject: unknown };
      if (req.url === '/api/v1/auth/session') return answer(200, { subject: session.subject });
      const page = pages.get(req.url ?? '');
      if (!page) return answer(404, { title: 'no such page in this benchmark' });
      const { rows } = await pool.query({ name: page.name, text: page.sql, values: page.params });
      return answer(200, { items: rows.slice(0, PAGE), next: null });
    })
    .catch((err: unknown) => answer(500, { title: (err as Error).message }));
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening ${address.port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  redis.disconnect();
  void pool.end().then(() => process.exit(0));
});
