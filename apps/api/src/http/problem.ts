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
