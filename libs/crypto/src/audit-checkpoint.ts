/**
 * Signed checkpoints of the audit log's head (SPEC.md §16): a server key, kept in a file outside
 * the database, signs "at time `at`, the audit chain of `instance` ended at `seq` with hash
 * `head`". A copy kept elsewhere then shows any later rewrite of the events up to `seq`, which
 * the chain alone cannot (whoever can write the database can recompute every link after a change).
 */
import { type SignPublicKey, type SignSecretKey, brandAs } from './brands';
import { bytesEqual, fromBase64Url, splitVersioned, toBase64Url, utf8 } from './encoding';
import { BadEncodingError, BadPrefixError, BadSignatureError, InvalidInputError, WrongKeyError } from './errors';
import { PUBLIC_KEY_BYTES, SEED_BYTES, signKeyPairFromSeed } from './keys';
import { randomBytes } from './random';
import { lib, verifyDetached } from './sodium';

const SIGNATURE_BYTES = 64;
const KEY_PREFIX = 'ack1';
const MEMBERS = ['at', 'head', 'instance', 'publicKey', 'seq', 'signature', 'v'];
const INSTANCE = /^[A-Za-z0-9_.@-]{1,2048}$/;
const SEQ = /^(0|[1-9][0-9]{0,18})$/;
const MAX_SEQ = 2n ** 63n - 1n; // PostgreSQL bigint
const HEAD = /^[0-9a-f]{64}$/;
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The checkpoint signing key of one deployment (Ed25519). */
export interface AuditCheckpointKeys {
  readonly kind: 'audit-checkpoint';
  readonly signPk: SignPublicKey;
  readonly signSk: SignSecretKey;
}

/** What a checkpoint states. */
export interface AuditCheckpointStatement {
  /** The deployment's instance id (SPEC.md §2.3 id grammar). */
  readonly instance: string;
  /** The last seq of the chain, decimal without leading zeros; "0" for an empty log. */
  readonly seq: string;
  /** hash_seq of the chain (hash_0, the genesis value, for an empty log), 64 lower-case hex digits. */
  readonly head: string;
  /** When it was signed, `YYYY-MM-DDTHH:MM:SSZ` (the signer's clock). */
  readonly at: string;
}

/** A signed checkpoint as written to files and served by the api (plain JSON). */
export interface AuditCheckpoint extends AuditCheckpointStatement {
  readonly v: 1;
  /** The signer's Ed25519 public key, base64url. */
  readonly publicKey: string;
  /** base64url(SIGN(signSk, auditCheckpointMessage(statement))). */
  readonly signature: string;
}

/** A fresh checkpoint key. Throws only NotReadyError. */
export function generateAuditCheckpointKeys(): AuditCheckpointKeys {
  return { kind: 'audit-checkpoint', ...signKeyPairFromSeed(randomBytes(SEED_BYTES, 'sign-seed')) };
}

/** `ack1.<seed>`: the key file's content (without its line feed). The string is the secret key. */
export function exportAuditCheckpointKeys(keys: AuditCheckpointKeys): string {
  return `${KEY_PREFIX}.${toBase64Url(lib().crypto_sign_ed25519_sk_to_seed(keys.signSk))}`;
}

/** Parses `ack1.<seed>` (surrounding whitespace allowed). Throws BadPrefixError, BadEncodingError, BadLengthError. */
export function importAuditCheckpointKeys(text: string): AuditCheckpointKeys {
  if (typeof text !== 'string') throw new BadEncodingError('ack1: not a string');
  const [, seed] = splitVersioned(text.trim(), KEY_PREFIX, 2, 'ack1');
  return { kind: 'audit-checkpoint', ...signKeyPairFromSeed(fromBase64Url(seed ?? '', 'ack1 seed', SEED_BYTES)) };
}

