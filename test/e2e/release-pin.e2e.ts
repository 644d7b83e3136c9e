/**
 * The pinned staff console (issue 13, finding 5; docs/release.md), in Chromium: the first visit
 * pins the test root key and the signed release works (enrolment, sign-in, unlock); then the
 * server starts serving a changed JS chunk, or a changed service worker, and the console shows
 * the warning instead of running it and never reaches the unlock; once the server serves the
 * signed files again, "check the release again" lets the same browser unlock.
 *
 * The system serves a copy of the signed test build (tmp/e2e-web, signed by global-setup.ts), so
 * that the test can change files on disk the way a taken-over server would.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, expect, test } from '@playwright/test';
import { createTestEnvironment, destroyTestEnvironment, type TestEnvironment } from '../support/environment';
import { readSystemLog, type RunningSystem, startSystem } from '../support/system';
import { testRoot } from './fixtures/test-root';
import { collectPageProblems, guardLocalOnly } from './support';
import { need } from './staff-team';

const ROOT_DIR = join(__dirname, '../..');
/** What the changed chunk would do first if it ever ran: an api call the system would log. */
const TAMPER_MARK = '/api/v1/changed-code-ran';

let env: TestEnvironment | undefined;
let system: RunningSystem | undefined;
let webDir = '';
let context: BrowserContext | undefined;
let page: Page | undefined;
let outside: string[] = [];

function url(path: string): string {
  return `${need(system, 'the system').url}${path}`;
}

/** The served file of the build whose name starts with `prefix` (a hashed chunk name). */
function servedFile(dir: string, prefix: string): string {
  const name = readdirSync(join(webDir, dir)).find((entry) => entry.startsWith(prefix) && entry.endsWith('.js'));
  return join(webDir, dir, need(name, `the ${prefix} chunk`));
}

/** Replaces a served file for the duration of `during`, then puts the signed bytes back. */
async function whileServerServes(file: string, change: (original: string) => string, during: () => Promise<void>): Promise<void> {
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, change(original));
  try {
    await during();
  } finally {
    writeFileSync(file, original);
  }
}

const warningHeading = (p: Page) => p.getByRole('heading', { name: 'Stop: this console failed its release check' });
const unlockHeading = (p: Page) => p.getByRole('heading', { name: 'Unlock your keys' });

/** Signed in, keys locked: what a reload of the console leaves (the crypto worker ends with the page). */
async function signedInAndLocked(p: Page): Promise<void> {
  await p.goto(url('/staff'));
  await expect(unlockHeading(p)).toBeVisible();
}

/** Unlocks with the passkey and reaches the console. */
async function unlock(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Unlock with my passkey' }).click();
  await expect(p.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  webDir = mkdtempSync(join(tmpdir(), 'ashar-release-web-'));
  cpSync(join(ROOT_DIR, 'tmp/e2e-web'), webDir, { recursive: true });
  env = await createTestEnvironment('releasepin');
  system = await startSystem(env, join(ROOT_DIR, 'tmp/release-pin-server.log'), { WEB_DIST: webDir, ROOT_PUBLIC_KEY: testRoot().rootPublicKey });
  context = await browser.newContext();
  outside = await guardLocalOnly(context);
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true, hasPrf: true },
  });
});

