import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Params } from 'nestjs-pino';
import { type Logger, destination, multistream, pino, stdTimeFunctions } from 'pino';

/** A request as the one line per request logs it: a random id, the method and the path. */
export function requestLine(req: { id?: unknown; method?: string; url?: string }): { id: unknown; method: string | undefined; path: string } {
  return { id: req.id, method: req.method, path: pathOnly(req.url) };
}

/**
 * Structured logs that carry no request body, header, cookie, query string or client
 * address: only the method, the path, the status and a random request id. `params` is for
 * nestjs-pino (Nest's own log lines), `requests` the middleware that writes one line per
 * request; both write through the same logger.
 */
export interface AsharLogging {
  params: Params;
  requests: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** Writes what is buffered and closes the destinations (pino also flushes at exit). */
  close(): Promise<void>;
}

/** `dest`: where lines go, a file descriptor or path (standard output; a test gives a file). */
export function asharLogging(level: string, dest: number | string = 1): AsharLogging {
  // Info lines (one per request) go out in one write per 4 KiB or 250 ms, not one per request
  // (docs/decisions.md, "Buffered request lines"); a process killed outright loses at most those
  // 250 ms. Warnings and errors (the first-run setup link too) are written at once.
  const buffered = destination({ dest, sync: false, minLength: 4096, periodicFlush: 250 });
  const immediate = destination({ dest, sync: true });
  const stdout = multistream(
    [
      { level: 'trace', stream: buffered },
      { level: 'warn', stream: immediate },
    ],
    { dedupe: true },
  );
  const options = (timestamp: () => string) => ({
    level,
    timestamp,
    serializers: {
      req: requestLine,
      res: (res: { statusCode?: number; status?: number }) => ({ status: res.statusCode ?? res.status }),
      err: (err: { type?: string; name?: string; message?: string }) => ({ type: err.type ?? err.name, message: err.message }),
    },
    // Belt and braces: even if a serializer changes, these never reach a log line.
    redact: { paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'req.query', 'req.body', 'res.headers'], remove: true },
  });
  const logger = pino(options(stdTimeFunctions.epochTime), stdout);
  // Request lines of anyone but signed-in staff: the time to the minute (requestLogging).
  const coarse = pino(options(minuteTime), stdout);
  return {
    // No per-request middleware from nestjs-pino (its cost: docs/decisions.md, "One log line per
    // request"): `requests` below writes the request line, and Nest's lines go through the same logger.
    params: { pinoHttp: { logger }, forRoutes: [] },
    requests: requestLogging(logger, coarse),
    close: () =>
      Promise.all(
        [buffered, immediate].map(
          (stream) =>
            new Promise<void>((resolve) => {
              stream.once('close', () => resolve());
              stream.end();
            }),
        ),
      ).then(() => undefined),
  };
}

/** pino's `time` member to the minute (epoch milliseconds of the minute's start). */
function minuteTime(): string {
  return `,"time":${Math.floor(Date.now() / 60_000) * 60_000}`;
}

/** True when the policy guard found a signed-in member of staff behind the request. */
function byStaff(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { principal?: { kind?: string } }).principal?.kind === 'staff';
}

/**
 * One line per finished request — `request completed` at info, or at error for a 5xx — with a
 * random id, the method, the path without its query string and the status;
 * `request aborted` at warn when the client went away first. Health checks are not logged.
 * A signed-in member of staff's line has its time in milliseconds and the time taken
 * (`responseTime`); anyone else's — a requester, or someone not signed in, who may be one
 * (the portal's reads come just before an intake) — has its time to the minute and no
 * `responseTime` (docs/decisions.md, "Requester times").
 */
function requestLogging(logger: Logger, coarse: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    if ((req.url ?? '').startsWith('/api/health')) return next();
    const started = performance.now();
    const line = { id: randomUUID(), method: req.method, url: req.url }; // the serializer keeps the path only
    res.once('close', () => {
      const staff = byStaff(req);
      const log = staff ? logger : coarse;
      const timing = staff ? { responseTime: Math.round(performance.now() - started) } : {};
      if (!res.writableFinished) log.warn({ req: line, ...timing }, 'request aborted');
      else if (res.statusCode >= 500) log.error({ req: line, res: { status: res.statusCode }, ...timing }, 'request completed');
      else log.info({ req: line, res: { status: res.statusCode }, ...timing }, 'request completed');
    });
    next();
  };
}

/** The path of a URL without its query string (which may hold tokens). */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 300);
}
