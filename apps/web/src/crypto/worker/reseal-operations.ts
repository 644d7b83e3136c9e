/**
 * Re-sealing after a desk key rotation, in the staff worker: each case key sealed to an older
 * desk version is opened (its envelope checked as of when it was stored) and sealed to the
 * newest version of the desk's verified history, a batch at a time; case and desk secrets are
 * wiped as it goes.
 */
import { type CaseKey, type DeskKeyPair, type VerifiedDesk, openCaseKeyEnvelope, openDeskKey, parseCaseKeyEnvelope, parseSignPublicKey, sealCaseKey, seenOf } from '@ashar/crypto';
import { type SeenDesk } from '../requester-worker-api';
import { checkedAt } from '../checked-at';
import { type CryptoWorkerApi, type ResealOutcome, type ResealRequest, type WorkerErrorCode } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { certifiedSignKey, revocationList, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

export const resealOperations: Pick<CryptoWorkerApi, 'resealCaseKeys'> = {
  resealCaseKeys: guarded((request: ResealRequest): { outcomes: ResealOutcome[]; seen: SeenDesk } => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    // The target is the newest version of the desk's verified history (SPEC.md §8.2), and the one the page means.
    const history = verifiedHistory(request.target, request.root, revocations);
    const target = history.current;
    if (target.deskId !== request.deskId || target.version !== request.version) throw new WorkerStateError('wrong_desk');
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
      const outcomes = request.cases.map((item): ResealOutcome => {
        const at = checkedAt(item.envelope.storedAt);
        const desk = sourceFor(item.version, at);
        if (typeof desk === 'string') return { caseId: item.caseId, state: 'failed', code: desk };
        let caseKey: CaseKey | null = null;
        try {
          const sealerKey = item.sealer.kind === 'requester' ? parseSignPublicKey(item.sealer.signPk) : certifiedSignKey(item.sealer.chain, request.root, item.sealer.staffId, at, revocations);
          caseKey = openCaseKeyEnvelope(parseCaseKeyEnvelope(item.envelope), item.caseId, desk, sealerKey);
          const envelope = sealCaseKey(caseKey, item.caseId, target, self.identity);
          return { caseId: item.caseId, state: 'sealed', envelope: { sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, signature: envelope.signature } };
        } catch (error) {
          return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
        } finally {
          caseKey?.fill(0);
        }
      });
      return { outcomes, seen: seenOf(history) };
    } finally {
      for (const desk of opened.values()) if (typeof desk !== 'string') wipeDesk(desk);
    }
  }),
};
