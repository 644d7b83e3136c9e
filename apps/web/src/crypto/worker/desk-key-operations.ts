/**
 * A desk lead's key work in the staff worker: a new desk key version made here and sealed to
 * the lead's own verified identity, a version sealed to a member whose chain verifies, and the
 * lead's own copy opened to check it. The desk's secret key is wiped after each operation.
 */
import { type DeskKeyPair, encodePublicKey, generateDeskKeyPair, kidFingerprint, kidOf, openDeskKey, sealDeskKey, verifyCertificateChain } from '@ashar/crypto';
import { type CryptoWorkerApi, type DeskEnvelopeRequest, type NewDeskKey, type OpenedDeskKey } from '../worker-api';
import { WorkerStateError, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { ownVerifiedPerson, rootKey, verifiedDesk, wipeDesk } from './trust';

type DeskKeyOperations = Pick<CryptoWorkerApi, 'createDeskKey' | 'sealDeskKeyForMember' | 'openDeskKey'>;

export const deskKeyOperations: DeskKeyOperations = {
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

  openDeskKey: guarded((sealedKey: string, deskChain: readonly unknown[], root: string, deskId: string): OpenedDeskKey => {
    const self = needUnlocked();
    const desk = verifiedDesk(deskChain, root, deskId);
    const opened = openDeskKey(sealedKey, self.identity, desk);
    wipeDesk(opened);
    return { deskId: desk.deskId, version: desk.version, fingerprint: kidFingerprint(desk.encKid), notAfter: desk.notAfter };
  }),
};
