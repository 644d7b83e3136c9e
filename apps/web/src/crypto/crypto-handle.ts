/**
 * The running crypto worker itself, apart from crypto-client.ts (comlink and the error messages),
 * so that what only ends it — the quick exit and the release gate, which every public page
 * carries — does not load the rest. Ending the worker drops every key it held.
 */
let running: Worker | null = null;

/** The worker that runs now, or null. */
export function runningWorker(): Worker | null {
  return running;
}

/** Records the worker crypto-client.ts just started. */
export function setRunningWorker(worker: Worker): void {
  running = worker;
}

/** Ends the worker: every key it held is gone with it. */
export function endCryptoWorker(): void {
  running?.terminate();
  running = null;
}
