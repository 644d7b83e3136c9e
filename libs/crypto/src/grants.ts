/**
 * Mini-grants (SPEC.md §18): a per-grant key and its signed envelopes, payee details and
 * grantee reports signed by their author under that key, report files bound to the grant,
 * and approvals signed by each approver over the grant's canonical terms.
 *
 * The grant key is not the case key: the finance desk reads payee details and reports with it
 * without ever holding the case key (and so without reading the case's request, messages or
 * notes), and the requester, who holds it too, reads nothing of the case's staff side.
 */
import {
  type FileKey,
  type GrantFileMetaCiphertext,
  type GrantKey,
  type IdentityKeys,
  type JsonValue,
  type Kid,
  type KeyOpener,
  type RequesterKeys,
  type SealedKey,
  type Signer,
  type SignPublicKey,
  type StreamHeader,
  type WrappedGrantFileKey,
  brandAs,
} from './brands';
import { type GrantFileRef, type GrantReportRef, assertId, buildAd } from './binding';
import { type VerifiedSubject } from './certificates';
import { type RequesterPublicKeys, type Sealer, checkEnvelopeSignature, signEnvelope } from './case-keys';
import { aeadDecrypt, aeadEncrypt, KEY_BYTES } from './aead';
import { canonicalJson, canonicalJsonBytes, pad, parseCanonicalJson, unpad } from './canonical-json';
import { concatBytes, fromBase64Url, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadSignatureError, InvalidInputError, MalformedPlaintextError, WrongKeyError } from './errors';
import { type FileMeta, isFileMeta } from './file-meta';
import { type EncryptedChunk, type FileDecryptor, type FileEncryptor, createFileDecryptor, createFileEncryptor } from './file-stream';
import { type ByteSource, decryptFile, decryptFileToStream, encryptFile, encryptFileToStream } from './file-stream-io';
import { kidOf, parseKid } from './keys';
import { randomBytes } from './random';
import { openSealedKey, sealKey, sealedKeyRecipient } from './sealed-box';
import { type SignedCiphertext, decryptSigned, encryptSigned } from './signed-payload';
import { lib, verifyDetached } from './sodium';

// ---------------------------------------------------------------------------------------------
// §18.1 The grant key and its envelopes

/**
 * Who may receive a grant key: a verified desk (the finance desk, the case's owning desk) or
 * member of staff, the sealer's own identity, or the case's requester. Never an admin or the
 * escrow key (sealGrantKey refuses them).
 */
export type GrantKeyRecipient = VerifiedSubject | IdentityKeys | RequesterPublicKeys | RequesterKeys;

/** One grant key given to one recipient; store all three members. */
export interface GrantKeyEnvelope {
  readonly sealedKey: SealedKey<GrantKey>;
  readonly sealerKid: Kid;
  readonly signature: string;
}

function grantBinding(grantId: string): { purpose: 'grant-key'; ids: string[] } {
  assertId(grantId, 'grantId');
  return { purpose: 'grant-key', ids: [grantId] };
}

/** A fresh grant key (32 random bytes). Throws only NotReadyError. */
export function generateGrantKey(): GrantKey {
  return brandAs<GrantKey>(randomBytes(KEY_BYTES, 'grant-key'));
}

/**
 * Seals `grantKey` to one recipient and signs the envelope as `sealer` (certified staff, or the
 * case's requester). Throws InvalidInputError for an invalid grantId, a key of the wrong size,
 * or a recipient that is an admin or the escrow key.
 */
export function sealGrantKey(grantKey: GrantKey, grantId: string, recipient: GrantKeyRecipient, sealer: Sealer): GrantKeyEnvelope {
  if (recipient.kind === 'admin' || recipient.kind === 'escrow') throw new InvalidInputError('a grant key is sealed only to a desk, a member of staff or the requester');
  const sealedKey = sealKey(grantKey, recipient.encPk, grantBinding(grantId));
  return { sealedKey, sealerKid: kidOf(sealer.signPk), signature: signEnvelope('grant-key-envelope', grantId, sealedKey, sealer) };
}

/** One envelope per recipient, in the same order. Throws like sealGrantKey. */
export function sealGrantKeyToAll(grantKey: GrantKey, grantId: string, recipients: readonly GrantKeyRecipient[], sealer: Sealer): GrantKeyEnvelope[] {
  return recipients.map((recipient) => sealGrantKey(grantKey, grantId, recipient, sealer));
}

