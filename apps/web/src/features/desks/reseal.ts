/**
 * Re-sealing a desk's open cases after a rotation (docs/cases-api.md, "Re-sealing after a desk key
 * rotation"; libs/crypto SPEC.md §9.4). Page by page, the api lists the open cases whose newest
 * key epoch is sealed only to older versions of the desk key; the lead's crypto worker opens the
 * lead's own copies of those versions against their certificates, opens and checks each case's
 * keys, and gives the case its next epoch — new keys linked to the old ones, sealed to every desk
 * holding the case at the newest version of its verified key history (SPEC.md §8.2) and to the requester, signed by the lead; the
 * new epochs go back in one batch per page. Cases re-sealed drop out of the list, so running it
 * again continues with what is left. Whoever left the desk before the rotation holds none of the
 * new keys.
 */
import { ct } from '../../ui/console-t';
import { RESEAL_BATCH_MAX, type ResealItem } from '@ashar/domain';
import { type DeskKeyVersion, casesToReseal, myDeskEnvelopes, resealCases } from '../../api/desks';
import { keyRevocations } from '../../api/identity';
import { casePin, pinCase } from '../../crypto/case-pins';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { type ResealOutcome, type ResealRequest, type StoredDeskEnvelopeIn, type WorkerErrorCode } from '../../crypto/worker-api';
import { createStaffDirectory } from '../identity';
import { Refusal } from '../../data/refusal';

export interface ResealProgress {
  /** Cases to re-seal when the run started (or more, if more were found on the way). */
  readonly total: number;
  /** Cases that now have an envelope for the current version. */
  readonly done: number;
  /** Cases that could not be re-sealed in this run. */
  readonly failed: number;
  /** Batches sent so far. */
  readonly batches: number;
}

export interface ResealSummary extends ResealProgress {
  /** Why cases failed, in words, with how many cases each. */
  readonly reasons: readonly { readonly reason: string; readonly cases: number }[];
}

export interface ResealOptions {
  readonly root: string;
  readonly deskId: string;
  /** The signed-in lead: whose rollback memory of the desks' histories is checked and kept, and whose case pins (case-pins.ts) are checked and raised. */
  readonly me: string;
  /** The current version the page shows: the worker seals only if it is the newest of the desk's verified history. */
  readonly target: { readonly version: number };
  /** The desk's key list (GET /desks/:id/keys): the chains of the older versions. */
  readonly keys: readonly DeskKeyVersion[];
  /** Called before each batch is sent: the batch route needs a fresh step-up. */
  readonly beforeBatch: () => Promise<void>;
  readonly onProgress: (progress: ResealProgress) => void;
}

