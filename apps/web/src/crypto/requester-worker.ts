/**
 * The requester operations of the crypto worker (imported by crypto.worker.ts only): the keys
 * of a receipt code, the case key of the requester's case and the encryptors of files being
 * uploaded live here, in module state of the worker, and are wiped by `forgetRequester` or
 * when the worker ends (quick exit, reload, closing the tab).
 */
import { transfer } from 'comlink';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type FileEncryptor,
  type GrantKey,
  type JsonValue,
  type RequesterKeys,
  type RevocationList,
  type SignPublicKey,
  type StaffKey,
  type VerifiedDesk,
  type VerifiedDeskHistory,
  CHUNK_BYTES,
  CryptoError,
  NO_REVOCATIONS,
  RevokedError,
  UntrustedHistoryError,
  assertNotRevoked,
  chunkCount,
  createFileEncryptor,
  decryptCaseFileMeta,
  decryptFile,
  decryptRecord,
  decryptSigned,
  deriveRequesterKeys,
  encodePublicKey,
  encryptSigned,
  encryptCaseFileMeta,
  encryptGrantFileMeta,
  encryptRecord,
  encryptedSize,
  generateCaseKey,
  generateFileKey,
  generateReceiptCode,
  sealCaseKey,
  kidOf,
  normaliseReceiptCode,
  openCaseKeyChain,
  openCaseKeyEnvelope,
  parseSignPublicKey,
  unwrapCaseFileKey,
  requesterPublicKeys,
  sealSubject,
  signChallenge,
  seenOf,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
  wrapCaseFileKey,
  wrapGrantFileKey,
} from '@ashar/crypto';
import { type GrantFileUploadStart } from './grant-worker-api';
import { type CaseRecordInput, type IntakeRequest, type RequesterCaseView } from '@ashar/domain';
import {
  type DeskToSealTo,
  type FileChunkOut,
  type OpenedApplication,
  type SealApplicationRequest,
  type SealedApplication,
  type FileUploadStart,
  type OpenedFileMeta,
  type OpenedRecord,
  type OpenedRequesterCase,
  type RequesterErrorCode,
  type RequesterFileIn,
  type RequesterWorkerApi,
  type SealIntakeRequest,
  type SeenDesks,
  type StaffKeyEntry,
} from './requester-worker-api';
import { applicationBodyOf, applicationContentOf } from './application-body';
import { checkedAt } from './checked-at';
import { CodedError, guarded } from './worker-guard';

/** File names are shortened before encryption: the encrypted metadata has a fixed ceiling. */
const FILE_NAME_MAX = 200;
const FILE_TYPE_MAX = 100;

let receipt: { keys: RequesterKeys; instanceId: string } | null = null;
/**
 * The requester's case: its case keys by epoch, from the newest the requester holds (`epoch`) down
 * through the links (SPEC.md §9.4). A requester never holds a staff-only key.
 */
interface RequesterCase {
  readonly caseId: string;
  readonly caseKeys: Map<number, CaseKey>;
  readonly epoch: number;
  /** The key of `epoch`: new replies and files go under it. */
  readonly caseKey: CaseKey;
}
let openCase: RequesterCase | null = null;
const uploads = new Map<string, { file: Blob; encryptor: FileEncryptor; offset: number }>();
/** The applicant's application: its id, call and key (one key for every version), held for a new version; wiped with the receipt keys. */
let openApplication: { readonly applicationId: string; readonly callId: string; readonly key: CaseKey } | null = null;
/** Grant keys sealed to the requester and opened (SPEC.md §18), by grant id; wiped with the receipt keys. */
const grantKeys = new Map<string, GrantKey>();

export class RequesterError extends CodedError<RequesterErrorCode> {}

function forgetGrants(): void {
  for (const key of grantKeys.values()) key.fill(0);
  grantKeys.clear();
}

/** Holds a grant key opened with the receipt keys, wiping any earlier one of the grant. */
export function holdRequesterGrant(grantId: string, key: GrantKey): void {
  const earlier = grantKeys.get(grantId);
  if (earlier && earlier !== key) earlier.fill(0);
  grantKeys.set(grantId, key);
}

/** A grant key held for the requester (`no_grant` otherwise). */
export function needRequesterGrant(grantId: string): GrantKey {
  const key = grantKeys.get(grantId);
  if (!key) throw new RequesterError('no_grant');
  return key;
}

