/**
 * Signed revocation statements (SPEC.md §8.3): a certified admin declares a staff member's
 * certified keys or one desk key version revoked from an instant on. Clients refuse to seal to
 * a revoked key, and refuse items a revoked staff key signed that the server says it stored
 * from that instant on. A statement can only take trust away; it never grants anything.
 */
import { type IdentityKeys, type Kid, type SignPublicKey } from './brands';
import { formatInstant, isInstant, parseDeskSubjectId, verifyCertificateChain } from './certificates';
import { fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadPrefixError, BadSignatureError, CryptoError, InvalidInputError, RevokedError, UntrustedCertificateError } from './errors';
import { kidOf, parseKid } from './keys';
import { lib, verifyDetached } from './sodium';

export type RevocationKind = 'staff' | 'desk';

/** A revocation statement as stored and served (plain JSON). */
export interface RevocationStatement {
  readonly v: 1;
  readonly kind: RevocationKind;
  /** The staff member's user id, or `deskId:version` for a desk version. */
  readonly subjectId: string;
  /** The revoked key: kid of the staff certificate's `signPk`, or of the desk version's `encPk`. */
  readonly kid: Kid;
  /** `YYYY-MM-DDTHH:MM:SSZ`: from this instant on the key is not trusted. */
  readonly revokedAt: string;
  /** kid of the signing admin's `signPk`. */
  readonly issuerKid: Kid;
  readonly signature: string;
}

/** What an admin revokes. */
export interface RevocationSubject {
  readonly kind: RevocationKind;
  readonly subjectId: string;
  readonly kid: Kid | string;
  readonly revokedAt: Date;
}

declare const verifiedRevocation: unique symbol;
/** A statement whose signature and admin chain verified. Only `verifyRevocations` makes these. */
export interface VerifiedRevocation {
  readonly [verifiedRevocation]: true;
  readonly kind: RevocationKind;
  readonly subjectId: string;
  readonly kid: Kid;
  readonly revokedAt: Date;
  /** The admin who signed it. */
  readonly issuerId: string;
}

/** The verified statements of a list, and how many were refused (malformed, forged, not by an admin). */
export interface RevocationList {
  readonly revocations: readonly VerifiedRevocation[];
  readonly refused: number;
}

const MEMBERS = ['issuerKid', 'kid', 'kind', 'revokedAt', 'signature', 'subjectId', 'v'];
const ID = /^[A-Za-z0-9_.@-]{1,2048}$/;

function revocationMessage(s: Pick<RevocationStatement, 'kind' | 'subjectId' | 'kid' | 'revokedAt'>): Uint8Array {
  return utf8(`ashar/v1|revoke|${s.kind}|${s.subjectId}|${s.kid}|${s.revokedAt}`);
}

