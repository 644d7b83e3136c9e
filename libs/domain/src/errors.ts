/**
 * The one error type domain code throws. It carries a stable code that the api maps to an
 * RFC 9457 problem type in one exception filter; domain code never throws HTTP exceptions.
 */

export const DomainErrorCode = {
  /** The lifecycle has no edge between the two statuses (includes anything out of `purged`). */
  InvalidTransition: 'invalid_transition',
  /** The edge exists but the actor kind may not take it. */
  TransitionForbidden: 'transition_forbidden',
  /** The ability does not allow the action. The api answers 404 for records, like a missing one. */
  AccessDenied: 'access_denied',
  /** A value failed a domain check (bad date, unknown urgency, oversized field...). */
  InvalidInput: 'invalid_input',
  /** An ability rule uses a condition operator the SQL translation does not support. */
  UnsupportedCondition: 'unsupported_condition',
  /** An ability rule names a subject field the caller gave no SQL column for. */
  UnmappedField: 'unmapped_field',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = Object.values(DomainErrorCode);

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Ids and names only, never content: this may end up in logs and problem details. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
