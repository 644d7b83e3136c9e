/**
 * The crypto worker: the only code of the web app that loads libsodium (libs/crypto), and the
 * only place an unlocked identity lives. Secret keys and the vault key never leave this
 * worker; callers get public keys, fingerprints, ciphertexts and wraps. Ending the worker
 * (sign-out, closing the tab) drops them; `lock` wipes them earlier.
 */
import { expose } from 'comlink';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type FileKey,
  type EncPublicKey,
  type IdentityKeys,
  type SignPublicKey,
  type UnlockSecret,
  type VaultKey,
  type VaultWrap,
  type VerifiedDesk,
  type VerifiedPerson,
  type VerifiedSubject,
  CryptoError,
  UntrustedCertificateError,
  createVault,
  decryptFile,
  decryptFileMeta,
  decryptRecord,
  deskSubjectId,
  encryptRecord,
  sealCaseKey,
  openCaseKeyEnvelope,
  parseCaseKeyEnvelope,
  unwrapFileKey,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRecoveryCode,
  issueCertificate,
  kidFingerprint,
  kidOf,
  normaliseRecoveryCode,
  openDeskKey,
  parseEncPublicKey,
  parseSignPublicKey,
  parseVaultWrap,
  prfSalt,
  sealDeskKey,
  unlockVault,
  verifyCertificateChain,
  wrapVaultKey,
} from '@ashar/crypto';
import {
  type CaseKeyCandidate,
  type CertificationStatus,
  type CryptoWorkerApi,
  type DownloadFileRequest,
  type FileMetaReading,
  type OpenCaseKeyRequest,
  type OpenCaseKeyResult,
  type ReadRecordsRequest,
  type RecordReading,
  type WorkerErrorCode,
  type DeskCertificateStatus,
  type DeskEnvelopeRequest,
  type NewDeskKey,
  type OpenedDeskKey,
  type PublicIdentity,
  type ResealOutcome,
  type ResealRequest,
  type UnlockRequest,
  type WorkerOnlyErrorCode,
} from './worker-api';
import { checkedAt } from './checked-at';
import { forgetUploads, requesterOperations, startFileUpload } from './requester-worker';
import { CodedError, codeOf, guarded } from './worker-guard';

interface Held {
  readonly userId: string;
  readonly identity: IdentityKeys;
  readonly vaultKey: VaultKey;
}

/** The identity being enrolled (keys made, vault not yet accepted by the api). */
let pending: (Held & { vault: string }) | null = null;
/** The unlocked identity of the signed-in person. */
let unlocked: Held | null = null;

function wipe(held: Held | null): void {
  if (!held) return;
  held.identity.encSk.fill(0);
  held.identity.signSk.fill(0);
  held.vaultKey.fill(0);
}

function publicIdentity(held: Held): PublicIdentity {
  const encPk = encodePublicKey(held.identity.encPk);
  const signPk = encodePublicKey(held.identity.signPk);
  return {
    userId: held.userId,
    encPk,
    signPk,
    signFingerprint: kidFingerprint(kidOf(held.identity.signPk)),
    encFingerprint: kidFingerprint(kidOf(held.identity.encPk)),
  };
}

/** A failure of the worker's own state, with a code beside those of libs/crypto. */
class WorkerStateError extends CodedError<WorkerOnlyErrorCode> {}

function needPending(): Held & { vault: string } {
  if (!pending) throw new WorkerStateError('no_enrolment');
  return pending;
}

function needUnlocked(): Held {
  if (!unlocked) throw new WorkerStateError('locked');
  return unlocked;
}

function rootKey(root: string): SignPublicKey {
  return parseSignPublicKey(root);
}

const CERTIFICATE_DAYS = 365;

function oneYearFromNow(): Date {
  return new Date(Date.now() + CERTIFICATE_DAYS * 24 * 60 * 60 * 1000);
}

