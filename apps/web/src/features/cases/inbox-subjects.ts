/**
 * The requester's subject lines of an inbox page (issue 16, libs/crypto SPEC.md §19), opened in the
 * crypto worker: the api gives the person's case key envelopes of the page's cases (GET
 * /cases/inbox/keys, which reads no record and marks nothing read), the page gathers the desk key
 * copies and chains once per desk, and the worker opens each case key, walks to epoch 1, opens the
 * subject and wipes the keys. Only subject text comes back.
 */
import { type InboxItem } from '@ashar/domain';
import { inboxKeys } from '../../api/cases';
import { casePin } from '../../crypto/case-pins';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type SubjectToOpen } from '../../crypto/worker-api';
import { type CaseContext, type DeskMaterial, caseKeyCandidates } from './case-opening';

/** A row's subject: none written, still opening, opened, or not opened (never a crash). */
export type SubjectState = { readonly state: 'none' } | { readonly state: 'opening' } | { readonly state: 'open'; readonly text: string } | { readonly state: 'failed' };

/** Opens the subjects of `items` (those that have one); a case whose key or subject does not open is `failed`. */
export async function openInboxSubjects(items: readonly InboxItem[], ctx: CaseContext): Promise<ReadonlyMap<string, SubjectState>> {
  const found = new Map<string, SubjectState>();
  const sealed = items.filter((c) => c.subject !== null);
  for (const c of items) if (c.subject === null) found.set(c.id, { state: 'none' });
  if (sealed.length === 0) return found;
  for (const c of sealed) found.set(c.id, { state: 'failed' });
  const keys = await inboxKeys(sealed.map((c) => c.id));
  const shared = new Map<string, Promise<DeskMaterial>>();
  const cases: SubjectToOpen[] = [];
  for (const item of keys.items) {
    const row = sealed.find((c) => c.id === item.caseId);
    if (!row?.subject) continue;
    const { candidates } = await caseKeyCandidates(item.envelopes, ctx, shared);
    const pin = casePin(ctx.me, item.caseId);
    cases.push({
      caseId: item.caseId,
      subject: row.subject,
      epoch: item.epoch,
      requester: item.requester,
      caseKeyLinks: item.caseKeyLinks,
      pinnedRequesterKid: pin?.requesterKid ?? null,
      pinnedEpoch: pin?.epoch ?? null,
      candidates: candidates.filter((c) => c.keyKind === 'case'),
    });
  }
  if (cases.length === 0) return found;
  const readings = await cryptoWorker().openSubjects({ root: ctx.root, revocations: ctx.revocations, cases });
  for (const reading of readings) found.set(reading.caseId, reading.state === 'open' ? { state: 'open', text: reading.subject } : { state: 'failed' });
  return found;
}