/** Re-seals every open case the api lists, in batches; throws (with the progress so far in `onProgress`) when the api or the worker fails as a whole. */
export async function resealOpenCases(options: ResealOptions): Promise<ResealSummary> {
  const { root, deskId, target } = options;
  const chains = new Map(options.keys.flatMap((k) => (k.chain ? [[k.version, k.chain] as const] : [])));
  const own = new Map((await myDeskEnvelopes(deskId)).map((g) => [g.version, g.sealedKey]));
  // The desk's whole published history, verified in the worker with every batch (SPEC.md §8.2).
  const [history, revocations] = await Promise.all([deskToSealTo(deskId, options.me), keyRevocations()]);
  const directory = createStaffDirectory();
  const reasons = new Map<string, number>();
  const fail = (reason: string, cases = 1) => reasons.set(reason, (reasons.get(reason) ?? 0) + cases);
  let progress: ResealProgress = { total: 0, done: 0, failed: 0, batches: 0 };
  let after: string | undefined;
  /** A listed envelope as the worker takes it, with its staff sealer's chain. */
  const storedIn = async (g: ResealItem['envelope']): Promise<StoredDeskEnvelopeIn> => ({
    version: g.version,
    sealedKey: g.sealedKey,
    sealerKid: g.sealerKid,
    signature: g.signature,
    storedAt: g.createdAt,
    sealer: g.sealer.kind === 'requester' ? { kind: 'requester' } : { kind: 'staff', staffId: g.sealer.id, chain: (await directory.keysOf(g.sealer.id).catch(() => null))?.chain ?? [] },
  });

  do {
    const page = await casesToReseal(deskId, { limit: RESEAL_BATCH_MAX, ...(after ? { after } : {}) });
    if (page.version !== target.version) {
      throw new Refusal(ct('reseal.versionChanged', { version: page.version ?? ct('deskKey.noVersions') }));
    }
    if (page.total !== null) progress = { ...progress, total: page.total };

    const ready: ResealItem[] = [];
    for (const item of page.items) {
      const version = item.envelope.version;
      if (!chains.has(version)) fail(ct('reseal.noCertificate', { version }));
      else if (!own.has(version)) fail(ct('reseal.notHeld', { version }));
      else ready.push(item);
    }
    const holding = new Set(ready.flatMap((i) => i.holdingDeskIds));
    const request: ResealRequest = {
      root,
      deskId,
      version: target.version,
      target: history,
      revocations,
      sources: [...new Set(ready.flatMap((i) => [i.envelope.version, ...(i.staffKey?.envelope ? [i.staffKey.envelope.version] : [])]))]
        .filter((version) => chains.has(version) && own.has(version))
        .map((version) => ({ version, chain: chains.get(version) ?? [], ownSealedKey: own.get(version) ?? '' })),
      // The other desks holding the cases, each with its published history (the worker verifies it and seals to its newest version).
      desks: await Promise.all([...holding].filter((id) => id !== deskId).map((id) => deskToSealTo(id, options.me))),
      cases: await Promise.all(
        ready.map(async (item) => ({
          caseId: item.caseId,
          epoch: item.epoch,
          envelope: await storedIn(item.envelope),
          staffKey: item.staffKey && { bind: item.staffKey.bind, envelope: item.staffKey.envelope && (await storedIn(item.staffKey.envelope)) },
          caseKeyLinks: item.caseKeyLinks,
          holdingDeskIds: item.holdingDeskIds,
          evidence: { request: item.request, requesterEnvelope: item.requesterEnvelope, requester: item.requester, pinnedRequesterKid: casePin(options.me, item.caseId)?.requesterKid ?? null },
        })),
      ),
    };
    let outcomes: ResealOutcome[] = [];
    if (request.cases.length > 0) {
      const sealed = await cryptoWorker().resealCaseKeys(request);
      rememberDesks(options.me, sealed.seen);
      outcomes = sealed.outcomes;
    }
    const cases = outcomes.flatMap((o) => (o.state === 'sealed' ? [{ caseId: o.caseId, epoch: o.epoch, caseKeyLink: o.caseKeyLink, staffKey: o.staffKey, envelopes: [...o.envelopes] }] : []));
    for (const outcome of outcomes) {
      if (outcome.state === 'failed') fail(resealFailure(outcome.code));
      else pinCase(options.me, outcome.caseId, { requesterKid: outcome.requesterKid, epoch: outcome.epoch });
    }

    let written = 0;
    if (cases.length > 0) {
      await options.beforeBatch();
      const result = await resealCases(deskId, { version: target.version, cases });
      written = result.resealed.length + result.unchanged.length;
    }
    const failed = page.items.length - written;
    progress = { total: Math.max(progress.total, progress.done + progress.failed + page.items.length), done: progress.done + written, failed: progress.failed + failed, batches: progress.batches + (cases.length > 0 ? 1 : 0) };
    options.onProgress(progress);
    after = page.next ?? undefined;
  } while (after);

  return { ...progress, reasons: [...reasons].map(([reason, cases]) => ({ reason, cases })) };
}

const RESEAL_FAILURES: readonly string[] = [
  'desk_key_not_held',
  'sealer_not_certified',
  'signer_revoked',
  'bad_signature',
  'wrong_key',
  'wrong_ad',
  'tampered',
  'public_key_mismatch',
  'untrusted_certificate',
  'case_key_unverified',
  'staff_key_not_held',
  'epoch_key_not_held',
  'requester_key_changed',
];

/** Why one case was not re-sealed, as a clause about that case. */
export function resealFailure(code: WorkerErrorCode): string {
  const known = code === 'wrong_desk' ? 'untrusted_certificate' : code;
  return RESEAL_FAILURES.includes(known) ? ct(`reseal.failure.${known}`) : ct('reseal.failure.other', { code });
}
