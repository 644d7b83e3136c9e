import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { type Params } from 'nestjs-pino';
import { destination, multistream } from 'pino';

/**
 * Structured logs that carry no request body, header, cookie, query string or
 * client address: only the method, the path, the status and a random request id.
 */
export function loggerParams(level: string): Params {
  // Info lines (one per request) are buffered: they gather up to 4 KiB and go out in one write,
  // at the latest 250 ms after they were logged, instead of one write(2) per request (a busy api
  // logs hundreds a second; bench/intake). pino flushes what is left when the process exits; a
  // process killed outright loses at most those 250 ms of info lines. Warnings and errors (and
  // the first-run setup link, a warning) are written at once, so what comes before a crash is kept.
  const stdout = multistream(
    [
      { level: 'trace', stream: destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }) },
      { level: 'warn', stream: destination({ dest: 1, sync: true }) },
    ],
    { dedupe: true },
  );
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level,
        genReqId: () => randomUUID(),
        quietReqLogger: true,
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health') },
        serializers: {
          req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
          res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
          err: (err: { type?: string; message?: string }) => ({ type: err.type, message: err.message }),
        },
        // Belt and braces: even if a serializer changes, these never reach a log line.
        redact: { paths: ['req.headers', 'req.remoteAddress', 'req.remotePort', 'req.query', 'req.body', 'res.headers'], remove: true },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      },
      stdout,
    ],
  };
}

/** The path of a URL without its query string (which may hold tokens). */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)).slice(0, 300);
}
