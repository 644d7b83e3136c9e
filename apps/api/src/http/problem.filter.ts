import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@ashar/domain';
import { type Request, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem';
import { codeOfStatus, problemOfCode, problemOfError } from './problem-codes';

/**
 * The one exception filter: every error leaves as problem+json. A DomainError is answered by
 * its code (PROBLEM_MAPPINGS); Nest's and body-parser's own errors by their status. Messages
 * from unexpected errors are never sent to the client (they may hold internals), and nothing
 * from the request body is ever echoed.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    // A `retryAfter` detail (seconds) of a 503 is said in the Retry-After header, not in the body.
    const { retryAfter, ...problem } = toProblem(exception);
    problem.instance = req.path;
    // A 503 the code chose (a service away, a routing change) is an answer, not a bug: no stack trace.
    if (problem.status >= 500 && !(exception instanceof DomainError && problem.status === 503)) {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : undefined }, `unhandled error on ${req.method} ${req.path}`);
    }
    if (res.headersSent) return;
    if (problem.status === 503 && typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter > 0) res.setHeader('Retry-After', String(retryAfter));
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** The problem an exception is answered with. */
export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) return problemOfError(exception);
  const status = statusOf(exception);
  const problem = { ...problemOfCode(codeOfStatus(status)), status };
  const detail = status < 500 && exception instanceof HttpException ? safeDetail(exception, status, problem.title) : undefined;
  return { ...problem, ...(detail ? { detail } : {}) };
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  // body-parser errors carry their own status (413 too large, 400 bad JSON or a body that does not decode, 415 charset).
  const e = exception as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof e?.status === 'number' && (typeof e.type === 'string' || e.expose === true) && e.status >= 400 && e.status < 500) return e.status;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

/** The message an HttpException was built with, when it is ours to show (not Nest's default). */
function safeDetail(exception: HttpException, status: number, title: string): string | undefined {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (typeof message !== 'string' || message === title || message === STATUS_CODES[status]) return undefined;
  if (/^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message)) return undefined; // echoes the URL
  return message.slice(0, 300);
}
