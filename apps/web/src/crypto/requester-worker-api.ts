/**
 * The requester half of the crypto worker's contract (public portal and follow-up): receipt
 * keys, sealing a new request, opening the requester's own case, replies and file encryption.
 * Types and constants only, so importing this never pulls libsodium into the main bundle.
 *
 * What leaves the worker: the receipt code once (to be shown), public keys, key ids, signed
 * challenges, ciphertexts, and decrypted records the page shows. What never leaves: the
 * receipt keys' secret halves, case keys and file keys.
 */
import { type CaseRecordInput, type IntakeRequest, type RequestType } from '@ashar/domain';

/** Worker error codes of the requester operations, beside those of libs/crypto. */
export type RequesterErrorCode =
  /** No receipt keys are held: start again with the receipt code. */
  | 'no_receipt'
  /** No case is open in the worker (sign in with the receipt code first). */
  | 'no_case'
  /** A desk's key does not chain to the root built into the app, or is for another desk or version. */
  | 'untrusted_desk'
  /** A desk's key history does not verify (libs/crypto SPEC.md §8.2): a version neither linked nor approved by a second admin. */
  | 'desk_history_broken'
  /** A desk's key history is older than, or differs from, one this browser verified before. */
  | 'desk_rollback'
  /** A desk's current key was revoked (SPEC.md §8.3). */
  | 'desk_revoked'
  /** The request record would be larger than the api accepts. */
  | 'record_too_large'
  /** The file upload is unknown to the worker (finished, or the page was reloaded). */
  | 'no_upload'
  /** The file could not be read from the device (moved, changed or deleted meanwhile). */
  | 'file_unreadable'
  /** A file could not be fetched, or decrypted to another size than its metadata says. */
  | 'download_unavailable'
  /** The case key that opened does not open the request the requester signed (SPEC.md §9.1). */
  | 'case_unverified'
  /** No grant key is held for the grant (open its envelope first). */
  | 'no_grant'
  /** Payee details or a report are not what the worker encrypts (an object of short strings; a report text within its limit). */
  | 'invalid_grant_content';

/** The newest version a browser verified for a desk before (its rollback memory): never seal to less. */
export interface SeenDesk {
  readonly version: number;
  /** kid of that version's encPk. */
  readonly encKid: string;
}

/**
 * A desk to seal to: its whole published key history (GET /desks/:deskId/history), verified in the
 * worker from version 1 to the newest (libs/crypto SPEC.md §8.2) before anything is sealed to the
 * newest, with what this browser saw before.
 */
export interface DeskToSealTo {
  readonly deskId: string;
  /** `versions` of GET /desks/:deskId/history, oldest first. */
  readonly history: readonly unknown[];
  readonly seen: SeenDesk | null;
}

/** What a sealing operation verified, per desk: the rollback memory to keep (only ever raised). */
export type SeenDesks = Readonly<Record<string, SeenDesk>>;

export interface SealIntakeRequest {
  /** The organisation root public key built into the app. */
  readonly root: string;
  /** The validated request form (requestFormSchema), encrypted and signed as the request record. */
  readonly form: { readonly type: RequestType; readonly [field: string]: unknown };
  readonly routing: { readonly country: string; readonly language: string };
  readonly intakeDesk: DeskToSealTo;
  /** The desk routeRequest chose; the same desk as intakeDesk gets one envelope. */
  readonly routedDesk: DeskToSealTo;
  /** GET /keys/revocations: a revoked desk version is never sealed to (SPEC.md §8.3). */
  readonly revocations: readonly unknown[];
  /** Most characters the api takes for a record ciphertext (GET /intake/config). */
  readonly recordCiphertextMaxLength: number;
  /** The requester's optional subject line (1–120 characters), sealed under the new case key (SPEC.md §19); null or absent: none. */
  readonly subject?: string | null;
}

/** A new receipt: the code is shown once and never stored; the keys stay in the worker. */
export interface NewReceipt {
  readonly code: string;
  /** kid of the receipt signing key, for POST /requester/challenge. */
  readonly kid: string;
}

