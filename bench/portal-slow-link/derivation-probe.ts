/**
 * The receipt key derivation as the crypto worker runs it (libs/crypto's deriveRequesterKeys), for
 * a page: bench/portal-slow-link/run.ts bundles this and times it on the main thread of a page that
 * DevTools slows down (workers cannot be slowed), with either backend and either code version.
 */
import { type CryptoBackend, type ReceiptCodeVersion, deriveRequesterKeys, generateReceiptCode, ready } from '@ashar/crypto';

/** Milliseconds one derivation takes with `backend` for a new code of `version`. */
async function timeDerivation(backend: CryptoBackend, version: ReceiptCodeVersion, instanceId: string): Promise<number> {
  await ready({ backend });
  const code = generateReceiptCode(version);
  const began = performance.now();
  deriveRequesterKeys(code, instanceId);
  return performance.now() - began;
}

(globalThis as { receiptDerivation?: typeof timeDerivation }).receiptDerivation = timeDerivation;