function checkSubjectId(kind: RevocationKind, subjectId: string): boolean {
  if (kind === 'staff') return ID.test(subjectId);
  try {
    parseDeskSubjectId(subjectId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signs a revocation statement with an admin's identity (whether it is an admin's is the
 * verifier's check). Throws InvalidInputError for an unknown kind, an invalid subject id or kid,
 * or an invalid date.
 */
export function issueRevocation(admin: IdentityKeys, subject: RevocationSubject): RevocationStatement {
  if (subject.kind !== 'staff' && subject.kind !== 'desk') throw new InvalidInputError('a revocation is of a staff or desk key');
  if (typeof subject.subjectId !== 'string' || !checkSubjectId(subject.kind, subject.subjectId)) throw new InvalidInputError('revocation subjectId is not valid for its kind');
  let kid: Kid;
  try {
    kid = parseKid(subject.kid);
  } catch {
    throw new InvalidInputError('revocation kid is not a kid');
  }
  const body = { kind: subject.kind, subjectId: subject.subjectId, kid, revokedAt: formatInstant(subject.revokedAt, 'revokedAt') };
  const signature = lib().crypto_sign_detached(revocationMessage(body), admin.signSk);
  return { v: 1, ...body, issuerKid: kidOf(admin.signPk), signature: toBase64Url(signature) };
}

/**
 * Validates the shape of an untrusted statement (no signature check). Throws BadPrefixError
 * (v ≠ 1), BadEncodingError (shape, members, kind, subject id, date, base64url), BadLengthError
 * (kid or signature lengths).
 */
export function parseRevocation(value: unknown): RevocationStatement {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('revocation: not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw new BadPrefixError('revocation: unsupported version');
  const keys = Object.keys(record).sort();
  if (keys.length !== MEMBERS.length || keys.some((key, index) => key !== MEMBERS[index])) throw new BadEncodingError('revocation: unexpected members');
  const { kind, subjectId, kid, revokedAt, issuerKid, signature } = record;
  if (kind !== 'staff' && kind !== 'desk') throw new BadEncodingError('revocation: unknown kind');
  if (typeof subjectId !== 'string' || !checkSubjectId(kind, subjectId)) throw new BadEncodingError('revocation: invalid subjectId');
  if (typeof kid !== 'string' || typeof issuerKid !== 'string' || typeof signature !== 'string') throw new BadEncodingError('revocation: members must be strings');
  if (!isInstant(revokedAt)) throw new BadEncodingError('revocation: revokedAt is not YYYY-MM-DDTHH:MM:SSZ');
  fromBase64Url(signature, 'revocation signature', 64);
  return { v: 1, kind, subjectId, kid: parseKid(kid), revokedAt, issuerKid: parseKid(issuerKid), signature };
}

/**
 * Verifies one statement against the chain of the admin who signed it ([admin], issued by the
 * root), checked as of `revokedAt` (or `now`, if earlier). Throws, in order: the errors of
 * parseRevocation; those of verifyCertificateChain; UntrustedCertificateError
 * (`kind-not-allowed`) when the chain is not an admin's; BadSignatureError when `issuerKid` is
 * not that admin's key or the signature does not verify.
 */
export function verifyRevocation(value: unknown, issuerChain: readonly unknown[], root: SignPublicKey, now: Date): VerifiedRevocation {
  const statement = parseRevocation(value);
  const at = new Date(Math.min(Date.parse(statement.revokedAt), now.getTime()));
  const issuer = verifyCertificateChain(issuerChain, root, at);
  if (issuer.kind !== 'admin') throw new UntrustedCertificateError('kind-not-allowed', 'only an admin signs a revocation');
  if (statement.issuerKid !== issuer.signKid) throw new BadSignatureError('revocation: not signed by the admin of the chain given');
  if (!verifyDetached(fromBase64Url(statement.signature, 'signature', 64), revocationMessage(statement), issuer.signPk)) {
    throw new BadSignatureError('revocation: signature does not verify');
  }
  return {
    kind: statement.kind,
    subjectId: statement.subjectId,
    kid: statement.kid,
    revokedAt: new Date(statement.revokedAt),
    issuerId: issuer.subjectId,
  } as VerifiedRevocation;
}

/**
 * Verifies a published list of `{ statement, chain }` entries. A statement that does not verify
 * is left out and counted (a server can always withhold statements, so a forged one earns
 * nothing by failing the whole list). Throws BadEncodingError only when `entries` is not an array.
 */
export function verifyRevocations(entries: readonly unknown[], root: SignPublicKey, now: Date): RevocationList {
  if (!Array.isArray(entries)) throw new BadEncodingError('revocations: not an array');
  const revocations: VerifiedRevocation[] = [];
  let refused = 0;
  for (const entry of entries) {
    try {
      if (typeof entry !== 'object' || entry === null) throw new BadEncodingError('revocation entry: not an object');
      const { statement, chain } = entry as { statement?: unknown; chain?: unknown };
      if (!Array.isArray(chain)) throw new BadEncodingError('revocation entry: no chain');
      revocations.push(verifyRevocation(statement, chain, root, now));
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      refused += 1;
    }
  }
  return { revocations, refused };
}

/** No statement at all (a list nobody published). */
export const NO_REVOCATIONS: RevocationList = { revocations: [], refused: 0 };

/** The earliest instant from which the key is revoked, or null. */
export function revokedSince(list: RevocationList, kind: RevocationKind, subjectId: string, kid: Kid | string): Date | null {
  let earliest: Date | null = null;
  for (const r of list.revocations) {
    if (r.kind === kind && r.subjectId === subjectId && r.kid === kid && (earliest === null || r.revokedAt < earliest)) earliest = r.revokedAt;
  }
  return earliest;
}

/**
 * Throws RevokedError when the key is revoked: at all (`at` omitted: to seal to it or sign
 * with it now), or from an instant no later than `at` (an item stored at `at`, SPEC.md §8's
 * "which now").
 */
export function assertNotRevoked(list: RevocationList, kind: RevocationKind, subjectId: string, kid: Kid | string, at?: Date): void {
  const since = revokedSince(list, kind, subjectId, kid);
  if (since !== null && (at === undefined || since.getTime() <= at.getTime())) throw new RevokedError(`${kind} key revoked`);
}