/** A certified staff key as GET /keys/staff/:id answers, to verify a message's author; the name only for staff who wrote to this requester (SPEC.md §17.5). */
export interface StaffKeyEntry {
  readonly id: string;
  readonly displayName: string | null;
  readonly encPk: string;
  readonly signPk: string;
  readonly chain: readonly unknown[];
}

/** One record of the requester's case, opened and its signature checked in the worker. */
export type OpenedRecord =
  | {
      readonly id: string;
      readonly kind: 'request' | 'message';
      readonly from: 'you' | 'staff';
      /** The author's display name for staff messages (from the key directory), else null. */
      readonly authorName: string | null;
      readonly createdAt: string;
      readonly state: 'verified';
      readonly body: unknown;
    }
  | {
      readonly id: string;
      readonly kind: 'request' | 'message';
      readonly from: 'you' | 'staff';
      readonly authorName: string | null;
      readonly createdAt: string;
      /** Not shown: it does not open, or its author's key is not certified by the root. */
      readonly state: 'refused';
      readonly reason: string;
    };

/** The case view the requester's worker opened (the case key stays in the worker). */
export interface OpenedRequesterCase {
  readonly caseId: string;
  readonly records: readonly OpenedRecord[];
}

/** What POST /cases/:caseId/files takes, made in the worker. */
export interface FileUploadStart {
  readonly fileId: string;
  readonly caseId: string;
  readonly chunkCount: number;
  readonly encryptedSize: number;
  readonly body: {
    readonly fileId: string;
    readonly recordKind: 'request' | 'message' | 'note';
    /** The case key epoch the file key is under. */
    readonly epoch: number;
    readonly header: string;
    readonly meta: string;
    readonly wrappedKey: string;
    readonly encryptedSize: number;
    readonly chunkCount: number;
  };
}

/** One encrypted chunk, its bytes transferred (not copied) to the page. */
export interface FileChunkOut {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly final: boolean;
  /** Plaintext bytes encrypted so far, for the progress bar. */
  readonly plaintextDone: number;
}

/** A file of the case as the requester's worker reads it: what the api lists. */
export interface RequesterFileIn {
  readonly fileId: string;
  readonly meta: string;
  readonly recordKind: 'request' | 'message' | 'note';
  readonly epoch: number;
  readonly format: 1 | 2;
}

/** The name and size of a file of the case, opened in the worker. */
export interface OpenedFileMeta {
  readonly fileId: string;
  readonly name: string;
  readonly size: number;
}

