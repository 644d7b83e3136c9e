import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { type NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { type Express } from 'express';

/**
 * Nest's Express adapter, except that the HTTP server makes each request and response with
 * Express's own prototypes (node:http's `IncomingMessage` and `ServerResponse` options).
 *
 * Express otherwise gives every request and response its prototype afterwards with
 * Object.setPrototypeOf, after which V8 shares no hidden classes between requests (docs/decisions.md,
 * "Memory under load"). Made with the right prototype already, that call changes nothing.
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
 * whatever `this` they are called on; so a plain function calling them on the object `new` made
 * from `prototype` is an ordinary construction on V8's fast path, where Reflect.construct takes
 * the slow one (docs/decisions.md, "Memory under load"). If a later Node.js makes them classes
 * (which cannot be called), Reflect.construct it is.
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
