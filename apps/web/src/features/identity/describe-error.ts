import { ApiError } from '../../api/client';
import { workerErrorCode, workerErrorMessage } from '../../crypto/crypto-client';
import { currentUiLanguage } from '../../i18n';
import { ct, hasConsoleKey } from '../../ui/console-t';
import { isPasskeyError, passkeyErrorMessage } from './passkeys';

/**
 * The api's words for a refusal in the console's language: in English as the api client put
 * them (the api's own detail when it gave one), in another language by the problem's code
 * (console namespace `errors.api.*`), falling back to the English words for a code without one.
 */
function apiErrorMessage(error: ApiError): string {
  if (currentUiLanguage() === 'en') return error.message;
  const key = `errors.api.${error.code}`;
  if (hasConsoleKey(key)) return ct(key);
  const status = /^http-(\d+)$/.exec(error.code)?.[1];
  if (status) return Number(status) >= 500 ? ct('errors.server') : ct('errors.refused', { status });
  return error.message;
}

/** The crypto worker's refusal in the console's language (`errors.worker.*`). */
function workerMessage(error: unknown): string {
  const code = workerErrorCode(error);
  const key = `errors.worker.${code ?? 'unexpected'}`;
  return hasConsoleKey(key) ? ct(key) : workerErrorMessage(error);
}

/** One sentence a person can act on, whatever failed: the api, a passkey or the crypto worker. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return apiErrorMessage(error);
  if (workerErrorCode(error) !== null) return workerMessage(error);
  if (isPasskeyError(error)) return passkeyErrorMessage(error);
  return ct('common.unexpected');
}
