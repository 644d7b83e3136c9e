/**
 * Makes one proof-of-work worker (pow-worker.ts). Kept apart from api/proof-of-work.ts and handed
 * to it by main.tsx (`setPowWorkerFactory`): `import.meta.url` is for Vite's worker bundling only, and
 * the api's tests type-check the portal's upload code as CommonJS, where it is not allowed.
 */
export function createPowWorker(): Worker {
  return new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module', name: 'ashar-pow' });
}
