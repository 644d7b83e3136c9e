/**
 * A grant in the staff worker (libs/crypto SPEC.md §18): its key made by the proposer and sealed
 * to the desks' newest verified versions, the proposer, other staff and the case's checked
 * requester key; opened from the first envelope that verifies; payee details and reports read
 * and written under it; report files' names and contents decrypted; approvals signed over the
 * grant's terms and checked against certified approver keys. The grant key stays here.
 */
import {
  type DeskKeyPair,
  type FileKey,
  type GrantKey,
  type GrantKeyEnvelope,
  type GrantKeyRecipient,
  type GrantTerms,
  type JsonValue,
  type KeyOpener,
  type RevocationList,
  type SignPublicKey,
  type VerifiedSubject,
  CryptoError,
  RevokedError,
  assertNotRevoked,
  decryptGrantFile,
  decryptGrantFileMeta,
  decryptGrantReport,
  decryptPayeeDetails,
  encryptPayeeDetails,
  generateGrantKey,
  kidOf,
  openDeskKey,
  openGrantKeyEnvelope,
  parseGrantKeyEnvelope,
  parseSignPublicKey,
  sealGrantKey,
  seenOf,
  signGrantApproval,
  unwrapGrantFileKey,
  verifyCertificateChain,
  verifyGrantApproval,
} from '@ashar/crypto';
import { checkedAt } from '../checked-at';
import {
  type CreateGrantKeyRequest,
  type DownloadGrantFileRequest,
  type GrantEnvelopeOut,
  type GrantFileIn,
  type GrantFileMetaReading,
  type GrantKeyCandidate,
  type GrantPayeeReading,
  type GrantReportReading,
  type GrantSignerIn,
  type GrantWorkerApi,
  type NewGrantKey,
  type OpenGrantKeyRequest,
  type OpenGrantKeyResult,
  type PayeeDetailsIn,
  type ReadGrantPayeeRequest,
  type ReadGrantReportsRequest,
  type VerifyGrantApprovalsRequest,
  grantFileContentPath,
} from '../grant-worker-api';
import { type DeskToSealTo } from '../requester-worker-api';
import { type WorkerErrorCode } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { type Held, forgetGrantKey, grantHeld, holdGrant, needGrant, needUnlocked, needWritableCase } from './key-state';
import { certifiedSignKey, ownVerifiedPerson, revocationList, rootKey, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

/** Most fields and characters of payee details the worker encrypts (the api limits the ciphertext too). */
const PAYEE_FIELDS_MAX = 20;
const PAYEE_FIELD_NAME_MAX = 64;
const PAYEE_VALUE_MAX = 2000;

/** Payee details as a plain object of short strings, copied; else `invalid_grant_content`. */
export function payeeDetailsOf(details: unknown): Record<string, string> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw new WorkerStateError('invalid_grant_content');
  const entries = Object.entries(details as Record<string, unknown>);
  if (entries.length === 0 || entries.length > PAYEE_FIELDS_MAX) throw new WorkerStateError('invalid_grant_content');
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > PAYEE_FIELD_NAME_MAX || typeof value !== 'string' || value.length > PAYEE_VALUE_MAX) throw new WorkerStateError('invalid_grant_content');
    out[name] = value;
  }
  return out;
}

/** Decrypted payee details, as shown: only string members are kept as such (a signed object of other values is refused). */
function shownDetails(value: JsonValue): PayeeDetailsIn {
  try {
    return payeeDetailsOf(value);
  } catch {
    throw new WorkerStateError('invalid_grant_content');
  }
}

/** A member of staff's chain, verified to the root now, for `staffId`, not revoked: a recipient of the grant key. */
function verifiedStaff(chain: readonly unknown[], root: string, staffId: string, revocations: RevocationList): VerifiedSubject {
  const verified = verifyCertificateChain(chain, rootKey(root), new Date());
  if (verified.kind !== 'staff' || verified.subjectId !== staffId) throw new WorkerStateError('member_not_certified');
  try {
    assertNotRevoked(revocations, 'staff', staffId, verified.signKid, new Date());
  } catch (error) {
    if (error instanceof RevokedError) throw new WorkerStateError('member_revoked');
    throw error;
  }
  return verified;
}

/** The key a stored grant item's signer must have: a certified member of staff as of `storedAt`, or the (pinned) requester key. */
function signerKeyOf(signer: GrantSignerIn, root: string, storedAt: string, revocations: RevocationList): SignPublicKey {
  if (signer.kind === 'staff') return certifiedSignKey(signer.chain, root, signer.staffId, checkedAt(storedAt), revocations);
  const signPk = parseSignPublicKey(signer.signPk);
  if (signer.pinnedRequesterKid !== null && kidOf(signPk) !== signer.pinnedRequesterKid) throw new WorkerStateError('requester_key_changed');
  return signPk;
}

