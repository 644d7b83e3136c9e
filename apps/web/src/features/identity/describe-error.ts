import { ApiError } from '../../api/client';
import { workerErrorCode, workerErrorMessage } from '../../crypto/crypto-client';
import { isPasskeyError, passkeyErrorMessage } from './passkeys';

/** One sentence a person can act on, whatever failed: the api, a passkey or the crypto worker. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (workerErrorCode(error) !== null) return workerErrorMessage(error);
  if (isPasskeyError(error)) return passkeyErrorMessage(error);
  return 'Something went wrong. Reload the page and try again.';
}
