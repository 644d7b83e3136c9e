/**
 * A desk lead's key work in the staff worker: a new desk key version made here, sealed to the
 * lead's own verified identity and linked from the newest version of the desk's verified history
 * that the lead holds (libs/crypto SPEC.md §8.2); the newest verified version sealed to a member
 * whose chain verifies and is not revoked; and a member's own copy opened to check it. The desk's
 * secret and signing keys are wiped after each operation.
 */
import {
  type DeskKeyPair,
  type VerifiedDeskHistory,
  CryptoError,
  RevokedError,
  UntrustedHistoryError,
  assertNotRevoked,
  deskVersionKeys,
  generateDeskKeyPair,
  kidFingerprint,
  kidOf,
  openDeskKey,
  sealDeskKey,
  seenOf,
  signDeskLink,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type SeenDesk } from '../requester-worker-api';
import { type CryptoWorkerApi, type DeskEnvelopeRequest, type NewDeskKey, type NewDeskKeyRequest, type OpenedDeskKey } from '../worker-api';
import { WorkerStateError, guarded } from '../worker-guard';
import { type Held, needUnlocked } from './key-state';
import { ownVerifiedPerson, revocationList, rootKey, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

type DeskKeyOperations = Pick<CryptoWorkerApi, 'createDeskKey' | 'sealDeskKeyForMember' | 'openDeskKey'>;

type Predecessor = { desk: DeskKeyPair; history: VerifiedDeskHistory } | { reason: NonNullable<NewDeskKey['unlinkedBecause']> };

/**
 * The version a new one links from: the newest of the verified history, opened from the lead's
 * own copy. A history the lead saw newer before (rollback, fork) stops everything; one that does
 * not verify, a revoked or legacy newest version, or one the lead does not hold gives a version
 * without a link, which only a second admin's approval publishes.
 */
function predecessorOf(self: Held, request: NewDeskKeyRequest): Predecessor {
  if (request.desk.history.length === 0) return { reason: 'first' };
  let history: VerifiedDeskHistory;
  try {
    history = verifiedHistory(request.desk, request.root, revocationList(request.revocations, request.root));
  } catch (error) {
    if (error instanceof UntrustedHistoryError && (error.reason === 'rollback' || error.reason === 'fork')) throw error;
    if (error instanceof RevokedError) return { reason: 'revoked' };
    if (error instanceof CryptoError) return { reason: 'untrusted' };
    throw error;
  }
  if (history.current.signPk === null) return { reason: 'legacy' };
  const own = request.own.find((o) => o.version === history.current.version);
  if (!own) return { reason: 'not-held' };
  try {
    return { desk: openDeskKey(own.sealedKey, self.identity, history.current), history };
  } catch (error) {
    if (error instanceof CryptoError) return { reason: 'not-held' };
    throw error;
  }
}

export const deskKeyOperations: DeskKeyOperations = {
  createDeskKey: guarded((request: NewDeskKeyRequest): NewDeskKey => {
    const self = needUnlocked();
    const me = ownVerifiedPerson(self, request.ownChain, request.root, ['staff', 'admin'], 'not_certified');
    const predecessor = predecessorOf(self, request);
    const desk = generateDeskKeyPair(request.deskId, request.version);
    try {
      const sealedKey = sealDeskKey(desk, me);
      const keys = deskVersionKeys(desk);
      const linked = 'desk' in predecessor && predecessor.desk.version < desk.version;
      return {
        deskId: desk.deskId,
        version: desk.version,
        encPk: keys.encPk,
        signPk: keys.signPk,
        fingerprint: kidFingerprint(kidOf(desk.encPk)),
        sealedKey,
        link: linked ? signDeskLink(predecessor.desk, keys) : null,
        linkedFrom: linked ? predecessor.desk.version : null,
        unlinkedBecause: 'reason' in predecessor ? predecessor.reason : linked ? null : 'untrusted',
      };
    } finally {
      wipeDesk(desk);
      if ('desk' in predecessor) wipeDesk(predecessor.desk);
    }
  }),

  sealDeskKeyForMember: guarded((request: DeskEnvelopeRequest): { sealedKey: string; seen: SeenDesk } => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    const history = verifiedHistory(request.desk, request.root, revocations);
    const desk = history.current;
    if (desk.deskId !== request.deskId || desk.version !== request.version) throw new WorkerStateError('wrong_desk');
    // Before the desk key is even opened: the member must chain to the root, as themselves, unrevoked.
    if (request.memberChain.length === 0) throw new WorkerStateError('member_not_certified');
    const member = verifyCertificateChain(request.memberChain, rootKey(request.root), new Date());
    if ((member.kind !== 'staff' && member.kind !== 'admin') || member.subjectId !== request.memberId) throw new WorkerStateError('member_not_certified');
    try {
      assertNotRevoked(revocations, 'staff', member.subjectId, member.signKid);
    } catch (error) {
      if (error instanceof RevokedError) throw new WorkerStateError('member_revoked');
      throw error;
    }
    let opened: DeskKeyPair | null = null;
    try {
      opened = openDeskKey(request.ownSealedKey, self.identity, desk);
      return { sealedKey: sealDeskKey(opened, member), seen: seenOf(history) };
    } finally {
      wipeDesk(opened);
    }
  }),

  openDeskKey: guarded((sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): OpenedDeskKey => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const opened = openDeskKey(sealedKey, self.identity, desk);
    wipeDesk(opened);
    return { deskId: desk.deskId, version: desk.version, fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
  }),
};
