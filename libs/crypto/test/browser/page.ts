/**
 * Browser entry of the vector check (bundled by Vite in test/e2e/crypto-vectors.e2e.ts): runs
 * the vector runner in the page and in a module Web Worker, as the web app runs the library.
 */
import { type VectorResult, runVectors } from '../vector-runner';

interface VectorPage {
  runCryptoVectors(file: unknown): Promise<VectorResult[]>;
  runCryptoVectorsInWorker(file: unknown): Promise<VectorResult[]>;
}

function runInWorker(file: unknown): Promise<VectorResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('./worker.js', { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ results?: VectorResult[]; error?: string }>) => {
      worker.terminate();
      if (event.data.results) resolve(event.data.results);
      else reject(new Error(event.data.error ?? 'worker failed'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`worker error: ${event.message}`));
    };
    worker.postMessage(file);
  });
}

const page = globalThis as unknown as VectorPage;
page.runCryptoVectors = (file) => runVectors(file);
page.runCryptoVectorsInWorker = runInWorker;
document.body.dataset['ready'] = 'true';
