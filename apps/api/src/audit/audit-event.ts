/**
 * What a caller records and how it is checked before it reaches the chain: ids and action
 * names only. A string with a space, a newline or an unusual character is refused, so
 * free text (a name, a message, an address) cannot slip into the log by mistake.
 */
import { ACTOR_KINDS, type AuditActor, type AuditAction, type AuditSubjectType, SUBJECT_TYPES, isAuditAction } from './audit-actions';

/** A value of `data`: an id or name, a small number, a flag, or a short list of ids. */
export type AuditDataValue = string | number | boolean | null | readonly string[];
export type AuditData = Readonly<Record<string, AuditDataValue>>;

/** One event, as services record it. */
export interface AuditEvent {
  readonly action: AuditAction;
  readonly actor: AuditActor;
  readonly subject?: { readonly type: AuditSubjectType; readonly id: string };
  /** Extra ids and names (e.g. `{ deskId, version }`); never content. */
  readonly data?: AuditData;
}

/** The recorded fields of an event, named as the columns of audit_events. */
export interface AuditEventFields {
  readonly action: string;
  readonly actor_kind: string;
  readonly actor_id: string | null;
  readonly subject_type: string | null;
  readonly subject_id: string | null;
  readonly data: AuditData;
}

/** A caller tried to record an invalid event: a bug, never a user error. Names the field, never its value. */
export class AuditEventError extends Error {
  constructor(message: string) {
    super(`invalid audit event: ${message}`);
    this.name = 'AuditEventError';
  }
}

const ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const DATA_KEY = /^[a-z][A-Za-z0-9_]{0,63}$/;
const DATA_STRING = /^[A-Za-z0-9_.:@-]{1,200}$/;
const MAX_DATA_KEYS = 16;
const MAX_LIST = 32;
/** Well under the table's CHECK (pg_column_size(data) <= 2048). */
export const MAX_DATA_JSON_LENGTH = 1024;

function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new AuditEventError(`${field} must be an id of 1-128 characters of A-Z a-z 0-9 _ . : @ -`);
  return value;
}

function checkDataValue(key: string, value: unknown): AuditDataValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new AuditEventError(`data.${key} must be a safe integer`);
    return value;
  }
  if (typeof value === 'string') {
    if (!DATA_STRING.test(value)) throw new AuditEventError(`data.${key} must be an id or a name, not text`);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST) throw new AuditEventError(`data.${key} holds more than ${MAX_LIST} items`);
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || !DATA_STRING.test(item)) throw new AuditEventError(`data.${key}[${index}] must be an id or a name`);
      return item;
    });
  }
  throw new AuditEventError(`data.${key} has a type the log does not hold`);
}

function checkData(data: unknown): AuditData {
  if (data === undefined) return {};
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) {
    throw new AuditEventError('data must be a plain object');
  }
  const entries = Object.entries(data);
  if (entries.length > MAX_DATA_KEYS) throw new AuditEventError(`data holds more than ${MAX_DATA_KEYS} members`);
  const out: Record<string, AuditDataValue> = {};
  for (const [key, value] of entries) {
    if (!DATA_KEY.test(key)) throw new AuditEventError('data member names must be camelCase identifiers');
    out[key] = checkDataValue(key, value);
  }
  if (JSON.stringify(out).length > MAX_DATA_JSON_LENGTH) throw new AuditEventError(`data is longer than ${MAX_DATA_JSON_LENGTH} characters`);
  return out;
}

function checkActor(actor: unknown): { actor_kind: string; actor_id: string | null } {
  const record = (typeof actor === 'object' && actor !== null ? actor : {}) as { kind?: unknown; id?: unknown };
  const kind = record.kind;
  if (typeof kind !== 'string' || !(ACTOR_KINDS as readonly string[]).includes(kind)) throw new AuditEventError('actor.kind is unknown');
  if (kind === 'staff' || kind === 'requester') return { actor_kind: kind, actor_id: checkId(record.id, 'actor.id') };
  if (record.id !== undefined) throw new AuditEventError(`a ${kind} actor has no id`);
  return { actor_kind: kind, actor_id: null };
}

/**
 * Validates an event and returns its recorded fields (a copy). Throws AuditEventError for an
 * unknown action, actor kind or subject type, a missing or superfluous actor id, an id or
 * data value that is not an id or name, or data over its limits.
 */
export function toAuditFields(event: AuditEvent): AuditEventFields {
  if (typeof event !== 'object' || event === null) throw new AuditEventError('not an object');
  if (typeof event.action !== 'string' || !isAuditAction(event.action)) throw new AuditEventError('action is not one of AUDIT_ACTIONS');
  let subject: { subject_type: string | null; subject_id: string | null } = { subject_type: null, subject_id: null };
  if (event.subject !== undefined) {
    const type = event.subject?.type;
    if (typeof type !== 'string' || !(SUBJECT_TYPES as readonly string[]).includes(type)) throw new AuditEventError('subject.type is unknown');
    subject = { subject_type: type, subject_id: checkId(event.subject.id, 'subject.id') };
  }
  return { action: event.action, ...checkActor(event.actor), ...subject, data: checkData(event.data) };
}
