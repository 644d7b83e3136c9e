/**
 * Re-sealing after a desk key rotation, in the staff worker (SPEC.md §9.4): each open case's
 * newest case key, sealed to an older desk version, is opened (its envelope checked as of when it
 * was stored), walked down its links to epoch 1 and checked against the request its requester
 * signed (§9.1: a key that fails is never sealed again, so a re-seal cannot launder a key the
 * server swapped in), its staff-only key opened and checked (§9.2); then the case gets its next
 * epoch — a new case key and staff-only key, linked to these, sealed to the newest version of the
 * desk's verified key history (§8.2, revocations and the lead's rollback memory included) and of
 * every other holding desk's and (the case key) to the requester. A member removed
 * before the rotation holds no version these are sealed to. Secrets are wiped as it goes.
 */
import {
  type CaseKey,
  type DeskKeyPair,
  type StaffKey,
  type VerifiedDesk,
  bindStaffKey,
  checkStaffKey,
  generateCaseKey,
  generateStaffKey,
  kidOf,
  linkCaseKeys,
  linkStaffKeys,
  openCaseKeyChain,
  openCaseKeyEnvelope,
  openDeskKey,
  openStaffKeyEnvelope,
  parseCaseKeyEnvelope,
  parseRequesterPublicKeys,
  parseStaffKeyEnvelope,
  sealCaseKey,
  sealStaffKey,
  seenOf,
} from '@ashar/crypto';
import { type SeenDesks } from '../requester-worker-api';
import { checkedAt } from '../checked-at';
import { type CryptoWorkerApi, type NewEpochEnvelope, type ResealOutcome, type ResealRequest, type StoredDeskEnvelopeIn } from '../worker-api';
import { WorkerStateError, codeOf, guarded } from '../worker-guard';
import { needUnlocked } from './key-state';
import { certifiedSignKey, checkedCaseKey, pinnedRequesterKey, revocationList, verifiedDesk, verifiedHistory, wipeDesk } from './trust';

