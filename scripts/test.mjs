#!/usr/bin/env node
// `npm test`: lint, type checks, unit tests, api integration tests against the
// real PostgreSQL and Redis, and Playwright tests in Debian's Chromium against
// the system in production mode. Every step runs even if an earlier one fails;
// the last line sums the test counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import prerequisites from './test-prerequisites.cjs';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') };
// Chromium, tor, PostgreSQL and Redis: set up as .ci/run would, or one line saying what to run.
const missing = prerequisites.ensure();
if (missing) {
  console.error(missing);
  process.exit(1);
}
rmSync('tmp/results', { recursive: true, force: true });
mkdirSync('tmp/results', { recursive: true });

const nx = (target, projects) => ['npx', 'nx', 'run-many', '-t', target, ...(projects ? [`--projects=${projects}`] : []), '--outputStyle=static'];
const steps = [
  { name: 'lint', cmd: nx('lint') },
  { name: 'build', cmd: nx('build', 'crypto,domain,api,web') },
  { name: 'typecheck', cmd: nx('typecheck') },
  { name: 'unit', cmd: ['npx', 'jest', '-c', 'jest.config.cjs', '--json', '--outputFile=tmp/results/unit.json'], results: 'tmp/results/unit.json', kind: 'jest' },
  { name: 'integration', cmd: ['npx', 'jest', '-c', 'apps/api/jest.integration.cjs', '--json', '--outputFile=tmp/results/integration.json'], results: 'tmp/results/integration.json', kind: 'jest' },
  { name: 'e2e', cmd: ['npx', 'playwright', 'test', '-c', 'test/e2e/playwright.config.ts'], results: 'tmp/results/e2e.json', kind: 'playwright' },
];

function countsOf(step) {
  if (!step.results || !existsSync(step.results)) return undefined;
  const report = JSON.parse(readFileSync(step.results, 'utf8'));
  if (step.kind === 'jest') {
    return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0), skipped: report.numPendingTests + report.numTodoTests };
  }
  const s = report.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env });
  const counts = countsOf(step);
  summary.push({ name: step.name, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000), counts });
}

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n=== summary');
for (const s of summary) {
  const c = s.counts;
  if (c) {
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
  }
  if (!s.ok && (!c || c.failed === 0)) failed += 1; // a step that failed without a failing test (lint, types, a crash) counts once
  console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(12)} ${c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : ''} (${s.seconds}s)`);
}
console.log(`Total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
