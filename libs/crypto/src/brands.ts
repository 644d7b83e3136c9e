/**
 * Branded types: every key and every stored string has its own nominal type, so the
 * compiler refuses a FileKey where a CaseKey is wanted, or a sealed desk key where a sealed
 * case key is wanted. Values of these types are only made by this library's functions.
 */

declare const brand: unique symbol;
declare const sealedFor: unique symbol;
declare const boundTo: unique symbol;

/** `T` tagged with the nominal name `B`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

// Symmetric keys (32 bytes).
export type CaseKey = Brand<Uint8Array, 'CaseKey'>;
/** A case's staff-only key of one epoch (SPEC.md §9.2): notes and their files; never held by the requester. */
export type StaffKey = Brand<Uint8Array, 'StaffKey'>;
export type FileKey = Brand<Uint8Array, 'FileKey'>;
/** A grant's key (SPEC.md §18): payee details, reports and report files of one grant; never a case key. */
export type GrantKey = Brand<Uint8Array, 'GrantKey'>;
export type VaultKey = Brand<Uint8Array, 'VaultKey'>;

// Asymmetric keys.
/** X25519 public key of a person, desk, requester or the escrow. */
export type EncPublicKey = Brand<Uint8Array, 'EncPublicKey'>;
/** X25519 secret key of a person or requester. */
export type EncSecretKey = Brand<Uint8Array, 'EncSecretKey'>;
/** X25519 secret key of one desk version; sealed to each member. */
export type DeskSecretKey = Brand<Uint8Array, 'DeskSecretKey'>;
/** Ed25519 public key (32 bytes). */
export type SignPublicKey = Brand<Uint8Array, 'SignPublicKey'>;
/** Ed25519 secret key in libsodium's 64-byte form (seed ‖ public key). */
export type SignSecretKey = Brand<Uint8Array, 'SignSecretKey'>;

/** Key id: b64url(BLAKE2b-128(public key)), 22 characters. */
export type Kid = Brand<string, 'Kid'>;

/** The keys that can be sealed to a public key (`s1.` strings). */
export type SealableKey = CaseKey | DeskSecretKey | StaffKey | GrantKey;

/** `s1.<kid>.<sealed>`: a key of type K sealed to one recipient. */
export type SealedKey<K extends SealableKey> = Brand<string, 'SealedKey'> & { readonly [sealedFor]: K };

/** AEAD purposes of SPEC.md §3. */
export type AeadPurpose =
  | 'vault'
  | 'vault-wrap'
  | 'case-record'
  | 'file-meta'
  | 'file-key'
  | 'grant-payee'
  | 'application'
  | 'root-key'
  | 'staff-key-bind'
  | 'case-file-key'
  | 'case-file-meta'
  | 'case-key-link'
  | 'staff-key-link'
  | 'grant-report'
  | 'grant-file-key'
  | 'grant-file-meta'
  | 'case-subject';

/** `a1.<check>.<nonce>.<ciphertext>` bound to purpose P. */
export type Ciphertext<P extends AeadPurpose> = Brand<string, 'Ciphertext'> & { readonly [boundTo]: P };

export type VaultCiphertext = Ciphertext<'vault'>;
export type WrappedVaultKey = Ciphertext<'vault-wrap'>;
export type RecordCiphertext = Ciphertext<'case-record'>;
export type FileMetaCiphertext = Ciphertext<'file-meta'>;
export type WrappedFileKey = Ciphertext<'file-key'>;
/** A file key under the case or staff-only key, bound to its record kind (SPEC.md §9.3). */
export type WrappedCaseFileKey = Ciphertext<'case-file-key'>;
export type CaseFileMetaCiphertext = Ciphertext<'case-file-meta'>;
/** The case key of an epoch under that epoch's staff-only key (SPEC.md §9.2). */
export type StaffKeyBinding = Ciphertext<'staff-key-bind'>;
/** The case key of epoch e − 1 under the case key of epoch e (SPEC.md §9.4). */
export type CaseKeyLink = Ciphertext<'case-key-link'>;
/** The staff-only key of epoch e − 1 under the staff-only key of epoch e (SPEC.md §9.4). */
export type StaffKeyLink = Ciphertext<'staff-key-link'>;
export type GrantPayeeCiphertext = Ciphertext<'grant-payee'>;
export type ApplicationCiphertext = Ciphertext<'application'>;
/** A grantee report under the grant key (SPEC.md §18.4). */
export type GrantReportCiphertext = Ciphertext<'grant-report'>;
/** A report file's key under the grant key (SPEC.md §18.4). */
export type WrappedGrantFileKey = Ciphertext<'grant-file-key'>;
/** A report file's name/type/size under the grant key (SPEC.md §18.4). */
export type GrantFileMetaCiphertext = Ciphertext<'grant-file-meta'>;
/** The root signing seed under a passphrase KEK (inside an `rkp1.` string). */
export type WrappedRootSeed = Ciphertext<'root-key'>;

/** `rkp1.<signPk>.<ops>.<mem>.<salt>.<a1>`: the root key protected by a passphrase, for an offline file. */
export type ProtectedRootKeys = Brand<string, 'ProtectedRootKeys'>;

/** `x1.<check>.<header>`: the secretstream header of one attachment. */
export type StreamHeader = Brand<string, 'StreamHeader'>;

/** Canonical receipt code, grouped for display: `XXXX-XXXX-XXXX-XXXX-XXXX`. */
export type ReceiptCode = Brand<string, 'ReceiptCode'>;
/** Canonical recovery code, grouped: seven groups of four characters. */
export type RecoveryCode = Brand<string, 'RecoveryCode'>;

/** Anything that can sign: a staff identity, a requester, the root key. */
export interface Signer {
  readonly signPk: SignPublicKey;
  readonly signSk: SignSecretKey;
}

/** A staff member's identity keys; the private parts live in their vault. */
export interface IdentityKeys extends Signer {
  readonly kind: 'identity';
  readonly encPk: EncPublicKey;
  readonly encSk: EncSecretKey;
}

/** A requester's keys, derived from their receipt code. */
export interface RequesterKeys extends Signer {
  readonly kind: 'requester';
  readonly encPk: EncPublicKey;
  readonly encSk: EncSecretKey;
}

/** The organisation root signing key (offline, CLI only). */
export interface RootKeys extends Signer {
  readonly kind: 'root';
}

/**
 * One version of a desk's key pair, as a member holds it after unsealing, with the Ed25519 key
 * pair derived from `deskSk` (SPEC.md §8.2): it signs only the link to the next version.
 */
export interface DeskKeyPair {
  readonly kind: 'desk';
  readonly deskId: string;
  readonly version: number;
  readonly encPk: EncPublicKey;
  readonly deskSk: DeskSecretKey;
  readonly signPk: SignPublicKey;
  readonly signSk: SignSecretKey;
}

/** Whatever can open a sealed key: a person, a requester or a desk. */
export type KeyOpener = IdentityKeys | RequesterKeys | DeskKeyPair;

/** Plain JSON values: what records and payloads carry. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Internal: attach a brand to a value this library has just made or validated. */
export function brandAs<T>(value: unknown): T {
  return value as T;
}
