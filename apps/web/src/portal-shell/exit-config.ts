/**
 * Where the quick exit goes, as the api says (GET /intake/config): loaded by quick-exit.tsx with
 * `import()` once the page is on screen, so that the landing page's own script does not carry the
 * api contracts (and zod) it needs for nothing else.
 */
import { intakeContract } from '@ashar/domain';
import { call } from '../api/client';

export async function exitUrlFromApi(): Promise<string> {
  return (await call(intakeContract.config)).exitUrl;
}
