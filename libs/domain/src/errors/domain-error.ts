import { type ErrorCode } from './codes';

/**
 * The one error type services and domain code throw. It carries a stable code from this
 * folder's vocabulary and never an HTTP status: the api maps each code to a status and an
 * RFC 9457 problem in one exception filter, and the web compares the same codes.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: C,
    /** What went wrong, in words safe to show the caller (the problem's `detail`); may be empty. */
    detail = '',
    /** Ids, names and counts only, never content: they may end up in logs and problem details. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
  }
}

export function isDomainError<C extends ErrorCode>(value: unknown, code?: C): value is DomainError<C> {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
