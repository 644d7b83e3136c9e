/**
 * The api calls of the public portal and the requester follow-up (docs/cases-api.md "Intake",
 * "Requester follow-up", docs/files-api.md): public configuration, routing rules and desks,
 * the intake itself, receipt sign-in, the requester's case and file uploads. Bodies are
 * ciphertext, public keys and signatures made in the crypto worker; nothing secret goes into
 * a URL.
 */
import { type CaseFileView, type CaseRecordInput, type IntakeRequest, type RequesterCaseView, type RoutingRuleView, AuthError, PROBLEM_TYPE_PREFIX } from '@ashar/domain';
import { api, ApiError, csrfHeader, isApiError, setCsrfToken } from '../../api/client';

export interface IntakeConfig {
  readonly instanceId: string;
  readonly recordCiphertextMaxLength: number;
}

export const intakeConfig = () => api<IntakeConfig>('GET', '/intake/config');
export const routingRules = () => api<RoutingRuleView[]>('GET', '/routing-rules');
export const submitIntake = (body: IntakeRequest) => api<{ caseId: string }>('POST', '/intake', { body });

export interface StaffKeys {
  readonly id: string;
  readonly displayName: string;
  readonly encPk: string;
  readonly signPk: string;
  readonly chain: readonly unknown[];
}
export const staffKeys = (staffId: string) => api<StaffKeys>('GET', `/keys/staff/${encodeURIComponent(staffId)}`);

const filesPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/files`;
const filePath = (caseId: string, fileId: string) => `${filesPath(caseId)}/${encodeURIComponent(fileId)}`;

export const createCaseFile = (caseId: string, body: unknown) => api<{ fileId: string }>('POST', filesPath(caseId), { body });
export const caseFile = (caseId: string, fileId: string) => api<CaseFileView>('GET', filePath(caseId, fileId));
export const caseFiles = (caseId: string) => api<CaseFileView[]>('GET', filesPath(caseId));
export const completeCaseFile = (caseId: string, fileId: string) => api<void>('POST', `${filePath(caseId, fileId)}/complete`);

/** The CSRF token of the requester session this page signed in. */
let requesterCsrf: string | null = null;

/**
 * PUT of one encrypted chunk, raw bytes, with the CSRF token of the page's session (a requester's
 * or a member of staff's). Throws ApiError like `api` (status 0 `network` when no answer came:
 * the caller retries, since the api accepts the same bytes again).
 */
export async function putChunk(caseId: string, fileId: string, index: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${filePath(caseId, fileId)}/chunks/${index}`, {
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
export const requesterChallenge = (kid: string) => api<{ ceremonyId: string; challenge: string; instanceId: string }>('POST', '/requester/challenge', { body: { kid } });

/**
 * Finishes receipt sign-in with the signed challenge and takes the session's CSRF token.
 * Throws ApiError `sign-in-failed` (401) for a receipt code without a request.
 */
export async function requesterSignIn(ceremonyId: string, signature: string): Promise<void> {
  await api<void>('POST', '/requester/sign-in', { body: { ceremonyId, signature } });
  const session = await api<{ csrfToken: string }>('GET', '/requester/session');
  requesterCsrf = session.csrfToken;
  setCsrfToken(session.csrfToken);
}

export const requesterCase = () => api<RequesterCaseView>('GET', '/requester/case');
export const requesterReply = (record: CaseRecordInput) => api<{ id: string; status: string }>('POST', '/requester/case/messages', { body: record });

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
    await fetch('/api/v1/requester/sign-out', { method: 'POST', headers: { 'x-csrf-token': token }, credentials: 'same-origin', cache: 'no-store', keepalive: true });
  } catch {
    // The session ends by itself after 30 idle minutes.
  }
}

/** True when the error means the receipt code has no request behind it (or the signature failed). */
export const isUnknownReceipt = (error: unknown) => isApiError(error, AuthError.SignInFailed);
