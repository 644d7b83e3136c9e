/**
 * A case in the staff worker: its key opened from the first envelope that verifies (the desk
 * key or a direct envelope, the sealer's signature checked as of when it was stored) and then
 * checked against the request its requester signed (SPEC.md §9.1) before it is held for the
 * case screen; its records read under it (a record that fails verification stops writing), new
 * records written under it, and the case key sealed to another desk on a referral.
 */
import { type CaseKey, type CaseKeyEnvelope, type DeskKeyPair, decryptRecord, encryptRecord, kidOf, openCaseKeyEnvelope, openDeskKey, parseCaseKeyEnvelope, sealCaseKey } from '@ashar/crypto';
import { checkedAt } from '../checked-at';
import {
  type CaseKeyCandidate,
  type CryptoWorkerApi,
  type OpenCaseKeyRequest,
  type OpenCaseKeyResult,
  type ReadRecordsRequest,
  type RecordReading,
  type WorkerErrorCode,
} from '../worker-api';
import { codeOf, guarded } from '../worker-guard';
import { type Held, forgetCaseKey, holdCaseKey, needCase, needUnlocked, needWritableCaseKey } from './key-state';
import { certifiedSignKey, checkedCaseKey, pinnedRequesterKey, verifiedDesk, wipeDesk } from './trust';

/** Opens one candidate envelope; throws on any failure. The desk secret key is wiped before returning. */
function openCandidate(self: Held, request: OpenCaseKeyRequest, candidate: CaseKeyCandidate): CaseKey {
  // The sealer and the desk version as they were when the envelope was stored.
  const at = checkedAt(candidate.envelope.storedAt);
  const sealerKey = candidate.sealer.kind === 'requester' ? pinnedRequesterKey(request) : certifiedSignKey(candidate.sealer.chain, request.root, candidate.sealer.staffId, at);
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

type CaseOperations = Pick<CryptoWorkerApi, 'openCaseKey' | 'readCaseRecords' | 'writeCaseRecord' | 'sealCaseToDesk' | 'forgetCase'>;

export const caseOperations: CaseOperations = {
  openCaseKey: guarded((request: OpenCaseKeyRequest): OpenCaseKeyResult => {
    const self = needUnlocked();
    const failures: { index: number; code: WorkerErrorCode }[] = [];
    try {
      // A requester key other than the one this browser pinned: no envelope is even tried.
      pinnedRequesterKey(request);
    } catch (error) {
      return { opened: false, failures: [{ index: -1, code: codeOf(error) }] };
    }
    for (const [index, candidate] of request.candidates.entries()) {
      try {
        const key = openCandidate(self, request, candidate);
        // SPEC.md §9.1: not used for anything, held included, until it opens the signed request.
        const requesterSignPk = checkedCaseKey(key, request.caseId, request);
        holdCaseKey(request.caseId, key, requesterSignPk);
        return { opened: true, index, requesterKid: kidOf(requesterSignPk) };
      } catch (error) {
        failures.push({ index, code: codeOf(error) });
      }
    }
    return { opened: false, failures };
  }),

  readCaseRecords: guarded((request: ReadRecordsRequest): RecordReading[] => {
    const open = needCase(request.caseId);
    const readings = request.records.map((record): RecordReading => {
      try {
        const authorKey =
          record.author.kind === 'requester' ? open.requesterSignPk : certifiedSignKey(request.staffChains[record.author.id] ?? [], request.root, record.author.id, checkedAt(record.storedAt));
        const body = decryptRecord(open.key, { caseId: request.caseId, recordId: record.id, recordKind: record.kind }, record, authorKey);
        return { id: record.id, state: 'verified', body };
      } catch (error) {
        return { id: record.id, state: 'refused', code: codeOf(error) };
      }
    });
    // A case whose records do not all verify is not written to from here (SPEC.md §9.1).
    open.tainted = readings.some((r) => r.state === 'refused');
    return readings;
  }),

  writeCaseRecord: guarded((caseId: string, recordId: string, kind: 'note' | 'message', body: { readonly text: string }) => {
    const self = needUnlocked();
    const sealed = encryptRecord(needWritableCaseKey(caseId), { caseId, recordId, recordKind: kind }, { text: body.text }, self.identity);
    return { id: recordId, ciphertext: sealed.ciphertext as string, authorKid: sealed.authorKid as string };
  }),

  sealCaseToDesk: guarded((root: string, caseId: string, deskId: string, deskChain: readonly unknown[]) => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const envelope = sealCaseKey(needWritableCaseKey(caseId), caseId, desk, self.identity);
    return { version: desk.version, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature };
  }),

  forgetCase: guarded((caseId: string) => {
    forgetCaseKey(caseId);
  }),
};
