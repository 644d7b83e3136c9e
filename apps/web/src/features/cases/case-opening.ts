/**
 * Opening a case in the browser (docs/cases-api.md, "One case"): the page gathers what the
 * crypto worker needs — the person's sealed copies of the desk key versions the case is sealed
 * to, those versions' certificate chains, and the chains of the staff members who sealed the
 * case key or wrote records — and the worker verifies every chain to the built-in root, opens
 * the desk key, the case key envelope (checking the sealer's signature), checks the case key
 * against the request its requester signed (libs/crypto SPEC.md §9.1, with the requester key
 * this browser pinned for the case) and reads each record (checking its author's signature).
 * The case key never leaves the worker; the page gets verified bodies.
 */
import { ct } from '../../ui/console-t';
import { type AnyRequestForm, type CaseRecordView, type CaseView, anyRequestFormSchema } from '@ashar/domain';
import { type DeskKeyVersionEntry, addStaffKey, deskKeyVersions } from '../../api/cases';
import { type DeskDirectoryEntry, type DeskEnvelope, listDesks, myDeskEnvelopes } from '../../api/desks';
import { casePin, pinCase } from '../../crypto/case-pins';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { type CaseKeyCandidate, type WorkerErrorCode } from '../../crypto/worker-api';
import { Refusal } from '../../data/refusal';
import { type StaffDirectory } from '../identity';

export interface CaseContext {
  readonly root: string;
  /** The signed-in person's staff id. */
  readonly me: string;
  readonly directory: StaffDirectory;
  /** GET /keys/revocations: signers whose keys were revoked before the server stored an item are refused (SPEC.md §8.3). */
  readonly revocations: readonly unknown[];
}

/**
 * Whether the case key is open in the worker. `unverified`: a key opened but failed the check of
 * SPEC.md §9.1 (or the requester key changed): the page warns that the case may have been
 * tampered with, and nothing is encrypted or sent for it.
 */
export type CaseKeyState =
  | {
      readonly open: true;
      /** The staff-only key of the case's newest epoch is held (notes and their files can be written and read). */
      readonly staffKeyHeld: boolean;
    }
  | { readonly open: false; readonly reason: string; readonly unverified: boolean };

export type RecordAuthor = { readonly kind: 'requester' } | { readonly kind: 'staff'; readonly id: string; readonly name: string | null };

export type RecordContent =
  /** `legacy`: a note written before staff-only keys, under the case key (SPEC.md §9.2). */
  | { readonly state: 'text'; readonly text: string; readonly legacy: boolean }
  /** Not a failure: this person holds no key of the epoch it is under. */
  | { readonly state: 'unreadable'; readonly reason: string }
  | { readonly state: 'request'; readonly form: AnyRequestForm; readonly typeMismatch: boolean }
  | { readonly state: 'refused'; readonly reason: string };

export interface TimelineEntry {
  readonly id: string;
  readonly kind: CaseRecordView['kind'];
  readonly createdAt: string;
  readonly author: RecordAuthor;
  readonly content: RecordContent;
}

/** Why an envelope or record did not open, for the person reading the case. */
const REFUSAL_CODES: readonly string[] = [
  'sealer_not_certified',
  'signer_expired',
  'signer_revoked',
  'bad_signature',
  'wrong_key',
  'wrong_ad',
  'tampered',
  'public_key_mismatch',
  'wrong_desk',
  'untrusted_certificate',
  'malformed_plaintext',
  'case_key_unverified',
  'requester_key_changed',
  'case_rolled_back',
  'case_unverified',
  'epoch_key_not_held',
  'staff_key_not_held',
];

export function refusalReason(code: WorkerErrorCode): string {
  return REFUSAL_CODES.includes(code) ? ct(`caseRefusal.${code}`) : ct('caseRefusal.other', { code });
}

export interface DeskMaterial {
  readonly entry: DeskDirectoryEntry | undefined;
  readonly mine: readonly DeskEnvelope[];
  /** Every key version of the desk, asked for only when an older version is needed. */
  versions: readonly DeskKeyVersionEntry[] | null;
}

async function chainFor(material: DeskMaterial, deskId: string, version: number): Promise<readonly unknown[] | null> {
  if (material.entry?.key?.version === version) return material.entry.key.chain;
  if (material.versions === null) material.versions = await deskKeyVersions(deskId).catch(() => []);
  return material.versions.find((v) => v.version === version)?.chain ?? null;
}

/**
 * The worker's candidates for a case's key envelopes (CaseKeyCandidate): the person's sealed copies
 * of the desk key versions they are sealed to with those versions' chains, or their own keys for an
 * envelope to them; the sealer's chain for a staff sealer. Envelopes to desk versions the person
 * does not hold are counted in `notHeld`. `shared` (desk id → the person's sealed copies, and the
 * desk directory) lets a page of cases ask the api once per desk.
 */
