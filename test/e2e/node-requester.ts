import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type ReceiptCode,
  type RequesterKeys,
  type VerifiedDesk,
  chunkCount,
  deriveRequesterKeys,
  encodePublicKey,
  encryptFile,
  encryptCaseFileMeta,
  encryptRecord,
  encryptedSize,
  generateCaseKey,
  generateFileKey,
  generateReceiptCode,
  type ReceiptCodeVersion,
  kidOf,
  sealCaseKey,
  sealSubject,
  parseSignPublicKey,
  requesterPublicKeys,
  signChallenge,
  verifyDeskHistory,
  verifyRevocations,
  wrapCaseFileKey,
} from '@ashar/crypto';
import { expect } from '@playwright/test';
import { INTAKE_DESK_SLUG, type LegalRequest, type PowAction, type RoutingRule, POW_HEADER, legalRequestSchema, routeRequest } from '@ashar/domain';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { testRoot } from './fixtures/test-root';
import { need } from './staff-team';

/** A legal request made as the portal makes it, ready to POST to /api/v1/intake, and what its requester keeps. */
export interface PreparedRequest {
  body: Record<string, unknown>;
  caseId: string;
  recordId: string;
  /** The receipt code the portal would show; `keys` are derived from it. */
  code: ReceiptCode;
  keys: RequesterKeys;
  caseKey: CaseKey;
}

/**
 * The requester's browser, in Node: receipt keys for the instance, the route over the public
 * rules, the desks' key histories verified to the TEST root (libs/crypto SPEC.md §8.2) with the
 * published revocations, the form checked against its schema, the request encrypted and its key
 * sealed to the newest version of the intake desk, the routed desk and the requester, with the
 * subject line sealed under the case key when one is given. `get`
 * reads a public api path (`/intake/config`, `/routing-rules`, `/desks`, …) as JSON.
 */
/** Options of a request from Node: a subject line to seal, and the receipt code version (2 unless 1 is asked for). */
export interface RequestOptions {
  subject?: string;
  codeVersion?: ReceiptCodeVersion;
}

