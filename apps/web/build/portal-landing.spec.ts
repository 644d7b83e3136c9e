/**
 * The landing page's budget, read from a real build: the web app is built here (as
 * `npm run build` does, into tmp/), and what index.html makes the browser load first — its module
 * script and every modulepreload — is measured as the api sends it to a browser that accepts
 * brotli: the `.br` copy beside each file (the file itself where no copy was smaller).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PORTAL_ENTRY_BUDGET } from './portal-entry';

const ROOT = join(__dirname, '../../..');
const OUT = join(ROOT, 'tmp/portal-landing-spec');

/** The files index.html loads before anything else: its module scripts and modulepreloads, in order. */
function landingFiles(html: string): string[] {
  const files: string[] = [];
  for (const match of html.matchAll(/<(script|link)\b([^>]*)>/g)) {
    const [, tag, attributes = ''] = match;
    const source = /\b(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(attributes)?.[1];
    if (!source) continue;
    if ((tag === 'script' && /\btype="module"/.test(attributes)) || (tag === 'link' && /\brel="modulepreload"/.test(attributes))) files.push(source);
  }
  return files;
}

/** Bytes the api sends for `file` to a browser that accepts brotli. */
function sentBytes(file: string): number {
  const path = join(OUT, file);
  return statSync(existsSync(`${path}.br`) ? `${path}.br` : path).size;
}

describe('the landing page of a real build', () => {
  it(`loads at most ${PORTAL_ENTRY_BUDGET / 1024} KiB of JavaScript as sent, and no worker`, () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      // NODE_ENV is jest's `test` here: the build must be a production one, as `npm run build` makes it.
      env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      encoding: 'utf8',
    });
    // The build itself fails above the budget (portal-entry.ts), saying why; this reads what it wrote.
    if (build.status !== 0) throw new Error(`the web build failed:\n${build.stderr}`);
    const files = landingFiles(readFileSync(join(OUT, 'index.html'), 'utf8'));
    expect(files.length).toBeGreaterThan(1);
    // The crypto worker (crypto.worker-*.js) and the proof-of-work worker (pow-worker-*.js) load later, never with the landing page.
    expect(files.filter((f) => /\/(crypto\.worker|pow-worker)-/.test(f))).toEqual([]);
    const total = files.reduce((sum, file) => sum + sentBytes(file), 0);
    expect(total).toBeGreaterThan(20 * 1024);
    expect(total).toBeLessThanOrEqual(PORTAL_ENTRY_BUDGET);
  }, 600_000);
});