export const resealOperations: Pick<CryptoWorkerApi, 'resealCaseKeys'> = {
  resealCaseKeys: guarded((request: ResealRequest): { outcomes: ResealOutcome[]; seen: SeenDesks } => {
    const self = needUnlocked();
    const revocations = revocationList(request.revocations, request.root);
    // The target is the newest version of the desk's verified history (SPEC.md §8.2), and the one the page means.
    const history = verifiedHistory(request.target, request.root, revocations);
    const target = history.current;
    if (target.deskId !== request.deskId || target.version !== request.version) throw new WorkerStateError('wrong_desk');
    // Every other holding desk's whole history, verified now (it is sealed to now, at its newest
    // version, as a referral is); a desk whose history does not verify fails its cases.
    const seen: Record<string, ReturnType<typeof seenOf>> = { [target.deskId]: seenOf(history) };
    const holders = new Map<string, VerifiedDesk | { readonly failed: unknown }>([[target.deskId, target]]);
    for (const desk of request.desks) {
      if (holders.has(desk.deskId)) continue;
      try {
        const verified = verifiedHistory(desk, request.root, revocations);
        holders.set(desk.deskId, verified.current);
        seen[desk.deskId] = seenOf(verified);
      } catch (error) {
        holders.set(desk.deskId, { failed: error });
      }
    }
    // Each older version is opened once for the batch, against its own certificate; every envelope
    // sealed to it is checked against that certificate as it was when the envelope was stored.
    const opened = new Map<number, DeskKeyPair | { readonly failed: unknown }>();
    const sourceFor = (version: number, at: Date): DeskKeyPair => {
      const source = request.sources.find((s) => s.version === version);
      if (!source) throw new WorkerStateError('desk_key_not_held');
      const desk = verifiedDesk(source.chain, request.root, request.deskId, version, at);
      let pair = opened.get(version);
      if (pair === undefined) {
        try {
          pair = openDeskKey(source.ownSealedKey, self.identity, desk);
        } catch (error) {
          pair = { failed: error };
        }
        opened.set(version, pair);
      }
      // The lead's copy of this version did not open: every case sealed to it fails the same way.
      if ('failed' in pair) throw pair.failed;
      return pair;
    };
    const sealerOf = (envelope: StoredDeskEnvelopeIn, item: ResealRequest['cases'][number], at: Date) =>
      envelope.sealer.kind === 'requester' ? pinnedRequesterKey(item.evidence) : certifiedSignKey(envelope.sealer.chain, request.root, envelope.sealer.staffId, at, revocations);

    try {
      const outcomes = request.cases.map((item): ResealOutcome => {
        const secrets: Uint8Array[] = [];
        try {
          // The newest case key, as this desk's older version holds it.
          const at = checkedAt(item.envelope.storedAt);
          const top = openCaseKeyEnvelope(parseCaseKeyEnvelope(item.envelope), item.caseId, sourceFor(item.envelope.version, at), sealerOf(item.envelope, item, at), item.epoch);
          secrets.push(top);
          let chain: Map<number, CaseKey>;
          try {
            chain = openCaseKeyChain(top, item.caseId, item.epoch, item.caseKeyLinks);
          } catch {
            throw new WorkerStateError('case_key_unverified');
          }
          secrets.push(...[...chain.entries()].filter(([e]) => e !== item.epoch).map(([, key]) => key));
          // SPEC.md §9.1 at epoch 1: the chain leads to this case's request, or nothing is sealed.
          const requesterSignPk = checkedCaseKey(chain.get(1) as CaseKey, item.caseId, item.evidence);
          let staffKey: StaffKey | null = null;
          if (item.staffKey) {
            const staff = item.staffKey.envelope;
            if (!staff || staff.sealer.kind !== 'staff') throw new WorkerStateError('staff_key_not_held');
            const staffAt = checkedAt(staff.storedAt);
            staffKey = openStaffKeyEnvelope(parseStaffKeyEnvelope(staff), item.caseId, item.epoch, sourceFor(staff.version, staffAt), sealerOf(staff, item, staffAt));
            secrets.push(staffKey);
            checkStaffKey(staffKey, item.caseId, item.epoch, item.staffKey.bind, top);
          }

          // The next epoch.
          const epoch = item.epoch + 1;
          const caseKey = generateCaseKey();
          const newStaffKey = generateStaffKey();
          secrets.push(caseKey, newStaffKey);
          const envelopes: NewEpochEnvelope[] = [];
          for (const deskId of item.holdingDeskIds) {
            const desk = holders.get(deskId);
            // A holding desk whose current version does not verify: the case is not re-sealed (its members would lose it).
            if (desk === undefined) throw new WorkerStateError('wrong_desk');
            if ('failed' in desk) throw desk.failed;
            const recipient = { kind: 'desk' as const, deskId, version: desk.version };
            const sealedCase = sealCaseKey(caseKey, item.caseId, desk, self.identity, epoch);
            const sealedStaff = sealStaffKey(newStaffKey, item.caseId, epoch, desk, self.identity);
            envelopes.push({ keyKind: 'case', recipient, sealedKey: sealedCase.sealedKey as string, sealerKid: sealedCase.sealerKid as string, signature: sealedCase.signature });
            envelopes.push({ keyKind: 'staff', recipient, sealedKey: sealedStaff.sealedKey as string, sealerKid: sealedStaff.sealerKid as string, signature: sealedStaff.signature });
          }
          if (item.evidence.requester) {
            // The requester keys passed §9.1 above: the encryption key is the one the requester's own envelope names.
            const requester = parseRequesterPublicKeys(item.evidence.requester.encPk, item.evidence.requester.signPk);
            const sealed = sealCaseKey(caseKey, item.caseId, requester, self.identity, epoch);
            envelopes.push({ keyKind: 'case', recipient: { kind: 'requester' }, sealedKey: sealed.sealedKey as string, sealerKid: sealed.sealerKid as string, signature: sealed.signature });
          }
          return {
            caseId: item.caseId,
            state: 'sealed',
            epoch,
            caseKeyLink: linkCaseKeys(caseKey, item.caseId, epoch, top) as string,
            staffKey: {
              bind: bindStaffKey(newStaffKey, item.caseId, epoch, caseKey) as string,
              ...(staffKey ? { link: linkStaffKeys(newStaffKey, item.caseId, epoch, staffKey) as string } : {}),
            },
            envelopes,
            requesterKid: kidOf(requesterSignPk),
          };
        } catch (error) {
          return { caseId: item.caseId, state: 'failed', code: codeOf(error) };
        } finally {
          for (const secret of secrets) secret.fill(0);
        }
      });
      return { outcomes, seen };
    } finally {
      for (const desk of opened.values()) if (!('failed' in desk)) wipeDesk(desk);
    }
  }),
};
