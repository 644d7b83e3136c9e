/**
 * The pinned crypto vectors in Chromium: the same runner module as the Node jest suite,
 * bundled with Vite into tmp/, run in a page and in a module Web Worker (as the web app runs
 * the library), and compared entry by entry with the results in Node. Only 127.0.0.1 is
 * ever contacted: every other request is aborted and fails the test.
 */
import { expect, test } from '@playwright/test';
import { copyFile, readFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the browser must run the very vector runner the Node suite runs
import { type VectorResult, runVectors } from '../../libs/crypto/test/vector-runner';

const ROOT = resolve(__dirname, '../..');
const BROWSER_SOURCES = join(ROOT, 'libs/crypto/test/browser');
const OUT_DIR = join(ROOT, 'tmp/crypto-vectors-browser');
const VECTORS = join(ROOT, 'libs/crypto/test/vectors/v1.json');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

interface VectorPage {
  runCryptoVectors(file: unknown): Promise<VectorResult[]>;
  runCryptoVectorsInWorker(file: unknown): Promise<VectorResult[]>;
}

let server: Server;
let origin: string;
let vectorFile: unknown;
let nodeResults: VectorResult[];

async function bundle(): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: BROWSER_SOURCES,
    publicDir: false,
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: {
        input: { page: join(BROWSER_SOURCES, 'page.ts'), worker: join(BROWSER_SOURCES, 'worker.ts') },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  await copyFile(join(BROWSER_SOURCES, 'index.html'), join(OUT_DIR, 'index.html'));
}

function serveStatic(): Promise<Server> {
  const staticServer = createServer((request, response) => {
    const path = normalize(join(OUT_DIR, new URL(request.url ?? '/', 'http://127.0.0.1').pathname));
    if (!path.startsWith(OUT_DIR + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(path).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolveServer) => staticServer.listen(0, '127.0.0.1', () => resolveServer(staticServer)));
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await bundle();
  server = await serveStatic();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vectorFile = JSON.parse(await readFile(VECTORS, 'utf8')) as unknown;
  nodeResults = await runVectors(vectorFile);
});

test.afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

test('crypto vectors pass identically in Node, a Chromium page and a Web Worker', async ({ page, context }) => {
  const offHost: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`)) offHost.push(request.url());
  });
  await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  expect(nodeResults.length).toBeGreaterThan(100);
  expect(nodeResults.filter((result) => !result.pass)).toEqual([]);

  await page.goto(`${origin}/index.html`);
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);

  const inPage = await page.evaluate((file) => (globalThis as unknown as VectorPage).runCryptoVectors(file), vectorFile);
  const inWorker = await page.evaluate((file) => (globalThis as unknown as VectorPage).runCryptoVectorsInWorker(file), vectorFile);

  expect(inPage.filter((result) => !result.pass)).toEqual([]);
  expect(inWorker.filter((result) => !result.pass)).toEqual([]);
  expect(inPage).toEqual(nodeResults);
  expect(inWorker).toEqual(nodeResults);
  expect(pageErrors).toEqual([]);
  expect(offHost).toEqual([]);
});