function sameKey(a: EncPublicKey | SignPublicKey, b: EncPublicKey | SignPublicKey): boolean {
  return encodePublicKey(a) === encodePublicKey(b);
}

/**
 * The unlocked person's own verified chain: it must lead to the root, name them, and be for the
 * keys unlocked here (a server that swapped certificates is caught). `failure` when it is not.
 */
function ownVerifiedPerson(self: Held, ownChain: readonly unknown[], root: string, kinds: readonly ('admin' | 'staff')[], failure: WorkerOnlyErrorCode): VerifiedPerson {
  let verified: VerifiedSubject;
  try {
    verified = verifyCertificateChain(ownChain, rootKey(root), new Date());
  } catch (error) {
    // Missing, expired, forged or not from this root: the same answer.
    if (error instanceof CryptoError) throw new WorkerStateError(failure);
    throw error;
  }
  if (verified.kind === 'desk' || verified.kind === 'escrow' || !kinds.includes(verified.kind)) throw new WorkerStateError(failure);
  if (verified.subjectId !== self.userId || !sameKey(verified.signPk, self.identity.signPk) || !sameKey(verified.encPk, self.identity.encPk)) {
    throw new WorkerStateError(failure);
  }
  return verified;
}

/**
 * A desk version's chain verified to the root as of `at` (now, to seal to it), for desk `deskId`
 * (and `version` when given); else `wrong_desk`.
 */
function verifiedDesk(chain: readonly unknown[], root: string, deskId: string, version?: number, at = new Date()): VerifiedDesk {
  const verified = verifyCertificateChain(chain, rootKey(root), at);
  if (verified.kind !== 'desk' || verified.deskId !== deskId || (version !== undefined && verified.version !== version)) throw new WorkerStateError('wrong_desk');
  return verified;
}

function wipeDesk(desk: DeskKeyPair | null): void {
  desk?.deskSk.fill(0);
}

function wrapFor(held: Held, unlockMethodId: string, secret: UnlockSecret): VaultWrap {
  return wrapVaultKey(held.vaultKey, { userId: held.userId, unlockMethodId }, secret);
}

/** Runs `apply` on the PRF output, then wipes it: the KEK derived from it is all that is kept. */
function withPrf<R>(prfOutput: ArrayBuffer, apply: (bytes: Uint8Array) => R): R {
  const bytes = new Uint8Array(prfOutput);
  try {
    return apply(bytes);
  } finally {
    bytes.fill(0);
  }
}

function toUnlockSecret(request: UnlockRequest): UnlockSecret {
  switch (request.method) {
    case 'passphrase':
      return { method: 'passphrase', passphrase: request.passphrase };
    case 'recovery-code':
      return { method: 'recovery-code', code: request.code };
    case 'passkey-prf':
      return { method: 'passkey-prf', credentialId: request.credentialId, prfOutput: new Uint8Array(request.prfOutput) };
  }
}

/** Case keys opened for the case screens, by case id; wiped by forgetCase, lock and the end of the worker. */
const caseKeys = new Map<string, CaseKey>();

function forgetAllCases(): void {
  for (const key of caseKeys.values()) key.fill(0);
  caseKeys.clear();
}

function needCaseKey(caseId: string): CaseKey {
  const key = caseKeys.get(caseId);
  if (!key) throw new WorkerStateError('case_not_open');
  return key;
}

/** A staff member's signing key, trusted only through a chain to the root that names them, valid at `at`. */
function certifiedSignKey(chain: readonly unknown[], root: string, staffId: string, at: Date): SignPublicKey {
  let verified: VerifiedSubject;
  try {
    verified = verifyCertificateChain(chain, rootKey(root), at);
  } catch (error) {
    if (error instanceof UntrustedCertificateError && error.reason === 'expired') throw new WorkerStateError('signer_expired');
    if (error instanceof CryptoError) throw new WorkerStateError('sealer_not_certified');
    throw error;
  }
  if ((verified.kind !== 'staff' && verified.kind !== 'admin') || verified.subjectId !== staffId) throw new WorkerStateError('sealer_not_certified');
  return verified.signPk;
}

