import { defineConfig } from '@playwright/test';

/**
 * Browser tests run in Debian's Chromium (never a downloaded browser) against
 * the system started in production mode by test/e2e/global-setup.ts.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.e2e\.ts$/,
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  // Two files at a time: each file (or test group) starts a system of its own on a database of its own.
  workers: 2,
  retries: 0,
  timeout: 120_000,
  // Assertions wait for what a person would see; on a shared, loaded machine the console's release
  // check and the crypto worker can take well over Playwright's default 5 s, so each waits up to 20 s.
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: '../../tmp/results/e2e.json' }]],
  outputDir: '../../tmp/e2e-output',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic'],
    },
  },
});
