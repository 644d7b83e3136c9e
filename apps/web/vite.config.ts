import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Plugin, build, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { portalEntryCheck } from './build/portal-entry';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The organisation root public key is built into the app: the client trusts only its own copy
 * (crypto.md, goal 5), never one the api hands out. Empty when the build has none.
 */
function rootPublicKey(): string {
  const value = (process.env['ROOT_PUBLIC_KEY'] ?? '').trim();
  if (value !== '' && !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    throw new Error('ROOT_PUBLIC_KEY must be the 43-character base64url root public key (or unset)');
  }
  return value;
}

/**
 * ASHAR_RELEASE_UNSIGNED_OK=true builds a console that runs without a signed release (the Vite
 * dev server, local experiments): it says so on every staff page. Never for a deployment.
 */
function unsignedOk(): string {
  const value = (process.env['ASHAR_RELEASE_UNSIGNED_OK'] ?? '').trim();
  if (value !== '' && value !== 'true' && value !== 'false') throw new Error('ASHAR_RELEASE_UNSIGNED_OK must be true, false or unset');
  return value === 'true' ? 'true' : '';
}

const define = {
  'import.meta.env.VITE_ROOT_PUBLIC_KEY': JSON.stringify(rootPublicKey()),
  'import.meta.env.VITE_RELEASE_UNSIGNED_OK': JSON.stringify(unsignedOk()),
};

/**
 * Every compressible file of the build (JS, CSS, HTML, SVG, JSON; the workers and /sw.js too) gets
 * a brotli (quality 11) and a gzip (level 9) copy beside it, `<name>.br` and `<name>.gz`, made once
 * here, so that the api sends them as they are to a browser that accepts them (static.ts) instead
 * of compressing on every request or not at all. A copy that would not be smaller is not written.
 * The signed release lists the files themselves, not these copies (docs/release.md).
 */
const precompressed = () => compression({ algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' });

const alias = {
  '@ashar/crypto': here('../../libs/crypto/src/index.ts'),
  '@ashar/domain': here('../../libs/domain/src/index.ts'),
};

/**
 * The release service worker is an entry of its own: one classic script at /sw.js (every
 * browser that has service workers runs those), with libsodium inside, so that the app's
 * entry stays small. Built after the app, into the same directory, with the same root key.
 */
function releaseServiceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'ashar-release-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      await build({
        configFile: false,
        root: here('.'),
        logLevel: 'warn',
        publicDir: false,
        plugins: [precompressed()],
        define,
        resolve: { alias },
        build: {
          outDir,
          emptyOutDir: false,
          sourcemap: false,
          copyPublicDir: false,
          lib: { entry: here('src/release/sw/service-worker.ts'), formats: ['iife'], name: 'asharReleaseWorker', fileName: () => 'sw.js' },
          rolldownOptions: {
            // libsodium reads import.meta.url only to locate a .wasm file it does not need (the module is inline).
            onwarn(warning, warn) {
              if (warning.code !== 'EMPTY_IMPORT_META') warn(warning);
            },
          },
        },
      });
    },
  };
}

// The web app is built into dist/apps/web and served by the api from the same origin.
// Nothing is loaded from outside the deployment: no CDN, no fonts, no analytics.
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [react(), portalEntryCheck(), releaseServiceWorker(), precompressed()],
  define,
  resolve: { alias },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    // The polyfill would be an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
