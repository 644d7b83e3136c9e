import { AuthError, CaseError, DomainError, ERRORS_BY_CONTEXT, ERROR_CODES, FileError, GeneralError, KeyError, PROBLEM_TYPE_PREFIX, RuleError, isDomainError, problemType } from './index';

describe('the error vocabulary', () => {
  test('every code is kebab-case and belongs to exactly one context', () => {
    const seen = new Map<string, string>();
    for (const [context, codes] of Object.entries(ERRORS_BY_CONTEXT)) {
      for (const code of Object.values(codes)) {
        expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect({ code, context: seen.get(code) ?? context }).toEqual({ code, context });
        seen.set(code, context);
      }
    }
    expect([...seen.keys()].sort()).toEqual([...ERROR_CODES].sort());
    expect(ERROR_CODES).toHaveLength(new Set(ERROR_CODES).size);
  });

  test('the codes clients compare keep their spelling', () => {
    expect([GeneralError.NotFound, GeneralError.Validation, GeneralError.Conflict, GeneralError.Unavailable]).toEqual(['not-found', 'validation', 'conflict', 'unavailable']);
    expect([AuthError.SignInFailed, AuthError.Csrf, AuthError.StepUpRequired]).toEqual(['sign-in-failed', 'csrf', 'step-up-required']);
    expect([FileError.ChunkOrder, FileError.ChunkConflict, FileError.Incomplete]).toEqual(['chunk-order', 'chunk-conflict', 'incomplete']);
    expect([CaseError.InvalidTransition, KeyError.NoRoot]).toEqual(['invalid-transition', 'no-root']);
  });

  test('a problem type is the prefix and the code', () => {
    expect(problemType(FileError.ChunkOrder)).toBe('urn:ashar:problem:chunk-order');
    expect(problemType(GeneralError.NotFound).startsWith(PROBLEM_TYPE_PREFIX)).toBe(true);
  });

  test('DomainError carries a code, a safe detail and details, and no status', () => {
    const error = new DomainError(RuleError.AccessDenied, 'no', { subject: 'AidCase' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.message).toBe('no');
    expect(error.details).toEqual({ subject: 'AidCase' });
    expect(error).not.toHaveProperty('status');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, RuleError.AccessDenied)).toBe(true);
    expect(isDomainError(error, RuleError.InvalidInput)).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(new DomainError(GeneralError.NotFound).message).toBe('');
  });
});