function requesterSignKey(requester: { readonly signPk: string } | null): SignPublicKey {
  if (!requester) throw new WorkerStateError('sealer_not_certified');
  return parseSignPublicKey(requester.signPk);
}

/** Opens one candidate envelope; throws on any failure. The desk secret key is wiped before returning. */
function openCandidate(self: Held, request: OpenCaseKeyRequest, candidate: CaseKeyCandidate): CaseKey {
  // The sealer and the desk version as they were when the envelope was stored.
  const at = checkedAt(candidate.envelope.storedAt);
  const sealerKey = candidate.sealer.kind === 'requester' ? requesterSignKey(request.requester) : certifiedSignKey(candidate.sealer.chain, request.root, candidate.sealer.staffId, at);
  const envelope: CaseKeyEnvelope = parseCaseKeyEnvelope(candidate.envelope);
  if (candidate.opener.kind === 'self') return openCaseKeyEnvelope(envelope, request.caseId, self.identity, sealerKey);
  const desk = verifiedDesk(candidate.opener.deskChain, request.root, candidate.opener.deskId, candidate.opener.version, at);
  let opened: DeskKeyPair | null = null;
  try {
    opened = openDeskKey(candidate.opener.sealedDeskKey, self.identity, desk);
    return openCaseKeyEnvelope(envelope, request.caseId, opened, sealerKey);
  } finally {
    wipeDesk(opened);
  }
}

