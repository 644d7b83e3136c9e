/**
 * A case in the staff worker: its case key opened from the first envelope that verifies (the
 * desk key or a direct envelope, the sealer's signature checked as of when it was stored) and
 * then checked against the request its requester signed (SPEC.md §9.1) before it is held for
 * the case screen; its staff-only keys (§9.2) opened the same way and checked against their
 * epoch's case key; its records read under the key each is under (a record that fails
 * verification stops writing); new notes written under the staff-only key and messages under
 * the case key, always of the newest epoch; and the keys sealed to another desk on a referral.
 */
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type KeyOpener,
  type RequesterPublicKeys,
  type RevocationList,
  type SignPublicKey,
  type StaffKey,
  bindStaffKey,
  checkStaffKey,
  decryptRecord,
  encryptRecord,
  generateStaffKey,
  kidOf,
  linkStaffKeys,
  openCaseKeyChain,
  openCaseKeyEnvelope,
  openDeskKey,
  openStaffKeyEnvelope,
  openStaffKeyLink,
  openSubject,
  parseCaseKeyEnvelope,
  parseRequesterPublicKeys,
  parseStaffKeyEnvelope,
  sealCaseKey,
  sealStaffKey,
  seenOf,
} from '@ashar/crypto';
import { type DeskToSealTo, type SeenDesks } from '../requester-worker-api';
import { checkedAt } from '../checked-at';
import {
  type CaseKeyCandidate,
  type CaseSubjectReading,
  type CryptoWorkerApi,
  type NewStaffKey,
  type OpenCaseKeyRequest,
  type OpenCaseKeyResult,
  type OpenSubjectsRequest,
  type ReadRecordsRequest,
  type RecordReading,
  type SubjectReading,
  type SubjectToOpen,
  type WorkerErrorCode,
} from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { type Held, type OpenCase, forgetCaseKey, holdCase, needCase, needUnlocked, needWritableCase, needWritableStaffKey, openCaseOrNull } from './key-state';
import { certifiedSignKey, checkedCaseKey, pinnedRequesterKey, revocationList, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

/** The sealer key a candidate's envelope must verify under: the (pinned) requester's, or a certified staff member's as of when it was stored. */
function sealerKeyOf(request: OpenCaseKeyRequest, candidate: CaseKeyCandidate, revocations: RevocationList): SignPublicKey {
  if (candidate.sealer.kind === 'requester') {
    // A requester never seals a staff-only key: one signed by the requester key is refused.
    if (candidate.keyKind === 'staff') throw new WorkerStateError('sealer_not_certified');
    return pinnedRequesterKey(request);
  }
  return certifiedSignKey(candidate.sealer.chain, request.root, candidate.sealer.staffId, checkedAt(candidate.envelope.storedAt), revocations);
}

/** Runs `open` with the key pair that opens a candidate (the person's own, or a desk version's, wiped after). */
function withOpener<T>(self: Held, request: OpenCaseKeyRequest, candidate: CaseKeyCandidate, open: (opener: KeyOpener) => T): T {
  if (candidate.opener.kind === 'self') return open(self.identity);
  // The desk version as it was when the envelope was stored.
  const desk = verifiedDesk(candidate.opener.deskChain, request.root, candidate.opener.deskId, candidate.opener.version, checkedAt(candidate.envelope.storedAt));
  let opened: DeskKeyPair | null = null;
  try {
    opened = openDeskKey(candidate.opener.sealedDeskKey, self.identity, desk);
    return open(opened);
  } finally {
    wipeDesk(opened);
  }
}

/** Opens one case key candidate (of its epoch); throws on any failure. */
function openCaseCandidate(self: Held, request: OpenCaseKeyRequest, candidate: CaseKeyCandidate, revocations: RevocationList): CaseKey {
  const sealerKey = sealerKeyOf(request, candidate, revocations);
  const envelope: CaseKeyEnvelope = parseCaseKeyEnvelope(candidate.envelope);
  return withOpener(self, request, candidate, (opener) => openCaseKeyEnvelope(envelope, request.caseId, opener, sealerKey, candidate.epoch));
}

/**
 * From a case key just opened, every older one through the links, checked at epoch 1 against the
 * request its requester signed (SPEC.md §9.1, §9.4): a key whose links do not lead to this case's
 * request is not used. On any failure every key is wiped and `case_key_unverified` (or
 * `requester_key_changed`) thrown.
 */
function checkedChain(top: CaseKey, epoch: number, request: OpenCaseKeyRequest): { keys: Map<number, CaseKey>; requesterSignPk: SignPublicKey; requester: RequesterPublicKeys } {
  let keys: Map<number, CaseKey>;
  try {
    keys = openCaseKeyChain(top, request.caseId, epoch, request.caseKeyLinks);
  } catch {
    top.fill(0);
    throw new WorkerStateError('case_key_unverified');
  }
  const first = keys.get(1) as CaseKey;
  try {
    const requesterSignPk = checkedCaseKey(first, request.caseId, request);
    // checkCaseKey found the requester's own envelope addressed to this encryption key, and the request signed with this signing key.
    const keysIn = request.requester as { readonly encPk: string; readonly signPk: string };
    return { keys, requesterSignPk, requester: parseRequesterPublicKeys(keysIn.encPk, keysIn.signPk) };
  } catch (error) {
    for (const key of keys.values()) key.fill(0);
    throw error;
  }
}

/** Checks a staff-only key of `epoch` against its binding to that epoch's (checked) case key (SPEC.md §9.2). */
function checkStaffAt(open: OpenCase, request: OpenCaseKeyRequest, key: StaffKey, epoch: number): void {
  const caseKey = open.caseKeys.get(epoch);
  if (!caseKey) throw new WorkerStateError('epoch_key_not_held');
  const binding = request.staffKeys.find((k) => k.epoch === epoch);
  if (!binding) throw new WorkerStateError('staff_key_not_held');
  checkStaffKey(key, request.caseId, epoch, binding.bind, caseKey);
}

/**
 * Opens the staff-only keys the candidates hold, newest epoch first, and the older ones their
 * links reach (SPEC.md §9.4): each only when the case key of its epoch is held and its binding
 * holds exactly that case key (§9.2).
 */
function openStaffKeys(self: Held, request: OpenCaseKeyRequest, open: OpenCase, revocations: RevocationList): { index: number; code: WorkerErrorCode }[] {
  const failures: { index: number; code: WorkerErrorCode }[] = [];
  const ordered = [...request.candidates.entries()].filter(([, c]) => c.keyKind === 'staff').sort(([, a], [, b]) => b.epoch - a.epoch);
  for (const [index, candidate] of ordered) {
    if (open.staffKeys.has(candidate.epoch)) continue;
    let key: StaffKey | null = null;
    try {
      const sealerKey = sealerKeyOf(request, candidate, revocations);
      const envelope = parseStaffKeyEnvelope(candidate.envelope);
      key = withOpener(self, request, candidate, (opener) => {
        if (opener.kind === 'requester') throw new WorkerStateError('sealer_not_certified');
        return openStaffKeyEnvelope(envelope, request.caseId, candidate.epoch, opener, sealerKey);
      });
      checkStaffAt(open, request, key, candidate.epoch);
      open.staffKeys.set(candidate.epoch, key);
      key = null;
      // Down the links while they go, each older key checked against its own epoch's case key.
      for (let e = candidate.epoch; e >= 2 && !open.staffKeys.has(e - 1); e -= 1) {
        const link = request.staffKeys.find((k) => k.epoch === e)?.link;
        if (!link) break;
        const older = openStaffKeyLink(open.staffKeys.get(e) as StaffKey, request.caseId, e, link);
        try {
          checkStaffAt(open, request, older, e - 1);
        } catch (error) {
          older.fill(0);
          throw error;
        }
        open.staffKeys.set(e - 1, older);
      }
    } catch (error) {
      failures.push({ index, code: codeOf(error) });
    } finally {
      key?.fill(0);
    }
  }
  return failures;
}

/** The key a stored record is under, by its kind, key kind and epoch; `null` with a code when it is not held (unreadable, not refused). */
function recordKey(open: OpenCase, record: ReadRecordsRequest['records'][number]): { key: CaseKey | StaffKey; legacy: boolean } | { missing: WorkerErrorCode } {
  if (record.keyKind === 'staff') {
    // Only notes are under a staff-only key; a request or message said to be is the server's lie.
    if (record.kind !== 'note') throw new WorkerStateError('case_unverified');
    const key = open.staffKeys.get(record.epoch);
    return key ? { key, legacy: false } : { missing: 'staff_key_not_held' };
  }
  const key = open.caseKeys.get(record.epoch);
  if (!key) return { missing: 'epoch_key_not_held' };
  return { key, legacy: record.kind === 'note' };
}

/** The key and epoch new content of `kind` goes under: the staff-only key for notes, the case key else; the newest epoch's. */
export function writingKey(caseId: string, kind: 'request' | 'note' | 'message'): { epoch: number; key: CaseKey | StaffKey } {
  if (kind === 'note') {
    const { epoch, staffKey } = needWritableStaffKey(caseId);
    return { epoch, key: staffKey };
  }
  const { epoch, caseKey } = needWritableCase(caseId);
  return { epoch, key: caseKey };
}

/**
 * One inbox case's subject line (see CryptoWorkerApi.openSubjects): the newest case key that opens,
 * down its links to epoch 1, which opens the subject. Every key is wiped before returning.
 */
function openOneSubject(self: Held, root: string, revocations: RevocationList, entries: readonly unknown[] | undefined, item: SubjectToOpen): SubjectReading {
  // What openCaseKey checks a candidate against, without the request (the subject is not signed).
  const request: OpenCaseKeyRequest = {
    root,
    ...(entries ? { revocations: entries } : {}),
    caseId: item.caseId,
    epoch: item.epoch,
    staffKeys: [],
    caseKeyLinks: item.caseKeyLinks,
    pinnedEpoch: item.pinnedEpoch,
    candidates: item.candidates,
    request: null,
    requesterEnvelope: null,
    requester: item.requester,
    pinnedRequesterKid: item.pinnedRequesterKid,
  };
  try {
    pinnedRequesterKey(request);
    if (item.pinnedEpoch !== null && item.epoch < item.pinnedEpoch) throw new WorkerStateError('case_rolled_back');
  } catch (error) {
    return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
  }
  let firstFailure: WorkerErrorCode = 'case_not_open';
  const ordered = item.candidates.filter((c) => c.keyKind === 'case').sort((a, b) => b.epoch - a.epoch);
  for (const candidate of ordered) {
    let keys: Map<number, CaseKey> | null = null;
    try {
      const top = openCaseCandidate(self, request, candidate, revocations);
      try {
        keys = openCaseKeyChain(top, item.caseId, candidate.epoch, item.caseKeyLinks);
      } catch (error) {
        top.fill(0);
        throw error;
      }
      return { caseId: item.caseId, state: 'open', subject: openSubject(keys.get(1) as CaseKey, item.caseId, item.subject) };
    } catch (error) {
      if (firstFailure === 'case_not_open') firstFailure = codeOf(error);
      // A key that opened but does not open the subject is not tried again under another envelope.
      if (keys !== null) return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
    } finally {
      if (keys) for (const key of keys.values()) key.fill(0);
    }
  }
  return { caseId: item.caseId, state: 'failed', code: firstFailure };
}

type CaseOperations = Pick<CryptoWorkerApi, 'openSubjects' | 'openCaseKey' | 'readCaseRecords' | 'readCaseSubject' | 'writeCaseRecord' | 'sealCaseToDesk' | 'createStaffKey' | 'caseKeysHeld' | 'forgetCase'>;

export const caseOperations: CaseOperations = {
  openSubjects: guarded((request: OpenSubjectsRequest): SubjectReading[] => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    return request.cases.map((item) => openOneSubject(self, request.root, revocations, request.revocations, item));
  }),

  openCaseKey: guarded((request: OpenCaseKeyRequest): OpenCaseKeyResult => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    const failures: { index: number; code: WorkerErrorCode }[] = [];
    try {
      // A requester key other than the one this browser pinned, or an older epoch than it saw: no envelope is even tried.
      pinnedRequesterKey(request);
      if (request.pinnedEpoch !== null && request.epoch < request.pinnedEpoch) throw new WorkerStateError('case_rolled_back');
    } catch (error) {
      return { opened: false, failures: [{ index: -1, code: codeOf(error) }] };
    }
    // The newest epoch first: its key reaches every older one.
    const ordered = [...request.candidates.entries()].filter(([, c]) => c.keyKind === 'case').sort(([, a], [, b]) => b.epoch - a.epoch);
    for (const [index, candidate] of ordered) {
      try {
        const key = openCaseCandidate(self, request, candidate, revocations);
        // SPEC.md §9.1, §9.4: not used for anything, held included, until its links lead to the signed request.
        const { keys, requesterSignPk, requester } = checkedChain(key, candidate.epoch, request);
        const open = holdCase(request.caseId, { caseKeys: keys, staffKeys: new Map(), newest: request.epoch, requesterSignPk, requester, tainted: false });
        const staffFailures = openStaffKeys(self, request, open, revocations);
        return { opened: true, index, requesterKid: kidOf(requesterSignPk), caseEpochs: [...open.caseKeys.keys()], staffEpochs: [...open.staffKeys.keys()], staffFailures };
      } catch (error) {
        failures.push({ index, code: codeOf(error) });
      }
    }
    return { opened: false, failures };
  }),

  readCaseRecords: guarded((request: ReadRecordsRequest): RecordReading[] => {
    const open = needCase(request.caseId);
    const revocations = revocationList(request.revocations, request.root);
    const readings = request.records.map((record): RecordReading => {
      try {
        const under = recordKey(open, record);
        if ('missing' in under) return { id: record.id, state: 'unreadable', code: under.missing };
        const authorKey =
          record.author.kind === 'requester'
            ? open.requesterSignPk
            : certifiedSignKey(request.staffChains[record.author.id] ?? [], request.root, record.author.id, checkedAt(record.storedAt), revocations);
        const body = decryptRecord(under.key, { caseId: request.caseId, recordId: record.id, recordKind: record.kind }, record, authorKey);
        return { id: record.id, state: 'verified', body, legacy: under.legacy };
      } catch (error) {
        return { id: record.id, state: 'refused', code: codeOf(error) };
      }
    });
    // A case whose records do not all verify is not written to from here (SPEC.md §9.1).
    open.tainted = readings.some((r) => r.state === 'refused');
    return readings;
  }),

  readCaseSubject: guarded((caseId: string, sealed: string): CaseSubjectReading => {
    // The subject line is sealed at intake under the case key of epoch 1 (SPEC.md §19), which an opened case always reaches.
    const key = needCase(caseId).caseKeys.get(1);
    if (!key) return { state: 'refused', code: 'epoch_key_not_held' };
    try {
      return { state: 'verified', subject: openSubject(key, caseId, sealed) };
    } catch (error) {
      return { state: 'refused', code: codeOf(error) };
    }
  }),

  writeCaseRecord: guarded((caseId: string, recordId: string, kind: 'note' | 'message', body: { readonly text: string }) => {
    const self = needUnlocked();
    // A note goes under the staff-only key, a message under the case key — both of the newest epoch.
    const { epoch, key } = writingKey(caseId, kind);
    const sealed = encryptRecord(key, { caseId, recordId, recordKind: kind }, { text: body.text }, self.identity);
    return { id: recordId, ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string, epoch };
  }),

  createStaffKey: guarded((root: string, caseId: string, desks: readonly DeskToSealTo[], revocationEntries: readonly unknown[], previousExists: boolean): NewStaffKey & { seen: SeenDesks } => {
    const self = needUnlocked();
    const { open, epoch, caseKey } = needWritableCase(caseId);
    // The previous epoch's staff-only key is linked from the new one (SPEC.md §9.4): it must be held.
    const previous = previousExists ? open.staffKeys.get(epoch - 1) : undefined;
    if (previousExists && !previous) throw new WorkerStateError('staff_key_not_held');
    // Every desk's whole history is verified before a key even exists; each newest version is sealed to (SPEC.md §8.2).
    const revocations = revocationList(revocationEntries, root);
    const histories = desks.map((d) => verifiedHistory(d, root, revocations));
    const verified = histories.map((h) => h.current);
    const staffKey = generateStaffKey();
    try {
      const envelopes = verified.map((desk) => {
        const envelope = sealStaffKey(staffKey, caseId, epoch, desk, self.identity);
        return { deskId: desk.deskId, version: desk.version, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature };
      });
      const made: NewStaffKey & { seen: SeenDesks } = {
        epoch,
        seen: Object.fromEntries(histories.map((h) => [h.current.deskId, seenOf(h)])),
        bind: bindStaffKey(staffKey, caseId, epoch, caseKey) as string,
        envelopes,
        ...(previous ? { link: linkStaffKeys(staffKey, caseId, epoch, previous) as string } : {}),
      };
      open.staffKeys.get(epoch)?.fill(0);
      open.staffKeys.set(epoch, staffKey);
      return made;
    } catch (error) {
      staffKey.fill(0);
      throw error;
    }
  }),

  sealCaseToDesk: guarded((root: string, caseId: string, target: DeskToSealTo, revocations: readonly unknown[]) => {
    const self = needUnlocked();
    // The whole history of the desk, its newest version the only one sealed to (SPEC.md §8.2).
    const history = verifiedHistory(target, root, revocationList(revocations, root));
    const desk = history.current;
    const { open, epoch, caseKey } = needWritableCase(caseId);
    const envelope = sealCaseKey(caseKey, caseId, desk, self.identity, epoch);
    const staffKey = open.staffKeys.get(epoch);
    const staff = staffKey ? sealStaffKey(staffKey, caseId, epoch, desk, self.identity) : null;
    return {
      version: desk.version,
      sealedKey: envelope.sealedKey as string,
      sealerKid: envelope.sealerKid as string,
      signature: envelope.signature,
      ...(staff ? { staffEnvelope: { sealedKey: staff.sealedKey as string, sealerKid: staff.sealerKid as string, signature: staff.signature } } : {}),
      seen: seenOf(history),
    };
  }),

  caseKeysHeld: guarded((caseId: string) => {
    const open = openCaseOrNull(caseId);
    return open ? { newest: open.newest, caseEpochs: [...open.caseKeys.keys()], staffEpochs: [...open.staffKeys.keys()] } : null;
  }),

  forgetCase: guarded((caseId: string) => {
    forgetCaseKey(caseId);
  }),
};