export async function caseKeyCandidates(
  envelopes: readonly CaseView['envelopes'][number][],
  ctx: CaseContext,
  shared: Map<string, Promise<DeskMaterial>> = new Map(),
): Promise<{ candidates: CaseKeyCandidate[]; notHeld: number }> {
  const deskIds = [...new Set(envelopes.flatMap((g) => (g.recipient.kind === 'desk' ? [g.recipient.deskId] : [])))];
  const materials = new Map<string, DeskMaterial>();
  let directory: Promise<readonly DeskDirectoryEntry[]> | null = null;
  await Promise.all(
    deskIds.map(async (deskId) => {
      let material = shared.get(deskId);
      if (!material) {
        directory ??= listDesks();
        const list = directory;
        material = (async () => {
          const [entries, mine] = await Promise.all([list, myDeskEnvelopes(deskId).catch(() => [])]);
          return { entry: entries.find((d) => d.id === deskId), mine, versions: null };
        })();
        shared.set(deskId, material);
      }
      materials.set(deskId, await material);
    }),
  );

  const ordered = [...envelopes].sort((a, b) => rank(b) - rank(a));
  const candidates: CaseKeyCandidate[] = [];
  let notHeld = 0;
  for (const envelope of ordered) {
    let opener: CaseKeyCandidate['opener'];
    if (envelope.recipient.kind === 'desk') {
      const { deskId, version } = envelope.recipient;
      const material = materials.get(deskId);
      const sealed = material?.mine.find((m) => m.version === version);
      const chain = material && sealed ? await chainFor(material, deskId, version) : null;
      if (!sealed || !chain) {
        notHeld += 1;
        continue;
      }
      opener = { kind: 'desk', deskId, version, deskChain: chain, sealedDeskKey: sealed.sealedKey };
    } else if (envelope.recipient.kind === 'staff' && envelope.recipient.staffId === ctx.me) {
      opener = { kind: 'self' };
    } else {
      continue;
    }
    const sealer: CaseKeyCandidate['sealer'] =
      envelope.sealer.kind === 'requester'
        ? { kind: 'requester' }
        : { kind: 'staff', staffId: envelope.sealer.id, chain: (await ctx.directory.keysOf(envelope.sealer.id).catch(() => null))?.chain ?? [] };
    candidates.push({
      keyKind: envelope.keyKind,
      epoch: envelope.epoch,
      envelope: { sealedKey: envelope.sealedKey, sealerKid: envelope.sealerKid, signature: envelope.signature, storedAt: envelope.createdAt },
      opener,
      sealer,
    });
  }
  return { candidates, notHeld };
}

/**
 * Opens the case key of `view` in the worker from the first envelope that opens. Envelopes to desks
 * come first, newest key version first; an envelope made to the person comes last.
 */
export async function openCaseKey(view: CaseView, ctx: CaseContext): Promise<CaseKeyState> {
  const caseId = view.case.id;
  const { candidates, notHeld } = await caseKeyCandidates(view.envelopes, ctx);

  if (!candidates.some((c) => c.keyKind === 'case')) {
    return {
      open: false,
      unverified: false,
      reason:
        notHeld > 0
          ? ct('caseOpening.notHeld')
          : ct('caseOpening.noEnvelope'),
    };
  }
  const request = view.records.find((r) => r.kind === 'request');
  const result = await cryptoWorker().openCaseKey({
    root: ctx.root,
    revocations: ctx.revocations,
    caseId,
    requester: view.requester,
    request: request ? { id: request.id, ciphertext: request.ciphertext, authorKid: request.authorKid } : null,
    requesterEnvelope: view.requesterEnvelope,
    pinnedRequesterKid: casePin(ctx.me, caseId)?.requesterKid ?? null,
    pinnedEpoch: casePin(ctx.me, caseId)?.epoch ?? null,
    epoch: view.epoch,
    staffKeys: view.staffKeys.map((k) => ({ epoch: k.epoch, bind: k.bind, link: k.link })),
    caseKeyLinks: view.caseKeyLinks,
    candidates,
  });
  if (result.opened) {
    pinCase(ctx.me, caseId, { requesterKid: result.requesterKid, epoch: view.epoch });
    return { open: true, staffKeyHeld: result.staffEpochs.includes(view.epoch) };
  }
  const codes = result.failures.map((f) => f.code);
  const unverified = codes.some((code) => code === 'case_key_unverified' || code === 'requester_key_changed' || code === 'case_rolled_back');
  const reasons = [...new Set(codes.map(refusalReason))];
  return { open: false, unverified, reason: ct('caseOpening.didNotOpen', { reasons: reasons.join('; ') }) };
}

