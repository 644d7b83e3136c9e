/**
 * Desk key continuity (SPEC.md §8.2): each desk version after the first is either linked from
 * its predecessor (signed by the predecessor's derived signing key, which only holders of that
 * version have) or approved by a second admin; clients verify a desk's whole published history
 * before sealing, seal only to its newest version, and refuse a history older than, or different
 * from, one they verified before.
 */
import { type DeskKeyPair, type IdentityKeys, type Kid, type SignPublicKey } from './brands';
import { assertId } from './binding';
import { type Certificate, type VerifiedDesk, assertVersion, parseCertificate, verifyCertificateChain } from './certificates';
import { fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, CryptoError, InvalidInputError, RevokedError, UntrustedHistoryError } from './errors';
import { encodePublicKey, kidOf, parseEncPublicKey, parseSignPublicKey } from './keys';
import { type RevocationList, NO_REVOCATIONS, revokedSince } from './revocations';
import { lib, verifyDetached } from './sodium';

/** One published desk key version, as the api serves it (GET /desks/:deskId/history), oldest first. */
export interface DeskHistoryEntry {
  readonly version: number;
  readonly encPk: string;
  /** "" for a legacy version (certified before §8.2), which cannot be continued. */
  readonly signPk: string;
  /** [desk, admin]. */
  readonly chain: readonly unknown[];
  /** When the server says it stored the certificate (ISO 8601, UTC). */
  readonly certifiedAt: string;
  /** SIGN(predecessor's desk signing key, link message), or null. */
  readonly link: string | null;
  /** A second admin's approval, or null. */
  readonly approval: { readonly signature: string; readonly chain: readonly unknown[]; readonly approvedAt: string } | null;
}

/** How a version of a verified history is trusted. */
export type DeskContinuity = 'approved' | 'linked' | 'untrusted';

export interface VerifiedDeskVersion {
  readonly version: number;
  readonly encKid: Kid;
  readonly continuity: DeskContinuity;
  /** The admin who certified it (the chain's second certificate). */
  readonly certifiedBy: string;
  /** The admin who approved it, when an approval verified. */
  readonly approvedBy: string | null;
}

/** A desk history that verified: seal only to `current`. */
export interface VerifiedDeskHistory {
  readonly deskId: string;
  readonly current: VerifiedDesk;
  readonly versions: readonly VerifiedDeskVersion[];
}

/** The newest version a client verified for a desk before (its rollback memory). */
export interface SeenDeskVersion {
  readonly version: number;
  readonly encKid: string;
}

export interface DeskHistoryOptions {
  /** Verified revocation statements (SPEC.md §8.3). */
  readonly revocations?: RevocationList;
  /** The newest version this client verified before for the desk, if any. */
  readonly seen?: SeenDeskVersion | null;
}

/** What a link or an approval is signed over: a desk version's public keys as base64url strings. */
export interface DeskVersionKeys {
  readonly deskId: string;
  readonly version: number;
  readonly encPk: string;
  /** "" for a legacy version. */
  readonly signPk: string;
}

const SIGNATURE_BYTES = 64;
const SERVER_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const HISTORY_MAX = 10_000;

function versionMessage(purpose: 'desk-link' | 'desk-approve', keys: DeskVersionKeys): Uint8Array {
  assertId(keys.deskId, 'deskId');
  assertVersion(keys.version);
  return utf8(`ashar/v1|${purpose}|${keys.deskId}|${keys.version}|${keys.encPk}|${keys.signPk}`);
}

/** `utf8("ashar/v1|desk-link|" + deskId + "|" + version + "|" + encPk + "|" + signPk)`. */
export function deskLinkMessage(keys: DeskVersionKeys): Uint8Array {
  return versionMessage('desk-link', keys);
}

/** `utf8("ashar/v1|desk-approve|" + deskId + "|" + version + "|" + encPk + "|" + signPk)`. */
export function deskApprovalMessage(keys: DeskVersionKeys): Uint8Array {
  return versionMessage('desk-approve', keys);
}

/** The strings a link or approval names for a desk key pair. */
export function deskVersionKeys(desk: Pick<DeskKeyPair, 'deskId' | 'version' | 'encPk' | 'signPk'>): DeskVersionKeys {
  return { deskId: desk.deskId, version: desk.version, encPk: encodePublicKey(desk.encPk), signPk: encodePublicKey(desk.signPk) };
}

/**
 * The link from `predecessor` (a version its holder opened) to a newer version of the same desk:
 * base64url of SIGN(predecessor.signSk, deskLinkMessage(next)). Throws InvalidInputError for
 * another desk, a version that is not newer, or a successor without a signing key.
 */
