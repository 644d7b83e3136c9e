/**
 * The body of an application record (docs/calls.md "What the browser makes"):
 * `{ version, callId, answers, organisation? }`. `version` and `callId` are inside because the
 * AD binds only the application id: a reader checks them against the row it asked for, so a
 * server cannot show an old version as the latest, nor one call's application under another.
 * Pure: used by the requester's and the staff's sides of the crypto worker alike.
 */
import { type ApplicationContent } from './requester-worker-api';

/** The record body the browser signs and encrypts for `version` of an application to `callId`. */
export function applicationBodyOf(version: number, callId: string, content: ApplicationContent): Record<string, unknown> {
  return {
    version,
    callId,
    answers: { ...content.answers },
    ...(content.organisation ? { organisation: { name: content.organisation.name, contactPerson: content.organisation.contactPerson } } : {}),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The content of a decrypted record when it names `version` and `callId` and has the shape the
 * browser writes (answers an object; an organisation with a name and a contact person); null
 * otherwise, and the record is not shown.
 */
export function applicationContentOf(body: unknown, version: number, callId: string): ApplicationContent | null {
  if (!isPlainObject(body)) return null;
  if (body['version'] !== version || body['callId'] !== callId) return null;
  const { answers, organisation } = body;
  if (!isPlainObject(answers)) return null;
  if (organisation === undefined) return { answers };
  if (!isPlainObject(organisation) || typeof organisation['name'] !== 'string' || typeof organisation['contactPerson'] !== 'string') return null;
  return { answers, organisation: { name: organisation['name'], contactPerson: organisation['contactPerson'] } };
}
