/**
 * Opening a grant in the browser (docs/grants.md; libs/crypto SPEC.md §18): the page gathers what
 * the crypto worker needs — the person's sealed copies of the desk key versions the grant key is
 * sealed to and their certificate chains, the sealers' and authors' chains — and the worker
 * verifies them to the built-in root, opens the grant key (which never leaves it), decrypts the
 * payee details and reports, and checks every approval's signature over the grant's current
 * terms with the approver's certified key. The page gets verified content and verdicts only.
 */
import { ct } from '../../ui/console-t';
import { type GrantView } from '@ashar/domain';
import { deskKeyVersions } from '../../api/cases';
import { listDesks, myDeskEnvelopes } from '../../api/desks';
import { casePin } from '../../crypto/case-pins';
import { cryptoWorker } from '../../crypto/crypto-client';
import {
  type GrantApprovalReading,
  type GrantFileMetaReading,
  type GrantKeyCandidate,
  type GrantPayeeReading,
  type GrantReportReading,
  type GrantSignerIn,
  type GrantTermsIn,
} from '../../crypto/grant-worker-api';
import { type StaffDirectory } from '../identity';

export interface GrantContext {
  readonly root: string;
  readonly me: string;
  readonly directory: StaffDirectory;
  readonly revocations: readonly unknown[];
}

/** What the browser verified and decrypted of a grant. */
export interface GrantReading {
  /** Whether the grant key is held in the worker (the person holds an envelope that opened). */
  readonly keyOpen: boolean;
  /** Why the key did not open, when the person holds envelopes that failed (null: none held, or opened). */
  readonly keyFailure: string | null;
  readonly payee: GrantPayeeReading | null;
  readonly reports: readonly GrantReportReading[];
  readonly files: readonly GrantFileMetaReading[];
  /** One verdict per approval of the current terms; approvals of earlier terms are voided and not checked. */
  readonly approvals: readonly GrantApprovalReading[];
}

/** The terms an approval is signed over (SPEC.md §18.3), from the grant as the api shows it. */
export function termsOf(view: GrantView, decision: 'approve' | 'reject'): GrantTermsIn {
  return { grantId: view.id, version: view.version, amountMinor: view.amountMinor, currency: view.currency, fundId: view.fundId, budgetLineId: view.budgetLineId, decision };
}

async function chainOf(directory: StaffDirectory, staffId: string): Promise<readonly unknown[]> {
  return (await directory.keysOf(staffId).catch(() => null))?.chain ?? [];
}

/** Who signed a payee record or report: a member of staff by id, or the requester by their signing key. */
async function signerOf(
  author: { author: 'requester' | 'staff'; authorId: string | null },
  view: GrantView,
  ctx: GrantContext,
): Promise<GrantSignerIn | null> {
  if (author.author === 'staff') return author.authorId ? { kind: 'staff', staffId: author.authorId, chain: await chainOf(ctx.directory, author.authorId) } : null;
  // The requester key this browser pinned when it first opened the case, if it did: another one is refused.
  const pinned = view.caseId ? (casePin(ctx.me, view.caseId)?.requesterKid ?? null) : null;
  return view.requesterSignPk ? { kind: 'requester', signPk: view.requesterSignPk, pinnedRequesterKid: pinned } : null;
}