function wipeKeys(keys: RequesterKeys | undefined): void {
  keys?.encSk.fill(0);
  keys?.signSk.fill(0);
}

function forgetCase(): void {
  for (const key of openCase?.caseKeys.values() ?? []) key.fill(0);
  openCase = null;
  uploads.clear();
}

/** Drops every file encryptor (the staff console's lock: its case keys go too). */
export function forgetUploads(): void {
  uploads.clear();
}

/**
 * Starts encrypting `file` for case `caseId` under `key` of `epoch` (format 2, SPEC.md §9.3: the
 * case key, or the staff-only key for a note's file): wraps a new file key and encrypts its
 * name, type and size, both bound to the record kind, and holds the stream encryptor for
 * nextFileChunk. The requester's upload (their open case) and the staff console's (keys held by
 * the staff worker) both start here.
 */
export function startFileUpload(key: CaseKey | StaffKey, caseId: string, epoch: number, file: Blob, name: string, recordKind: 'request' | 'message' | 'note'): FileUploadStart {
  const fileId = randomId();
  const ref = { caseId, fileId };
  const bound = { caseId, fileId, recordKind };
  const fileKey = generateFileKey();
  try {
    const wrappedKey = wrapCaseFileKey(key, bound, fileKey);
    const meta = encryptCaseFileMeta(key, bound, { name: name.slice(0, FILE_NAME_MAX), type: file.type.slice(0, FILE_TYPE_MAX), size: file.size });
    const encryptor = createFileEncryptor(fileKey, ref);
    uploads.set(fileId, { file, encryptor, offset: 0 });
    const size = encryptedSize(file.size);
    const chunks = chunkCount(file.size);
    return {
      fileId,
      caseId,
      chunkCount: chunks,
      encryptedSize: size,
      body: { fileId, recordKind, epoch, header: encryptor.header, meta, wrappedKey, encryptedSize: size, chunkCount: chunks },
    };
  } finally {
    // The stream state is all the encryptor keeps; the key itself is not needed again here.
    fileKey.fill(0);
  }
}

/**
 * Starts encrypting a grant report's file (SPEC.md §18.4) under `grantKey`: wraps a new file key
 * and encrypts its name, type and size bound to the grant and file, and holds the stream
 * encryptor (bound to `grant-file-stream`) for nextFileChunk.
 */
export function startGrantFileUpload(grantKey: GrantKey, grantId: string, file: Blob, name: string): GrantFileUploadStart {
  const fileId = randomId();
  const ref = { grantId, fileId };
  const fileKey = generateFileKey();
  try {
    const wrappedKey = wrapGrantFileKey(grantKey, ref, fileKey);
    const meta = encryptGrantFileMeta(grantKey, ref, { name: name.slice(0, FILE_NAME_MAX), type: file.type.slice(0, FILE_TYPE_MAX), size: file.size });
    const encryptor = createFileEncryptor(fileKey, ref);
    uploads.set(fileId, { file, encryptor, offset: 0 });
    const size = encryptedSize(file.size);
    const chunks = chunkCount(file.size);
    return { fileId, grantId, chunkCount: chunks, encryptedSize: size, body: { fileId, header: encryptor.header, meta, wrappedKey, encryptedSize: size, chunkCount: chunks } };
  } finally {
    fileKey.fill(0);
  }
}

/** The held receipt keys (`no_receipt` otherwise). */
export function needReceipt(): { keys: RequesterKeys; instanceId: string } {
  if (!receipt) throw new RequesterError('no_receipt');
  return receipt;
}

function needCase(): RequesterCase {
  if (!openCase) throw new RequesterError('no_case');
  return openCase;
}

function forgetApplication(): void {
  openApplication?.key.fill(0);
  openApplication = null;
}

function holdReceipt(keys: RequesterKeys, instanceId: string): void {
  wipeKeys(receipt?.keys);
  forgetCase();
  forgetApplication();
  forgetGrants();
  receipt = { keys, instanceId };
}

/** A random lower-case UUID v4 from the platform CSPRNG (ids are bound into associated data). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A desk's whole key history verified to the built-in root (libs/crypto SPEC.md §8.2), with the
 * published revocations and what this browser saw before; its newest version is the one to seal to.
 */
