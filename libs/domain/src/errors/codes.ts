import { AccessError } from './access';
import { AuthError } from './auth';
import { CallError } from './calls';
import { CallReviewError, CohortError } from './call-review';
import { CaseError } from './cases';
import { FileError } from './files';
import { GeneralError } from './general';
import { GrantError } from './grants';
import { KeyError } from './keys';
import { RuleError } from './rules';

/** Every context's codes, by context; a code is the part after PROBLEM_TYPE_PREFIX in a problem's `type`. */
export const ERRORS_BY_CONTEXT = {
  general: GeneralError,
  auth: AuthError,
  cases: CaseError,
  files: FileError,
  keys: KeyError,
  rules: RuleError,
  access: AccessError,
  grants: GrantError,
  calls: CallError,
  review: CallReviewError,
  cohorts: CohortError,
} as const;

type Values<T> = T[keyof T];
export type ErrorCode = Values<{ [K in keyof typeof ERRORS_BY_CONTEXT]: Values<(typeof ERRORS_BY_CONTEXT)[K]> }>;

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ERRORS_BY_CONTEXT).flatMap((codes) => Object.values(codes));

/** The problem `type` of a code is this prefix and the code (RFC 9457 §3.1.1). */
export const PROBLEM_TYPE_PREFIX = 'urn:ashar:problem:';

export const problemType = (code: string): string => `${PROBLEM_TYPE_PREFIX}${code}`;
