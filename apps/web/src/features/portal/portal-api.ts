/**
 * The api calls of the public portal and the requester follow-up (docs/cases-api.md "Intake",
 * "Requester follow-up", docs/files-api.md): public configuration, routing rules and desks,
 * the intake itself, receipt sign-in, the requester's case and file uploads. Bodies are
 * ciphertext, public keys and signatures made in the crypto worker; nothing secret goes into
 * a URL.
 */
import { type BodyInput, type CaseRecordInput, type IntakeRequest, filesContract, intakeContract, pathOf, AuthError, PROBLEM_TYPE_PREFIX, requesterAuthContract, requesterCaseContract, routingContract } from '@ashar/domain';
import { ApiError, call, csrfHeader, isApiError, setCsrfToken } from '../../api/client';
import { staffKeys } from '../../api/identity';
import { withPow } from '../../api/proof-of-work';

export type { IntakeConfig, StaffKeys } from '@ashar/domain';
export { staffKeys };

export const intakeConfig = () => call(intakeContract.config);
export const routingRules = () => call(routingContract.list);
/** POST /intake with a proof of work (prepared while the person reviewed the request, when it could be). */
export const submitIntake = (body: IntakeRequest) => withPow('intake', (headers) => call(intakeContract.submit, { body, headers }));

const file = (caseId: string, fileId: string) => ({ params: { caseId, fileId } });

/** Starts a file; a requester's proves work (`proveWork`), a member of staff's does not need to. */
export const createCaseFile = (caseId: string, body: BodyInput<typeof filesContract.create>, proveWork = true) =>
  proveWork ? withPow('file-create', (headers) => call(filesContract.create, { params: { caseId }, body, headers })) : call(filesContract.create, { params: { caseId }, body });
export const caseFile = (caseId: string, fileId: string) => call(filesContract.view, file(caseId, fileId));
export const caseFiles = (caseId: string) => call(filesContract.list, { params: { caseId } });
export const completeCaseFile = (caseId: string, fileId: string) => call(filesContract.complete, file(caseId, fileId));

/** The CSRF token of the requester session this page signed in. */
let requesterCsrf: string | null = null;

/**
 * PUT of one encrypted chunk, raw bytes, with the CSRF token of the page's session (a requester's
 * or a member of staff's). Throws ApiError like `api` (status 0 `network` when no answer came:
 * the caller retries, since the api accepts the same bytes again).
 */
export function putChunk(caseId: string, fileId: string, index: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  return putBytes(pathOf(filesContract.putChunk, { caseId, fileId, index }), bytes, signal);
}

/** PUT of raw encrypted bytes to an api path (a case file's or a grant report file's chunk), as `putChunk` describes. */
export async function putBytes(path: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/problem+json', ...csrfHeader() },
      body: bytes as Uint8Array<ArrayBuffer>,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (response.ok) return;
  let code = `http-${response.status}`;
  let detail = '';
  try {
    const problem = (await response.json()) as { type?: string; detail?: string };
    if (problem.type?.startsWith(PROBLEM_TYPE_PREFIX)) code = problem.type.slice(PROBLEM_TYPE_PREFIX.length);
    detail = problem.detail ?? '';
  } catch {
    // not problem+json: keep the status
  }
  throw new ApiError(response.status, code, detail || `The server refused a part of the file (${response.status}).`);
}

/** POST /requester/challenge: a one-time challenge for the receipt key id. */
export const requesterChallenge = (kid: string) => withPow('requester-challenge', (headers) => call(requesterAuthContract.challenge, { body: { kid }, headers }));

/**
 * Finishes receipt sign-in with the signed challenge and takes the session's CSRF token.
 * Throws ApiError `sign-in-failed` (401) for a receipt code without a request.
 */
export async function requesterSignIn(ceremonyId: string, signature: string): Promise<void> {
  await call(requesterAuthContract.signIn, { body: { ceremonyId, signature } });
  const session = await call(requesterAuthContract.session);
  requesterCsrf = session.csrfToken;
  setCsrfToken(session.csrfToken);
}

export const requesterCase = () => call(requesterCaseContract.view);
export const requesterReply = (record: CaseRecordInput) => call(requesterCaseContract.reply, { body: record });

/**
 * Ends the requester session, if any; never throws (leaving must always work). The request is
 * sent before the first await and with `keepalive`, so it outlives a quick exit's page swap.
 */
export async function requesterSignOut(): Promise<void> {
  const token = requesterCsrf;
  requesterCsrf = null;
  setCsrfToken(null);
  if (!token) return;
  try {
    await fetch(pathOf(requesterAuthContract.signOut), { method: 'POST', headers: { 'x-csrf-token': token }, credentials: 'same-origin', cache: 'no-store', keepalive: true });
  } catch {
    // The session ends by itself after 30 idle minutes.
  }
}

/** True when the error means the receipt code has no request behind it (or the signature failed). */
export const isUnknownReceipt = (error: unknown) => isApiError(error, AuthError.SignInFailed);
