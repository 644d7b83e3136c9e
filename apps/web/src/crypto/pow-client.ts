/**
 * Registers the proof-of-work solver worker (pow-worker.ts) for the pages that prove work; kept
 * apart from api/proof-of-work.ts so code that runs outside a bundler (the web uploader's tests)
 * never meets `import.meta`.
 */
import { registerPowWorker } from '../api/proof-of-work';

registerPowWorker(() => new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module', name: 'ashar-pow' }));