function verifiedDesk(desk: DeskToSealTo, root: SignPublicKey, revocations: RevocationList): VerifiedDeskHistory {
  try {
    return verifyDeskHistory(desk.deskId, desk.history, root, new Date(), { revocations, seen: desk.seen });
  } catch (error) {
    // Nothing is sealed; the person is told which kind of failure it was, never the detail.
    if (error instanceof UntrustedHistoryError) throw new RequesterError(error.reason === 'rollback' || error.reason === 'fork' ? 'desk_rollback' : 'desk_history_broken');
    if (error instanceof RevokedError) throw new RequesterError('desk_revoked');
    if (error instanceof CryptoError) throw new RequesterError('untrusted_desk');
    throw error;
  }
}

/** The published revocation statements that verify to the root; the others are left out. */
export function revocationsOf(entries: readonly unknown[] | undefined, root: SignPublicKey): RevocationList {
  return entries ? verifyRevocations(entries, root, new Date()) : NO_REVOCATIONS;
}

/**
 * A staff author's signing key, only when their chain leads to the root, names them and was valid
 * at `at`, and no revocation statement revoked it from `at` or earlier (SPEC.md §8.3).
 */
export function certifiedStaffKey(entry: StaffKeyEntry | undefined, staffId: string, root: SignPublicKey, at: Date, revocations: RevocationList): { key: SignPublicKey; name: string | null } | null {
  if (!entry || entry.id !== staffId) return null;
  try {
    const verified = verifyCertificateChain(entry.chain, root, at);
    if ((verified.kind !== 'staff' && verified.kind !== 'admin') || verified.subjectId !== staffId) return null;
    assertNotRevoked(revocations, 'staff', staffId, verified.signKid, at);
    return { key: verified.signPk, name: entry.displayName };
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  }
}

/** A file the requester's worker reads: of format 2, going with the request or a message (and under a case key it holds). */
function requesterReads(file: RequesterFileIn): boolean {
  return file.format === 2 && (file.recordKind === 'request' || file.recordKind === 'message');
}

function isRequesterCaseView(value: unknown): value is RequesterCaseView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<RequesterCaseView>;
  return typeof view.case?.id === 'string' && Array.isArray(view.records);
}

function openRecords(
  view: RequesterCaseView,
  caseKeys: ReadonlyMap<number, CaseKey>,
  own: RequesterKeys,
  staffKeys: readonly StaffKeyEntry[],
  root: SignPublicKey,
  revocations: RevocationList,
): OpenedRecord[] {
  // Never a note: a requester holds no staff-only key, and opens nothing said to be under one.
  return view.records
    .filter((record) => (record.kind === 'request' || record.kind === 'message') && record.keyKind === 'case')
    .map((record): OpenedRecord => {
      const kind = record.kind as 'request' | 'message';
      const from = record.author.kind === 'requester' ? 'you' : 'staff';
      const staff = from === 'staff' ? certifiedStaffKey(staffKeys.find((k) => k.id === record.author.id), record.author.id, root, checkedAt(record.createdAt), revocations) : null;
      const base = { id: record.id, kind, from, authorName: staff?.name ?? null, createdAt: record.createdAt } as const;
      const authorKey = from === 'you' ? own.signPk : staff?.key;
      if (!authorKey) return { ...base, state: 'refused', reason: 'its author’s key is not certified by this organisation' };
      const caseKey = caseKeys.get(record.epoch);
      if (!caseKey) return { ...base, state: 'refused', reason: 'it does not open' };
      try {
        const body = decryptRecord(caseKey, { caseId: view.case.id, recordId: record.id, recordKind: kind }, record, authorKey);
        return { ...base, state: 'verified', body };
      } catch (error) {
        if (error instanceof CryptoError) return { ...base, state: 'refused', reason: error.code === 'bad_signature' || error.code === 'wrong_key' ? 'its signature does not verify' : 'it does not open' };
        throw error;
      }
    });
}

interface RequesterApplicationViewIn {
  readonly application: { readonly id: string; readonly callId: string };
  readonly latest: { readonly version: number; readonly ciphertext: string; readonly authorKid: string };
  readonly envelope: { readonly sealedKey: string; readonly sealerKid: string; readonly signature: string };
}

