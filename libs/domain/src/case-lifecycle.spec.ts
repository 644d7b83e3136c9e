import {
  CASE_TRANSITIONS,
  TRANSITION_ACTORS,
  allowedTransitions,
  assertTransition,
  canTransition,
  findTransition,
  type TransitionActor,
} from './case-lifecycle';
import { CaseError, DomainError } from './errors';
import { CASE_STATUSES, type CaseStatus } from './vocabulary';

// The expected lifecycle, written out independently of the implementation's table.
const EXPECTED: Record<string, readonly TransitionActor[]> = {
  'new>triaged': ['caseworker', 'desk_lead'],
  'new>declined': ['caseworker', 'desk_lead'],
  'triaged>declined': ['caseworker', 'desk_lead'],
  'triaged>in_progress': ['caseworker', 'desk_lead'],
  'in_progress>awaiting_requester': ['caseworker', 'desk_lead'],
  'awaiting_requester>in_progress': ['requester', 'caseworker', 'desk_lead'],
  'in_progress>resolved': ['caseworker', 'desk_lead'],
  'awaiting_requester>resolved': ['caseworker', 'desk_lead'],
  'resolved>closed': ['caseworker', 'desk_lead'],
  'declined>closed': ['caseworker', 'desk_lead'],
  'closed>in_progress': ['desk_lead'],
  'closed>purged': ['system'],
};

const triples = CASE_STATUSES.flatMap((from) =>
  CASE_STATUSES.flatMap((to) => TRANSITION_ACTORS.map((actor) => ({ from, to, actor, allowed: EXPECTED[`${from}>${to}`]?.includes(actor) ?? false }))),
);

describe('aid case lifecycle', () => {
  test.each(triples)('$from → $to by $actor: allowed=$allowed', ({ from, to, actor, allowed }) => {
    expect(canTransition(from, to, actor)).toBe(allowed);
    expect(allowedTransitions(from, actor).includes(to)).toBe(allowed);
    if (allowed) {
      expect(assertTransition(from, to, actor)).toMatchObject({ from, to });
    } else {
      const edgeExists = EXPECTED[`${from}>${to}`] !== undefined;
      expect(() => assertTransition(from, to, actor)).toThrow(
        expect.objectContaining({ code: edgeExists ? CaseError.TransitionForbidden : CaseError.InvalidTransition }),
      );
    }
  });

  test('the table has exactly the expected edges, each (from, to) once', () => {
    const keys = CASE_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('purged is terminal and only the system purges', () => {
    for (const actor of TRANSITION_ACTORS) expect(allowedTransitions('purged', actor)).toEqual([]);
    for (const status of CASE_STATUSES) {
      for (const actor of TRANSITION_ACTORS) {
        if (actor !== 'system') expect(canTransition(status, 'purged', actor)).toBe(false);
      }
    }
  });

  test('a reopened case can only be reopened from closed, never from purged', () => {
    expect(canTransition('closed', 'in_progress', 'desk_lead')).toBe(true);
    expect(canTransition('purged', 'in_progress', 'desk_lead')).toBe(false);
    expect(canTransition('closed', 'in_progress', 'caseworker')).toBe(false);
  });

  test('a desk lead may do everything a caseworker may', () => {
    for (const status of CASE_STATUSES) {
      const lead = allowedTransitions(status, 'desk_lead');
      for (const to of allowedTransitions(status, 'caseworker')) expect(lead).toContain(to);
    }
  });

  test('a requester can only reply to a case awaiting them', () => {
    const moves = CASE_STATUSES.flatMap((s) => allowedTransitions(s, 'requester').map((to) => `${s}>${to}`));
    expect(moves).toEqual(['awaiting_requester>in_progress']);
  });

  test('allowedTransitions keeps lifecycle order', () => {
    expect(allowedTransitions('new', 'caseworker')).toEqual(['triaged', 'declined']);
    expect(allowedTransitions('in_progress', 'caseworker')).toEqual(['awaiting_requester', 'resolved']);
    expect(allowedTransitions('closed', 'desk_lead')).toEqual(['in_progress']);
    expect(allowedTransitions('closed', 'system')).toEqual(['purged']);
  });

  test('transitions carry audit names', () => {
    expect(findTransition('closed', 'in_progress')?.name).toBe('reopen');
    expect(findTransition('awaiting_requester', 'in_progress')?.name).toBe('resume');
    expect(findTransition('triaged', 'declined')?.name).toBe('decline');
    expect(findTransition('closed', 'purged')?.name).toBe('purge');
    expect(findTransition('new', 'closed')).toBeUndefined();
  });

  test('errors are DomainErrors with ids only', () => {
    let caught: unknown;
    try {
      assertTransition('resolved', 'in_progress' as CaseStatus, 'caseworker');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'invalid-transition', details: { from: 'resolved', to: 'in_progress' } });

    expect(() => assertTransition('closed', 'purged', 'desk_lead')).toThrow(
      expect.objectContaining({ code: 'transition-forbidden', details: expect.objectContaining({ transition: 'purge', actor: 'desk_lead' }) }),
    );
  });
});
