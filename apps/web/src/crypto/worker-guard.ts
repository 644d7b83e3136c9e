import { CryptoError, ready } from '@ashar/crypto';
import { type RequesterErrorCode } from './requester-worker-api';
import { WORKER_CRYPTO_ERROR, type WorkerErrorCode, type WorkerOnlyErrorCode } from './worker-api';

/** A failure of a worker's own state or checks, with a code beside those of libs/crypto. */
export class CodedError<C extends WorkerOnlyErrorCode | RequesterErrorCode> extends Error {
  constructor(readonly code: C) {
    super(code);
  }
}

/** The code of a failure as the page may see it: libs/crypto's or the worker's own, else 'internal'. */
export function codeOf(error: unknown): WorkerErrorCode {
  return error instanceof CryptoError || error instanceof CodedError ? error.code : 'internal';
}

/**
 * Wraps a worker operation: libsodium is ready first, and errors cross to the page as plain
 * Errors named WORKER_CRYPTO_ERROR whose message is only the code — a code is all the page
 * needs, and no message can carry anything else out of the worker.
 */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    await ready();
    try {
      return await fn(...args);
    } catch (error) {
      const failure = new Error(codeOf(error));
      failure.name = WORKER_CRYPTO_ERROR;
      throw failure;
    }
  };
}

/** A failure of the staff worker's own state or checks, with a code beside those of libs/crypto. */
export class WorkerStateError extends CodedError<WorkerOnlyErrorCode> {}