function isRequesterApplicationView(value: unknown): value is RequesterApplicationViewIn {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Partial<RequesterApplicationViewIn>;
  return typeof view.application?.id === 'string' && typeof view.application.callId === 'string' && typeof view.latest?.version === 'number' && typeof view.envelope === 'object' && view.envelope !== null;
}

export const requesterOperations: RequesterWorkerApi = {
  newReceipt: guarded((instanceId: string) => {
    const code = generateReceiptCode();
    const keys = deriveRequesterKeys(code, instanceId);
    holdReceipt(keys, instanceId);
    return { code: code as string, kid: kidOf(keys.signPk) as string };
  }),

  normaliseReceipt: guarded((input: string) => {
    try {
      return normaliseReceiptCode(input) as string;
    } catch (error) {
      if (error instanceof CryptoError) return null;
      throw error;
    }
  }),

  openReceipt: guarded((code: string, instanceId: string) => {
    const keys = deriveRequesterKeys(code, instanceId);
    holdReceipt(keys, instanceId);
    return { kid: kidOf(keys.signPk) as string };
  }),

  signReceiptChallenge: guarded((instanceId: string, challenge: string) => {
    const held = needReceipt();
    // The keys were derived for one instance; a challenge for another would not verify anyway.
    if (held.instanceId !== instanceId) throw new RequesterError('no_receipt');
    return signChallenge(held.keys, instanceId, challenge);
  }),

  sealIntake: guarded((request: SealIntakeRequest): { body: IntakeRequest; seen: SeenDesks } => {
    const { keys } = needReceipt();
    const root = parseSignPublicKey(request.root);
    // Both desks' histories are checked before a case key even exists; only their newest versions are sealed to.
    const revocations = revocationsOf(request.revocations, root);
    const intakeHistory = verifiedDesk(request.intakeDesk, root, revocations);
    const routedHistory = verifiedDesk(request.routedDesk, root, revocations);
    const intake = intakeHistory.current;
    const routed = routedHistory.current;
    const caseId = randomId();
    const recordId = randomId();
    const caseKey = generateCaseKey();
    try {
      const record = encryptRecord(caseKey, { caseId, recordId, recordKind: 'request' }, request.form as JsonValue, keys);
      if (record.ciphertext.length > request.recordCiphertextMaxLength) throw new RequesterError('record_too_large');
      const deskEnvelope = (desk: VerifiedDesk) => ({ ...sealCaseKey(caseKey, caseId, desk, keys), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } });
      const deskEnvelopes = intake.deskId === routed.deskId ? [deskEnvelope(intake)] : [deskEnvelope(intake), deskEnvelope(routed)];
      const body: IntakeRequest = {
        caseId,
        requestType: request.form.type,
        country: request.routing.country as IntakeRequest['country'],
        language: request.routing.language,
        requester: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
        record: { id: recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
        envelopes: [...deskEnvelopes, { ...sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' } }],
        // The subject line, when given, under the same case key (epoch 1): only those who hold it read it.
        ...(request.subject ? { subject: sealSubject(caseKey, caseId, request.subject) } : {}),
      };
      forgetCase();
      openCase = { caseId, caseKeys: new Map([[1, caseKey]]), epoch: 1, caseKey };
      return { body, seen: { [intake.deskId]: seenOf(intakeHistory), [routed.deskId]: seenOf(routedHistory) } };
    } catch (error) {
      caseKey.fill(0);
      throw error;
    }
  }),

  openRequesterCase: guarded((view: unknown, staffKeys: readonly StaffKeyEntry[], rootText: string, revocationEntries?: readonly unknown[]): OpenedRequesterCase => {
    const { keys } = needReceipt();
    if (!isRequesterCaseView(view) || !view.envelope) throw new RequesterError('no_case');
    const root = parseSignPublicKey(rootText);
    const revocations = revocationsOf(revocationEntries, root);
    const envelope = view.envelope;
    let sealerKey: SignPublicKey | undefined;
    if (envelope.sealer.kind === 'requester') sealerKey = keys.signPk;
    else sealerKey = certifiedStaffKey(staffKeys.find((k) => k.id === envelope.sealer.id), envelope.sealer.id, root, checkedAt(envelope.createdAt), revocations)?.key;
    if (!sealerKey) throw new RequesterError('no_case');
    const epoch = envelope.epoch;
    const caseKey = openCaseKeyEnvelope(envelope as unknown as CaseKeyEnvelope, view.case.id, keys, sealerKey, epoch);
    // SPEC.md §9.1, §9.4: the key is this case's only if its links lead to the request signed with the requester's own key.
    const request = view.records.find((r) => r.kind === 'request' && r.author.kind === 'requester');
    let caseKeys: Map<number, CaseKey>;
    try {
      caseKeys = openCaseKeyChain(caseKey, view.case.id, epoch, view.caseKeyLinks ?? []);
    } catch (error) {
      caseKey.fill(0);
      if (error instanceof CryptoError) throw new RequesterError('case_unverified');
      throw error;
    }
    try {
      if (!request) throw new RequesterError('case_unverified');
      decryptRecord(caseKeys.get(1) as CaseKey, { caseId: view.case.id, recordId: request.id, recordKind: 'request' }, request, keys.signPk);
    } catch (error) {
      for (const key of caseKeys.values()) key.fill(0);
      if (error instanceof CryptoError || error instanceof RequesterError) throw new RequesterError('case_unverified');
      throw error;
    }
    forgetCase();
    openCase = { caseId: view.case.id, caseKeys, epoch, caseKey };
    return { caseId: view.case.id, records: openRecords(view, caseKeys, keys, staffKeys, root, revocations) };
  }),

  sealReply: guarded((text: string): CaseRecordInput => {
    const { keys } = needReceipt();
    const { caseId, caseKey, epoch } = needCase();
    const id = randomId();
    const record = encryptRecord(caseKey, { caseId, recordId: id, recordKind: 'message' }, { text }, keys);
    return { id, ciphertext: record.ciphertext, authorKid: record.authorKid, epoch };
  }),

  openFileMetas: guarded((files: readonly RequesterFileIn[]): OpenedFileMeta[] => {
    const { caseId, caseKeys } = needCase();
    const opened: OpenedFileMeta[] = [];
    for (const file of files) {
      // Only files bound to a kind the requester reads (SPEC.md §9.3): never a note's, never one of format 1.
      const caseKey = caseKeys.get(file.epoch);
      if (!requesterReads(file) || !caseKey) continue;
      try {
        const meta = decryptCaseFileMeta(caseKey, { caseId, fileId: file.fileId, recordKind: file.recordKind }, file.meta);
        opened.push({ fileId: file.fileId, name: meta.name, size: meta.size });
      } catch (error) {
        if (!(error instanceof CryptoError)) throw error;
      }
    }
    return opened;
  }),

  beginFileUpload: guarded((file: Blob, name: string, recordKind: 'request' | 'message'): FileUploadStart => {
    const { caseId, caseKey, epoch } = needCase();
    return startFileUpload(caseKey, caseId, epoch, file, name, recordKind);
  }),

  nextFileChunk: guarded(async (fileId: string): Promise<FileChunkOut> => {
    const upload = uploads.get(fileId);
    if (!upload || upload.encryptor.finished) throw new RequesterError('no_upload');
    const end = Math.min(upload.offset + CHUNK_BYTES, upload.file.size);
    let plaintext: Uint8Array;
    try {
      plaintext = new Uint8Array(await upload.file.slice(upload.offset, end).arrayBuffer());
    } catch {
      throw new RequesterError('file_unreadable');
    }
    const final = end >= upload.file.size;
    const chunk = upload.encryptor.push(plaintext, final);
    plaintext.fill(0);
    upload.offset = end;
    // A copy with a buffer of its own, handed over to the page without another copy.
    const bytes = chunk.bytes.slice();
    return transfer({ index: chunk.index, bytes, final, plaintextDone: end }, [bytes.buffer]);
  }),

  downloadRequesterFile: guarded(async (file: RequesterFileIn & { header: string; wrappedKey: string }) => {
    const { caseId, caseKeys } = needCase();
    const caseKey = caseKeys.get(file.epoch);
    if (!requesterReads(file) || !caseKey) throw new RequesterError('download_unavailable');
    const ref = { caseId, fileId: file.fileId };
    const bound = { ...ref, recordKind: file.recordKind };
    const meta = decryptCaseFileMeta(caseKey, bound, file.meta);
    const fileKey = unwrapCaseFileKey(caseKey, bound, file.wrappedKey);
    try {
      let response: Response;
      try {
        response = await fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/files/${encodeURIComponent(file.fileId)}/content`, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
      } catch {
        throw new RequesterError('download_unavailable');
      }
      if (!response.ok || !response.body) throw new RequesterError('download_unavailable');
      const parts: BlobPart[] = [];
      let size = 0;
      for await (const chunk of decryptFile(fileKey, ref, file.header, response.body)) {
        // Each part goes into the Blob store of the browser, not kept as one growing buffer.
        parts.push(new Blob([chunk as BlobPart]));
        size += chunk.length;
      }
      if (size !== meta.size) throw new RequesterError('download_unavailable');
      // Saved, never rendered: the type the uploader claimed is not trusted.
      return { name: meta.name, blob: new Blob(parts, { type: 'application/octet-stream' }) };
    } finally {
      fileKey.fill(0);
    }
  }),

  endFileUpload: guarded((fileId: string) => {
    uploads.delete(fileId);
  }),

  sealApplication: guarded((request: SealApplicationRequest): SealedApplication => {
    const { keys } = needReceipt();
    const root = parseSignPublicKey(request.root);
    // The programme desk's history is checked before anything is encrypted; only its newest version is sealed to.
    const history = verifiedDesk(request.programmeDesk, root, revocationsOf(request.revocations, root));
    const desk = history.current;
    const fresh = request.version === 1;
    if (!fresh && (!openApplication || openApplication.callId !== request.callId)) throw new RequesterError('no_case');
    const applicationId = fresh ? randomId() : (openApplication as { applicationId: string }).applicationId;
    const key = fresh ? generateCaseKey() : (openApplication as { key: CaseKey }).key;
    try {
      const body = applicationBodyOf(request.version, request.callId, request.content) as JsonValue;
      const record = encryptSigned(key, { purpose: 'application', applicationId }, body, keys);
      if (record.ciphertext.length > request.recordCiphertextMaxLength) throw new RequesterError('record_too_large');
      const envelopes = [
        { ...sealCaseKey(key, applicationId, desk, keys), recipient: { kind: 'desk' as const, deskId: desk.deskId, version: desk.version } },
        { ...sealCaseKey(key, applicationId, requesterPublicKeys(keys), keys), recipient: { kind: 'requester' as const } },
      ] as const;
      if (fresh) {
        forgetApplication();
        openApplication = { applicationId, callId: request.callId, key };
      }
      return {
        applicationId,
        applicant: { encPk: encodePublicKey(keys.encPk), signPk: encodePublicKey(keys.signPk) },
        record: { ciphertext: record.ciphertext as string, authorKid: record.authorKid as string },
        envelopes,
        seen: { [desk.deskId]: seenOf(history) },
      };
    } catch (error) {
      if (fresh) key.fill(0);
      throw error;
    }
  }),

  openRequesterApplication: guarded((view: unknown): OpenedApplication => {
    const { keys } = needReceipt();
    if (!isRequesterApplicationView(view)) throw new RequesterError('no_case');
    const applicationId = view.application.id;
    let key: CaseKey;
    try {
      // The applicant's own envelope, signed by their own key: nobody else could have sealed it.
      key = openCaseKeyEnvelope(view.envelope as unknown as CaseKeyEnvelope, applicationId, keys, keys.signPk);
    } catch (error) {
      if (error instanceof CryptoError) throw new RequesterError('case_unverified');
      throw error;
    }
    try {
      const body = decryptSigned(key, { purpose: 'application', applicationId }, view.latest, keys.signPk);
      const content = applicationContentOf(body, view.latest.version, view.application.callId);
      if (!content) throw new RequesterError('case_unverified');
      forgetApplication();
      openApplication = { applicationId, callId: view.application.callId, key };
      return { applicationId, version: view.latest.version, content };
    } catch (error) {
      key.fill(0);
      if (error instanceof CryptoError || error instanceof RequesterError) throw new RequesterError('case_unverified');
      throw error;
    }
  }),

  forgetRequester: guarded(() => {
    forgetApplication();
    forgetCase();
    forgetGrants();
    wipeKeys(receipt?.keys);
    receipt = null;
  }),
};