/** The candidates to open the grant key with: desk envelopes the person holds the desk key of (newest version first), then one made to them. */
async function candidatesOf(view: GrantView, ctx: GrantContext): Promise<GrantKeyCandidate[]> {
  const envelopes = view.envelopes;
  const deskIds = [...new Set(envelopes.flatMap((e) => (e.recipientKind === 'desk' && e.recipientId ? [e.recipientId] : [])))];
  const directory = deskIds.length > 0 ? await listDesks() : [];
  const mine = new Map(await Promise.all(deskIds.map(async (deskId) => [deskId, await myDeskEnvelopes(deskId).catch(() => [])] as const)));
  const ordered = [...envelopes].sort((a, b) => (b.deskKeyVersion ?? 0) - (a.deskKeyVersion ?? 0));
  const candidates: GrantKeyCandidate[] = [];
  for (const envelope of ordered) {
    let opener: GrantKeyCandidate['opener'];
    if (envelope.recipientKind === 'desk' && envelope.recipientId && envelope.deskKeyVersion !== null) {
      const deskId = envelope.recipientId;
      const version = envelope.deskKeyVersion;
      const sealed = mine.get(deskId)?.find((m) => m.version === version);
      if (!sealed) continue;
      const entry = directory.find((d) => d.id === deskId);
      const chain = entry?.key?.version === version ? entry.key.chain : ((await deskKeyVersions(deskId).catch(() => [])).find((v) => v.version === version)?.chain ?? null);
      if (!chain) continue;
      opener = { kind: 'desk', deskId, version, deskChain: chain, sealedDeskKey: sealed.sealedKey };
    } else if (envelope.recipientKind === 'staff' && envelope.recipientId === ctx.me) {
      opener = { kind: 'self' };
    } else {
      continue;
    }
    candidates.push({
      envelope: { sealedKey: envelope.sealedKey, sealerKid: envelope.sealerKid, signature: envelope.signature, storedAt: envelope.createdAt },
      opener,
      sealer: { kind: 'staff', staffId: envelope.sealerId, chain: await chainOf(ctx.directory, envelope.sealerId) },
    });
  }
  return candidates;
}

/** Opens the grant key (once per screen: `held`), then decrypts and verifies what the grant carries. */
export async function readGrant(view: GrantView, ctx: GrantContext, held: boolean): Promise<GrantReading> {
  const worker = cryptoWorker();
  let keyOpen = held;
  let keyFailure: string | null = null;
  if (!keyOpen) {
    const candidates = await candidatesOf(view, ctx);
    if (candidates.length > 0) {
      const result = await worker.openGrantKey({ root: ctx.root, revocations: ctx.revocations, grantId: view.id, candidates });
      keyOpen = result.opened;
      if (!result.opened) keyFailure = ct('grantOpening.keyFailed', { codes: [...new Set(result.failures.map((f) => f.code))].join(', ') });
    }
  }

  // Approvals of the current terms, each checked against its approver's certified key over exactly these terms.
  const current = view.approvals.filter((a) => !a.voided && a.termsVersion === view.version);
  const approvals: GrantApprovalReading[] = [];
  for (const decision of ['approve', 'reject'] as const) {
    const these = current.filter((a) => a.decision === decision);
    if (these.length === 0) continue;
    approvals.push(
      ...(await worker.verifyGrantApprovals({
        root: ctx.root,
        revocations: ctx.revocations,
        terms: termsOf(view, decision),
        approvals: await Promise.all(these.map(async (a) => ({ approverId: a.approverId, chain: await chainOf(ctx.directory, a.approverId), signature: a.signature, signerKid: a.signerKid, storedAt: a.at }))),
      })),
    );
  }

  let payee: GrantPayeeReading | null = null;
  const reports: GrantReportReading[] = [];
  const files: GrantFileMetaReading[] = [];
  if (keyOpen) {
    if (view.payee) {
      const p = view.payee;
      const author = await signerOf(p, view, ctx);
      payee = author
        ? await worker.readGrantPayee({ root: ctx.root, revocations: ctx.revocations, grantId: view.id, payee: { ciphertext: p.ciphertext, authorKid: p.authorKid, storedAt: p.updatedAt, author } })
        : { state: 'refused', code: 'sealer_not_certified' };
    }
    const readable: Parameters<typeof worker.readGrantReports>[0]['reports'][number][] = [];
    for (const report of view.reports) {
      const r = report;
      // Reports are the requester's (the api takes them from the follow-up page only).
      const author = await signerOf({ author: r.author, authorId: null }, view, ctx);
      if (r.ciphertext === null) continue;
      if (author) readable.push({ id: r.id, ciphertext: r.ciphertext, authorKid: r.authorKid, storedAt: r.submittedAt, author });
      else reports.push({ id: r.id, state: 'refused', code: 'sealer_not_certified' });
    }
    if (readable.length > 0) reports.push(...(await worker.readGrantReports({ root: ctx.root, revocations: ctx.revocations, grantId: view.id, reports: readable })));
    const allFiles = view.reports.flatMap((r) => r.files.filter((f) => f.complete).map((f) => ({ fileId: f.id, meta: f.meta })));
    if (allFiles.length > 0) files.push(...(await worker.readGrantFileMeta(view.id, allFiles)));
  }
  return { keyOpen, keyFailure, payee, reports, files, approvals };
}