/** `YYYY-MM-DDTHH:MM:SSZ` of a date (milliseconds dropped). Throws InvalidInputError for an invalid date. */
export function checkpointTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new InvalidInputError('checkpoint time must be a valid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The signed bytes: utf8("ashar/v1|audit-checkpoint|" + instance + "|" + seq + "|" + head + "|" + at). */
export function auditCheckpointMessage(statement: AuditCheckpointStatement): Uint8Array {
  return utf8(`ashar/v1|audit-checkpoint|${statement.instance}|${statement.seq}|${statement.head}|${statement.at}`);
}

/** Null when every field of `statement` is in its canonical form, else the name of the first that is not. */
function invalidField(statement: Record<string, unknown>): string | null {
  const { instance, seq, head, at } = statement;
  if (typeof instance !== 'string' || !INSTANCE.test(instance)) return 'instance';
  if (typeof seq !== 'string' || !SEQ.test(seq) || BigInt(seq) > MAX_SEQ) return 'seq';
  if (typeof head !== 'string' || !HEAD.test(head)) return 'head';
  if (typeof at !== 'string' || !AT.test(at) || Number.isNaN(Date.parse(at)) || checkpointTime(new Date(at)) !== at) return 'at';
  return null;
}

/**
 * Signs a checkpoint of `statement`. Throws InvalidInputError when a field is not in its
 * canonical form (see AuditCheckpointStatement).
 */
export function signAuditCheckpoint(keys: AuditCheckpointKeys, statement: AuditCheckpointStatement): AuditCheckpoint {
  const body = { instance: statement.instance, seq: statement.seq, head: statement.head, at: statement.at };
  const invalid = invalidField(body);
  if (invalid) throw new InvalidInputError(`audit checkpoint: invalid ${invalid}`);
  const signature = lib().crypto_sign_detached(auditCheckpointMessage(body), keys.signSk);
  return { v: 1, ...body, publicKey: toBase64Url(keys.signPk), signature: toBase64Url(signature) };
}

/**
 * Checks the shape of an untrusted checkpoint (no signature check). Throws BadPrefixError
 * (v ≠ 1), BadEncodingError (not an object, other members, a field not in its canonical form,
 * base64url), BadLengthError (public key ≠ 32 or signature ≠ 64 bytes).
 */
export function parseAuditCheckpoint(value: unknown): AuditCheckpoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadEncodingError('audit checkpoint: not an object');
  const record = value as Record<string, unknown>;
  if (record['v'] !== 1) throw new BadPrefixError('audit checkpoint: unsupported version');
  const keys = Object.keys(record).sort();
  if (keys.length !== MEMBERS.length || keys.some((key, index) => key !== MEMBERS[index])) throw new BadEncodingError('audit checkpoint: unexpected members');
  const invalid = invalidField(record);
  if (invalid) throw new BadEncodingError(`audit checkpoint: ${invalid} is not in its canonical form`);
  const { publicKey, signature } = record;
  if (typeof publicKey !== 'string' || typeof signature !== 'string') throw new BadEncodingError('audit checkpoint: members must be strings');
  fromBase64Url(publicKey, 'audit checkpoint public key', PUBLIC_KEY_BYTES);
  fromBase64Url(signature, 'audit checkpoint signature', SIGNATURE_BYTES);
  const { instance, seq, head, at } = record as unknown as AuditCheckpointStatement;
  return { v: 1, instance, seq, head, at, publicKey, signature };
}

/**
 * Verifies an untrusted checkpoint against the public keys the reader pinned (one per key the
 * deployment has used). Throws, in order: the errors of parseAuditCheckpoint; WrongKeyError when
 * its publicKey is none of `pinned`; BadSignatureError.
 */
export function verifyAuditCheckpoint(value: unknown, pinned: readonly SignPublicKey[]): AuditCheckpoint {
  const checkpoint = parseAuditCheckpoint(value);
  const signer = brandAs<SignPublicKey>(fromBase64Url(checkpoint.publicKey, 'audit checkpoint public key', PUBLIC_KEY_BYTES));
  if (!pinned.some((key) => key instanceof Uint8Array && bytesEqual(key, signer))) throw new WrongKeyError('audit checkpoint: signed by a key that is not pinned');
  if (!verifyDetached(fromBase64Url(checkpoint.signature, 'audit checkpoint signature', SIGNATURE_BYTES), auditCheckpointMessage(checkpoint), signer)) {
    throw new BadSignatureError('audit checkpoint: signature does not verify');
  }
  return checkpoint;
}
