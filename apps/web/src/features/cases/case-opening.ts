/**
 * Opening a case in the browser (docs/cases-api.md, "One case"): the page gathers what the
 * crypto worker needs — the person's sealed copies of the desk key versions the case is sealed
 * to, those versions' certificate chains, and the chains of the staff members who sealed the
 * case key or wrote records — and the worker verifies every chain to the built-in root, opens
 * the desk key, the case key envelope (checking the sealer's signature) and each record (checking
 * its author's signature). The case key never leaves the worker; the page gets verified bodies.
 */
import { type CaseRecordView, type CaseView, type RequestForm, requestFormSchema } from '@ashar/domain';
import { type DeskKeyVersionEntry, deskKeyVersions } from '../../api/cases';
import { type DeskDirectoryEntry, type DeskEnvelope, listDesks, myDeskEnvelopes } from '../../api/desks';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type CaseKeyCandidate, type WorkerErrorCode } from '../../crypto/worker-api';
import { type StaffDirectory } from '../identity';

export interface CaseContext {
  readonly root: string;
  /** The signed-in person's staff id. */
  readonly me: string;
  readonly directory: StaffDirectory;
  /** GET /keys/revocations: signers whose keys were revoked before the server stored an item are refused (SPEC.md §8.3). */
  readonly revocations: readonly unknown[];
}

export type CaseKeyState = { readonly open: true } | { readonly open: false; readonly reason: string };

export type RecordAuthor = { readonly kind: 'requester' } | { readonly kind: 'staff'; readonly id: string; readonly name: string | null };

export type RecordContent =
  | { readonly state: 'text'; readonly text: string }
  | { readonly state: 'request'; readonly form: RequestForm; readonly typeMismatch: boolean }
  | { readonly state: 'refused'; readonly reason: string };

export interface TimelineEntry {
  readonly id: string;
  readonly kind: CaseRecordView['kind'];
  readonly createdAt: string;
  readonly author: RecordAuthor;
  readonly content: RecordContent;
}

/** Why an envelope or record did not open, for the person reading the case. */
export function refusalReason(code: WorkerErrorCode): string {
  switch (code) {
    case 'sealer_not_certified':
      return 'it was signed by a key this organisation has not certified';
    case 'signer_expired':
      return 'the server says it was stored after its signer’s certificate expired';
    case 'signer_revoked':
      return 'the server says it was stored after its signer’s keys were revoked';
    case 'bad_signature':
      return 'its signature does not verify: it was altered or forged';
    case 'wrong_key':
      return 'it was not made with the key it claims, or not for your keys';
    case 'wrong_ad':
      return 'it belongs to another case or record';
    case 'tampered':
      return 'it was altered';
    case 'public_key_mismatch':
      return 'the desk key sealed to you is not the certified key of that desk';
    case 'wrong_desk':
      return 'the desk certificate the server sent is for another desk or key version';
    case 'untrusted_certificate':
      return 'a certificate does not lead to this organisation’s root key, or it has expired';
    case 'malformed_plaintext':
      return 'its content is malformed';
    default:
      return `it did not open (${code})`;
  }
}

interface DeskMaterial {
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
 * Opens the case key of `view` in the worker from the first envelope that opens. Envelopes to desks
 * come first, newest key version first; an envelope made to the person comes last.
 */
export async function openCaseKey(view: CaseView, ctx: CaseContext): Promise<CaseKeyState> {
  const caseId = view.case.id;
  const deskIds = [...new Set(view.envelopes.flatMap((g) => (g.recipient.kind === 'desk' ? [g.recipient.deskId] : [])))];
  const directory = deskIds.length > 0 ? await listDesks() : [];
  const materials = new Map<string, DeskMaterial>();
  await Promise.all(
    deskIds.map(async (deskId) => {
      const mine = await myDeskEnvelopes(deskId).catch(() => []);
      materials.set(deskId, { entry: directory.find((d) => d.id === deskId), mine, versions: null });
    }),
  );

  const ordered = [...view.envelopes].sort((a, b) => rank(b) - rank(a));
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
    candidates.push({ envelope: { sealedKey: envelope.sealedKey, sealerKid: envelope.sealerKid, signature: envelope.signature, storedAt: envelope.createdAt }, opener, sealer });
  }

  if (candidates.length === 0) {
    return {
      open: false,
      reason:
        notHeld > 0
          ? 'You do not hold the desk key version this case is sealed to. Ask your desk lead to seal the current desk key to you, or to re-seal the case.'
          : 'No key of this case is sealed to you or to one of your desks.',
    };
  }
  const result = await cryptoWorker().openCaseKey({ root: ctx.root, caseId, requester: view.requester, candidates, revocations: ctx.revocations });
  if (result.opened) return { open: true };
  const reasons = [...new Set(result.failures.map((f) => refusalReason(f.code)))];
  return { open: false, reason: `The case key did not open: ${reasons.join('; ')}. Do not trust what the server shows for this case; tell your administrator.` };
}

function rank(envelope: CaseView['envelopes'][number]): number {
  return envelope.recipient.kind === 'desk' ? envelope.recipient.version : 0;
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
    requester: view.requester,
    records: view.records.map((r) => ({ id: r.id, kind: r.kind, author: r.author, authorKid: r.authorKid, ciphertext: r.ciphertext, storedAt: r.createdAt })),
    staffChains,
  });
  const byId = new Map(readings.map((r) => [r.id, r]));
  return view.records.map((record): TimelineEntry => {
    const reading = byId.get(record.id);
    const verified = reading?.state === 'verified';
    const author: RecordAuthor = record.author.kind === 'requester' ? { kind: 'requester' } : { kind: 'staff', id: record.author.id, name: verified ? (names.get(record.author.id) ?? null) : null };
    let content: RecordContent;
    if (!reading) content = { state: 'refused', reason: 'it was not read' };
    else if (reading.state === 'refused') content = { state: 'refused', reason: refusalReason(reading.code) };
    else content = shaped(record.kind, reading.body, view);
    return { id: record.id, kind: record.kind, createdAt: record.createdAt, author, content };
  });
}

/** A verified body is shown only in the shape its kind has: a request form, or `{ text }`. */
function shaped(kind: CaseRecordView['kind'], body: unknown, view: CaseView): RecordContent {
  if (kind === 'request') {
    const form = requestFormSchema.safeParse(body);
    if (!form.success) return { state: 'refused', reason: 'it is not a request form this console knows' };
    return { state: 'request', form: form.data, typeMismatch: form.data.type !== view.case.requestType };
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { text, ...rest } = body as Record<string, unknown>;
    if (typeof text === 'string' && Object.keys(rest).length === 0) return { state: 'text', text };
  }
  return { state: 'refused', reason: 'its content is not a text this console knows' };
}
