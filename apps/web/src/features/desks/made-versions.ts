/**
 * The fingerprints of the desk key versions a lead made in this browser, per person: what the
 * lead reads to the certifying admin must come from the key they made, not from the server's
 * list (a server that swapped the listed key would otherwise have the lead read out the
 * swapped key's fingerprint, and the admin's comparison would prove nothing). A fingerprint
 * is public data; the memory only lets My desks show it again after the lead left the page,
 * and say so when the server lists another key. A sealed copy cannot prove it either: sealed
 * boxes are anonymous (libs/crypto SPEC.md §5).
 */
const PREFIX = 'ashar.desk-keys-made';
const FINGERPRINT = /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/;
/** Kept per person: the last few versions are all a lead ever needs again. */
const MAX_ENTRIES = 50;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(staffId: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(`${PREFIX}.${staffId}`) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && FINGERPRINT.test(e[1])));
  } catch {
    return {};
  }
}

/** Remembers the fingerprint of version `version` of desk `deskId`, made in this browser by `staffId`. */
export function rememberMadeVersion(staffId: string, deskId: string, version: number, fingerprint: string): void {
  if (!FINGERPRINT.test(fingerprint)) return;
  const entries = Object.entries({ ...read(staffId), [`${deskId}:${version}`]: fingerprint }).slice(-MAX_ENTRIES);
  try {
    storage()?.setItem(`${PREFIX}.${staffId}`, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or disabled: the page says the version was not made here, as in another browser.
  }
}

/** The fingerprint this browser remembers for the version, or null when it was made elsewhere (or forgotten). */
export function madeVersionFingerprint(staffId: string, deskId: string, version: number): string | null {
  return read(staffId)[`${deskId}:${version}`] ?? null;
}
