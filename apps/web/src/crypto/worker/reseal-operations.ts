/**
 * Re-sealing after a desk key rotation, in the staff worker: each case key sealed to an older
 * desk version is opened (its envelope checked as of when it was stored), checked against the
 * request its requester signed (SPEC.md §9.1: a key that fails is never sealed again, so a
 * re-seal cannot launder a key the server swapped in) and sealed to the current certified
 * version, a batch at a time; case and desk secrets are wiped as it goes.
 */
import { type CaseKey, type DeskKeyPair, type VerifiedDesk, kidOf, openCaseKeyEnvelope, openDeskKey, parseCaseKeyEnvelope, sealCaseKey } from '@ashar/crypto';
import { checkedAt } from '../checked-at';
import { type CryptoWorkerApi, type ResealOutcome, type ResealRequest, type WorkerErrorCode } from '../worker-api';
import { codeOf, guarded } from '../worker-guard';
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
        try {
          const sealerKey = item.sealer.kind === 'requester' ? pinnedRequesterKey(item.evidence) : certifiedSignKey(item.sealer.chain, request.root, item.sealer.staffId, at);
          caseKey = openCaseKeyEnvelope(parseCaseKeyEnvelope(item.envelope), item.caseId, desk, sealerKey);
          const requesterSignPk = checkedCaseKey(caseKey, item.caseId, item.evidence);
          const envelope = sealCaseKey(caseKey, item.caseId, target, self.identity);
          return {
            caseId: item.caseId,
            state: 'sealed',
            envelope: { sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature },
            requesterKid: kidOf(requesterSignPk),
          };
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
};
