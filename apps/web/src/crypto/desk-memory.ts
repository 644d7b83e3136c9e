/**
 * The browser's rollback memory of desk key histories (libs/crypto SPEC.md §8.2): per desk, the
 * newest version this browser verified and the kid of its key. Whatever seals to a desk passes it
 * to the crypto worker, which refuses a history that ends lower or differs there, and remembers
 * what the worker verified. Staff keep one memory per person; the public portal one per browser
 * (best effort: a private window, a cleared browser or a first visit has none). Only ever raised.
 */
import { deskHistory } from '../api/desks';
import { type DeskToSealTo, type SeenDesk, type SeenDesks } from './requester-worker-api';

const PREFIX = 'ashar.desk-versions';
const KID = /^[A-Za-z0-9_-]{22}$/;

function storageKey(scope: string | null): string {
  return scope === null ? PREFIX : `${PREFIX}.${scope}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled (some private modes): no memory, as on a first visit.
    return null;
  }
}

function read(scope: string | null): Record<string, SeenDesk> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(storageKey(scope)) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, SeenDesk> = {};
    for (const [deskId, value] of Object.entries(parsed as Record<string, unknown>)) {
      const seen = value as Partial<SeenDesk> | null;
      if (seen && Number.isSafeInteger(seen.version) && (seen.version ?? 0) >= 1 && typeof seen.encKid === 'string' && KID.test(seen.encKid)) {
        out[deskId] = { version: seen.version as number, encKid: seen.encKid };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** What this browser (for `scope`: a staff user id, or null for the portal) verified for `deskId` before. */
export function seenDesk(scope: string | null, deskId: string): SeenDesk | null {
  return read(scope)[deskId] ?? null;
}

/** Remembers what the worker verified, never lowering a desk's version. */
export function rememberDesks(scope: string | null, seen: SeenDesks): void {
  const memory = read(scope);
  for (const [deskId, next] of Object.entries(seen)) {
    const before = memory[deskId];
    if (!before || next.version > before.version) memory[deskId] = next;
  }
  try {
    storage()?.setItem(storageKey(scope), JSON.stringify(memory));
  } catch {
    // Full or disabled storage: the memory is best effort.
  }
}

/** A desk to seal to: its published history fetched now (GET /desks/:id/history) and this browser's memory of it. */
export async function deskToSealTo(deskId: string, scope: string | null): Promise<DeskToSealTo> {
  const history = await deskHistory(deskId);
  return { deskId, history: history.versions, seen: seenDesk(scope, deskId) };
}
