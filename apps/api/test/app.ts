import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { startAshar, type RunningAshar } from '../src/ashar';
import { loadConfig, type AsharConfig } from '../src/config/config';
// eslint-disable-next-line @nx/enforce-module-boundaries -- fresh databases come from the shared test support
import { appDatabaseUrl, createTestEnvironment, destroyTestEnvironment } from '../../../test/support/environment';

/** The run's database and Redis prefix, created by global-setup. */
export function testEnv(): { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string } {
  const DATABASE_URL = process.env['ASHAR_TEST_DATABASE_URL'];
  const REDIS_URL = process.env['ASHAR_TEST_REDIS_URL'];
  const REDIS_PREFIX = process.env['ASHAR_TEST_REDIS_PREFIX'];
  if (!DATABASE_URL || !REDIS_URL || !REDIS_PREFIX) throw new Error('integration tests must run through apps/api/jest.integration.cjs');
  return { DATABASE_URL, REDIS_URL, REDIS_PREFIX };
}

export interface TestApp extends RunningAshar {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  config: AsharConfig;
}

/** The database of the app this test file started last, as its owner (each test file runs in its own module registry). */
let currentDatabaseUrl: string | undefined;

/** The database URL of the app this test file started (the owner's view of it). */
export function testDatabaseUrl(): string {
  if (!currentDatabaseUrl) throw new Error('start the test app first');
  return currentDatabaseUrl;
}

/** The same database as the api's own login sees it: the app role, which cannot change the audit log. */
export function testAppDatabaseUrl(): string {
  return appDatabaseUrl(testDatabaseUrl());
}

/**
 * Starts the real system (api and worker in one process) on a database and Redis
 * prefix of its own, so test files never see each other's rows; both are removed
 * when the app closes. Migrations run exactly as at a production start.
 */
export async function startTestApp(overrides: Record<string, string> = {}, options: { logTo?: string } = {}): Promise<TestApp> {
  const env = await createTestEnvironment('it');
  // File blobs (BLOB_STORE=fs) go to a directory of this app's own, removed with it.
  const blobDir = await mkdtemp(join(tmpdir(), 'ashar-blobs-'));
  // Signed audit checkpoints and their key go to a directory of this app's own, removed with it.
  const auditDir = await mkdtemp(join(tmpdir(), 'ashar-audit-'));
  const config = loadConfig({
    ...testEnv(),
    // The api logs in as the app role and only the migrations as the owner, as deploy/ runs it.
    DATABASE_URL: appDatabaseUrl(env.databaseUrl),
    DATABASE_OWNER_URL: env.databaseUrl,
    REDIS_PREFIX: env.redisPrefix,
    BLOB_DIR: blobDir,
    AUDIT_CHECKPOINT_DIR: join(auditDir, 'checkpoints'),
    AUDIT_CHECKPOINT_KEY_FILE: join(auditDir, 'keys', 'audit-checkpoint.key'),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '3000',
    OUTBOX_POLL_MS: '100',
    ...overrides,
  });
  currentDatabaseUrl = env.databaseUrl;
  const running = await startAshar(config, { listen: false, ...options });
  const app = running.app as INestApplication;
  return {
    ...running,
    app,
    http: app.getHttpServer(),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    config,
    close: async () => {
      await running.close();
      await destroyTestEnvironment(env);
      await rm(blobDir, { recursive: true, force: true });
      await rm(auditDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn` with a client connected as the database owner (what the migrations use), for
 * tests that must reach past the app role, e.g. to tamper with the audit log. The app's own
 * DataSource (TestApp.dataSource) acts as the app role.
 */
export async function withOwnerClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: currentDatabaseUrl ?? testEnv().DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
