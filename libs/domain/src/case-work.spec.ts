import { CASE_WORK_EVENTS, requesterStatusOf, statusAfterWork } from './case-work';
import { CASE_STATUSES } from './vocabulary';

const path = (status: Parameters<typeof statusAfterWork>[0], event: Parameters<typeof statusAfterWork>[1]) =>
  statusAfterWork(status, event).map((e) => `${e.from}>${e.to}:${e.name}`);

describe('statusAfterWork', () => {
  test('assignment and a staff message take a new case through triage to in_progress', () => {
    expect(path('new', 'assigned')).toEqual(['new>triaged:triage', 'triaged>in_progress:start']);
    expect(path('new', 'staff_message')).toEqual(['new>triaged:triage', 'triaged>in_progress:start']);
    expect(path('triaged', 'assigned')).toEqual(['triaged>in_progress:start']);
    expect(path('triaged', 'staff_message')).toEqual(['triaged>in_progress:start']);
  });

  test('a requester reply resumes a case awaiting them, and moves nothing else', () => {
    expect(path('awaiting_requester', 'requester_reply')).toEqual(['awaiting_requester>in_progress:resume']);
    for (const status of CASE_STATUSES.filter((s) => s !== 'awaiting_requester')) expect(path(status, 'requester_reply')).toEqual([]);
  });

  test('staff work leaves every status past triage as it is', () => {
    for (const status of ['in_progress', 'awaiting_requester', 'resolved', 'declined', 'closed', 'purged'] as const) {
      expect(path(status, 'assigned')).toEqual([]);
      expect(path(status, 'staff_message')).toEqual([]);
    }
  });

  test('every edge chains from the status and ends in_progress', () => {
    for (const status of CASE_STATUSES) {
      for (const event of CASE_WORK_EVENTS) {
        const edges = statusAfterWork(status, event);
        let at = status;
        for (const edge of edges) {
          expect(edge.from).toBe(at);
          at = edge.to;
        }
        if (edges.length > 0) expect(at).toBe('in_progress');
      }
    }
  });
});

describe('requesterStatusOf', () => {
  test('ended cases are closed whoever wrote last', () => {
    for (const status of ['resolved', 'declined', 'closed', 'purged'] as const) {
      expect(requesterStatusOf(status, 'staff')).toBe('closed');
      expect(requesterStatusOf(status, 'requester')).toBe('closed');
    }
  });
  test('a case awaiting the requester waits for them', () => {
    expect(requesterStatusOf('awaiting_requester', 'staff')).toBe('waiting_for_you');
    expect(requesterStatusOf('awaiting_requester', 'requester')).toBe('waiting_for_you');
  });
  test('an open case is answered when staff wrote last, else received', () => {
    for (const status of ['new', 'triaged', 'in_progress'] as const) {
      expect(requesterStatusOf(status, 'staff')).toBe('answered');
      expect(requesterStatusOf(status, 'requester')).toBe('received');
      expect(requesterStatusOf(status, null)).toBe('received');
    }
  });
});
