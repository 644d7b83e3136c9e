/** RFC 9457 problem details, as every error of the api is answered. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** For validation problems: which fields were wrong, never their values. */
  errors?: { path: string; message: string }[];
  /** Extension members (RFC 9457 §3.2), e.g. the checks of a readiness probe. */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A stable problem type URI for a short code. */
export const problemType = (code: string) => `urn:ashar:problem:${code}`;

/** Error to throw from services when a request must fail with a specific problem. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(title);
    this.name = 'ProblemError';
  }
}
