/**
 * Statuses that follow the work (issue 16): what an event on a case does to its status, and the
 * status a requester is shown. Pure rules over the lifecycle of case-lifecycle.ts; the api takes
 * the edges in the transaction of the event and audits each as `case.status_changed` under its
 * transition name, as a hand-made transition is.
 */
import { type CaseTransition, findTransition } from './case-lifecycle';
import { type CaseStatus } from './vocabulary';

/**
 * What happened on a case that may move its status:
 * - `assigned`: staff assigned the case to someone (not an unassignment);
 * - `staff_message`: staff wrote a message to the requester (a note moves nothing: the requester
 *   never sees it, so it is no response);
 * - `requester_reply`: the requester wrote a message or added a file.
 */
export const CASE_WORK_EVENTS = ['assigned', 'staff_message', 'requester_reply'] as const;
export type CaseWorkEvent = (typeof CASE_WORK_EVENTS)[number];

/**
 * The edges of the lifecycle an event takes, in order; empty when the status stays.
 * - `assigned` and `staff_message` on a `new` case: triage then start (new → triaged →
 *   in_progress): somebody has taken the case up, so it is neither new nor merely triaged; on a
 *   `triaged` case: start. Every other status stays (a message to a case awaiting the requester
 *   keeps it waiting for them; staff decide by hand when a case awaits the requester).
 * - `requester_reply` on `awaiting_requester`: resume (back to in_progress, to the desk). Every
 *   other status stays: a reply to a new case does not triage it.
 * Every edge returned is an edge of CASE_TRANSITIONS that the event's actor (staff for the first
 * two, the requester for the last) may take; a closed case takes none (no new content reaches it).
 */
export function statusAfterWork(status: CaseStatus, event: CaseWorkEvent): CaseTransition[] {
  const path: CaseStatus[] = (() => {
    switch (event) {
      case 'assigned':
      case 'staff_message':
        if (status === 'new') return ['new', 'triaged', 'in_progress'];
        if (status === 'triaged') return ['triaged', 'in_progress'];
        return [];
      case 'requester_reply':
        return status === 'awaiting_requester' ? ['awaiting_requester', 'in_progress'] : [];
    }
  })();
  const actor = event === 'requester_reply' ? 'requester' : 'caseworker';
  const edges: CaseTransition[] = [];
  for (let i = 1; i < path.length; i += 1) {
    const edge = findTransition(path[i - 1]!, path[i]!);
    if (!edge || !edge.actors.includes(actor)) throw new Error(`statusAfterWork: no ${actor} edge ${path[i - 1]} → ${path[i]}`);
    edges.push(edge);
  }
  return edges;
}

/**
 * The status a requester is shown of their case (GET /requester/case `requesterStatus`):
 * - `closed`: the case is resolved, declined, closed or purged: the work on it has ended;
 * - `waiting_for_you`: the case is `awaiting_requester`: staff wait for the requester's answer;
 * - `answered`: otherwise, when the newest record the requester can read (their request, their
 *   replies and staff messages; never a note) is a staff message: read our message;
 * - `received`: otherwise: nobody has answered yet, or the requester wrote last; the team has it.
 * In that order: a closed case is closed even if staff wrote last.
 */
export const REQUESTER_STATUSES = ['received', 'answered', 'waiting_for_you', 'closed'] as const;
export type RequesterStatus = (typeof REQUESTER_STATUSES)[number];

export function requesterStatusOf(status: CaseStatus, newestSharedAuthor: 'staff' | 'requester' | null): RequesterStatus {
  if (status === 'resolved' || status === 'declined' || status === 'closed' || status === 'purged') return 'closed';
  if (status === 'awaiting_requester') return 'waiting_for_you';
  return newestSharedAuthor === 'staff' ? 'answered' : 'received';
}
