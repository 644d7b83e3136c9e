/**
 * Intake bodies as the portal builds them (apps/api/test/cases-support.ts prepareIntake): read
 * the public desk directory and routing rules once, verify each desk's key chain up to the
 * root, then per submission route the request, encrypt and sign a 4 KiB request record and
 * seal the case key to the intake desk, the routed desk and the requester. Receipt keys are
 * random key pairs of the same kind: deriving them from a receipt code (Argon2id, 64 MiB) is
 * client work the benchmarks do not measure.
 */
import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type RequesterKeys,
  type SignPublicKey,
  type VerifiedDesk,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  sealCaseKey,
  requesterPublicKeys,
  verifyCertificateChain,
} from '@ashar/crypto';
import { INTAKE_DESK_SLUG, type IntakeRequest, type RequestType, type RoutingRule, routeRequest } from '@ashar/domain';

export const PLAINTEXT_BYTES = 4096;
export const REQUEST_TYPES: RequestType[] = ['legal', 'relocation', 'medical', 'psychological'];
const COUNTRIES = ['KZ', 'BY', 'RU', 'UA', 'GE', 'AM', 'TR', 'AZ'] as const;
const LANGUAGES = ['ru', 'en', 'uk', 'kk'];

export interface Submission {
  body: IntakeRequest;
  caseKey: CaseKey;
}

interface Directory {
  id: string;
  slug: string;
  key: { version: number; chain: unknown[] } | null;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** A request form of the given type whose JSON is exactly PLAINTEXT_BYTES long. */
function form(type: RequestType, country: string, language: string, i: number): Record<string, string> {
  const base: Record<string, string> = { type, country, language, contact: 'signal', stage: 'appeal', description: '' };
  const filler = `Request ${i}: the situation described in detail, with dates, places and the people involved. `;
  const room = PLAINTEXT_BYTES - JSON.stringify(base).length;
  base['description'] = filler.repeat(Math.ceil(room / filler.length)).slice(0, room);
  return base;
}

/** Returns a function that builds submission `i` (types, countries and languages in turn). */
export async function submissionMaker(apiUrl: string, rootSignPk: SignPublicKey): Promise<(i: number, type?: RequestType) => Submission> {
  const directory = await getJson<Directory[]>(apiUrl, '/api/v1/desks');
  const rules = await getJson<RoutingRule[]>(apiUrl, '/api/v1/routing-rules');
  const verified = new Map<string, { desk: VerifiedDesk; id: string; version: number }>();
  for (const entry of directory) {
    if (!entry.key) continue;
    verified.set(entry.slug, { desk: verifyCertificateChain(entry.key.chain, rootSignPk, new Date()) as VerifiedDesk, id: entry.id, version: entry.key.version });
  }
  return (i, forcedType) => {
    const type = forcedType ?? REQUEST_TYPES[i % REQUEST_TYPES.length]!;
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const language = LANGUAGES[i % LANGUAGES.length]!;
    const routed = routeRequest(rules, { type, country, language }).deskSlug;
    const keys: RequesterKeys = { ...generateIdentityKeys(), kind: 'requester' };
    const caseId = randomUUID();
    const recordId = randomUUID();
    const caseKey = generateCaseKey();
    const record = encryptRecord(caseKey, { caseId, recordId, recordKind: 'request' }, form(type, country, language, i), keys);
    const deskEnvelopes = [...new Set([INTAKE_DESK_SLUG, routed])].map((slug) => {
      const desk = verified.get(slug);
      if (!desk) throw new Error(`desk ${slug} has no certified key`);
      return { ...sealCaseKey(caseKey, caseId, desk.desk, keys), recipient: { kind: 'desk' as const, deskId: desk.id, version: desk.version } };
    });
    const body: IntakeRequest = {
      caseId,
      requestType: type,
      country,
      language,
      requester: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
      record: { id: recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
      envelopes: [...deskEnvelopes, { ...sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' } }],
    };
    return { body, caseKey };
  };
}
