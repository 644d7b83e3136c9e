// eslint-disable-next-line @nx/enforce-module-boundaries -- the run's fresh database and Redis prefix come from the shared test support
import { destroyTestEnvironment } from '../../../test/support/environment';

export default async function globalTeardown(): Promise<void> {
  const databaseName = process.env['ASHAR_TEST_DATABASE_NAME'];
  const redisUrl = process.env['ASHAR_TEST_REDIS_URL'];
  const redisPrefix = process.env['ASHAR_TEST_REDIS_PREFIX'];
  if (databaseName && redisUrl && redisPrefix) await destroyTestEnvironment({ databaseName, redisUrl, redisPrefix });
}
