/**
 * The one way the web app talks to the api: an endpoint of libs/domain's contracts, JSON in and
 * out typed from its schemas, same-origin cookies, the CSRF token of the current session on
 * every state-changing request, and problem+json turned into an ApiError whose message a person
 * can read. Nothing secret ever goes into a URL.
 */
import { type BodyInput, type Endpoint, type ParamsInput, type QueryInput, type ResponseOf, AuthError, GeneralError, PROBLEM_TYPE_PREFIX, pathOf } from '@ashar/domain';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;

/** Remembers the CSRF token of the session the api just answered with (null after sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header of the current session, for requests `api` does not make (raw bytes). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/**
 * Signing out ends what the session was asking: the requests under way are abandoned (an answer
 * to one of them after the session ended would read as "your session has ended") and no other
 * starts until the sign-out is done, except the sign-out itself.
 */
let sessionRequests = new AbortController();
let signingOut = false;

/** Abandons every request under way and holds back new ones (the sign-out's own call passes). */
export function holdRequestsForSignOut(): void {
  signingOut = true;
  sessionRequests.abort();
  sessionRequests = new AbortController();
}

/** Lets requests start again once the signed-out state is in place. */
export function releaseRequestsAfterSignOut(): void {
  signingOut = false;
}

/** A signal that aborts when either of two does (AbortSignal.any is missing from older phones' browsers). */
function eitherSignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  if (!b) return a;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const both = new AbortController();
  const abort = () => both.abort();
  if (a.aborted || b.aborted) both.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return both.signal;
}

/** RFC 9457 problem details as the api sends them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { path: string; message: string }[];
}

/** A request the api refused or could not answer. `code` is the part after `urn:ashar:problem:`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

const MESSAGES: Record<string, string> = {
  [AuthError.SignInFailed]: 'This passkey could not sign you in. It may have been removed from your account, or it belongs to another server.',
  [AuthError.Csrf]: 'Your session could not be confirmed. Reload the page and sign in again.',
  [AuthError.StepUpRequired]: 'Confirm with your passkey first: this action needs a fresh confirmation.',
  unauthorized: 'You are not signed in, or your session has ended. Sign in again.',
  [GeneralError.Unauthenticated]: 'You are not signed in, or your session has ended. Sign in again.',
  [GeneralError.Forbidden]: 'You are not allowed to do this.',
  [GeneralError.NotFound]: 'This was not found. It may have been removed, or the link has expired.',
  [GeneralError.RateLimited]: 'Too many attempts. Wait a minute and try again.',
  [GeneralError.Unavailable]: 'The server is not ready. Try again in a moment.',
  network: 'The server could not be reached. Check your connection and try again.',
};

function problemCode(type: string | undefined, status: number): string {
  if (type?.startsWith(PROBLEM_TYPE_PREFIX)) return type.slice(PROBLEM_TYPE_PREFIX.length);
  if (status === 401) return 'unauthorized';
  if (status === 403) return GeneralError.Forbidden;
  if (status === 404) return GeneralError.NotFound;
  if (status === 429) return GeneralError.RateLimited;
  return `http-${status}`;
}

/** A human message for a problem: ours for the codes we know, else the api's own words. */
function messageFor(code: string, problem: Partial<Problem> | null, status: number): string {
  const known = MESSAGES[code];
  if (known) return known;
  const fromServer = problem?.detail ?? problem?.title;
  if (fromServer) return fromServer;
  return status >= 500 ? 'The server ran into a problem. Try again in a moment.' : `The request was refused (${status}).`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> | null = null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Partial<Problem>;
    } catch {
      problem = null;
    }
  }
  const code = problemCode(problem?.type, response.status);
  return new ApiError(response.status, code, messageFor(code, problem, response.status), problem as Problem | null);
}

/** What a call of endpoint E needs: its path parameters and body when it has them, an optional query and signal. */
export type CallOptions<E extends Endpoint> = (E extends { readonly params: object } ? { readonly params: ParamsInput<E> } : { readonly params?: never }) &
  (E extends { readonly body: object } ? { readonly body: BodyInput<E> } : { readonly body?: never }) &
  (E extends { readonly query: object } ? { readonly query?: QueryInput<E> } : { readonly query?: never }) & {
    readonly signal?: AbortSignal;
    /** The sign-out itself, which goes while other requests are held back. */
    readonly signOut?: true;
    /** Extra request headers (a proof of work); never anything secret. */
    readonly headers?: Readonly<Record<string, string>>;
  };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "needs nothing" is the empty object type
type CallArgs<E extends Endpoint> = {} extends CallOptions<E> ? [options?: CallOptions<E>] : [options: CallOptions<E>];

/** The query string of a call: words, numbers and opaque cursors, nothing secret; empty values left out. */
function searchOf(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls one endpoint of the contract and returns its parsed JSON answer (undefined for 204).
 * Throws ApiError for any answer outside 2xx, and ApiError `network` when there is no answer.
 */
export async function call<const E extends Endpoint>(endpoint: E, ...[options]: CallArgs<E>): Promise<ResponseOf<E>> {
  const { params, query, body, signal, signOut, headers: extra } = (options ?? {}) as { params?: Record<string, string | number>; query?: object; body?: unknown; signal?: AbortSignal; signOut?: true; headers?: Record<string, string> };
  if (signingOut && !signOut) throw new DOMException('signing out', 'AbortError');
  const { method } = endpoint;
  const headers: Record<string, string> = { ...extra, accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${pathOf(endpoint, params)}${searchOf(query)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      signal: signOut ? signal : eitherSignal(sessionRequests.signal, signal),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', MESSAGES['network'] as string);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as ResponseOf<E>;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as ResponseOf<E>;
}

/** True when `error` is an ApiError, optionally with the given code or status. */
export function isApiError(error: unknown, codeOrStatus?: string | number): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  if (codeOrStatus === undefined) return true;
  return typeof codeOrStatus === 'number' ? error.status === codeOrStatus : error.code === codeOrStatus;
}