/** Newest epoch first, then newest desk version; an envelope to the person after desk envelopes of the same epoch. */
function rank(envelope: CaseView['envelopes'][number]): number {
  return envelope.epoch * 2 ** 32 + (envelope.recipient.kind === 'desk' ? envelope.recipient.version : 0);
}

/**
 * Before a note (or a note's file) is written: the staff-only key of the case's newest epoch must be
 * held in the worker. When the case has none yet, one is made there, sealed to every desk holding the
 * case (the newest version of each one's key history, verified to the root: SPEC.md §8.2), and sent; when it has one
 * this person could not open, nothing is written. Throws a Refusal in words.
 */
export async function ensureStaffKey(view: CaseView, ctx: CaseContext, held: boolean): Promise<void> {
  if (held) return;
  if (view.staffKeys.some((k) => k.epoch === view.epoch)) {
    throw new Refusal(ct('caseOpening.noStaffKey'));
  }
  // Each holding desk's published history: the worker verifies it (SPEC.md §8.2) and seals to its newest version.
  const desks = await Promise.all([view.case.ownerDeskId, ...view.case.collaboratorDeskIds].map((deskId) => deskToSealTo(deskId, ctx.me)));
  const worker = cryptoWorker();
  const { seen, ...made } = await worker.createStaffKey(ctx.root, view.case.id, desks, ctx.revocations, view.staffKeys.some((k) => k.epoch === view.epoch - 1));
  rememberDesks(ctx.me, seen);
  try {
    await addStaffKey(view.case.id, { epoch: made.epoch, bind: made.bind, envelopes: [...made.envelopes], ...(made.link ? { link: made.link } : {}) });
  } catch (error) {
    // The api did not take it (someone else made one meanwhile): the key made here must never be used.
    await worker.forgetCase(view.case.id);
    throw error;
  }
}

/** Decrypts and verifies every record in the worker; content is only what verified and has the expected shape. */
export async function readTimeline(view: CaseView, ctx: CaseContext): Promise<TimelineEntry[]> {
  const staffIds = [...new Set(view.records.flatMap((r) => (r.author.kind === 'staff' ? [r.author.id] : [])))];
  const staffChains: Record<string, readonly unknown[]> = {};
  const names = new Map<string, string>();
  await Promise.all(
    staffIds.map(async (staffId) => {
      const keys = await ctx.directory.keysOf(staffId).catch(() => null);
      staffChains[staffId] = keys?.chain ?? [];
      if (keys?.displayName) names.set(staffId, keys.displayName);
    }),
  );
  const readings = await cryptoWorker().readCaseRecords({
    root: ctx.root,
    revocations: ctx.revocations,
    caseId: view.case.id,
    records: view.records.map((r) => ({ id: r.id, kind: r.kind, keyKind: r.keyKind, epoch: r.epoch, author: r.author, authorKid: r.authorKid, ciphertext: r.ciphertext, storedAt: r.createdAt })),
    staffChains,
  });
  const byId = new Map(readings.map((r) => [r.id, r]));
  return view.records.map((record): TimelineEntry => {
    const reading = byId.get(record.id);
    const verified = reading?.state === 'verified';
    const author: RecordAuthor = record.author.kind === 'requester' ? { kind: 'requester' } : { kind: 'staff', id: record.author.id, name: verified ? (names.get(record.author.id) ?? null) : null };
    let content: RecordContent;
    if (!reading) content = { state: 'refused', reason: ct('caseOpening.notRead') };
    else if (reading.state === 'refused') content = { state: 'refused', reason: refusalReason(reading.code) };
    else if (reading.state === 'unreadable') content = { state: 'unreadable', reason: refusalReason(reading.code) };
    else content = shaped(record.kind, reading.body, view, reading.legacy);
    return { id: record.id, kind: record.kind, createdAt: record.createdAt, author, content };
  });
}

/** A verified body is shown only in the shape its kind has: a request form, or `{ text }`. */
function shaped(kind: CaseRecordView['kind'], body: unknown, view: CaseView, legacy: boolean): RecordContent {
  if (kind === 'request') {
    const form = anyRequestFormSchema.safeParse(body);
    if (!form.success) return { state: 'refused', reason: ct('caseOpening.unknownForm') };
    return { state: 'request', form: form.data, typeMismatch: form.data.type !== view.case.requestType };
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { text, ...rest } = body as Record<string, unknown>;
    if (typeof text === 'string' && Object.keys(rest).length === 0) return { state: 'text', text, legacy };
  }
  return { state: 'refused', reason: ct('caseOpening.unknownText') };
}