test.afterAll(async () => {
  await context?.close();
  await system?.stop();
  if (env) await destroyTestEnvironment(env);
  rmSync(webDir, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

test('the first visit pins the root key, and the signed release enrols, signs in and unlocks', async () => {
  const p = need(page, 'the page');
  const problems = collectPageProblems(need(context, 'the context'));
  const token = need([...readFileSync(need(system, 'the system').logFile, 'utf8').matchAll(/\/setup#([A-Za-z0-9_-]{43})/g)].at(-1)?.[1], 'the setup link');
  await p.goto(url(`/setup#${token}`));
  await expect(p.getByRole('status')).toHaveText(/This setup link is valid/);
  // The release check passed before the page ran, and says that this browser pinned the console just now.
  const release = p.getByRole('contentinfo', { name: 'Release check' });
  await expect(release).toContainText('This console passed its release check');
  await expect(release).toContainText('This browser has just pinned this console');
  await p.getByLabel('Your name').fill('Rana Release');
  await p.getByRole('button', { name: 'Create my passkey' }).click();
  await p.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
  await p.getByLabel('I have stored my recovery code somewhere safe').check();
  await p.getByRole('button', { name: 'Finish enrolment' }).click();
  await expect(p.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();

  // A later load goes through the pinned worker: the same release passes, and the pin is not new.
  await signedInAndLocked(p);
  await expect(release).toContainText('This console passed its release check');
  await expect(release).not.toContainText('just pinned');
  expect(await p.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(url('/sw.js'));
  await unlock(p);
  // The published manifest opens as a page without tripping the pin (it is sandboxed, not checked as the app).
  await p.goto(url('/.well-known/ashar-release.json'));
  await expect(p.getByText(/"buildId"/)).toBeVisible();
  await signedInAndLocked(p);
  await unlock(p);
  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
});

test('a changed JS chunk is never run: the console shows the warning and never reaches the unlock, until the signed file is back', async () => {
  const p = need(page, 'the page');
  await signedInAndLocked(p);
  const chunk = servedFile('assets', 'sign-in-');
  await whileServerServes(
    chunk,
    (original) => `fetch(${JSON.stringify(TAMPER_MARK)});\n${original}`,
    async () => {
      // A cold cache, as on a new day or a new device: the browser must be offered the changed bytes.
      await (await need(context, 'the context').newCDPSession(p)).send('Network.clearBrowserCache');
      // The worker may replace this page with its warning before the page finishes loading: wait for what the person sees.
      await p.goto(url('/staff'), { waitUntil: 'commit' });
      await expect(warningHeading(p)).toBeVisible();
      await expect(p.getByText(/The server sent code for this console that is not part of the release/)).toBeVisible();
      await expect(p.getByText(/\/assets\/sign-in-[^ ]*\.js with SHA-256 [0-9a-f]{64}/)).toBeVisible();
      await expect(unlockHeading(p)).toHaveCount(0);
      // Every console address shows the warning now, whatever the server sends.
      await p.goto(url('/staff/console'), { waitUntil: 'commit' });
      await expect(warningHeading(p)).toBeVisible();
      // The server has not been fixed: checking again still refuses.
      await p.getByRole('link', { name: 'check the release again' }).click();
      await expect(warningHeading(p)).toBeVisible();
      await expect(unlockHeading(p)).toHaveCount(0);
    },
  );
  // The changed code never ran: its first act would have been a request the system logs.
  expect(await readSystemLog(need(system, 'the system'))).not.toContain(TAMPER_MARK);

  // The server serves the signed release again: a check passes and the same browser unlocks.
  await p.getByRole('link', { name: 'check the release again' }).click();
  await expect(unlockHeading(p)).toBeVisible();
  await expect(p.getByRole('contentinfo', { name: 'Release check' })).toContainText('This console passed its release check');
  await unlock(p);
});

test('a changed service worker is refused: the console shows the warning and never reaches the unlock, until the signed worker is back', async () => {
  const p = need(page, 'the page');
  await signedInAndLocked(p);
  await whileServerServes(
    join(webDir, 'sw.js'),
    (original) => `${original}\n// served by a server that was taken over\n`,
    async () => {
      // The console asks the browser to look for a worker update before any unlock; the pinned worker checks it.
      await p.goto(url('/staff'), { waitUntil: 'commit' });
      await expect(warningHeading(p)).toBeVisible();
      await expect(p.getByText(/new version of the service worker that guards this console|\/sw\.js with SHA-256/).first()).toBeVisible();
      await expect(unlockHeading(p)).toHaveCount(0);
    },
  );
  await p.getByRole('link', { name: 'check the release again' }).click();
  await expect(unlockHeading(p)).toBeVisible();
  await unlock(p);
  expect(outside).toEqual([]);
});

test('a deployment that publishes no signed release is refused at the first visit, before any sign-in, until it is signed', async ({ browser }) => {
  const manifest = join(webDir, '.well-known', 'ashar-release.json');
  const signed = readFileSync(manifest);
  const fresh = await browser.newContext();
  rmSync(manifest);
  try {
    const p = await fresh.newPage();
    await p.goto(url('/staff'));
    await expect(warningHeading(p)).toBeVisible();
    await expect(p.getByText('The server publishes no signed release manifest, so nothing it sends can be checked.')).toBeVisible();
    await expect(p.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
    // Signed again: the same browser, pinned at that first visit, checks again and goes on.
    writeFileSync(manifest, signed);
    await p.getByRole('link', { name: 'check the release again' }).click();
    await expect(p.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
    await expect(p.getByRole('contentinfo', { name: 'Release check' })).toContainText('This console passed its release check');
  } finally {
    writeFileSync(manifest, signed);
    await fresh.close();
  }
});

test('a build without a root key (the quick start) pins nothing, says so, and still enrols the first admin', async ({ browser }) => {
  // What `npm ci && npm start` builds on a fresh machine: no ROOT_PUBLIC_KEY, no signed release.
  const quickStart = mkdtempSync(join(tmpdir(), 'ashar-quick-start-web-'));
  const build = spawnSync(process.execPath, [join(ROOT_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--outDir', quickStart, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT_DIR,
    env: { ...process.env, ROOT_PUBLIC_KEY: '', ASHAR_RELEASE_UNSIGNED_OK: '', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: 'inherit',
  });
  expect(build.status).toBe(0);
  const quickEnv = await createTestEnvironment('quickstart');
  const quick = await startSystem(quickEnv, join(ROOT_DIR, 'tmp/release-quick-start-server.log'), { WEB_DIST: quickStart });
  const quickContext = await browser.newContext();
  try {
    const p = await quickContext.newPage();
    const cdp = await quickContext.newCDPSession(p);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true, hasPrf: true },
    });
    const token = need([...readFileSync(quick.logFile, 'utf8').matchAll(/\/setup#([A-Za-z0-9_-]{43})/g)].at(-1)?.[1], 'the setup link');
    await p.goto(`${quick.url}/setup#${token}`);
    await expect(p.getByRole('status')).toHaveText(/This setup link is valid/);
    await expect(p.getByRole('contentinfo', { name: 'Release check' })).toHaveText(/This build has no organisation root key: it cannot check its own code, and nobody can be certified/);
    await p.getByLabel('Your name').fill('Quinn Quickstart');
    await p.getByRole('button', { name: 'Create my passkey' }).click();
    await p.getByRole('button', { name: 'Protect my keys with this passkey' }).click();
    await p.getByLabel('I have stored my recovery code somewhere safe').check();
    await p.getByRole('button', { name: 'Finish enrolment' }).click();
    await expect(p.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
    // Nothing was registered: there is no key to pin to.
    expect(await p.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined)).toBe(true);
  } finally {
    await quickContext.close();
    await quick.stop();
    await destroyTestEnvironment(quickEnv);
    rmSync(quickStart, { recursive: true, force: true });
  }
});
