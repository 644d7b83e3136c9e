/**
 * What this browser saw first of each case, per signed-in staff member (libs/crypto SPEC.md
 * §9.1, §9.4): the kid of the case's requester signing key, and the newest key epoch it saw. A
 * server that later swaps a case's whole request — a requester key, key and request record of its
 * own, which pass the check of §9.1 — or shows an older epoch (so that new records would go under
 * keys a removed member holds) is refused by a browser that opened the case before. Kept in localStorage, so it lasts across
 * sign-ins on this browser and nowhere else; a first visit (or another browser) has nothing to
 * compare with, and an unavailable store (some private modes) pins nothing.
 */

export interface CasePin {
  /** kid of the requester signing key the case key was checked against. */
  readonly requesterKid: string;
  /** The newest key epoch seen for the case. */
  readonly epoch: number;
}

const STORE_PREFIX = 'ashar.case-pins.v1.';
/** A pin is one case id and one kid: some thousands of cases stay well within the store's limit. */
const CASES_MAX = 20_000;

function storeKey(staffId: string): string {
  return `${STORE_PREFIX}${staffId}`;
}

function load(staffId: string): Record<string, CasePin> {
  try {
    const text = globalThis.localStorage?.getItem(storeKey(staffId));
    if (!text) return {};
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, CasePin>) : {};
  } catch {
    return {};
  }
}

/** The pin of a case for this staff member, or null when this browser has none. */
export function casePin(staffId: string, caseId: string): CasePin | null {
  const pin = load(staffId)[caseId];
  return pin && typeof pin.requesterKid === 'string' ? { requesterKid: pin.requesterKid, epoch: typeof pin.epoch === 'number' ? pin.epoch : 1 } : null;
}

/** Pins what a verified case key was checked against: the first requester key stays, the epoch only rises. */
export function pinCase(staffId: string, caseId: string, pin: CasePin): void {
  const pins = load(staffId);
  const before = pins[caseId];
  if (before && before.epoch >= pin.epoch) return;
  const ids = Object.keys(pins);
  // The oldest pins go first when the store is full (insertion order).
  if (!before) for (const id of ids.slice(0, Math.max(0, ids.length - CASES_MAX + 1))) delete pins[id];
  pins[caseId] = { requesterKid: before?.requesterKid ?? pin.requesterKid, epoch: pin.epoch };
  try {
    globalThis.localStorage?.setItem(storeKey(staffId), JSON.stringify(pins));
  } catch {
    // No store (private mode, quota): nothing is pinned, the check of §9.1 still runs.
  }
}
