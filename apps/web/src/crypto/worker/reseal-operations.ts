/**
 * Re-sealing after a desk key rotation, in the staff worker: each case key sealed to an older
 * desk version is opened (its envelope checked as of when it was stored), checked against the
 * request its requester signed (SPEC.md §9.1: a key that fails is never sealed again, so a
 * re-seal cannot launder a key the server swapped in) and sealed to the current certified
 * version, a batch at a time; case and desk secrets are wiped as it goes.
 */
import {
  type CaseKey,
  type DeskKeyPair,
  type StaffKey,
  type VerifiedDesk,
  checkStaffKey,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  openStaffKeyEnvelope,
  parseCaseKeyEnvelope,
  parseStaffKeyEnvelope,
  sealCaseKey,
  sealStaffKey,
} from '@ashar/crypto';
import { checkedAt } from '../checked-at';
import { type CryptoWorkerApi, type ResealOutcome, type ResealRequest, type WorkerErrorCode } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { certifiedSignKey, checkedCaseKey, pinnedRequesterKey, verifiedDesk, wipeDesk } from './trust';

export const resealOperations: Pick<CryptoWorkerApi, 'resealCaseKeys'> = {
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
        let staffKey: StaffKey | null = null;
        try {
          const sealerKey = item.sealer.kind === 'requester' ? pinnedRequesterKey(item.evidence) : certifiedSignKey(item.sealer.chain, request.root, item.sealer.staffId, at);
          caseKey = openCaseKeyEnvelope(parseCaseKeyEnvelope(item.envelope), item.caseId, desk, sealerKey);
          const requesterSignPk = checkedCaseKey(caseKey, item.caseId, item.evidence);
          const staff = item.staffKey;
          if (staff) {
            // The staff-only key goes with it, checked against the case key it is bound to (SPEC.md §9.2).
            if (!staff.envelope || !staff.sealer) throw new WorkerStateError('staff_key_not_held');
            const staffAt = checkedAt(staff.envelope.storedAt);
            const staffDesk = sourceFor(staff.version, staffAt);
            if (typeof staffDesk === 'string') throw new WorkerStateError(staffDesk === 'desk_key_not_held' ? 'desk_key_not_held' : 'staff_key_not_held');
            const staffSealer = certifiedSignKey(staff.sealer.chain, request.root, staff.sealer.staffId, staffAt);
            staffKey = openStaffKeyEnvelope(parseStaffKeyEnvelope(staff.envelope), item.caseId, staff.epoch, staffDesk, staffSealer);
            checkStaffKey(staffKey, item.caseId, staff.epoch, staff.bind, caseKey);
          }
          const envelope = sealCaseKey(caseKey, item.caseId, target, self.identity);
          const staffEnvelope = staffKey && staff ? sealStaffKey(staffKey, item.caseId, staff.epoch, target, self.identity) : null;
          return {
            caseId: item.caseId,
            state: 'sealed',
            envelope: { sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature },
            ...(staffEnvelope ? { staffEnvelope: { sealedKey: staffEnvelope.sealedKey as string, sealerKid: staffEnvelope.sealerKid as string, signature: staffEnvelope.signature } } : {}),
            requesterKid: kidOf(requesterSignPk),
          };
        } catch (error) {
          return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
        } finally {
          caseKey?.fill(0);
          staffKey?.fill(0);
        }
      });
    } finally {
      for (const desk of opened.values()) if (typeof desk !== 'string') wipeDesk(desk);
    }
  }),
};
