/**
 * Certificates and chain verification (SPEC.md §8): the root certifies admins and the
 * escrow key, admins certify staff and desk keys, and a client trusts a public key only
 * through a verified chain to the configured root public key.
 */
import {
  type EncPublicKey,
  type IdentityKeys,
  type Kid,
  type RootKeys,
  type SignPublicKey,
  brandAs,
} from './brands';
import { assertId } from './binding';
import { fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadPrefixError, BadSignatureError, InvalidInputError, UntrustedCertificateError } from './errors';
import { PUBLIC_KEY_BYTES, kidOf, parseEncPublicKey, parseKid, parseSignPublicKey } from './keys';
import { lib, verifyDetached } from './sodium';

export type SubjectKind = 'admin' | 'staff' | 'desk' | 'escrow';

/** A certificate as stored and sent by the api (plain JSON). */
export interface Certificate {
  readonly v: 1;
  readonly kind: SubjectKind;
  readonly subjectId: string;
  readonly encPk: string;
  /**
   * Required for admin and staff; the desk version's derived signing key for a desk (SPEC.md
   * §8.2; "" in a legacy desk certificate, which cannot be continued); "" for the escrow key.
   */
  readonly signPk: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly notAfter: string;
  readonly issuerKid: Kid;
  readonly signature: string;
}

/** What an issuer certifies. `signPk` is required for admin, staff and (new) desk certificates, absent for escrow. */
export interface CertificateSubject {
  readonly kind: SubjectKind;
  readonly subjectId: string;
  readonly encPk: EncPublicKey;
  readonly signPk?: SignPublicKey;
  readonly notAfter: Date;
}

declare const verified: unique symbol;
interface VerifiedBase {
  readonly [verified]: true;
  readonly subjectId: string;
  readonly encPk: EncPublicKey;
  readonly encKid: Kid;
  readonly notAfter: string;
}
/** An admin or staff member whose keys chain to the root. */
export interface VerifiedPerson extends VerifiedBase {
  readonly kind: 'admin' | 'staff';
  readonly signPk: SignPublicKey;
  readonly signKid: Kid;
}
/** A desk key version that chains to the root. */
export interface VerifiedDesk extends VerifiedBase {
  readonly kind: 'desk';
  readonly deskId: string;
  readonly version: number;
  /** The version's certified signing key (SPEC.md §8.2); null for a legacy certificate (`signPk: ""`). */
  readonly signPk: SignPublicKey | null;
}
/** The organisation escrow key, certified by the root. */
export interface VerifiedEscrow extends VerifiedBase {
  readonly kind: 'escrow';
}
/** Only `verifyCertificateChain` makes these: holding one proves the chain was checked. */
export type VerifiedSubject = VerifiedPerson | VerifiedDesk | VerifiedEscrow;

const KINDS: readonly SubjectKind[] = ['admin', 'staff', 'desk', 'escrow'];
const ISSUED_BY_ROOT: readonly SubjectKind[] = ['admin', 'escrow'];
const ISSUED_BY_ADMIN: readonly SubjectKind[] = ['staff', 'desk'];
const NOT_AFTER = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MEMBERS = ['encPk', 'issuerKid', 'kind', 'notAfter', 'signPk', 'signature', 'subjectId', 'v'];
const MAX_VERSION = 2 ** 31 - 1;

/** Whether a new certificate of this kind must carry a signing key (desk: since SPEC.md §8.2). */
function needsSignKey(kind: SubjectKind): boolean {
  return kind === 'admin' || kind === 'staff' || kind === 'desk';
}

/** Whether a stored certificate of this kind may carry `signPk: ""` (escrow always; desk: legacy). */
function mayLackSignKey(kind: SubjectKind): boolean {
  return kind === 'escrow' || kind === 'desk';
}

/** `deskId:version`, the subject id of a desk certificate. Throws InvalidInputError. */
export function deskSubjectId(deskId: string, version: number): string {
  assertId(deskId, 'deskId');
  assertVersion(version);
  return `${deskId}:${version}`;
}

/** Throws InvalidInputError unless 1 ≤ version ≤ 2^31−1 (an integer). */
export function assertVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) throw new InvalidInputError('desk key version must be an integer from 1');
}

