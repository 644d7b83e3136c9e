// eslint-disable-next-line @nx/enforce-module-boundaries -- the run's fresh database and Redis prefix come from the shared test support
import { createTestEnvironment } from '../../../test/support/environment';

/** One fresh database and Redis prefix for the whole integration run; test files read them from the environment. */
export default async function globalSetup(): Promise<void> {
  const env = await createTestEnvironment('it');
  process.env['ASHAR_TEST_DATABASE_URL'] = env.databaseUrl;
  process.env['ASHAR_TEST_DATABASE_NAME'] = env.databaseName;
  process.env['ASHAR_TEST_REDIS_URL'] = env.redisUrl;
  process.env['ASHAR_TEST_REDIS_PREFIX'] = env.redisPrefix;
}
