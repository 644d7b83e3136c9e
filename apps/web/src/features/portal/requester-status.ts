/**
 * What the follow-up page says of a request's status (issue 16). The api decides the requester's
 * status (libs/domain requesterStatusOf: received, answered, waiting_for_you or closed); this picks
 * the words, so that they tell the truth:
 * - received: "a team member will read it soon" — of the request, or of the requester's own
 *   newest message when they wrote last;
 * - answered: "read our message"; waiting_for_you: "waiting for your reply";
 * - closed: the words of the case's own shut status (resolved, declined, closed or deleted).
 * Keys are of the `portal` namespace.
 */
import { type CaseStatus, type RequesterStatus } from '@ashar/domain';

/** The shut statuses with words of their own (`status.<status>.title` and `.about`). */
const CLOSED_WORDS: readonly CaseStatus[] = ['resolved', 'declined', 'closed', 'purged'];

export interface StatusWords {
  readonly title: string;
  readonly about: string;
}

/** A record the requester can read, as the follow-up page holds it. */
export interface SharedRecord {
  readonly kind: 'request' | 'message';
  readonly from: 'you' | 'staff';
  readonly createdAt: string;
}

/** Whether the newest record the requester can read is a message they wrote (a reply), not the request. */
export function repliedLast(records: readonly SharedRecord[]): boolean {
  let newest: SharedRecord | null = null;
  for (const record of records) if (newest === null || record.createdAt >= newest.createdAt) newest = record;
  return newest !== null && newest.kind === 'message' && newest.from === 'you';
}

export function requesterStatusWords(requesterStatus: RequesterStatus, status: CaseStatus, records: readonly SharedRecord[]): StatusWords {
  switch (requesterStatus) {
    case 'closed': {
      const shut = CLOSED_WORDS.includes(status) ? status : 'closed';
      return { title: `status.${shut}.title`, about: `status.${shut}.about` };
    }
    case 'received':
      return { title: 'requesterStatus.received.title', about: repliedLast(records) ? 'requesterStatus.received.aboutReply' : 'requesterStatus.received.about' };
    case 'answered':
    case 'waiting_for_you':
      return { title: `requesterStatus.${requesterStatus}.title`, about: `requesterStatus.${requesterStatus}.about` };
  }
}
