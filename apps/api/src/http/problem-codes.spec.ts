import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, ERROR_CODES, type ErrorCode, GeneralError, RuleError, problemType } from '@ashar/domain';
import { PROBLEM_MAPPINGS, codeOfStatus, problemOfCode } from './problem-codes';
import { toProblem } from './problem.filter';

/** The problem types and statuses the web and the api's clients already rely on. */
const RELIED_ON: Record<string, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  validation: 422,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
  'sign-in-failed': 401,
  'ceremony-expired': 400,
  'passkey-registration-failed': 400,
  'last-passkey': 409,
  csrf: 403,
  'step-up-required': 403,
  'invalid-transition': 409,
  'transition-forbidden': 403,
  incomplete: 409,
  'file-too-large': 413,
  'too-many-files': 422,
  'chunk-conflict': 409,
  'chunk-order': 409,
  'chunk-size': 422,
  aborted: 400,
  'no-root': 409,
  'certificate-rejected': 422,
  'admin-exclusive': 422,
  'desk-lead-only': 403,
  'last-desk-lead': 409,
};

describe('problem mappings', () => {
  test('every code of libs/domain has a mapping, and every mapping a code', () => {
    expect(Object.keys(PROBLEM_MAPPINGS).sort()).toEqual([...ERROR_CODES].sort());
  });

  test('a code is answered with an error status and a title, or exactly as a code that is', () => {
    for (const code of ERROR_CODES) {
      const mapping = PROBLEM_MAPPINGS[code];
      const direct = 'answerAs' in mapping ? PROBLEM_MAPPINGS[mapping.answerAs] : mapping;
      expect({ code, direct: 'status' in direct }).toEqual({ code, direct: true });
      if ('status' in direct) {
        expect(direct.status).toBeGreaterThanOrEqual(400);
        expect(direct.status).toBeLessThan(600);
        expect(direct.title).toMatch(/\S/);
      }
    }
  });

  test('the problem types and statuses clients rely on are unchanged', () => {
    for (const [code, status] of Object.entries(RELIED_ON)) {
      expect({ code, ...problemOfCode(code) }).toMatchObject({ code, type: `urn:ashar:problem:${code}`, status });
    }
  });

  test('a DomainError leaves with its code, its words as detail and its details as members', () => {
    for (const code of Object.keys(RELIED_ON) as ErrorCode[]) {
      const problem = toProblem(new DomainError(code, 'what went wrong', { nextVersion: 2 }));
      const expected = problemOfCode(code);
      expect(problem.type).toBe(problemType(code));
      expect(problem.status).toBe(expected.status);
      if (problem.status < 500) expect(problem).toMatchObject({ detail: 'what went wrong', nextVersion: 2 });
      else if (code === GeneralError.Internal) expect(problem).toEqual(expected);
    }
    const validation = toProblem(new DomainError(GeneralError.Validation, '', { errors: [{ path: 'token', message: 'Required' }] }));
    expect(validation).toEqual({ ...problemOfCode(GeneralError.Validation), errors: [{ path: 'token', message: 'Required' }] });
    expect(toProblem(new DomainError(GeneralError.Unavailable, 'redis: down', { details: { redis: { status: 'down' } } }))).toMatchObject({ status: 503, detail: 'redis: down', details: { redis: { status: 'down' } } });
  });

  test('details never overwrite the problem members', () => {
    const problem = toProblem(new DomainError(GeneralError.Conflict, 'taken', { status: 200, type: 'x', title: 'y' }));
    expect(problem).toMatchObject({ type: problemType(GeneralError.Conflict), status: 409, title: 'The request conflicts with the current state', detail: 'taken' });
  });

  test('an access refusal is answered exactly as a missing record; a rule bug as a bare internal error', () => {
    expect(toProblem(new DomainError(RuleError.AccessDenied, 'Not allowed to read AidCase', { subject: 'AidCase' }))).toEqual(problemOfCode(GeneralError.NotFound));
    expect(toProblem(new DomainError(RuleError.UnmappedField, 'No SQL column given for field "x"', { field: 'x' }))).toEqual(problemOfCode(GeneralError.Internal));
    expect(toProblem(new DomainError('made-up' as ErrorCode, 'x'))).toEqual(problemOfCode(GeneralError.Internal));
  });

  test('errors of Nest and body-parser are answered by their status', () => {
    expect(toProblem(new NotFoundException())).toEqual(problemOfCode(GeneralError.NotFound));
    expect(toProblem(new PayloadTooLargeException('A chunk has at most 10 bytes.'))).toMatchObject({ type: problemType(GeneralError.PayloadTooLarge), status: 413, detail: 'A chunk has at most 10 bytes.' });
    expect(toProblem(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }))).toEqual(problemOfCode(GeneralError.PayloadTooLarge));
    expect(toProblem(new Error('secret internals'))).toEqual(problemOfCode(GeneralError.Internal));
    expect(codeOfStatus(406)).toBe(GeneralError.BadRequest);
    expect(toProblem(Object.assign(new Error('x'), { status: 406, type: 'x' }))).toMatchObject({ type: problemType(GeneralError.BadRequest), status: 406 });
  });
});
