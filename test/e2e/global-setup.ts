import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestEnvironment, destroyTestEnvironment } from '../support/environment';
import { signWebBuild } from '../support/release';
import { startSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';

const ROOT = join(__dirname, '../..');
/** The web app under test: built here with the TEST root public key, not the production build. */
const WEB_DIST = join(ROOT, 'tmp/e2e-web');

function buildWebApp(rootPublicKey: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--outDir', WEB_DIST, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, ROOT_PUBLIC_KEY: rootPublicKey, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`building the web app for the browser tests failed (${result.status ?? result.signal})`);
}

/**
 * Builds the web app with the test root key into tmp/e2e-web and signs it as a release with that
 * key (so every browser test runs the pinned console, docs/release.md), then starts the built api in
 * production mode once for the whole browser run, serving that build, on a fresh database and
 * Redis prefix, and removes them afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { rootKey, rootPublicKey } = testRoot();
  buildWebApp(rootPublicKey);
  await signWebBuild(WEB_DIST, rootKey);
  const env = await createTestEnvironment('e2e');
  const system = await startSystem(env, join(ROOT, 'tmp/e2e-server.log'), { WEB_DIST, ROOT_PUBLIC_KEY: rootPublicKey });
  process.env['ASHAR_E2E_URL'] = system.url;
  process.env['ASHAR_E2E_LOG'] = system.logFile;
  return async () => {
    await system.stop();
    await destroyTestEnvironment(env);
  };
}
