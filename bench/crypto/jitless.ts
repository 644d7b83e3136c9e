/**
 * Requester crypto without WebAssembly and without a JIT (issue 15, item 9):
 * `npx tsx bench/crypto/jitless.ts`. Prints figures, asserts nothing.
 *
 * Bundles bench/crypto/jitless-page.ts with libs/crypto and runs it in Debian's Chromium twice,
 * as a browser with WebAssembly and as one started with `--js-flags=--jitless` (no JIT, hence no
 * WebAssembly: Tor Browser's "Safer"), each page slowed 4× by the DevTools CPU throttle
 * (Emulation.setCPUThrottlingRate, a cheap phone), and times in the page:
 *   - receipt key derivation of a version 2 code (keyed BLAKE2b) and of a version 1 code
 *     (Argon2id ops 2, 64 MiB: libsodium's WebAssembly, or noble's JavaScript without it);
 *   - sealing a request (the signed, encrypted form and three signed envelopes);
 *   - encrypting a 1 MiB file (16 secretstream chunks).
 * Each figure is the median of `RUNS` runs (one for the version 1 derivation without WebAssembly,
 * which takes minutes). Set BENCH_SKIP_V1_JITLESS=1 to leave that one out.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const ROOT = join(__dirname, '../..');
const RUNS = 3;
const SLOWDOWN = 4;
type Op = 'receipt-v2' | 'receipt-v1' | 'seal-request' | 'file-1mib';
const OPS: { op: Op; label: string }[] = [
  { op: 'receipt-v2', label: 'receipt keys, version 2 code (BLAKE2b)' },
  { op: 'receipt-v1', label: 'receipt keys, version 1 code (Argon2id 64 MiB)' },
  { op: 'seal-request', label: 'seal a request (record + 3 envelopes)' },
  { op: 'file-1mib', label: 'encrypt a 1 MiB file' },
];

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'jitless-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    alias: { '@ashar/crypto': join(ROOT, 'libs/crypto/src/index.ts') },
    // libsodium.js names Node modules it only uses in Node.
    external: ['crypto', 'fs', 'path', 'url', 'worker_threads'],
    logLevel: 'error',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced nothing');
  return out.text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(script: string, jitless: boolean): Promise<Map<Op, { ms: number; backend: string; runs: number }>> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu', ...(jitless ? ['--js-flags=--jitless'] : [])],
  });
  const figures = new Map<Op, { ms: number; backend: string; runs: number }>();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>bench</title>');
    await page.addScriptTag({ content: script });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    for (const { op } of OPS) {
      const slowOne = op === 'receipt-v1' && jitless;
      if (slowOne && process.env['BENCH_SKIP_V1_JITLESS'] === '1') continue;
      const runs = slowOne ? 1 : RUNS;
      const times: number[] = [];
      let backend = '';
      for (let i = 0; i < runs; i++) {
        const result = await page.evaluate((name) => (globalThis as unknown as { asharBench: (op: string) => Promise<{ backend: string; ms: number; wasm: string }> }).asharBench(name), op);
        if (jitless && result.wasm !== 'undefined') throw new Error('WebAssembly is still there with --jitless');
        times.push(result.ms);
        backend = result.backend;
      }
      figures.set(op, { ms: median(times), backend, runs });
    }
  } finally {
    await browser.close();
  }
  return figures;
}

function fmt(ms: number | undefined): string {
  if (ms === undefined) return 'skipped';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main(): Promise<void> {
  const script = await bundle();
  console.log(`@ashar/crypto in Chromium at ${SLOWDOWN}× CPU slowdown — WebAssembly vs --jitless (no JIT, no WebAssembly)`);
  const withWasm = await measure(script, false);
  const jitless = await measure(script, true);
  const width = Math.max(...OPS.map((o) => o.label.length));
  console.log(`  ${'operation'.padEnd(width)}  ${'WebAssembly'.padStart(14)}  ${'jitless'.padStart(14)}`);
  for (const { op, label } of OPS) {
    const a = withWasm.get(op);
    const b = jitless.get(op);
    console.log(`  ${label.padEnd(width)}  ${`${fmt(a?.ms)} (${a?.backend ?? '-'})`.padStart(14)}  ${`${fmt(b?.ms)} (${b?.backend ?? '-'})`.padStart(14)}`);
  }
  console.log(`  medians of ${RUNS} runs; the version 1 derivation without WebAssembly ran once.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