/** Splits `deskId:version`. Throws BadEncodingError when it is not one. */
export function parseDeskSubjectId(subjectId: string): { deskId: string; version: number } {
  const match = /^([A-Za-z0-9_.@-]{1,2048}):([1-9][0-9]{0,9})$/.exec(subjectId);
  const version = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(version) || version > MAX_VERSION) throw new BadEncodingError('desk certificate: subjectId is not deskId:version');
  return { deskId: match[1], version };
}

function formatNotAfter(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new InvalidInputError('notAfter must be a valid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A date as `YYYY-MM-DDTHH:MM:SSZ` (milliseconds dropped). Throws InvalidInputError for an invalid date. */
export function formatInstant(date: Date, what: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new InvalidInputError(`${what} must be a valid date`);
  return formatNotAfter(date);
}

/** True when `text` is a valid UTC instant of exactly the shape `YYYY-MM-DDTHH:MM:SSZ`. */
export function isInstant(text: unknown): text is string {
  return typeof text === 'string' && NOT_AFTER.test(text) && !Number.isNaN(Date.parse(text)) && formatNotAfter(new Date(text)) === text;
}

function certificateMessage(cert: Omit<Certificate, 'issuerKid' | 'signature' | 'v'>): Uint8Array {
  return utf8(`ashar/v1|cert|${cert.kind}|${cert.subjectId}|${cert.encPk}|${cert.signPk}|${cert.notAfter}`);
}

/**
 * Issues a certificate. The root may certify admin and escrow keys; an admin's identity may
 * certify staff and desk keys. Throws InvalidInputError for another combination, an invalid
 * subject id (desks: `deskId:version`, see deskSubjectId), a missing or superfluous signPk,
 * or an invalid date. Whether the issuing identity really is an admin is the chain's job.
 */
export function issueCertificate(issuer: RootKeys | IdentityKeys, subject: CertificateSubject): Certificate {
  const allowed = issuer.kind === 'root' ? ISSUED_BY_ROOT : ISSUED_BY_ADMIN;
  if (!allowed.includes(subject.kind)) throw new InvalidInputError(`a ${issuer.kind === 'root' ? 'root' : 'admin'} key cannot certify a ${subject.kind}`);
  if (subject.kind === 'desk') parseDeskSubjectIdOrThrowInput(subject.subjectId);
  else assertId(subject.subjectId, 'subjectId');
  if (needsSignKey(subject.kind) !== (subject.signPk !== undefined)) throw new InvalidInputError(`a ${subject.kind} certificate ${needsSignKey(subject.kind) ? 'needs' : 'has no'} signPk`);
  for (const key of [subject.encPk, subject.signPk]) {
    if (key !== undefined && (!(key instanceof Uint8Array) || key.length !== PUBLIC_KEY_BYTES)) throw new InvalidInputError('public keys must be 32 bytes');
  }
  const body = {
    kind: subject.kind,
    subjectId: subject.subjectId,
    encPk: toBase64Url(subject.encPk),
    signPk: subject.signPk === undefined ? '' : toBase64Url(subject.signPk),
    notAfter: formatNotAfter(subject.notAfter),
  };
  const signature = lib().crypto_sign_detached(certificateMessage(body), issuer.signSk);
  return { v: 1, ...body, issuerKid: kidOf(issuer.signPk), signature: toBase64Url(signature) };
}

function parseDeskSubjectIdOrThrowInput(subjectId: string): void {
  try {
    parseDeskSubjectId(subjectId);
  } catch {
    throw new InvalidInputError('a desk subjectId is deskId:version (use deskSubjectId)');
  }
}

/**
 * Validates the shape of an untrusted certificate (no signature check).
 * Throws BadPrefixError (v ≠ 1), BadEncodingError (shape, members, kind, date, base64url),
 * BadLengthError (key, kid or signature lengths).
 */
export function parseCertificate(value: unknown): Certificate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('certificate: not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw new BadPrefixError('certificate: unsupported version');
  const keys = Object.keys(record).sort();
  if (keys.length !== MEMBERS.length || keys.some((key, index) => key !== MEMBERS[index])) throw new BadEncodingError('certificate: unexpected members');
  const { kind, subjectId, encPk, signPk, notAfter, issuerKid, signature } = record;
  if (typeof kind !== 'string' || !KINDS.includes(kind as SubjectKind)) throw new BadEncodingError('certificate: unknown kind');
  const subjectKind = kind as SubjectKind;
  if (typeof subjectId !== 'string' || typeof encPk !== 'string' || typeof signPk !== 'string' || typeof notAfter !== 'string' || typeof signature !== 'string' || typeof issuerKid !== 'string') {
    throw new BadEncodingError('certificate: members must be strings');
  }
  if (subjectKind === 'desk') parseDeskSubjectId(subjectId);
  else if (!/^[A-Za-z0-9_.@-]{1,2048}$/.test(subjectId)) throw new BadEncodingError('certificate: invalid subjectId');
  parseEncPublicKey(encPk);
  if (subjectKind === 'escrow') {
    if (signPk !== '') throw new BadEncodingError('certificate: an escrow key has no signPk');
  } else if (!(mayLackSignKey(subjectKind) && signPk === '')) parseSignPublicKey(signPk);
  if (!isInstant(notAfter)) {
    throw new BadEncodingError('certificate: notAfter is not YYYY-MM-DDTHH:MM:SSZ');
  }
  fromBase64Url(signature, 'certificate signature', 64);
  return { v: 1, kind: subjectKind, subjectId, encPk, signPk, notAfter, issuerKid: parseKid(issuerKid), signature };
}

/**
 * Verifies a chain (leaf first: [admin], [escrow], [staff, admin] or [desk, admin]) to the
 * trusted root public key at time `now`, and returns the leaf's keys.
 * Throws, in order: parse errors of parseCertificate; UntrustedCertificateError (reason
 * `chain-length`, `unknown-issuer`, `broken-chain`, `kind-not-allowed`); BadSignatureError;
 * UntrustedCertificateError `expired`.
 */
export function verifyCertificateChain(chain: readonly unknown[], root: SignPublicKey, now: Date): VerifiedSubject {
  if (!Array.isArray(chain) || chain.length < 1 || chain.length > 2) throw new UntrustedCertificateError('chain-length', 'certificate chain must hold 1 or 2 certificates');
  const certs = chain.map(parseCertificate);
  const last = certs[certs.length - 1] as Certificate;
  const leaf = certs[0] as Certificate;
  if (last.issuerKid !== kidOf(root)) throw new UntrustedCertificateError('unknown-issuer', 'certificate chain does not end at the trusted root');
  const issuers: SignPublicKey[] = certs.map((cert, index) => {
    const parent = certs[index + 1];
    if (parent === undefined) return root;
    const parentKey = parseSignPublicKey(parent.signPk);
    if (cert.issuerKid !== kidOf(parentKey)) throw new UntrustedCertificateError('broken-chain', 'certificate not issued by the next one in the chain');
    return parentKey;
  });
  certs.forEach((cert, index) => {
    const allowed = index === certs.length - 1 ? ISSUED_BY_ROOT : ISSUED_BY_ADMIN;
    if (!allowed.includes(cert.kind)) throw new UntrustedCertificateError('kind-not-allowed', `a ${cert.kind} certificate cannot appear there`);
  });
  if (certs.length === 2 && (certs[1] as Certificate).kind !== 'admin') throw new UntrustedCertificateError('kind-not-allowed', 'only an admin certifies staff and desks');
  certs.forEach((cert, index) => {
    const ok = verifyDetached(fromBase64Url(cert.signature, 'signature', 64), certificateMessage(cert), issuers[index] as SignPublicKey);
    if (!ok) throw new BadSignatureError(`${cert.kind} certificate: signature does not verify`);
  });
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidInputError('now must be a valid date');
  for (const cert of certs) {
    if (now.getTime() >= Date.parse(cert.notAfter)) throw new UntrustedCertificateError('expired', `${cert.kind} certificate expired`);
  }
  return toVerified(leaf);
}

function toVerified(cert: Certificate): VerifiedSubject {
  const encPk = parseEncPublicKey(cert.encPk);
  const base = { subjectId: cert.subjectId, encPk, encKid: kidOf(encPk), notAfter: cert.notAfter };
  switch (cert.kind) {
    case 'admin':
    case 'staff': {
      const signPk = parseSignPublicKey(cert.signPk);
      return brandAs<VerifiedPerson>({ kind: cert.kind, ...base, signPk, signKid: kidOf(signPk) });
    }
    case 'desk':
      return brandAs<VerifiedDesk>({ kind: 'desk', ...base, ...parseDeskSubjectId(cert.subjectId), signPk: cert.signPk === '' ? null : parseSignPublicKey(cert.signPk) });
    case 'escrow':
      return brandAs<VerifiedEscrow>({ kind: 'escrow', ...base });
  }
}