export interface RequesterWorkerApi {
  /** A new receipt code and its keys (Argon2id, 64 MiB, some seconds on a phone); replaces any held. */
  newReceipt(instanceId: string): Promise<NewReceipt>;
  /** The grouped form of a typed receipt code, or null when it cannot be one (length, characters). */
  normaliseReceipt(input: string): Promise<string | null>;
  /** Derives and holds the keys of a typed receipt code (bad_length / bad_encoding when malformed). */
  openReceipt(code: string, instanceId: string): Promise<{ kid: string }>;
  /** Signs a receipt sign-in challenge with the held keys (`no_receipt` without them). */
  signReceiptChallenge(instanceId: string, challenge: string): Promise<string>;
  /**
   * Verifies both desks' key histories to the root before anything else (`untrusted_desk`,
   * `desk_history_broken`, `desk_rollback`, `desk_revoked` otherwise), then makes a case key
   * (held for the files), encrypts and signs the request record and seals the case key to each
   * desk's newest verified version and to the requester. Returns the body of POST /intake and
   * the versions verified, for the browser's rollback memory.
   */
  sealIntake(request: SealIntakeRequest): Promise<{ body: IntakeRequest; seen: SeenDesks }>;
  /**
   * Opens the requester's envelope with the held receipt keys (the case key is then held) and the
   * records: the request with their own key, staff messages with the author's certified key
   * (chain verified to `root`, for that staff id, not revoked by a statement of `revocations`
   * before the server says it stored the message). Records that fail are listed as refused.
   */
  openRequesterCase(view: unknown, staffKeys: readonly StaffKeyEntry[], root: string, revocations?: readonly unknown[]): Promise<OpenedRequesterCase>;
  /** A reply on the open case, `{ text }` signed with the receipt keys. */
  sealReply(text: string): Promise<CaseRecordInput>;
  /**
   * Opens the names and sizes of files of the open case; files that do not open are left out, and so
   * are files of notes and of format 1 (SPEC.md §9.3), whatever the server says of them.
   */
  openFileMetas(files: readonly RequesterFileIn[]): Promise<OpenedFileMeta[]>;
  /** Starts encrypting a file for the open case: wraps a new file key, encrypts its name, type and size. */
  beginFileUpload(file: Blob, name: string, recordKind: 'request' | 'message'): Promise<FileUploadStart>;
  /** Reads and encrypts the next 64 KiB of the file. */
  nextFileChunk(fileId: string): Promise<FileChunkOut>;
  /**
   * Fetches a finished file of the open case (GET …/files/:fileId/content, same origin, the
   * requester session), decrypts it as it arrives and returns it as a Blob with its name, once
   * the final chunk verified and the size matched the metadata. Throws `no_case`,
   * `download_failed`, and the stream's errors (`tampered`, `truncated_stream`, …).
   */
  downloadRequesterFile(file: RequesterFileIn & { readonly header: string; readonly wrappedKey: string }): Promise<{ name: string; blob: Blob }>;
  /** Drops a file's encryptor (finished or abandoned). */
  endFileUpload(fileId: string): Promise<void>;
  /**
   * An application to a call (docs/calls.md "What the browser makes"): verifies the programme
   * desk's key history to the root, then signs and encrypts `{ version, callId, answers,
   * organisation? }` under the application key (purpose `application`, AD = the application id)
   * and seals that key to the desk's newest version and to the applicant. Version 1 makes a new
   * application id and key (held for later versions); a later version needs the application
   * opened first (`no_case` otherwise).
   */
  sealApplication(request: SealApplicationRequest): Promise<SealedApplication>;
  /**
   * Opens the signed-in applicant's application (GET /requester/application) with the receipt
   * keys: their own envelope, the latest version signed with their own key and naming the version
   * and call the server says (`case_unverified` otherwise). The key is then held for a new version.
   */
  openRequesterApplication(view: unknown): Promise<OpenedApplication>;
  /** Wipes the receipt keys, the case key and every file encryptor. */
  forgetRequester(): Promise<void>;
}

/** What an applicant writes, encrypted as one record (docs/calls.md): the answers to the call's form, and an organisation's name and contact person. */
export interface ApplicationContent {
  readonly answers: Readonly<Record<string, unknown>>;
  readonly organisation?: { readonly name: string; readonly contactPerson: string };
}

export interface SealApplicationRequest {
  /** The organisation root public key built into the app. */
  readonly root: string;
  readonly callId: string;
  /** 1 for a new application, the latest + 1 for a new version. */
  readonly version: number;
  readonly content: ApplicationContent;
  /** The programme desk: its whole published history and this browser's memory of it. */
  readonly programmeDesk: DeskToSealTo;
  readonly revocations: readonly unknown[];
  /** Most characters the api takes for a record ciphertext (GET /intake/config). */
  readonly recordCiphertextMaxLength: number;
}

export interface SealedApplication {
  readonly applicationId: string;
  readonly applicant: { readonly encPk: string; readonly signPk: string };
  readonly record: { readonly ciphertext: string; readonly authorKid: string };
  readonly envelopes: readonly [SealedApplicationEnvelope, SealedApplicationEnvelope];
  readonly seen: SeenDesks;
}

export interface SealedApplicationEnvelope {
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
  readonly recipient: { readonly kind: 'desk'; readonly deskId: string; readonly version: number } | { readonly kind: 'requester' };
}

/** The latest version of the applicant's application, opened in the worker. */
export interface OpenedApplication {
  readonly applicationId: string;
  readonly version: number;
  readonly content: ApplicationContent;
}
