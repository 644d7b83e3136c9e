import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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

// The web app is built into dist/apps/web and served by the api from the same origin.
// Nothing is loaded from outside the deployment: no CDN, no fonts, no analytics.
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [react()],
  define: { 'import.meta.env.VITE_ROOT_PUBLIC_KEY': JSON.stringify(rootPublicKey()) },
  resolve: {
    alias: {
      '@ashar/crypto': here('../../libs/crypto/src/index.ts'),
      '@ashar/domain': here('../../libs/domain/src/index.ts'),
    },
  },
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
