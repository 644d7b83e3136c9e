/**
 * A case in the staff worker: its key opened from the first envelope that verifies (the desk
 * key or a direct envelope, the sealer's signature checked as of when it was stored) and held
 * until the case screen is left, its records read and written under it, and the case key
 * sealed to another desk on a referral.
 */
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type RevocationList,
  decryptRecord,
  encryptRecord,
  openCaseKeyEnvelope,
  openDeskKey,
  parseCaseKeyEnvelope,
  sealCaseKey,
  seenOf,
} from '@ashar/crypto';
import { type DeskToSealTo } from '../requester-worker-api';
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
import { type Held, forgetCaseKey, holdCaseKey, needCaseKey, needUnlocked } from './key-state';
import { certifiedSignKey, requesterSignKey, revocationList, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

/** Opens one candidate envelope; throws on any failure. The desk secret key is wiped before returning. */
function openCandidate(self: Held, request: OpenCaseKeyRequest, candidate: CaseKeyCandidate, revocations: RevocationList): CaseKey {
  // The sealer and the desk version as they were when the envelope was stored.
  const at = checkedAt(candidate.envelope.storedAt);
  const sealerKey = candidate.sealer.kind === 'requester' ? requesterSignKey(request.requester) : certifiedSignKey(candidate.sealer.chain, request.root, candidate.sealer.staffId, at, revocations);
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
    const revocations = revocationList(request.revocations, request.root);
    const failures: { index: number; code: WorkerErrorCode }[] = [];
    for (const [index, candidate] of request.candidates.entries()) {
      try {
        holdCaseKey(request.caseId, openCandidate(self, request, candidate, revocations));
        return { opened: true, index };
      } catch (error) {
        failures.push({ index, code: codeOf(error) });
      }
    }
    return { opened: false, failures };
  }),

  readCaseRecords: guarded((request: ReadRecordsRequest): RecordReading[] => {
    const caseKey = needCaseKey(request.caseId);
    const revocations = revocationList(request.revocations, request.root);
    return request.records.map((record): RecordReading => {
      try {
        const authorKey =
          record.author.kind === 'requester'
            ? requesterSignKey(request.requester)
            : certifiedSignKey(request.staffChains[record.author.id] ?? [], request.root, record.author.id, checkedAt(record.storedAt), revocations);
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

  sealCaseToDesk: guarded((root: string, caseId: string, target: DeskToSealTo, revocations: readonly unknown[]) => {
    const self = needUnlocked();
    // The whole history of the desk, its newest version the only one sealed to (SPEC.md §8.2).
    const history = verifiedHistory(target, root, revocationList(revocations, root));
    const desk = history.current;
    const envelope = sealCaseKey(needCaseKey(caseId), caseId, desk, self.identity);
    return { version: desk.version, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature, seen: seenOf(history) };
  }),

  forgetCase: guarded((caseId: string) => {
    forgetCaseKey(caseId);
  }),
};