export function signDeskLink(predecessor: DeskKeyPair, next: DeskVersionKeys): string {
  if (predecessor.deskId !== next.deskId) throw new InvalidInputError('a link joins two versions of one desk');
  if (!(next.version > predecessor.version)) throw new InvalidInputError('a link goes to a newer version');
  if (next.signPk === '') throw new InvalidInputError('a new desk version has a signing key');
  return toBase64Url(lib().crypto_sign_detached(deskLinkMessage(next), predecessor.signSk));
}

/**
 * A second admin's approval of a desk version (its first version, or one after a break):
 * base64url of SIGN(admin.signSk, deskApprovalMessage(version)).
 */
export function signDeskApproval(admin: IdentityKeys, version: DeskVersionKeys): string {
  return toBase64Url(lib().crypto_sign_detached(deskApprovalMessage(version), admin.signSk));
}

function signatureBytes(text: unknown, what: string): Uint8Array {
  if (typeof text !== 'string') throw new BadEncodingError(`${what}: not a string`);
  return fromBase64Url(text, what, SIGNATURE_BYTES);
}

/** True when `link` is the predecessor's signature over `next` (format errors throw). */
export function verifyDeskLink(predecessorSignPk: SignPublicKey, next: DeskVersionKeys, link: string): boolean {
  return verifyDetached(signatureBytes(link, 'desk link'), deskLinkMessage(next), predecessorSignPk);
}

/** True when `signature` is the admin's approval of `version` (format errors throw). */
export function verifyDeskApproval(adminSignPk: SignPublicKey, version: DeskVersionKeys, signature: string): boolean {
  return verifyDetached(signatureBytes(signature, 'desk approval'), deskApprovalMessage(version), adminSignPk);
}

function serverTime(text: unknown, what: string): Date {
  if (typeof text !== 'string' || !SERVER_TIME.test(text) || Number.isNaN(Date.parse(text))) throw new BadEncodingError(`${what} is not an ISO 8601 UTC time`);
  return new Date(text);
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Validates the shape of one published entry (no signature check). Throws BadEncodingError
 * (shape, types, times), BadLengthError (key or signature lengths), InvalidInputError (version).
 */
export function parseDeskHistoryEntry(value: unknown): DeskHistoryEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('desk history entry: not an object');
  const e = value as Record<string, unknown>;
  const { version, encPk, signPk, chain, certifiedAt, link, approval } = e;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new BadEncodingError('desk history entry: version is not an integer');
  try {
    assertVersion(version);
  } catch {
    throw new BadEncodingError('desk history entry: version out of range');
  }
  if (typeof encPk !== 'string' || typeof signPk !== 'string' || !Array.isArray(chain) || typeof certifiedAt !== 'string') throw new BadEncodingError('desk history entry: wrong member types');
  parseEncPublicKey(encPk);
  if (signPk !== '') parseSignPublicKey(signPk);
  serverTime(certifiedAt, 'certifiedAt');
  if (link !== null && link !== undefined) signatureBytes(link, 'desk link');
  let parsedApproval: DeskHistoryEntry['approval'] = null;
  if (approval !== null && approval !== undefined) {
    if (typeof approval !== 'object' || Array.isArray(approval)) throw new BadEncodingError('desk approval: not an object');
    const a = approval as Record<string, unknown>;
    if (!Array.isArray(a['chain']) || typeof a['approvedAt'] !== 'string') throw new BadEncodingError('desk approval: wrong member types');
    signatureBytes(a['signature'], 'desk approval');
    serverTime(a['approvedAt'], 'approvedAt');
    parsedApproval = { signature: a['signature'] as string, chain: a['chain'], approvedAt: a['approvedAt'] };
  }
  return { version, encPk, signPk, chain, certifiedAt, link: typeof link === 'string' ? link : null, approval: parsedApproval };
}

/** The approval's admin, when it verifies and the approver is not the certifying admin; else null. */
function approver(entry: DeskHistoryEntry, keys: DeskVersionKeys, certifier: Certificate, root: SignPublicKey, now: Date): string | null {
  const approval = entry.approval;
  if (!approval) return null;
  try {
    const admin = verifyCertificateChain(approval.chain, root, earlier(serverTime(approval.approvedAt, 'approvedAt'), now));
    if (admin.kind !== 'admin') return null;
    // Two people: another subject AND another signing key than the admin who certified the version.
    if (admin.subjectId === certifier.subjectId || encodePublicKey(admin.signPk) === certifier.signPk) return null;
    return verifyDeskApproval(admin.signPk, keys, approval.signature) ? admin.subjectId : null;
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  }
}

