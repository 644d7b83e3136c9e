import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Redis } from 'ioredis';

/** Where the shared services of the machine listen; overridable for other machines. */
export const BASE_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BASE_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestEnvironment {
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  redisPrefix: string;
}

/** A fresh, empty database and a fresh Redis key prefix for one test run. */
export async function createTestEnvironment(label: string): Promise<TestEnvironment> {
  const suffix = randomBytes(5).toString('hex');
  const databaseName = `ashar_${label}_${suffix}`;
  const admin = new Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${databaseName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return { databaseUrl: url.toString(), databaseName, redisUrl: BASE_REDIS_URL, redisPrefix: `ashar-${label}-${suffix}` };
}

/**
 * The api's own login to the same database: the app role (made by the migrations, which give it
 * LOGIN on this trust-authenticated cluster) instead of the owner, as deploy/ runs it, so the
 * systems under test prove that the app role's grants are enough (docs/audit.md).
 */
export function appDatabaseUrl(ownerUrl: string, role = 'ashar_app'): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}

/** Drops the run's database and deletes every Redis key under its prefix. */
export async function destroyTestEnvironment(env: Pick<TestEnvironment, 'databaseName' | 'redisUrl' | 'redisPrefix'>): Promise<void> {
  const admin = new Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${env.databaseName} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(env.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
