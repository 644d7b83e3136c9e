#!/usr/bin/env node
// Times the portal's proof-of-work solver (altcha-lib's solveChallenge, WebCrypto SHA-256) in
// Chromium at each difficulty step, at 4× CPU slowdown, and again without the JIT
// (--js-flags=--jitless, what Tor Browser's "Safer" level comes closest to) — see
// docs/decisions.md "Proof of work (issue 15, item 6)". Usage: node scripts/pow-bench.mjs [runs]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'altcha-lib', 'dist', 'esm', 'v2');
const runs = Number(process.argv[2] ?? 8);
const BASE = 10_000;
const steps = [0, 1, 2, 3].map((s) => BASE * 4 ** s);

const server = createServer(async (req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>pow</title>');
    return;
  }
  try {
    const body = await readFile(join(root, req.url.replace(/^\/altcha\//, '').replace(/\.\./g, '')));
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

async function measure(label, args) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
  const page = await browser.newPage();
  await page.goto(origin);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const wasm = await page.evaluate(() => typeof WebAssembly);
  for (const maxNumber of steps) {
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const counter = Math.floor(Math.random() * maxNumber);
      const challenge = await createChallenge({ algorithm: 'SHA-256', cost: 1, counter, deriveKey, expiresAt: Math.floor(Date.now() / 1000) + 300, hmacSignatureSecret: 'x'.repeat(32), hmacKeySignatureSecret: 'y'.repeat(32) });
      times.push(
        await page.evaluate(async (challenge) => {
          const { solveChallenge } = await import('/altcha/pow.js');
          const { deriveKey } = await import('/altcha/algorithms/web/sha.js');
          const start = performance.now();
          await solveChallenge({ challenge, deriveKey, timeout: 600_000 });
          return performance.now() - start;
        }, challenge),
      );
      if (maxNumber >= BASE * 16 && i >= 2) break; // the slow steps: fewer runs
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(`${label} (WebAssembly ${wasm}) maxNumber ${maxNumber}: mean ${(mean / 1000).toFixed(2)} s, median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s, max ${(times.at(-1) / 1000).toFixed(2)} s over ${times.length}`);
  }
  await browser.close();
}

await measure('Chromium, 4× CPU slowdown', []);
await measure('Chromium, 4× CPU slowdown, --jitless', ['--js-flags=--jitless']);
server.close();
