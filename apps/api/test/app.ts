import { type INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { startAshar, type RunningAshar } from '../src/ashar';
import { loadConfig, type AsharConfig } from '../src/config/config';

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

/** Starts the real system (api and worker in one process) against the run's database and Redis. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...testEnv(), NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '3000', OUTBOX_POLL_MS: '100', ...overrides });
  const running = await startAshar(config, { listen: false });
  const app = running.app as INestApplication;
  return { ...running, app, http: app.getHttpServer(), dataSource: app.get<DataSource>(getDataSourceToken()), config };
}

/**
 * Runs `fn` with a client connected as the database owner (what the migrations use), for
 * tests that must reach past the app role, e.g. to tamper with the audit log. The app's own
 * DataSource (TestApp.dataSource) acts as the app role.
 */
export async function withOwnerClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testEnv().DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