/** Runs `open` with the key pair that opens a candidate (the person's own, or a desk version's, wiped after). */
function withOpener<T>(self: Held, root: string, candidate: GrantKeyCandidate, open: (opener: KeyOpener) => T): T {
  if (candidate.opener.kind === 'self') return open(self.identity);
  const desk = verifiedDesk(candidate.opener.deskChain, root, candidate.opener.deskId, candidate.opener.version, checkedAt(candidate.envelope.storedAt));
  let opened: DeskKeyPair | null = null;
  try {
    opened = openDeskKey(candidate.opener.sealedDeskKey, self.identity, desk);
    return open(opened);
  } finally {
    wipeDesk(opened);
  }
}

function envelopeOut(envelope: GrantKeyEnvelope, recipient: GrantEnvelopeOut['recipient']): GrantEnvelopeOut {
  return { recipient, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature };
}

const CONSOLIDATE_EVERY = 64;
const PROGRESS_EVERY = 16;

async function downloadGrantFile(request: DownloadGrantFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob> {
  const grantKey = needGrant(request.grantId);
  const ref = { grantId: request.grantId, fileId: request.fileId };
  const meta = decryptGrantFileMeta(grantKey, ref, request.meta);
  const fileKey: FileKey = unwrapGrantFileKey(grantKey, ref, request.wrappedKey);
  try {
    const response = await fetch(grantFileContentPath(request.grantId, request.fileId), { credentials: 'same-origin', cache: 'no-store', redirect: 'error' }).catch(() => {
      throw new WorkerStateError('download_failed');
    });
    if (!response.ok || !response.body) throw new WorkerStateError('download_failed');
    let blob = new Blob([]);
    let pending: Uint8Array[] = [];
    let decrypted = 0;
    let chunks = 0;
    try {
      for await (const chunk of decryptGrantFile(fileKey, ref, request.header, response.body)) {
        pending.push(chunk);
        decrypted += chunk.length;
        chunks += 1;
        if (pending.length >= CONSOLIDATE_EVERY) {
          blob = new Blob([blob, ...(pending as BlobPart[])]);
          pending = [];
        }
        if (chunks % PROGRESS_EVERY === 0) onProgress?.(decrypted);
      }
    } catch (error) {
      // A broken connection is not a broken file: only the decryptor's errors say the file is bad.
      if (error instanceof CryptoError) throw error;
      throw new WorkerStateError('download_failed');
    }
    onProgress?.(decrypted);
    if (decrypted !== meta.size) throw new WorkerStateError('file_size_mismatch');
    // Saved, never rendered: the type the uploader claimed is not trusted.
    return new Blob([blob, ...(pending as BlobPart[])], { type: 'application/octet-stream' });
  } finally {
    fileKey.fill(0);
  }
}

export const grantOperations: GrantWorkerApi = {
  createGrantKey: guarded((request: CreateGrantKeyRequest): NewGrantKey => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    // Everything sealed to is verified before a key even exists.
    const histories = request.desks.map((desk) => verifiedHistory(desk, request.root, revocations));
    const staff = (request.staff ?? []).filter((member) => member.staffId !== self.userId).map((member) => ({ staffId: member.staffId, subject: verifiedStaff(member.chain, request.root, member.staffId, revocations) }));
    // The requester key is the one the case key was checked against (SPEC.md §9.1), from the open, verified case.
    const requester = request.sealToRequester ? needWritableCase(request.caseId).open.requester : null;
    const grantKey = generateGrantKey();
    try {
      const seal = (recipient: GrantKeyRecipient) => sealGrantKey(grantKey, request.grantId, recipient, self.identity);
      const envelopes: GrantEnvelopeOut[] = [
        ...histories.map((history) => envelopeOut(seal(history.current), { kind: 'desk', deskId: history.current.deskId, version: history.current.version })),
        envelopeOut(seal(self.identity), { kind: 'staff', staffId: self.userId }),
        ...staff.map((member) => envelopeOut(seal(member.subject), { kind: 'staff', staffId: member.staffId })),
        ...(requester ? [envelopeOut(seal(requester), { kind: 'requester' })] : []),
      ];
      holdGrant(request.grantId, grantKey);
      return { grantId: request.grantId, envelopes, seen: Object.fromEntries(histories.map((history) => [history.current.deskId, seenOf(history)])) };
    } catch (error) {
      grantKey.fill(0);
      throw error;
    }
  }),

  sealGrantToDesk: guarded((root: string, grantId: string, target: DeskToSealTo, revocations: readonly unknown[]) => {
    const self = needUnlocked();
    const grantKey = needGrant(grantId);
    const history = verifiedHistory(target, root, revocationList(revocations, root));
    const desk = history.current;
    return { ...envelopeOut(sealGrantKey(grantKey, grantId, desk, self.identity), { kind: 'desk', deskId: desk.deskId, version: desk.version }), seen: seenOf(history) };
  }),

  openGrantKey: guarded((request: OpenGrantKeyRequest): OpenGrantKeyResult => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    const failures: { index: number; code: WorkerErrorCode }[] = [];
    for (const [index, candidate] of request.candidates.entries()) {
      try {
        const sealerKey = signerKeyOf(candidate.sealer, request.root, candidate.envelope.storedAt, revocations);
        const envelope = parseGrantKeyEnvelope(candidate.envelope);
        const key: GrantKey = withOpener(self, request.root, candidate, (opener) => openGrantKeyEnvelope(envelope, request.grantId, opener, sealerKey));
        holdGrant(request.grantId, key);
        return { opened: true, index };
      } catch (error) {
        failures.push({ index, code: codeOf(error) });
      }
    }
    return { opened: false, failures };
  }),

  grantKeyHeld: guarded((grantId: string) => grantHeld(grantId)),

  writeGrantPayee: guarded((grantId: string, details: PayeeDetailsIn) => {
    const self = needUnlocked();
    const sealed = encryptPayeeDetails(needGrant(grantId), grantId, payeeDetailsOf(details), self.identity);
    return { ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string };
  }),

  readGrantPayee: guarded((request: ReadGrantPayeeRequest): GrantPayeeReading => {
    const grantKey = needGrant(request.grantId);
    const revocations = revocationList(request.revocations, request.root);
    try {
      const authorKey = signerKeyOf(request.payee.author, request.root, request.payee.storedAt, revocations);
      const details = shownDetails(decryptPayeeDetails(grantKey, request.grantId, request.payee, authorKey));
      return { state: 'verified', details, from: request.payee.author.kind };
    } catch (error) {
      return { state: 'refused', code: codeOf(error) };
    }
  }),

  signGrantTerms: guarded((ownChain: readonly unknown[], root: string, terms: GrantTerms) => {
    const self = needUnlocked();
    // Only a certified member of staff signs an approval: readers check it against that certificate.
    ownVerifiedPerson(self, ownChain, root, ['staff'], 'not_certified');
    const signed = signGrantApproval(terms, self.identity);
    return { signature: signed.signature, signerKid: signed.signerKid as string };
  }),

  verifyGrantApprovals: guarded((request: VerifyGrantApprovalsRequest) => {
    const revocations = revocationList(request.revocations, request.root);
    return request.approvals.map((approval) => {
      try {
        const key = certifiedSignKey(approval.chain, request.root, approval.approverId, checkedAt(approval.storedAt), revocations);
        verifyGrantApproval(request.terms, approval.signature, key, approval.signerKid);
        return { approverId: approval.approverId, state: 'verified' as const };
      } catch (error) {
        return { approverId: approval.approverId, state: 'refused' as const, code: codeOf(error) };
      }
    });
  }),

  readGrantReports: guarded((request: ReadGrantReportsRequest): GrantReportReading[] => {
    const grantKey = needGrant(request.grantId);
    const revocations = revocationList(request.revocations, request.root);
    return request.reports.map((report): GrantReportReading => {
      try {
        const authorKey = signerKeyOf(report.author, request.root, report.storedAt, revocations);
        const body = decryptGrantReport(grantKey, { grantId: request.grantId, reportId: report.id }, report, authorKey);
        return { id: report.id, state: 'verified', body, from: report.author.kind };
      } catch (error) {
        return { id: report.id, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  readGrantFileMeta: guarded((grantId: string, files: readonly GrantFileIn[]): GrantFileMetaReading[] => {
    const grantKey = needGrant(grantId);
    return files.map((file): GrantFileMetaReading => {
      try {
        const meta = decryptGrantFileMeta(grantKey, { grantId, fileId: file.fileId }, file.meta);
        return { fileId: file.fileId, state: 'verified', name: meta.name, type: meta.type, size: meta.size };
      } catch (error) {
        return { fileId: file.fileId, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  downloadGrantFile: guarded(downloadGrantFile),

  forgetGrant: guarded((grantId: string) => {
    forgetGrantKey(grantId);
  }),
};
