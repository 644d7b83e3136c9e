/**
 * The grant half of the crypto worker's contract (libs/crypto SPEC.md §18): the grant key and its
 * envelopes, payee details, approvals signed over the grant's terms, grantee reports and their
 * files. Types only, so importing this never pulls libsodium into the main bundle.
 *
 * What leaves the worker: envelopes, ciphertexts, signatures, and the decrypted payee details,
 * reports and file names a screen shows. What never leaves: grant keys and file keys.
 */
import { type DeskToSealTo, type SeenDesk, type SeenDesks, type StaffKeyEntry } from './requester-worker-api';
import { type WorkerErrorCode } from './worker-api';

/** The terms an approver signs (SPEC.md §18.3), exactly as the api gives them. */
export interface GrantTermsIn {
  readonly grantId: string;
  readonly version: number;
  /** Minor units, decimal string without leading zeros, ≤ 18 digits. */
  readonly amountMinor: string;
  /** ISO 4217, three upper-case letters. */
  readonly currency: string;
  readonly fundId: string;
  readonly budgetLineId: string;
  readonly decision: 'approve' | 'reject';
}

/** Payee details as typed: field name → text (method, holder, account or phone, intermediary, contact). */
export type PayeeDetailsIn = Readonly<Record<string, string>>;

/** A grantee report's body as typed. */
export interface GrantReportBodyIn {
  readonly text: string;
}

/** Whom a grant key envelope is for, as the api stores it beside the envelope. */
export type GrantEnvelopeRecipient =
  | { readonly kind: 'desk'; readonly deskId: string; readonly version: number }
  | { readonly kind: 'staff'; readonly staffId: string }
  | { readonly kind: 'requester' };

/** One grant key envelope made in the worker (SPEC.md §18.1). */
export interface GrantEnvelopeOut {
  readonly recipient: GrantEnvelopeRecipient;
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
}

export interface CreateGrantKeyRequest {
  /** The organisation root public key built into the app. */
  readonly root: string;
  readonly grantId: string;
  /**
   * The case the grant belongs to. With `sealToRequester`, it must be open in the worker and
   * writable: the grant key is sealed to the requester encryption key its case key was checked
   * against (SPEC.md §9.1), never to one sent here.
   */
  readonly caseId: string;
  /** The finance desk and the case's owning desk: each whole history verified, its newest version sealed to. */
  readonly desks: readonly DeskToSealTo[];
  /** GET /keys/revocations. */
  readonly revocations: readonly unknown[];
  /** Other members of staff to seal to directly (chains from GET /keys/staff/:id); the proposer always gets one. */
  readonly staff?: readonly { readonly staffId: string; readonly chain: readonly unknown[] }[];
  /** Seal to the case's requester too, so they can type payee details and report from the follow-up page. */
  readonly sealToRequester: boolean;
}

/** A grant key made in the worker (held there for the grant) and its envelopes for the api. */
export interface NewGrantKey {
  readonly grantId: string;
  readonly envelopes: readonly GrantEnvelopeOut[];
  /** What the sealing verified per desk: the rollback memory to keep. */
  readonly seen: SeenDesks;
}

/** Whose key must have signed a stored grant key envelope, payee details or report. */
export type GrantSignerIn =
  | { readonly kind: 'staff'; readonly staffId: string; readonly chain: readonly unknown[] }
  /** The case's requester: their signing key as the api holds it, checked against this browser's pin when there is one. */
  | { readonly kind: 'requester'; readonly signPk: string; readonly pinnedRequesterKid: string | null };

/** One stored grant key envelope the person may open (see CaseKeyCandidate for `storedAt`). */
export interface GrantKeyCandidate {
  readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string; readonly storedAt: string };
  /** Opened with a desk key version the person holds, or with their own keys. */
  readonly opener:
    | { readonly kind: 'desk'; readonly deskId: string; readonly version: number; readonly deskChain: readonly unknown[]; readonly sealedDeskKey: string }
    | { readonly kind: 'self' };
  readonly sealer: GrantSignerIn;
}

export interface OpenGrantKeyRequest {
  readonly root: string;
  readonly revocations?: readonly unknown[];
  readonly grantId: string;
  readonly candidates: readonly GrantKeyCandidate[];
}

export type OpenGrantKeyResult =
  | { readonly opened: true; readonly index: number }
  | { readonly opened: false; readonly failures: readonly { readonly index: number; readonly code: WorkerErrorCode }[] };

/** Signed payee details or a report as made in the worker, for the api. */
export interface SealedGrantPayload {
  readonly ciphertext: string;
  readonly authorKid: string;
}

