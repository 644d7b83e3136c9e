/**
 * Plain words for what can go wrong on the public pages: the api's refusals, the crypto
 * worker's codes, and the portal's own checks. Never the technical detail of a failure, and
 * nothing of what the person wrote.
 */
import { AuthError, FileError, GeneralError } from '@ashar/domain';
import { ApiError } from '../../api/client';
import { workerErrorCode } from '../../crypto/crypto-client';

/** A refusal of the portal itself, before anything is sent. */
export class PortalError extends Error {
  override readonly name = 'PortalError';
}

const API_WORDS: Readonly<Record<string, string>> = {
  network: 'The server could not be reached. Check your connection and try again.',
  [GeneralError.RateLimited]: 'Too many requests were sent from here in a short time. Wait a minute, then try again.',
  [AuthError.SignInFailed]: 'This receipt code was not recognised. Check every character and try again.',
  [FileError.FileTooLarge]: 'This file is larger than the server accepts.',
  [FileError.TooManyFiles]: 'Your request already has as many files as it can hold.',
  [GeneralError.Conflict]: 'The server refused this because the request is closed, or the same thing was sent twice. Start again.',
  [GeneralError.PayloadTooLarge]: 'This is larger than the server accepts.',
};

const WORKER_WORDS: Readonly<Record<string, string>> = {
  untrusted_desk:
    'The keys the server gave for our teams are not signed by this organisation. Nothing was sent. Do not try again from this connection; someone may be interfering with it.',
  desk_history_broken:
    'The key of a team your request goes to was changed without the approval this organisation requires. Nothing was sent. Do not try again from this connection; someone may be interfering with it.',
  desk_rollback:
    'The server offered an older key for one of our teams than this browser saw before. Nothing was sent. Do not try again from this connection; someone may be interfering with it.',
  desk_revoked: 'The key of a team your request goes to was withdrawn, and no new one is ready yet. Nothing was sent. Try again later.',
  record_too_large: 'Your answers are too long to send together. Shorten the longest ones.',
  file_unreadable: 'This file could not be read any more. It may have been moved, changed or deleted. Add it again.',
  no_receipt: 'The page lost your receipt keys (it was probably reloaded). Start again.',
  no_case: 'Your request could not be opened in this browser. Sign in again with your receipt code.',
  download_unavailable: 'This file could not be fetched or did not decrypt completely. Try again in a moment.',
  truncated_stream: 'This file arrived incomplete, so it was not saved. Try again.',
  no_upload: 'This upload can no longer continue (the page was probably reloaded). Add the file again.',
  bad_length: 'A receipt code has 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX.',
  bad_encoding: 'A receipt code has only the digits 0–9 and letters A–Z except I, L, O and U. Check what you typed.',
  wrong_key: 'Your request could not be opened with this receipt code.',
  tampered: 'What the server sent was altered, so it was not shown.',
  wrong_ad: 'What the server sent belongs to another request, so it was not shown.',
  bad_signature: 'What the server sent is not signed as it should be, so it was not shown.',
  case_unverified: 'The key the server gave for your request does not open what you wrote, so nothing was shown and nothing can be sent. Someone may be interfering with the server.',
};

export function describePortalError(error: unknown): string {
  if (error instanceof PortalError) return error.message;
  if (error instanceof ApiError) {
    if (error.status === 503) return 'We cannot receive requests of this kind right now. Try again later.';
    return API_WORDS[error.code] ?? (error.status >= 500 ? 'The server ran into a problem. Try again in a moment.' : error.message);
  }
  const code = workerErrorCode(error);
  if (code !== null) return WORKER_WORDS[code] ?? 'The encryption in this browser failed. Reload the page and try again.';
  return 'Something went wrong. Reload the page and try again.';
}
