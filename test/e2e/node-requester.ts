import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type RequesterKeys,
  type VerifiedDesk,
  deriveRequesterKeys,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateReceiptCode,
  sealCaseKey,
  parseSignPublicKey,
  requesterPublicKeys,
  verifyCertificateChain,
} from '@ashar/crypto';
import { INTAKE_DESK_SLUG, type LegalRequest, type RoutingRule, legalRequestSchema, routeRequest } from '@ashar/domain';
import { testRoot } from './fixtures/test-root';
import { need } from './staff-team';

/** A legal request made as the portal makes it, ready to POST to /api/v1/intake, and what its requester keeps. */
export interface PreparedRequest {
  body: Record<string, unknown>;
  caseId: string;
  recordId: string;
  keys: RequesterKeys;
  caseKey: CaseKey;
}

/**
 * The requester's browser, in Node: receipt keys for the instance, the route over the public
 * rules, the desks' chains verified to the TEST root, the form checked against its schema, the
 * request encrypted and its key sealed to the intake desk, the routed desk and the requester.
 * `get` reads a public api path (`/intake/config`, `/routing-rules`, `/desks`) as JSON.
 */
export async function prepareLegalRequest(form: LegalRequest, get: <T>(path: string) => Promise<T>): Promise<PreparedRequest> {
  const { instanceId } = await get<{ instanceId: string }>('/intake/config');
  const keys = deriveRequesterKeys(generateReceiptCode(), instanceId);
  const routed = routeRequest(await get<RoutingRule[]>('/routing-rules'), { type: form.type, country: form.country as never, language: form.preferredLanguage }).deskSlug;
  const directory = await get<{ id: string; slug: string; key: { chain: unknown[] } | null }[]>('/desks');
  const caseId = randomUUID();
  const recordId = randomUUID();
  const caseKey = generateCaseKey();
  const deskEnvelope = (slug: string) => {
    const entry = need(directory.find((d) => d.slug === slug), `desk ${slug}`);
    const desk = verifyCertificateChain(need(entry.key ?? undefined, `the key of ${slug}`).chain, parseSignPublicKey(testRoot().rootPublicKey), new Date()) as VerifiedDesk;
    return { ...sealCaseKey(caseKey, caseId, desk, keys), recipient: { kind: 'desk', deskId: entry.id, version: desk.version } };
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
  };
  return { body, caseId, recordId, keys, caseKey };
}