const CONSOLIDATE_EVERY = 64;
const PROGRESS_EVERY = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Streams one file's ciphertext from the api through the decryptor into a Blob (plaintext is never held whole in this worker). */
async function downloadFile(request: DownloadFileRequest, onProgress?: (decrypted: number) => void): Promise<Blob> {
  const caseKey = needCaseKey(request.caseId);
  if (!UUID.test(request.caseId) || !UUID.test(request.fileId)) throw new WorkerStateError('download_failed');
  const ref = { caseId: request.caseId, fileId: request.fileId };
  const meta = decryptFileMeta(caseKey, ref, request.meta);
  const fileKey: FileKey = unwrapFileKey(caseKey, ref, request.wrappedKey);
  try {
    const response = await fetch(`/api/v1/cases/${request.caseId}/files/${request.fileId}/content`, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' }).catch(() => {
      throw new WorkerStateError('download_failed');
    });
    if (!response.ok || !response.body) throw new WorkerStateError('download_failed');
    let blob = new Blob([]);
    let pending: Uint8Array[] = [];
    let decrypted = 0;
    let chunks = 0;
    try {
      for await (const chunk of decryptFile(fileKey, ref, request.header, response.body)) {
        pending.push(chunk);
        decrypted += chunk.length;
        chunks += 1;
        if (pending.length >= CONSOLIDATE_EVERY) {
          // The browser keeps Blob data outside this worker's heap (and may page it to disk).
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
    // Never the requester-chosen media type: the file is saved, not rendered.
    return new Blob([blob, ...(pending as BlobPart[])], { type: 'application/octet-stream' });
  } finally {
    fileKey.fill(0);
  }
}

const api: CryptoWorkerApi = {
  // Public portal and requester follow-up: receipt keys, intake, the requester's own case.
  ...requesterOperations,

  prfSalt: guarded((credentialId: string) => prfSalt(credentialId)),

  beginEnrolment: guarded((userId: string) => {
    wipe(pending);
    const identity = generateIdentityKeys();
    const { vault, vaultKey } = createVault(identity, userId);
    pending = { userId, identity, vaultKey, vault };
    return { ...publicIdentity(pending), vault };
  }),

  wrapPendingWithPrf: guarded((unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer) =>
    withPrf(prfOutput, (bytes) => wrapFor(needPending(), unlockMethodId, { method: 'passkey-prf', credentialId, prfOutput: bytes })),
  ),

  wrapPendingWithPassphrase: guarded((unlockMethodId: string, passphrase: string) => wrapFor(needPending(), unlockMethodId, { method: 'passphrase', passphrase })),

  wrapPendingWithRecoveryCode: guarded((unlockMethodId: string) => {
    const code = generateRecoveryCode();
    return { code: code as string, wrap: wrapFor(needPending(), unlockMethodId, { method: 'recovery-code', code }) };
  }),

  finishEnrolment: guarded(() => {
    const held = needPending();
    wipe(unlocked);
    unlocked = { userId: held.userId, identity: held.identity, vaultKey: held.vaultKey };
    pending = null;
    return publicIdentity(unlocked);
  }),

  abandonEnrolment: guarded(() => {
    wipe(pending);
    pending = null;
  }),

  unlock: guarded((request: UnlockRequest) => {
    const wrap = parseVaultWrap(request.wrap);
    const expected = request.expected ? { encPk: parseEncPublicKey(request.expected.encPk), signPk: parseSignPublicKey(request.expected.signPk) } : undefined;
    const secret = toUnlockSecret(request);
    let opened: { identity: IdentityKeys; vaultKey: VaultKey };
    try {
      opened = unlockVault(request.vault, wrap, { userId: request.userId, unlockMethodId: request.unlockMethodId }, secret, expected);
    } finally {
      if (secret.method === 'passkey-prf') secret.prfOutput.fill(0);
    }
    const { identity, vaultKey } = opened;
    wipe(unlocked);
    unlocked = { userId: request.userId, identity, vaultKey };
    return publicIdentity(unlocked);
  }),

  isValidRecoveryCode: guarded((code: string) => {
    try {
      normaliseRecoveryCode(code);
      return true;
    } catch {
      return false;
    }
  }),

  current: guarded(() => (unlocked ? publicIdentity(unlocked) : null)),

  wrapUnlockedWithPrf: guarded((unlockMethodId: string, credentialId: string, prfOutput: ArrayBuffer) =>
    withPrf(prfOutput, (bytes) => wrapFor(needUnlocked(), unlockMethodId, { method: 'passkey-prf', credentialId, prfOutput: bytes })),
  ),

  lock: guarded(() => {
    forgetAllCases();
    forgetUploads();
    wipe(unlocked);
    wipe(pending);
    unlocked = null;
    pending = null;
  }),

  fingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseSignPublicKey(publicKey)))),

  encFingerprintOf: guarded((publicKey: string) => kidFingerprint(kidOf(parseEncPublicKey(publicKey)))),

  certificationStatus: guarded((chain: readonly unknown[], root: string, subject: { userId: string; encPk: string; signPk: string }): CertificationStatus => {
    if (chain.length === 0) return { state: 'uncertified' };
    try {
      const verified = verifyCertificateChain(chain, rootKey(root), new Date());
      if (verified.kind !== 'admin' && verified.kind !== 'staff') return { state: 'invalid', reason: 'the certificate is not for a person' };
      if (verified.subjectId !== subject.userId || encodePublicKey(verified.encPk) !== subject.encPk || encodePublicKey(verified.signPk) !== subject.signPk) {
        return { state: 'invalid', reason: 'the certificate is for other keys' };
      }
      return { state: 'certified', kind: verified.kind, notAfter: verified.notAfter };
    } catch (error) {
      if (error instanceof CryptoError) return { state: 'invalid', reason: error.code === 'untrusted_certificate' ? 'it does not lead to this organisation’s root key or has expired' : `it is malformed or forged (${error.code})` };
      throw error;
    }
  }),

  certifyStaff: guarded((ownChain: readonly unknown[], root: string, subject: { userId: string; encPk: string; signPk: string }) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    return issueCertificate(self.identity, {
      kind: 'staff',
      subjectId: subject.userId,
      encPk: parseEncPublicKey(subject.encPk),
      signPk: parseSignPublicKey(subject.signPk),
      notAfter: oneYearFromNow(),
    });
  }),

  deskCertificateStatus: guarded((chain: readonly unknown[], root: string, deskId: string): DeskCertificateStatus => {
    try {
      const desk = verifiedDesk(chain, root, deskId);
      return { state: 'certified', deskId: desk.deskId, version: desk.version, encPk: encodePublicKey(desk.encPk), fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
    } catch (error) {
      if (error instanceof WorkerStateError) return { state: 'invalid', reason: 'the certificate is for another desk' };
      if (error instanceof CryptoError) return { state: 'invalid', reason: error.code === 'untrusted_certificate' ? 'it does not lead to this organisation’s root key or has expired' : `it is malformed or forged (${error.code})` };
      throw error;
    }
  }),

  createDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number): NewDeskKey => {
    const self = needUnlocked();
    const me = ownVerifiedPerson(self, ownChain, root, ['staff', 'admin'], 'not_certified');
    const desk = generateDeskKeyPair(deskId, version);
    try {
      const sealedKey = sealDeskKey(desk, me);
      return { deskId, version, encPk: encodePublicKey(desk.encPk), fingerprint: kidFingerprint(kidOf(desk.encPk)), sealedKey };
    } finally {
      wipeDesk(desk);
    }
  }),

  sealDeskKeyForMember: guarded((request: DeskEnvelopeRequest): string => {
    const self = needUnlocked();
    const desk = verifiedDesk(request.deskChain, request.root, request.deskId, request.version);
    // Before the desk key is even opened: the member must chain to the root, as themselves.
    if (request.memberChain.length === 0) throw new WorkerStateError('member_not_certified');
    const member = verifyCertificateChain(request.memberChain, rootKey(request.root), new Date());
    if ((member.kind !== 'staff' && member.kind !== 'admin') || member.subjectId !== request.memberId) throw new WorkerStateError('member_not_certified');
    let opened: DeskKeyPair | null = null;
    try {
      opened = openDeskKey(request.ownSealedKey, self.identity, desk);
      return sealDeskKey(opened, member);
    } finally {
      wipeDesk(opened);
    }
  }),

  certifyDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number, encPk: string) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    return issueCertificate(self.identity, { kind: 'desk', subjectId: deskSubjectId(deskId, version), encPk: parseEncPublicKey(encPk), notAfter: oneYearFromNow() });
  }),

  openDeskKey: guarded((sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): OpenedDeskKey => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const opened = openDeskKey(sealedKey, self.identity, desk);
    wipeDesk(opened);
    return { deskId: desk.deskId, version: desk.version, fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
  }),

  resealCaseKeys: guarded((request: ResealRequest): ResealOutcome[] => {
    const self = needUnlocked();
    const target = verifiedDesk(request.target.chain, request.root, request.deskId, request.target.version);
    // Each older version is opened once for the batch, against its own certificate; every envelope
    // sealed to it is checked against that certificate as it was when the envelope was stored.
    const opened = new Map<number, DeskKeyPair | WorkerErrorCode>();
    const sourceFor = (version: number, at: Date): DeskKeyPair | WorkerErrorCode => {
      const source = request.sources.find((s) => s.version === version);
      if (!source) return 'desk_key_not_held';
      let desk: VerifiedDesk;
      try {
        desk = verifiedDesk(source.chain, request.root, request.deskId, version, at);
      } catch (error) {
        return codeOf(error);
      }
      let pair = opened.get(version);
      if (pair === undefined) {
        try {
          pair = openDeskKey(source.ownSealedKey, self.identity, desk);
        } catch (error) {
          pair = codeOf(error);
        }
        opened.set(version, pair);
      }
      return pair;
    };
    try {
      return request.cases.map((item): ResealOutcome => {
        const at = checkedAt(item.envelope.storedAt);
        const desk = sourceFor(item.version, at);
        if (typeof desk === 'string') return { caseId: item.caseId, state: 'failed', code: desk };
        let caseKey: CaseKey | null = null;
        try {
          const sealerKey = item.sealer.kind === 'requester' ? parseSignPublicKey(item.sealer.signPk) : certifiedSignKey(item.sealer.chain, request.root, item.sealer.staffId, at);
          caseKey = openCaseKeyEnvelope(parseCaseKeyEnvelope(item.envelope), item.caseId, desk, sealerKey);
          const envelope = sealCaseKey(caseKey, item.caseId, target, self.identity);
          return { caseId: item.caseId, state: 'sealed', envelope: { sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature } };
        } catch (error) {
          return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
        } finally {
          caseKey?.fill(0);
        }
      });
    } finally {
      for (const desk of opened.values()) if (typeof desk !== 'string') wipeDesk(desk);
    }
  }),

  openCaseKey: guarded((request: OpenCaseKeyRequest): OpenCaseKeyResult => {
    const self = needUnlocked();
    const failures: { index: number; code: WorkerErrorCode }[] = [];
    for (const [index, candidate] of request.candidates.entries()) {
      try {
        const key = openCandidate(self, request, candidate);
        caseKeys.get(request.caseId)?.fill(0);
        caseKeys.set(request.caseId, key);
        return { opened: true, index };
      } catch (error) {
        failures.push({ index, code: codeOf(error) });
      }
    }
    return { opened: false, failures };
  }),

  readCaseRecords: guarded((request: ReadRecordsRequest): RecordReading[] => {
    const caseKey = needCaseKey(request.caseId);
    return request.records.map((record): RecordReading => {
      try {
        const authorKey =
          record.author.kind === 'requester' ? requesterSignKey(request.requester) : certifiedSignKey(request.staffChains[record.author.id] ?? [], request.root, record.author.id, checkedAt(record.storedAt));
        const body = decryptRecord(caseKey, { caseId: request.caseId, recordId: record.id, recordKind: record.kind }, record, authorKey);
        return { id: record.id, state: 'verified', body };
      } catch (error) {
        return { id: record.id, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  writeCaseRecord: guarded((caseId: string, recordId: string, kind: 'note' | 'message', body: { readonly text: string }) => {
    const self = needUnlocked();
    const sealed = encryptRecord(needCaseKey(caseId), { caseId, recordId, recordKind: kind }, { text: body.text }, self.identity);
    return { id: recordId, ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string };
  }),

  sealCaseToDesk: guarded((root: string, caseId: string, deskId: string, deskChain: readonly unknown[]) => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const envelope = sealCaseKey(needCaseKey(caseId), caseId, desk, self.identity);
    return { version: desk.version, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature };
  }),

  readFileMeta: guarded((caseId: string, files: readonly { readonly fileId: string; readonly meta: string }[]): FileMetaReading[] => {
    const caseKey = needCaseKey(caseId);
    return files.map((file): FileMetaReading => {
      try {
        const meta = decryptFileMeta(caseKey, { caseId, fileId: file.fileId }, file.meta);
        return { fileId: file.fileId, state: 'verified', name: meta.name, type: meta.type, size: meta.size };
      } catch (error) {
        return { fileId: file.fileId, state: 'refused', code: codeOf(error) };
      }
    });
  }),

  downloadCaseFile: guarded(downloadFile),

  beginCaseFileUpload: guarded((caseId: string, file: Blob, name: string, recordKind: 'note' | 'message') => startFileUpload(needCaseKey(caseId), caseId, file, name, recordKind)),

  forgetCase: guarded((caseId: string) => {
    caseKeys.get(caseId)?.fill(0);
    caseKeys.delete(caseId);
  }),
};

expose(api);
