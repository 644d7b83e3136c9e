import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { type NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { type Express } from 'express';

/**
 * Nest's Express adapter, except that the HTTP server makes each request and response with
 * Express's own prototypes (node:http's `IncomingMessage` and `ServerResponse` options).
 *
 * Express otherwise gives every plain request and response its prototype afterwards, with
 * Object.setPrototypeOf. V8 cannot share hidden classes between objects whose prototype was
 * changed that way: every property added later (`req.next`, `req.baseUrl`, `req.id`,
 * `res.locals`, the session, the principal…) makes new hidden classes for that one request,
 * straight in the old generation, and objects they point to outlive the request until a full
 * collection. That was most of the api's memory growth under load (bench/upload: 18 KB of
 * old-generation garbage per GET /api/health, 38 KB per file chunk). Made with the right
 * prototype already, Express's Object.setPrototypeOf changes nothing and costs nothing.
 */
export class AsharExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // TLS ends at the reverse proxy (deploy/); the options Ashar never uses keep Nest's own server.
    if (options.httpsOptions || options.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.httpServer = createServer(
      { IncomingMessage: withPrototype(IncomingMessage, app.request), ServerResponse: withPrototype(ServerResponse, app.response) },
      app,
    );
  }
}

/**
 * A constructor that builds what `base` builds, with `prototype` as the object's prototype.
 *
 * node:http's IncomingMessage and ServerResponse are functions, not classes, that initialise
 * whatever `this` they are called on (their own Readable/Writable parts included); so a plain
 * function calling them on the object `new` made from `prototype` is an ordinary construction,
 * which V8 allocates and shapes on its fast path. Reflect.construct(base, args, newTarget), the
 * other way to give an object another prototype from birth, takes V8's slow path for every
 * request: measured here, an Express "hello" costs 0.29 ms of CPU per request made this way,
 * 0.46 ms left to Express's Object.setPrototypeOf, and 0.62 ms through Reflect.construct. If a
 * later Node.js makes them classes (which cannot be called), Reflect.construct it is.
 */
export function withPrototype<C extends typeof IncomingMessage | typeof ServerResponse>(base: C, prototype: object): C {
  if (isClass(base)) {
    const made = function (this: unknown, ...args: unknown[]): object {
      return Reflect.construct(base, args, made) as object;
    };
    made.prototype = prototype;
    return made as unknown as C;
  }
  const init = base as unknown as (this: object, ...args: unknown[]) => void;
  const made = function (this: object, ...args: unknown[]): void {
    init.apply(this, args);
  };
  made.prototype = prototype;
  return made as unknown as C;
}

/** Whether `fn` is an ES class (which only `new` may call). */
export function isClass(fn: object): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
