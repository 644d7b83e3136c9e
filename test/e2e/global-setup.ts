import { join } from 'node:path';
import { createTestEnvironment, destroyTestEnvironment } from '../support/environment';
import { startSystem } from '../support/system';

/**
 * Starts the built system in production mode once for the whole browser run,
 * on a fresh database and Redis prefix, and removes them afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const env = await createTestEnvironment('e2e');
  const system = await startSystem(env, join(__dirname, '../../tmp/e2e-server.log'));
  process.env['ASHAR_E2E_URL'] = system.url;
  process.env['ASHAR_E2E_LOG'] = system.logFile;
  return async () => {
    await system.stop();
    await destroyTestEnvironment(env);
  };
}
