/** Codes any context may use: the plain refusals every api has. */
export const GeneralError = {
  BadRequest: 'bad-request',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  MethodNotAllowed: 'method-not-allowed',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload-too-large',
  UnsupportedMediaType: 'unsupported-media-type',
  /** A request failed a check of its content; `details.errors` may name the fields. */
  Validation: 'validation',
  RateLimited: 'rate-limited',
  /** The route wants a solved proof-of-work challenge (header `Ashar-Pow`) and none came. */
  PowRequired: 'pow-required',
  /** The proof of work was malformed, wrong, expired, for another action, or already used. */
  PowInvalid: 'pow-invalid',
  /** The route's budget for everyone together is spent for this minute; Retry-After says when to try again. */
  Busy: 'busy',
  /** A bug on our side; its message never reaches the client. */
  Internal: 'internal',
  /** Something the request needs is missing or busy right now; trying again later may work. */
  Unavailable: 'unavailable',
} as const;
