/**
 * Plain words for what can go wrong on the public pages: the api's refusals, the crypto
 * worker's codes, and the portal's own checks. Never the technical detail of a failure, and
 * nothing of what the person wrote. Keys of the `portal` namespace (`error.*`).
 */
import { AuthError, FileError, GeneralError } from '@ashar/domain';
import { ApiError } from '../../api/client';
import { workerErrorCode } from '../../crypto/crypto-client';
import { type Words, words } from './words';

/** A refusal of the portal itself, before anything is sent, in words of the `portal` namespace. */
export class PortalError extends Error {
  override readonly name = 'PortalError';
  constructor(readonly words: Words) {
    super(words.key);
  }
}

const API_WORDS: Readonly<Record<string, string>> = {
  network: 'error.network',
  [GeneralError.RateLimited]: 'error.rateLimited',
  [AuthError.SignInFailed]: 'error.unknownReceipt',
  [FileError.FileTooLarge]: 'error.fileTooLarge',
  [FileError.TooManyFiles]: 'error.tooManyFiles',
  [GeneralError.Conflict]: 'error.conflict',
  [GeneralError.PayloadTooLarge]: 'error.payloadTooLarge',
};

const WORKER_CODES = [
  'untrusted_desk',
  'desk_history_broken',
  'desk_rollback',
  'desk_revoked',
  'record_too_large',
  'file_unreadable',
  'no_receipt',
  'no_case',
  'download_unavailable',
  'truncated_stream',
  'no_upload',
  'bad_length',
  'bad_encoding',
  'wrong_key',
  'tampered',
  'wrong_ad',
  'bad_signature',
  'case_unverified',
] as const;
const workerCodes: ReadonlySet<string> = new Set(WORKER_CODES);

export function describePortalError(error: unknown): Words {
  if (error instanceof PortalError) return error.words;
  if (error instanceof ApiError) {
    if (error.status === 503) return words('error.unavailable');
    const key = API_WORDS[error.code];
    if (key) return words(key);
    // The api's own sentence is English and technical: the requester gets plain words instead.
    return words(error.status >= 500 ? 'error.server' : 'error.refused');
  }
  const code = workerErrorCode(error);
  if (code !== null) return words(workerCodes.has(code) ? `error.worker.${code}` : 'error.encryption');
  return words('error.unknown');
}
