/**
 * The error vocabulary shared by the api and the web: each context's codes in its own file,
 * and the one error type that carries them.
 */
export { AccessError } from './access';
export { AuthError } from './auth';
export { CallError } from './calls';
export { CallReviewError, CohortError } from './call-review';
export { CaseError } from './cases';
export { ERRORS_BY_CONTEXT, ERROR_CODES, PROBLEM_TYPE_PREFIX, problemType, type ErrorCode } from './codes';
export { DomainError, isDomainError } from './domain-error';
export { FileError } from './files';
export { GeneralError } from './general';
export { GrantError } from './grants';
export { KeyError } from './keys';
export { RuleError } from './rules';