/** Validates the shape of an untrusted grant key envelope. Throws BadEncodingError or BadLengthError. */
export function parseGrantKeyEnvelope(value: unknown): GrantKeyEnvelope {
  if (typeof value !== 'object' || value === null) throw new BadEncodingError('grant key envelope: not an object');
  const { sealedKey, sealerKid, signature } = value as Record<string, unknown>;
  if (typeof sealedKey !== 'string' || typeof sealerKid !== 'string' || typeof signature !== 'string') {
    throw new BadEncodingError('grant key envelope: sealedKey, sealerKid and signature must be strings');
  }
  fromBase64Url(signature, 'envelope signature', 64);
  return { sealedKey: brandAs<SealedKey<GrantKey>>(sealedKey), sealerKid: parseKid(sealerKid), signature };
}

/**
 * What a server can check of a grant key envelope without opening it (as verifyCaseKeyEnvelope):
 * its format, that `sealerKid` is `sealerKey`'s, and the signature over (grantId, sealedKey).
 * Returns the recipient kid written in the sealed key. Throws, in order: InvalidInputError
 * (grantId); BadEncodingError / BadLengthError (envelope shape, signature encoding);
 * BadPrefixError / BadEncodingError / BadLengthError (sealed key); WrongKeyError (another
 * sealer key); BadSignatureError.
 */
export function verifyGrantKeyEnvelope(envelope: unknown, grantId: string, sealerKey: SignPublicKey): Kid {
  assertId(grantId, 'grantId');
  const checked = parseGrantKeyEnvelope(envelope);
  const recipient = sealedKeyRecipient(checked.sealedKey);
  checkEnvelopeSignature('grant-key-envelope', checked, grantId, sealerKey);
  return recipient;
}

/**
 * Opens a grant key envelope with the opener's key pair (person, desk or requester), given the
 * sealer key the reader trusts (certified staff, or the case's requester). Throws, in order:
 * BadEncodingError / BadLengthError (envelope shape); the errors of openSealedKey
 * (BadPrefixError, BadEncodingError, BadLengthError, WrongKeyError for another recipient,
 * TamperedError, WrongAdError for another grant or a case/staff-only key envelope);
 * WrongKeyError (another sealer key); BadSignatureError.
 */
export function openGrantKeyEnvelope(envelope: GrantKeyEnvelope, grantId: string, opener: KeyOpener, sealerKey: SignPublicKey): GrantKey {
  const binding = grantBinding(grantId);
  const checked = parseGrantKeyEnvelope(envelope);
  const key = openSealedKey(checked.sealedKey, opener, binding);
  try {
    checkEnvelopeSignature('grant-key-envelope', checked, grantId, sealerKey);
  } catch (error) {
    lib().memzero(key);
    throw error;
  }
  return brandAs<GrantKey>(key);
}

// ---------------------------------------------------------------------------------------------
// §18.2 Payee details

/** Payee details as the person typed them (a JSON object; its members are the app's). */
export type PayeeDetails = { readonly [member: string]: JsonValue };

