/**
 * The staff worker's certificates: a person's or a desk version's chain checked against the
 * built-in root, and an admin certifying a staff member's keys or a desk key version with
 * their own verified identity.
 */
import {
  CryptoError,
  deskSubjectId,
  encodePublicKey,
  issueCertificate,
  issueRevocation,
  kidFingerprint,
  kidOf,
  parseEncPublicKey,
  parseSignPublicKey,
  signDeskApproval,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type CertificationStatus, type CryptoWorkerApi, type DeskCertificateStatus, type RevocationTarget } from '../worker-api';
import { WorkerStateError, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { oneYearFromNow, ownVerifiedPerson, rootKey, verifiedDesk } from './trust';

type CertificateOperations = Pick<CryptoWorkerApi, 'certificationStatus' | 'certifyStaff' | 'deskCertificateStatus' | 'certifyDeskKey' | 'approveDeskKey' | 'signRevocation'>;

export const certificateOperations: CertificateOperations = {
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

  certifyDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number, keys: { readonly encPk: string; readonly signPk: string }) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    return issueCertificate(self.identity, {
      kind: 'desk',
      subjectId: deskSubjectId(deskId, version),
      encPk: parseEncPublicKey(keys.encPk),
      signPk: parseSignPublicKey(keys.signPk),
      notAfter: oneYearFromNow(),
    });
  }),

  approveDeskKey: guarded((ownChain: readonly unknown[], root: string, deskId: string, version: number, keys: { readonly encPk: string; readonly signPk: string }) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    // The keys must be keys: what is signed is exactly what clients will check.
    parseEncPublicKey(keys.encPk);
    if (keys.signPk !== '') parseSignPublicKey(keys.signPk);
    return signDeskApproval(self.identity, { deskId, version, encPk: keys.encPk, signPk: keys.signPk });
  }),

  signRevocation: guarded((ownChain: readonly unknown[], root: string, target: RevocationTarget) => {
    const self = needUnlocked();
    ownVerifiedPerson(self, ownChain, root, ['admin'], 'not_admin');
    const subject =
      target.kind === 'staff'
        ? { kind: 'staff' as const, subjectId: target.staffId, kid: kidOf(parseSignPublicKey(target.signPk)) }
        : { kind: 'desk' as const, subjectId: deskSubjectId(target.deskId, target.version), kid: kidOf(parseEncPublicKey(target.encPk)) };
    return issueRevocation(self.identity, { ...subject, revokedAt: new Date() });
  }),
};
