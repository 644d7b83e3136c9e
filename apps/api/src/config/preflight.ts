import { Client } from 'pg';
import { Redis } from 'ioredis';
import { type AsharConfig, describeTarget } from './config';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * What to do about a service that does not answer at `raw`: on this machine, the command that
 * starts it at the configured port; elsewhere, to check that it runs there (we cannot start it).
 */
export function startAdvice(service: 'postgres' | 'redis', raw: string): string {
  const u = new URL(raw);
  const port = u.port || (service === 'redis' ? '6379' : '5432');
  if (!LOCAL_HOSTS.has(u.hostname)) {
    return `Check that ${service === 'redis' ? 'Redis' : 'PostgreSQL'} runs at ${u.hostname}:${port} and that ${service === 'redis' ? 'REDIS_URL' : 'DATABASE_URL'} names it.`;
  }
  if (service === 'redis') {
    return `Start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port} --save '' --appendonly no`;
  }
  const cluster = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
  return port === '5432' ? `Start it with: ${cluster}` : `Start the cluster that listens on port ${port} (for Debian's default cluster: ${cluster}).`;
}

/** A service the system needs could not be reached; the message is one line that says how to fix it. */
export class ServiceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUnavailableError';
  }
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message?.split('\n')[0] ?? 'unknown error';
}

/**
 * Makes sure PostgreSQL answers and the database exists (it is created on first
 * start), within a few seconds; throws ServiceUnavailableError otherwise.
 */
export async function ensureDatabase(config: Pick<AsharConfig, 'DATABASE_URL'>, timeoutMs = 5000): Promise<void> {
  const target = describeTarget(config.DATABASE_URL);
  const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') {
      throw new ServiceUnavailableError(`PostgreSQL is not reachable at ${target} (${reason(err)}). ${startAdvice('postgres', config.DATABASE_URL)}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  // The server answers but the database is missing: create it from the maintenance database.
  const url = new URL(config.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: timeoutMs });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return; // created concurrently by another replica
    throw new ServiceUnavailableError(`PostgreSQL database at ${target} does not exist and could not be created (${reason(err)}).`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Makes sure Redis answers PING within a few seconds; throws ServiceUnavailableError otherwise. */
export async function ensureRedis(config: Pick<AsharConfig, 'REDIS_URL'>, timeoutMs = 3000): Promise<void> {
  const target = describeTarget(config.REDIS_URL);
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let socketError: unknown;
  redis.on('error', (err) => {
    socketError ??= err; // the socket's own error (ECONNREFUSED…) says more than "Connection is closed"
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new ServiceUnavailableError(`Redis is not reachable at ${target} (${reason(socketError ?? err)}). ${startAdvice('redis', config.REDIS_URL)}`);
  } finally {
    redis.disconnect();
  }
}