/**
 * Verifies a desk's published key history (oldest first) to the root at `now`, and returns its
 * newest version, the only one to seal to. For each entry, in order (SPEC.md §8.2):
 * its chain verifies ([desk, admin]; the newest as of `now`, older ones as of when the server
 * says it certified them) and names exactly this desk, version and keys; it is `approved` when
 * a second admin's approval verifies, else `linked` when its predecessor in the list is trusted,
 * has a signing key, was not revoked before this version was certified, and signed the link,
 * else `untrusted`. Throws, in order: BadEncodingError (not an array, entry shape);
 * UntrustedHistoryError `empty`, `order` (versions not strictly increasing); the chain errors
 * of verifyCertificateChain; UntrustedHistoryError `mismatch`; `no-continuity` (the newest is
 * untrusted); RevokedError (the newest is revoked); `rollback` (older than `seen`); `fork`
 * (the version seen before is missing or has other keys).
 */
export function verifyDeskHistory(deskId: string, entries: readonly unknown[], root: SignPublicKey, now: Date, options: DeskHistoryOptions = {}): VerifiedDeskHistory {
  assertId(deskId, 'deskId');
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidInputError('now must be a valid date');
  if (!Array.isArray(entries) || entries.length > HISTORY_MAX) throw new BadEncodingError('desk history: not an array of at most 10000 entries');
  const parsed = entries.map(parseDeskHistoryEntry);
  if (parsed.length === 0) throw new UntrustedHistoryError('empty', 'the desk has no published key version');
  parsed.forEach((entry, index) => {
    const before = parsed[index - 1];
    if (before && entry.version <= before.version) throw new UntrustedHistoryError('order', 'desk history versions are not strictly increasing');
  });
  const revocations = options.revocations ?? NO_REVOCATIONS;
  const verified: { desk: VerifiedDesk; version: VerifiedDeskVersion; entry: DeskHistoryEntry }[] = [];
  parsed.forEach((entry, index) => {
    const newest = index === parsed.length - 1;
    const certifiedAt = serverTime(entry.certifiedAt, 'certifiedAt');
    const desk = verifyCertificateChain(entry.chain, root, newest ? now : earlier(certifiedAt, now));
    if (
      desk.kind !== 'desk' ||
      desk.deskId !== deskId ||
      desk.version !== entry.version ||
      encodePublicKey(desk.encPk) !== entry.encPk ||
      (desk.signPk === null ? '' : encodePublicKey(desk.signPk)) !== entry.signPk
    ) {
      throw new UntrustedHistoryError('mismatch', `desk history: version ${entry.version} is not what its certificate says`);
    }
    const certifier = parseCertificate(entry.chain[1]);
    const keys: DeskVersionKeys = { deskId, version: entry.version, encPk: entry.encPk, signPk: entry.signPk };
    const approvedBy = approver(entry, keys, certifier, root, now);
    let continuity: DeskContinuity = approvedBy !== null ? 'approved' : 'untrusted';
    const previous = verified[index - 1];
    if (continuity === 'untrusted' && previous && previous.version.continuity !== 'untrusted' && previous.desk.signPk !== null && entry.link !== null) {
      const revoked = revokedSince(revocations, 'desk', `${deskId}:${previous.desk.version}`, previous.desk.encKid);
      const beforeRevocation = revoked === null || certifiedAt.getTime() < revoked.getTime();
      if (beforeRevocation && verifyDeskLink(previous.desk.signPk, keys, entry.link)) continuity = 'linked';
    }
    verified.push({ desk, entry, version: { version: entry.version, encKid: desk.encKid, continuity, certifiedBy: certifier.subjectId, approvedBy } });
  });
  const last = verified[verified.length - 1] as (typeof verified)[number];
  if (last.version.continuity === 'untrusted') {
    throw new UntrustedHistoryError(
      'no-continuity',
      `desk key version ${last.version.version} is neither linked from a trusted predecessor nor approved by a second admin`,
    );
  }
  if (revokedSince(revocations, 'desk', `${deskId}:${last.desk.version}`, last.desk.encKid) !== null) {
    throw new RevokedError(`desk key version ${last.desk.version} was revoked`);
  }
  const seen = options.seen;
  if (seen) {
    if (seen.version > last.desk.version) throw new UntrustedHistoryError('rollback', `desk history ends at version ${last.desk.version}, older than version ${seen.version} seen before`);
    const same = verified.find((v) => v.desk.version === seen.version);
    if (!same || same.desk.encKid !== seen.encKid) throw new UntrustedHistoryError('fork', `desk key version ${seen.version} is not the one seen before`);
  }
  return { deskId, current: last.desk, versions: verified.map((v) => v.version) };
}

/** The rollback memory entry of a verified history: its newest version and key. */
export function seenOf(history: VerifiedDeskHistory): SeenDeskVersion {
  return { version: history.current.version, encKid: kidOf(history.current.encPk) };
}
