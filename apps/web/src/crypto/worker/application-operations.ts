/**
 * An application to a call in the staff worker (docs/calls.md "Applications"): a programme
 * manager opens the latest version with a programme-desk key version they hold. The applicant's
 * own envelope must bind their encryption key to the key that signs (as SPEC.md §9.1 does for a
 * case); each candidate's desk version is verified to the root as of when its envelope was
 * stored, the desk key opened from the person's sealed copy, the application key from the
 * envelope the applicant signed, and the record decrypted and its signature checked with the
 * applicant's key; the record must name the version and call asked for. Nothing is held: the
 * application key and the desk key are wiped before the answer leaves.
 */
import { type CaseKey, type DeskKeyPair, CryptoError, decryptSigned, kidOf, openCaseKeyEnvelope, openDeskKey, parseCaseKeyEnvelope, parseEncPublicKey, parseSignPublicKey, verifyCaseKeyEnvelope } from '@ashar/crypto';
import { applicationContentOf } from '../application-body';
import { checkedAt } from '../checked-at';
import { type CryptoWorkerApi, type OpenApplicationRequest, type OpenApplicationResult, type WorkerErrorCode } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { verifiedDesk, wipeDesk } from './trust';

function openOne(request: OpenApplicationRequest, candidate: OpenApplicationRequest['candidates'][number]): OpenApplicationResult {
  const self = needUnlocked();
  const signPk = parseSignPublicKey(request.applicant.signPk);
  const desk = verifiedDesk(candidate.deskChain, request.root, candidate.deskId, candidate.version, checkedAt(candidate.envelope.storedAt));
  let deskKey: DeskKeyPair | null = null;
  let key: CaseKey | null = null;
  try {
    deskKey = openDeskKey(candidate.sealedDeskKey, self.identity, desk);
    key = openCaseKeyEnvelope(parseCaseKeyEnvelope(candidate.envelope), request.applicationId, deskKey, signPk);
    const body = decryptSigned(key, { purpose: 'application', applicationId: request.applicationId }, request.latest, signPk);
    const content = applicationContentOf(body, request.latest.version, request.callId);
    if (!content) throw new WorkerStateError('case_unverified');
    return { opened: true, version: request.latest.version, content };
  } finally {
    key?.fill(0);
    wipeDesk(deskKey);
  }
}

export const applicationOperations: Pick<CryptoWorkerApi, 'openProgrammeApplication'> = {
  openProgrammeApplication: guarded((request: OpenApplicationRequest): OpenApplicationResult => {
    needUnlocked();
    // The applicant's own envelope, signed by the key that signed the record, names their encryption key (SPEC.md §9.1).
    try {
      const signPk = parseSignPublicKey(request.applicant.signPk);
      if (verifyCaseKeyEnvelope(request.applicantEnvelope, request.applicationId, signPk) !== kidOf(parseEncPublicKey(request.applicant.encPk))) {
        return { opened: false, code: 'case_unverified' };
      }
    } catch (error) {
      if (error instanceof CryptoError) return { opened: false, code: 'case_unverified' };
      throw error;
    }
    if (request.candidates.length === 0) return { opened: false, code: 'desk_key_not_held' };
    let code: WorkerErrorCode = 'desk_key_not_held';
    for (const candidate of request.candidates) {
      try {
        return openOne(request, candidate);
      } catch (error) {
        // The next candidate may open; the first failure's code is the one told.
        if (code === 'desk_key_not_held') code = codeOf(error);
      }
    }
    return { opened: false, code };
  }),
};