/** A report made in the worker: its new id (bound into the ciphertext) and the ciphertext. */
export interface SealedGrantReport extends SealedGrantPayload {
  readonly id: string;
}

/** A stored signed payload of a grant, with who wrote it. */
export interface GrantPayloadIn {
  readonly ciphertext: string;
  readonly authorKid: string;
  /** When the server says it stored it: a staff author's chain is checked as of then. */
  readonly storedAt: string;
  readonly author: GrantSignerIn;
}

export interface ReadGrantPayeeRequest {
  readonly root: string;
  readonly revocations?: readonly unknown[];
  readonly grantId: string;
  readonly payee: GrantPayloadIn;
}

/** Payee details after decryption: shown only when the ciphertext, the grant and the author's signature all verified. */
export type GrantPayeeReading =
  | { readonly state: 'verified'; readonly details: PayeeDetailsIn; readonly from: 'staff' | 'requester' }
  | { readonly state: 'refused'; readonly code: WorkerErrorCode };

export interface ReadGrantReportsRequest {
  readonly root: string;
  readonly revocations?: readonly unknown[];
  readonly grantId: string;
  readonly reports: readonly (GrantPayloadIn & { readonly id: string })[];
}

export type GrantReportReading =
  | { readonly id: string; readonly state: 'verified'; readonly body: unknown; readonly from: 'staff' | 'requester' }
  | { readonly id: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

/** One stored approval to check: the approver's id and chain, and what the api stored. */
export interface GrantApprovalIn {
  readonly approverId: string;
  readonly chain: readonly unknown[];
  readonly signature: string;
  readonly signerKid: string;
  readonly storedAt: string;
}

export interface VerifyGrantApprovalsRequest {
  readonly root: string;
  readonly revocations?: readonly unknown[];
  /** The grant's current terms: an approval of other terms (any member, the version included) is refused. */
  readonly terms: GrantTermsIn;
  readonly approvals: readonly GrantApprovalIn[];
}

export type GrantApprovalReading =
  | { readonly approverId: string; readonly state: 'verified' }
  | { readonly approverId: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

/** An approval signed in the worker, for the api. */
export interface GrantApprovalOut {
  readonly signature: string;
  readonly signerKid: string;
}

/** A report file as the api lists it. */
export interface GrantFileIn {
  readonly fileId: string;
  readonly meta: string;
}

export type GrantFileMetaReading =
  | { readonly fileId: string; readonly state: 'verified'; readonly name: string; readonly type: string; readonly size: number }
  | { readonly fileId: string; readonly state: 'refused'; readonly code: WorkerErrorCode };

export interface DownloadGrantFileRequest extends GrantFileIn {
  readonly grantId: string;
  readonly header: string;
  readonly wrappedKey: string;
}

/** The api path a report file's ciphertext is fetched from (same origin, the session cookie). */
export function grantFileContentPath(grantId: string, fileId: string): string {
  return `/api/v1/grants/${encodeURIComponent(grantId)}/files/${encodeURIComponent(fileId)}/content`;
}

/** Staff grant operations of the crypto worker (worker/grant-operations.ts). Grant keys stay in the worker until `forgetGrant`, `lock` or its end. */
export interface GrantWorkerApi {
  /**
   * Proposer: verifies every desk's whole key history (SPEC.md §8.2) and every extra staff chain
   * (not revoked) first, then makes the grant key (held for the grant) and seals it to each desk's
   * newest version, to the proposer, to each extra member of staff and, with `sealToRequester`,
   * to the checked requester key of the open case (`case_not_open`, `case_unverified`), each
   * envelope signed by the unlocked identity.
   */
  createGrantKey(request: CreateGrantKeyRequest): Promise<NewGrantKey>;
  /** Seals the held grant key to a desk's newest verified version (a desk added later). Throws `grant_not_open` and the history's refusals. */
  sealGrantToDesk(root: string, grantId: string, desk: DeskToSealTo, revocations: readonly unknown[]): Promise<GrantEnvelopeOut & { seen: SeenDesk }>;
  /**
   * Tries the candidates in order and holds the first grant key that opens, after the desk chain
   * and the sealer's key are verified (a certified member of staff as of when it was stored, or the
   * requester's key against this browser's pin). Never throws for a candidate: its code is reported.
   */
  openGrantKey(request: OpenGrantKeyRequest): Promise<OpenGrantKeyResult>;
  /** Whether a grant key is held for the grant. */
  grantKeyHeld(grantId: string): Promise<boolean>;
  /** Encrypts and signs payee details with the unlocked identity under the held grant key. Throws `grant_not_open`, `invalid_grant_content`. */
  writeGrantPayee(grantId: string, details: PayeeDetailsIn): Promise<SealedGrantPayload>;
  /** Decrypts payee details and checks their author's signature. Throws `grant_not_open`; a failure to verify is a refused reading. */
  readGrantPayee(request: ReadGrantPayeeRequest): Promise<GrantPayeeReading>;
  /**
   * Approver: verifies the unlocked person's own staff chain to the root (`not_certified`), then
   * signs the terms (SPEC.md §18.3; `invalid_input` for terms out of shape). Needs no grant key.
   */
  signGrantTerms(ownChain: readonly unknown[], root: string, terms: GrantTermsIn): Promise<GrantApprovalOut>;
  /** Checks each approval over the current terms under its approver's certified key (as of when stored, not revoked). */
  verifyGrantApprovals(request: VerifyGrantApprovalsRequest): Promise<GrantApprovalReading[]>;
  /** Decrypts and verifies grantee reports under the held grant key. Throws `grant_not_open`. */
  readGrantReports(request: ReadGrantReportsRequest): Promise<GrantReportReading[]>;
  /** Opens report files' names, types and sizes. Throws `grant_not_open`. */
  readGrantFileMeta(grantId: string, files: readonly GrantFileIn[]): Promise<GrantFileMetaReading[]>;
  /**
   * Fetches a report file's ciphertext (grantFileContentPath), decrypts it as it arrives, and
   * returns a Blob once the final chunk verified and the size matched its metadata. Throws
   * `grant_not_open`, `download_failed`, the stream's errors and `file_size_mismatch`.
   */
  downloadGrantFile(request: DownloadGrantFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob>;
  /** Wipes a held grant key (leaving the grant screen). */
  forgetGrant(grantId: string): Promise<void>;
}

/** A grant key envelope addressed to the requester, as the follow-up view gives it. */
export interface RequesterGrantEnvelopeIn {
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
  readonly createdAt: string;
  /** The sealer: a member of staff (their key from `staffKeys`), or the requester themself. */
  readonly sealer: { readonly kind: 'staff'; readonly id: string } | { readonly kind: 'requester' };
}

/** A stored payload of the grant as the follow-up view gives it. */
export interface RequesterGrantPayloadIn {
  readonly ciphertext: string;
  readonly authorKid: string;
  readonly createdAt: string;
  readonly author: { readonly kind: 'staff'; readonly id: string } | { readonly kind: 'requester' };
}

/** What the requester's worker returns after opening payee details: only verified ones are shown. */
export type RequesterPayeeReading = { readonly state: 'verified'; readonly details: PayeeDetailsIn; readonly from: 'you' | 'staff' } | { readonly state: 'refused' };

/** What POST /grants/:grantId/files takes, made in the worker; chunks come from nextFileChunk(fileId). */
export interface GrantFileUploadStart {
  readonly fileId: string;
  readonly grantId: string;
  readonly chunkCount: number;
  readonly encryptedSize: number;
  readonly body: {
    readonly fileId: string;
    readonly header: string;
    readonly meta: string;
    readonly wrappedKey: string;
    readonly encryptedSize: number;
    readonly chunkCount: number;
  };
}

/** Requester grant operations of the crypto worker (requester-grant-operations.ts), with the held receipt keys. */
export interface RequesterGrantWorkerApi {
  /**
   * Opens the grant key envelope sealed to the requester (`no_receipt` without receipt keys): the
   * sealer a member of staff whose chain verifies to `root` for that id and was not revoked before
   * the envelope was stored, or the requester. The grant key is held until `forgetRequester`.
   */
  openRequesterGrant(grantId: string, envelope: RequesterGrantEnvelopeIn, staffKeys: readonly StaffKeyEntry[], root: string, revocations?: readonly unknown[]): Promise<{ grantId: string }>;
  /** Payee details typed by the requester, signed with the receipt keys under the grant key. Throws `no_grant`, `invalid_grant_content`. */
  sealRequesterPayee(grantId: string, details: PayeeDetailsIn): Promise<SealedGrantPayload>;
  /** Opens payee details already stored (to confirm them): verified under the requester's own key or a certified staff key. */
  openRequesterPayee(grantId: string, payee: RequesterGrantPayloadIn, staffKeys: readonly StaffKeyEntry[], root: string, revocations?: readonly unknown[]): Promise<RequesterPayeeReading>;
  /** A report `{ text }` with a new id, signed with the receipt keys under the grant key. */
  sealGrantReport(grantId: string, body: GrantReportBodyIn): Promise<SealedGrantReport>;
  /** Starts encrypting a report file (receipt, photo): wraps a new file key and encrypts its name, type and size under the grant key. */
  beginGrantFileUpload(grantId: string, file: Blob, name: string): Promise<GrantFileUploadStart>;
}