export async function prepareLegalRequest(form: LegalRequest, get: <T>(path: string) => Promise<T>, options: RequestOptions = {}): Promise<PreparedRequest> {
  const { instanceId } = await get<{ instanceId: string }>('/intake/config');
  const code = generateReceiptCode(options.codeVersion);
  const keys = deriveRequesterKeys(code, instanceId);
  const routed = routeRequest(await get<RoutingRule[]>('/routing-rules'), { type: form.type, country: form.country as never, language: form.preferredLanguage }).deskSlug;
  const directory = await get<{ id: string; slug: string }[]>('/desks');
  const root = parseSignPublicKey(testRoot().rootPublicKey);
  const revocations = verifyRevocations(await get<unknown[]>('/keys/revocations'), root, new Date());
  const desks = new Map<string, VerifiedDesk>();
  for (const slug of new Set([INTAKE_DESK_SLUG, routed])) {
    const entry = need(directory.find((d) => d.slug === slug), `desk ${slug}`);
    const history = await get<{ versions: unknown[] }>(`/desks/${entry.id}/history`);
    desks.set(slug, verifyDeskHistory(entry.id, history.versions, root, new Date(), { revocations }).current);
  }
  const caseId = randomUUID();
  const recordId = randomUUID();
  const caseKey = generateCaseKey();
  const deskEnvelope = (slug: string) => {
    const desk = need(desks.get(slug), `the key of ${slug}`);
    return { ...sealCaseKey(caseKey, caseId, desk, keys), recipient: { kind: 'desk', deskId: desk.deskId, version: desk.version } };
  };
  // Checked against the form's schema first, exactly as the portal does before encrypting.
  const record = encryptRecord(caseKey, { caseId, recordId, recordKind: 'request' }, legalRequestSchema.parse(form), keys);
  const body = {
    caseId,
    requestType: form.type,
    country: form.country,
    language: form.preferredLanguage,
    requester: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
    record: { id: recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
    envelopes: [...[...new Set([INTAKE_DESK_SLUG, routed])].map(deskEnvelope), { ...sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' } }],
    // The optional subject line, sealed under the case key as the portal seals it (SPEC.md §19).
    ...(options.subject === undefined ? {} : { subject: sealSubject(caseKey, caseId, options.subject) }),
  };
  return { body, caseId, recordId, code, keys, caseKey };
}

/** A requester session as the portal holds it: the cookie and the session's CSRF token. */
export interface RequesterSession {
  cookie: string;
  csrf: string;
}

/**
 * A proof of work for `action` as the portal makes one (docs/decisions.md "Proof of work"): a
 * challenge from the api at `baseUrl`, solved with altcha-lib's solver; the Ashar-Pow header.
 */
export async function nodePowProof(baseUrl: string, action: PowAction): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/v1/pow/challenge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
  expect(response.status, 'a proof-of-work challenge').toBe(200);
  const challenge = (await response.json()) as Parameters<typeof solveChallenge>[0]['challenge'];
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the proof-of-work challenge was not solved');
  return { [POW_HEADER]: JSON.stringify({ challenge, solution }) };
}

/**
 * The requester's side of the api from Node, against the system at `baseUrl`: submit a legal
 * request as the portal does, sign in with the receipt keys, and upload a file in chunks.
 */
export function nodeRequester(baseUrl: string) {
  /** JSON (or bytes) to the api, as the requester's browser would send it. */
  async function call(method: string, path: string, options: { body?: unknown; bytes?: Uint8Array; cookie?: string; csrf?: string; pow?: PowAction } = {}) {
    const headers: Record<string, string> = options.pow ? await nodePowProof(baseUrl, options.pow) : {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
    if (options.cookie) headers['cookie'] = options.cookie;
    if (options.csrf) headers['x-csrf-token'] = options.csrf;
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: options.bytes ? Buffer.from(options.bytes) : options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, setCookie: response.headers.getSetCookie() };
  }

  /** Derives the receipt keys (a version 2 code unless `codeVersion` says 1), routes, verifies the desks, encrypts (the subject line too, when given) and submits. */
  async function submit(form: LegalRequest, options: RequestOptions = {}): Promise<PreparedRequest> {
    const prepared = await prepareLegalRequest(form, async <T>(path: string) => (await call('GET', path)).body as T, options);
    const submitted = await call('POST', '/intake', { body: prepared.body, pow: 'intake' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    return prepared;
  }

  /** Receipt sign-in with the keys the portal derived: challenge, signature, cookie, CSRF token. */
  async function signIn(keys: RequesterKeys): Promise<RequesterSession> {
    const challenge = (await call('POST', '/requester/challenge', { body: { kid: kidOf(keys.signPk) }, pow: 'requester-challenge' })).body as { ceremonyId: string; challenge: string; instanceId: string };
    const signedIn = await call('POST', '/requester/sign-in', { body: { ceremonyId: challenge.ceremonyId, signature: signChallenge(keys, challenge.instanceId, challenge.challenge) } });
    expect(signedIn.status).toBe(204);
    const cookie = need(signedIn.setCookie[0], 'the requester cookie').split(';')[0] as string;
    const session = (await call('GET', '/requester/session', { cookie })).body as { csrfToken: string };
    return { cookie, csrf: session.csrfToken };
  }

  /** Adds a file to the request: file key and metadata under the case key, bound to the request (SPEC.md §9.3), chunks uploaded one by one. */
  async function uploadFile(request: Pick<PreparedRequest, 'caseId' | 'caseKey'>, session: RequesterSession, name: string, bytes: Buffer, type = 'application/octet-stream'): Promise<void> {
    const fileId = randomUUID();
    const ref = { caseId: request.caseId, fileId };
    const bound = { ...ref, recordKind: 'request' };
    const fileKey = generateFileKey();
    const { header, chunks } = encryptFile(fileKey, ref, [new Uint8Array(bytes)]);
    const created = await call('POST', `/cases/${request.caseId}/files`, {
      ...session,
      pow: 'file-create',
      body: {
        fileId,
        recordKind: 'request',
        header,
        meta: encryptCaseFileMeta(request.caseKey, bound, { name, type, size: bytes.length }),
        wrappedKey: wrapCaseFileKey(request.caseKey, bound, fileKey),
        encryptedSize: encryptedSize(bytes.length),
        chunkCount: chunkCount(bytes.length),
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for await (const chunk of chunks) {
      const put = await call('PUT', `/cases/${request.caseId}/files/${fileId}/chunks/${chunk.index}`, { ...session, bytes: chunk.bytes });
      expect(put.status, JSON.stringify(put.body)).toBe(204);
    }
    expect((await call('POST', `/cases/${request.caseId}/files/${fileId}/complete`, { ...session, body: {} })).status).toBe(204);
  }

  /** A reply to staff from the requester's follow-up page: a message encrypted and signed with the receipt keys. */
  async function reply(request: Pick<PreparedRequest, 'caseId' | 'caseKey' | 'keys'>, session: RequesterSession, text: string): Promise<void> {
    const id = randomUUID();
    const sealed = encryptRecord(request.caseKey, { caseId: request.caseId, recordId: id, recordKind: 'message' }, { text }, request.keys);
    const sent = await call('POST', '/requester/case/messages', { ...session, body: { id, ciphertext: sealed.ciphertext, authorKid: sealed.authorKid } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  }

  return { call, submit, signIn, uploadFile, reply };
}
