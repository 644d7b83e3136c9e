import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemError, problemType } from './problem';

const CODES: Record<number, [string, string]> = {
  400: ['bad-request', 'The request is malformed'],
  401: ['unauthenticated', 'Sign-in is required'],
  403: ['forbidden', 'This action is not allowed'],
  404: ['not-found', 'Nothing was found here'],
  405: ['method-not-allowed', 'This method is not allowed here'],
  409: ['conflict', 'The request conflicts with the current state'],
  413: ['payload-too-large', 'The request body is too large'],
  415: ['unsupported-media-type', 'This content type is not accepted'],
  422: ['validation', 'The request did not pass validation'],
  429: ['rate-limited', 'Too many requests; try again later'],
  500: ['internal', 'Something went wrong on our side'],
  503: ['unavailable', 'A service the system needs is unavailable'],
};

/**
 * The one exception filter: every error leaves as problem+json. Messages from
 * unexpected errors are never sent to the client (they may hold internals), and
 * nothing from the request body is ever echoed.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.path;
    if (problem.status >= 500) {
      this.logger.error({ err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : undefined }, `unhandled error on ${req.method} ${req.path}`);
    }
    if (res.headersSent) return;
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemError) {
      return {
        ...exception.extensions,
        type: problemType(exception.code),
        title: exception.title,
        status: exception.status,
        ...(exception.detail ? { detail: exception.detail } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    const status = statusOf(exception);
    const [code, title] = CODES[status] ?? (status >= 500 ? CODES[500]! : CODES[400]!);
    const detail = status < 500 && exception instanceof HttpException ? safeDetail(exception, status, title) : undefined;
    return { type: problemType(code), title, status, ...(detail ? { detail } : {}) };
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  // body-parser errors carry their own status (413 too large, 400 bad JSON, 415 charset).
  const e = exception as { status?: unknown; type?: unknown };
  if (typeof e?.status === 'number' && typeof e.type === 'string' && e.status >= 400 && e.status < 500) return e.status;
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
