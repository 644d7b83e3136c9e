/**
 * The page's handle on the crypto worker. The worker (and with it libsodium) is started on
 * first use only, so pages that never need cryptography never download it; `endCryptoWorker`
 * terminates it, which drops every key it held.
 */
import { type Remote, wrap } from 'comlink';
import { type CryptoWorkerApi, type WorkerErrorCode, WORKER_CRYPTO_ERROR } from './worker-api';
import { runningWorker, setRunningWorker } from './crypto-handle';

export { endCryptoWorker } from './crypto-handle';

/** The comlink handle of the worker it wraps (a worker ended elsewhere, crypto-handle.ts, is never reused). */
let remote: { readonly worker: Worker; readonly api: Remote<CryptoWorkerApi> } | null = null;

/** The worker's API, starting the worker if it is not running. */
export function cryptoWorker(): Remote<CryptoWorkerApi> {
  let worker = runningWorker();
  if (!worker) {
    worker = new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'ashar-crypto' });
    setRunningWorker(worker);
  }
  if (remote?.worker !== worker) remote = { worker, api: wrap<CryptoWorkerApi>(worker) };
  return remote.api;
}

/** True when the worker runs (it may hold an unlocked identity). */
export function cryptoWorkerRunning(): boolean {
  return runningWorker() !== null;
}

/** The code of an error thrown by the worker, or null when the error came from elsewhere. */
export function workerErrorCode(error: unknown): WorkerErrorCode | null {
  if (error instanceof Error && error.name === WORKER_CRYPTO_ERROR) return error.message as WorkerErrorCode;
  return null;
}

const MESSAGES: Partial<Record<WorkerErrorCode, string>> = {
  wrong_key: 'That does not unlock your keys. Check it and try again.',
  public_key_mismatch: 'The keys in your vault do not match the public keys the server holds for you. Do not continue; tell your administrator.',
  tampered: 'Your encrypted vault was altered or damaged. Do not continue; tell your administrator.',
  wrong_ad: 'This vault belongs to someone else. Do not continue; tell your administrator.',
  locked: 'Your keys are locked. Sign in again to unlock them.',
  not_admin: 'Your own certificate is not a valid admin certificate from this organisation’s root key, so you cannot certify others.',
  untrusted_certificate: 'A certificate does not lead to this organisation’s root key, or it has expired.',
  bad_signature: 'A certificate signature does not verify.',
  not_certified: 'Your own keys are not certified by an administrator of this organisation, so you cannot make or seal desk keys yet.',
  member_not_certified: 'This person’s keys are not certified by an administrator, so nothing can be sealed to them. Ask an administrator to certify them first.',
  wrong_desk: 'The certificate the server sent is for another desk or key version. Do not continue; tell your administrator.',
  case_not_open: 'This case is not open in this browser any more. Reload the case and try again.',
  sealer_not_certified: 'A key on this case is not certified by this organisation, so it is not trusted.',
  file_size_mismatch: 'The file decrypted to another size than its description says; it was not saved.',
  download_failed: 'The file could not be fetched from the server. Try again in a moment.',
  desk_key_not_held: 'You do not hold the desk key version this was sealed to, so it cannot be opened here.',
  untrusted_history:
    'The desk’s key history does not verify: its newest version is neither linked from the version before it nor approved by a second administrator, or it is older than one this browser saw before. Nothing was sealed. Tell your administrators.',
  revoked: 'The desk’s current key was revoked. Nothing was sealed to it; its lead and the administrators must publish a new version first.',
  signer_revoked: 'The keys that signed this were revoked before the server says it stored it, so it is not trusted.',
  member_revoked: 'This person’s keys were revoked, so nothing is sealed to them. An administrator must certify new keys first.',
  grant_not_open: 'This grant’s key is not open in this browser. Reload the grant and try again.',
  invalid_grant_content: 'These details cannot be encrypted: use at most 20 fields of text, each at most 2000 characters.',
  no_grant: 'This grant’s key could not be opened. Reload the page and try again.',
};

/** A sentence a person can act on, for any failure of the worker. */
export function workerErrorMessage(error: unknown): string {
  const code = workerErrorCode(error);
  if (code === null) return 'The encryption component failed unexpectedly. Reload the page and try again.';
  return MESSAGES[code] ?? `The encryption component refused this (${code}).`;
}