function assertObject(value: unknown, what: string): asserts value is { readonly [member: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidInputError(`${what} must be a JSON object`);
}

/**
 * Signs payee details as `author` (a member of staff or the requester) and encrypts them under
 * the grant key, bound to the grant (`grant-payee`). Throws InvalidInputError for an invalid
 * grantId or details that are not a JSON object JSON can represent exactly.
 */
export function encryptPayeeDetails(grantKey: GrantKey, grantId: string, details: PayeeDetails, author: Signer): SignedCiphertext<'grant-payee'> {
  assertObject(details, 'payee details');
  return encryptSigned<'grant-payee'>(grantKey, { purpose: 'grant-payee', grantId }, details, author);
}

/**
 * Opens payee details, given the author key the reader trusts for the stored authorKid
 * (certified staff, or the case's requester). Throws like decryptSigned, and
 * MalformedPlaintextError when the body is not a JSON object.
 */
export function decryptPayeeDetails(
  grantKey: GrantKey,
  grantId: string,
  stored: { readonly ciphertext: string; readonly authorKid: string },
  authorKey: SignPublicKey,
): PayeeDetails {
  const body = decryptSigned<'grant-payee'>(grantKey, { purpose: 'grant-payee', grantId }, stored, authorKey);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedPlaintextError('grant-payee: not a JSON object');
  return body as PayeeDetails;
}

// ---------------------------------------------------------------------------------------------
// §18.3 Approvals

/** The terms an approver signs (SPEC.md §18.3). Changing any member voids earlier signatures. */
export interface GrantTerms {
  readonly grantId: string;
  /** The version of the terms: an integer from 1 to 2^31−1, raised by the server on every change. */
  readonly version: number;
  /** Amount in minor units: a decimal string without leading zeros, at most 18 digits. */
  readonly amountMinor: string;
  /** ISO 4217 code: three upper-case letters. */
  readonly currency: string;
  readonly fundId: string;
  readonly budgetLineId: string;
  readonly decision: 'approve' | 'reject';
}

/** A signed approval as stored beside the grant: the signature and the approver's signing kid. */
export interface GrantApprovalSignature {
  /** b64url of the 64-byte Ed25519 signature. */
  readonly signature: string;
  readonly signerKid: Kid;
}

const TERM_MEMBERS = ['amountMinor', 'budgetLineId', 'currency', 'decision', 'fundId', 'grantId', 'version'];
const AMOUNT_MINOR = /^(0|[1-9][0-9]{0,17})$/;
const CURRENCY = /^[A-Z]{3}$/;
const VERSION_MAX = 2 ** 31 - 1;

/** Checks `terms` strictly and returns a copy holding exactly its members. Throws InvalidInputError. */
function checkedTerms(terms: unknown): GrantTerms {
  if (typeof terms !== 'object' || terms === null || Array.isArray(terms)) throw new InvalidInputError('grant terms must be an object');
  const record = terms as Record<string, unknown>;
  const members = Object.keys(record).sort();
  if (members.join(',') !== TERM_MEMBERS.join(',')) throw new InvalidInputError(`grant terms must have exactly the members ${TERM_MEMBERS.join(', ')}`);
  assertId(record['grantId'], 'grantId');
  assertId(record['fundId'], 'fundId');
  assertId(record['budgetLineId'], 'budgetLineId');
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1 || version > VERSION_MAX) {
    throw new InvalidInputError('grant terms: version must be an integer from 1 to 2^31-1');
  }
  const amountMinor = record['amountMinor'];
  if (typeof amountMinor !== 'string' || !AMOUNT_MINOR.test(amountMinor)) {
    throw new InvalidInputError('grant terms: amountMinor must be a decimal string of a non-negative integer, no leading zeros, at most 18 digits');
  }
  const currency = record['currency'];
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) throw new InvalidInputError('grant terms: currency must be three upper-case letters');
  const decision = record['decision'];
  if (decision !== 'approve' && decision !== 'reject') throw new InvalidInputError('grant terms: decision must be "approve" or "reject"');
  return {
    grantId: record['grantId'],
    version,
    amountMinor,
    currency,
    fundId: record['fundId'],
    budgetLineId: record['budgetLineId'],
    decision,
  };
}

/**
 * The bytes an approver signs: AD(grant-approval, grantId, version) ‖ utf8(canonicalJSON(terms)).
 * Throws InvalidInputError unless `terms` has exactly the members of GrantTerms, each valid.
 */
export function grantApprovalMessage(terms: GrantTerms): Uint8Array {
  const checked = checkedTerms(terms);
  return concatBytes(buildAd('grant-approval', [checked.grantId, String(checked.version)]), utf8(canonicalJson({ ...checked })));
}

/** Signs `terms` with the approver's staff identity signing key. Throws InvalidInputError for invalid terms. */
export function signGrantApproval(terms: GrantTerms, approver: IdentityKeys): GrantApprovalSignature {
  const signature = lib().crypto_sign_detached(grantApprovalMessage(terms), approver.signSk);
  return { signature: toBase64Url(signature), signerKid: kidOf(approver.signPk) };
}

/**
 * Checks an approval signature over `terms` under `signerKey` (the approver's certified signing
 * key), through the library's signature verifier (useSignatureVerifier). When `signerKid` is
 * given it must be the kid of `signerKey`. Returns nothing; throws, in order: InvalidInputError
 * (terms); BadEncodingError / BadLengthError (signature, signerKid); WrongKeyError (signerKid
 * is another key's); BadSignatureError (any term changed, another signer, altered signature).
 */
export function verifyGrantApproval(terms: GrantTerms, signature: string, signerKey: SignPublicKey, signerKid?: string): void {
  const message = grantApprovalMessage(terms);
  const raw = fromBase64Url(signature, 'approval signature', 64);
  if (signerKid !== undefined && parseKid(signerKid) !== kidOf(signerKey)) throw new WrongKeyError('grant approval: signed by another key');
  if (!verifyDetached(raw, message, signerKey)) throw new BadSignatureError('grant approval: signature does not verify');
}

// ---------------------------------------------------------------------------------------------
// §18.4 Reports and their files

/**
 * Signs a grantee report body as `author` (the requester or a member of staff) and encrypts it
 * under the grant key, bound to (grantId, reportId). Throws InvalidInputError for invalid ids or
 * a body JSON cannot represent exactly.
 */
export function encryptGrantReport(grantKey: GrantKey, report: GrantReportRef, body: JsonValue, author: Signer): SignedCiphertext<'grant-report'> {
  return encryptSigned<'grant-report'>(grantKey, { purpose: 'grant-report', grantId: report.grantId, reportId: report.reportId }, body, author);
}

