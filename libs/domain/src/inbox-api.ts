/**
 * What the staff inbox asks besides its pages (issue 16, docs/cases-api.md "Inbox"): how much
 * urgent work each of the caller's desks holds, so a lead's inbox opens on the desk where it is
 * (`mostUrgentDesk`), and the key material the browser needs to open the subject lines of a page
 * (the caller's case key envelopes, newest epoch first, and the key links down to epoch 1).
 */
import { z } from 'zod';
import { INBOX_PAGE_MAX, caseKeyEnvelopeViewSchema, idSchema, requesterKeysSchema } from './case-api';
import { URGENCIES, type Urgency } from './vocabulary';

/**
 * The open cases one desk the caller works in owns (not those it only holds, as the intake desk
 * holds every case beside the routed desk), counted for the choice of the desk to open.
 */
export const inboxDeskLoadSchema = z.object({
  deskId: z.string(),
  /** Open cases whose first response is not given and is past its due time. */
  overdue: z.number().int().min(0),
  /** Open cases by urgency. */
  open: z.object(Object.fromEntries(URGENCIES.map((u) => [u, z.number().int().min(0)])) as Record<Urgency, z.ZodNumber>),
  /** Open cases with requester activity the caller has not seen (the inbox's unread marker). */
  unread: z.number().int().min(0),
});
export type InboxDeskLoad = z.infer<typeof inboxDeskLoadSchema>;

/** GET /cases/inbox/desks: every desk the caller is a member of, in the order of their desk list. */
export const inboxDesksSchema = z.object({ desks: z.array(inboxDeskLoadSchema) });
export type InboxDesks = z.infer<typeof inboxDesksSchema>;

/** GET /cases/inbox/keys?ids=…: the cases of one inbox page whose subject lines the browser opens. */
export const inboxKeysQuerySchema = z.strictObject({
  ids: z
    .string()
    .max(INBOX_PAGE_MAX * 37)
    .transform((text) => [...new Set(text.split(','))])
    .pipe(z.array(idSchema).min(1).max(INBOX_PAGE_MAX)),
});

/**
 * What opens one case's key in the browser without reading the case: the caller's case key
 * envelopes (through their desks or to them; staff-only keys are not sent), the key links of the
 * epochs from 2 (SPEC.md §9.4) and the requester's public keys (the sealer of the intake
 * envelope). Cases the caller may not read are left out, as if they did not exist.
 */
export const inboxCaseKeysSchema = z.object({
  caseId: z.string(),
  epoch: z.number(),
  requester: requesterKeysSchema.nullable(),
  caseKeyLinks: z.array(z.object({ epoch: z.number(), link: z.string() })),
  envelopes: z.array(caseKeyEnvelopeViewSchema),
});
export type InboxCaseKeys = z.infer<typeof inboxCaseKeysSchema>;
export const inboxKeysSchema = z.object({ items: z.array(inboxCaseKeysSchema) });
export type InboxKeys = z.infer<typeof inboxKeysSchema>;

const URGENCY_RANK: Readonly<Record<Urgency, number>> = { critical: 4, high: 3, normal: 2, low: 1 };

/** The highest urgency among a desk's open cases, and how many cases have it (0, 0 for none). */
function topUrgency(load: InboxDeskLoad): [rank: number, count: number] {
  const top = URGENCIES.find((u) => load.open[u] > 0);
  return top ? [URGENCY_RANK[top], load.open[top]] : [0, 0];
}

/**
 * The desk an inbox opens on when none is chosen: the one with the most urgent open work. First
 * the most overdue cases (first response late), then the highest urgency among its open cases
 * (and more of them), then the most cases with unread requester activity; on a tie, the earlier
 * desk of `loads` (the caller's desk list). Null when no desk has any open case (the caller
 * then opens their first desk).
 */
export function mostUrgentDesk(loads: readonly InboxDeskLoad[]): string | null {
  const key = (load: InboxDeskLoad): number[] => [load.overdue, ...topUrgency(load), load.unread];
  let best: { deskId: string; key: number[] } | null = null;
  for (const load of loads) {
    const total = URGENCIES.reduce((sum, u) => sum + load.open[u], 0);
    if (total === 0) continue;
    const k = key(load);
    if (best === null || greater(k, best.key)) best = { deskId: load.deskId, key: k };
  }
  return best?.deskId ?? null;
}

/** Lexicographic `a > b` of two keys of the same length. */
function greater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}
