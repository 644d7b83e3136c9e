/** Web Worker entry of the vector check: receives the vector file, posts the results back. */
import { runVectors } from '../vector-runner';

interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  runVectors(event.data).then(
    (results) => scope.postMessage({ results }),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