/** Opens a grantee report, given the author key the reader trusts. Throws like decryptSigned. */
export function decryptGrantReport(
  grantKey: GrantKey,
  report: GrantReportRef,
  stored: { readonly ciphertext: string; readonly authorKid: string },
  authorKey: SignPublicKey,
): JsonValue {
  return decryptSigned<'grant-report'>(grantKey, { purpose: 'grant-report', grantId: report.grantId, reportId: report.reportId }, stored, authorKey);
}

function fileIds(file: GrantFileRef): { grantId: string; fileId: string } {
  return { grantId: file.grantId, fileId: file.fileId };
}

/** Encrypts a report file's key under the grant key, bound to the file. Throws InvalidInputError for invalid ids or keys. */
export function wrapGrantFileKey(grantKey: GrantKey, file: GrantFileRef, fileKey: FileKey): WrappedGrantFileKey {
  if (!(fileKey instanceof Uint8Array) || fileKey.length !== KEY_BYTES) throw new InvalidInputError('file key must be 32 bytes');
  return aeadEncrypt(grantKey, { purpose: 'grant-file-key', ...fileIds(file) }, fileKey);
}

/** Decrypts a report file's wrapped key. Throws the errors of aeadDecrypt (SPEC.md §4). */
export function unwrapGrantFileKey(grantKey: GrantKey, file: GrantFileRef, wrapped: WrappedGrantFileKey | string): FileKey {
  return brandAs<FileKey>(aeadDecrypt(grantKey, { purpose: 'grant-file-key', ...fileIds(file) }, wrapped));
}

/** Encrypts a report file's metadata under the grant key. Throws InvalidInputError for invalid ids or metadata. */
export function encryptGrantFileMeta(grantKey: GrantKey, file: GrantFileRef, meta: FileMeta): GrantFileMetaCiphertext {
  const value = { name: meta.name, type: meta.type, size: meta.size };
  if (!isFileMeta(value)) throw new InvalidInputError('file meta needs a string name and type and a non-negative integer size');
  return aeadEncrypt(grantKey, { purpose: 'grant-file-meta', ...fileIds(file) }, pad(canonicalJsonBytes(value)));
}

/** Decrypts a report file's metadata. Throws the errors of aeadDecrypt, then MalformedPlaintextError. */
export function decryptGrantFileMeta(grantKey: GrantKey, file: GrantFileRef, ciphertext: GrantFileMetaCiphertext | string): FileMeta {
  const value = parseCanonicalJson(unpad(aeadDecrypt(grantKey, { purpose: 'grant-file-meta', ...fileIds(file) }, ciphertext), 'grant-file-meta'), 'grant-file-meta');
  if (!isFileMeta(value)) throw new MalformedPlaintextError('grant-file-meta: not {name, size, type}');
  return value;
}

function grantStreamRef(file: GrantFileRef): GrantFileRef {
  if (typeof file !== 'object' || file === null || (file as { caseId?: unknown }).caseId !== undefined) throw new InvalidInputError('a grant file ref holds grantId and fileId only');
  return fileIds(file);
}

/** Starts encrypting a report file chunk by chunk (stream of §11 bound to `grant-file-stream`). Throws InvalidInputError. */
export function createGrantFileEncryptor(fileKey: FileKey, file: GrantFileRef): FileEncryptor {
  return createFileEncryptor(fileKey, grantStreamRef(file));
}

/** Starts decrypting a report file chunk by chunk. Throws like createFileDecryptor. */
export function createGrantFileDecryptor(fileKey: FileKey, file: GrantFileRef, header: StreamHeader | string): FileDecryptor {
  return createFileDecryptor(fileKey, grantStreamRef(file), header);
}

/** encryptFile for a report file: the header at once, the chunks lazily. */
export function encryptGrantFile(fileKey: FileKey, file: GrantFileRef, source: ByteSource): { header: StreamHeader; chunks: AsyncGenerator<EncryptedChunk> } {
  return encryptFile(fileKey, grantStreamRef(file), source);
}

/** decryptFile for a report file. Throws like decryptFile. */
export function decryptGrantFile(fileKey: FileKey, file: GrantFileRef, header: StreamHeader | string, source: ByteSource): AsyncGenerator<Uint8Array> {
  return decryptFile(fileKey, grantStreamRef(file), header, source);
}

/** encryptFileToStream for a report file. */
export function encryptGrantFileToStream(fileKey: FileKey, file: GrantFileRef, source: ByteSource): { header: StreamHeader; stream: ReadableStream<Uint8Array> } {
  return encryptFileToStream(fileKey, grantStreamRef(file), source);
}

/** decryptFileToStream for a report file. */
export function decryptGrantFileToStream(fileKey: FileKey, file: GrantFileRef, header: StreamHeader | string, source: ByteSource): ReadableStream<Uint8Array> {
  return decryptFileToStream(fileKey, grantStreamRef(file), header, source);
}
