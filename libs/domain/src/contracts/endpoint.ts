/**
 * One api endpoint described once: method, path, the schemas of its path parameters, query and
 * body, the status of a success and the schema of its answer. The api validates with these
 * schemas and types its controllers' answers from them; the web client builds its requests and
 * types its answers from them. A tiny typed object rather than ts-rest or zodios: both still
 * require zod 3 (see docs/decisions.md).
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  /** The full path as the router knows it, `:name` for a parameter, e.g. `/api/v1/cases/:id`. */
  readonly path: `/api/${string}`;
  /** The status of a success (Nest's default: 201 for POST, 200 otherwise). */
  readonly status: 200 | 201 | 204;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body, or `octetStream` for raw bytes. */
  readonly body?: z.ZodType;
  /** The answer: a JSON shape, `noContent` for 204, or `octetStream` for raw bytes. */
  readonly response: z.ZodType;
}

/** Checks the shape and keeps the literal types of an endpoint. */
export const defineEndpoint = <const E extends Endpoint>(endpoint: E): E => endpoint;

// The schemas below are marked pure so that a bundle that needs only `pathOf` (the web's api client) leaves zod out.
/** The answer of a 204: no body. */
export const noContent = /* @__PURE__ */ z.undefined();
/** Raw bytes (application/octet-stream), never JSON. */
export const octetStream = /* @__PURE__ */ z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'Expected raw bytes' });
/** An HTML form (application/x-www-form-urlencoded), read and checked by the handler itself within its own byte limit. */
export const urlEncodedForm = /* @__PURE__ */ z.custom<URLSearchParams>((value) => value instanceof URLSearchParams, { error: 'Expected a form' });
/** An HTML page as the answer (the pages that work without JavaScript), never JSON. */
export const htmlPage = /* @__PURE__ */ z.string();
/**
 * A JSON object made and checked elsewhere (libs/crypto's certificates and vault wraps, WebAuthn
 * extension results), at most `maxChars` of JSON; typed `object` so their own interfaces fit.
 */
export const jsonObject = (maxChars: number) =>
  z
    .custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'Expected an object' })
    .refine((v) => JSON.stringify(v).length <= maxChars, 'too large');
/** An empty JSON object, the body of a POST that carries nothing but the CSRF token. */
export const emptyBodySchema = /* @__PURE__ */ z.strictObject({});

/** What the api receives in the path, query and body, after validation. */
export type ParamsOf<E extends Endpoint> = E extends { readonly params: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;
export type QueryOf<E extends Endpoint> = E extends { readonly query: infer S extends z.ZodType } ? z.output<S> : Record<string, never>;
export type BodyOf<E extends Endpoint> = E extends { readonly body: infer S extends z.ZodType } ? z.output<S> : undefined;
/** What a caller sends, before validation (defaults still missing, coerced fields still text); never for none. */
export type ParamsInput<E extends Endpoint> = E extends { readonly params: infer S extends z.ZodType } ? z.input<S> : never;
export type QueryInput<E extends Endpoint> = E extends { readonly query: infer S extends z.ZodType } ? z.input<S> : never;
export type BodyInput<E extends Endpoint> = E extends { readonly body: infer S extends z.ZodType } ? z.input<S> : never;
/** The answer of a success. */
export type ResponseOf<E extends Endpoint> = z.output<E['response']>;
/** What a handler of the endpoint returns. */
export type Answer<E extends Endpoint> = Promise<ResponseOf<E>>;

/** The names of a path's parameters, in order (`/a/:id/b/:n` → `['id', 'n']`). */
export function pathParamNames(path: string): string[] {
  return path
    .split('/')
    .filter((part) => part.startsWith(':'))
    .map((part) => part.slice(1));
}

/** The path with each `:name` replaced by its value, URL-encoded. Throws for a missing value. */
export function pathOf(endpoint: Endpoint, params: Readonly<Record<string, string | number>> = {}): string {
  return endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${endpoint.method} ${endpoint.path} needs the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
