import { DomainError, GeneralError } from '@ashar/domain';

/** A keyset position: a timestamp with microseconds (as PostgreSQL holds it) and a row id. */
export interface KeysetPosition {
  time: string;
  id: string;
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Opaque page cursors: base64url of a small JSON naming the list (and its order) they belong
 * to and the last row's position. They hold a time and an id, never content; a cursor of
 * another list or order is refused rather than misread.
 */
export function encodeCursor(scope: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ s: scope, t: position.time, i: position.id }), 'utf8').toString('base64url');
}

/** Throws a 422 problem for anything that is not a cursor of `scope`. */
export function decodeCursor(text: string, scope: string): KeysetPosition {
  const bad = () => new DomainError(GeneralError.Validation, 'the page cursor is not valid for this list; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const v = value as { s?: unknown; t?: unknown; i?: unknown };
  if (typeof value !== 'object' || value === null || v.s !== scope || typeof v.t !== 'string' || !TIME.test(v.t) || typeof v.i !== 'string' || !ID.test(v.i)) throw bad();
  return { time: v.t, id: v.i };
}
