import { type InboxDeskLoad, inboxKeysQuerySchema, mostUrgentDesk } from './inbox-api';

const load = (deskId: string, counts: Partial<Omit<InboxDeskLoad, 'deskId' | 'open'>> & { open?: Partial<InboxDeskLoad['open']> } = {}): InboxDeskLoad => ({
  deskId,
  overdue: counts.overdue ?? 0,
  unread: counts.unread ?? 0,
  open: { critical: 0, high: 0, normal: 0, low: 0, ...counts.open },
});

describe('mostUrgentDesk', () => {
  test('no desk, or no open case anywhere: null (the first desk opens)', () => {
    expect(mostUrgentDesk([])).toBeNull();
    expect(mostUrgentDesk([load('intake'), load('legal')])).toBeNull();
  });

  test('overdue work comes before any urgency', () => {
    const intake = load('intake', { open: { critical: 3 }, unread: 3 });
    const legal = load('legal', { overdue: 1, open: { low: 1 } });
    expect(mostUrgentDesk([intake, legal])).toBe('legal');
  });

  test('more overdue cases win among desks with overdue work', () => {
    expect(mostUrgentDesk([load('a', { overdue: 1, open: { critical: 1 } }), load('b', { overdue: 2, open: { low: 2 } })])).toBe('b');
  });

  test('without overdue work: the highest urgency, then more cases of it', () => {
    expect(mostUrgentDesk([load('intake', { open: { normal: 9 }, unread: 9 }), load('medical', { open: { high: 1 } })])).toBe('medical');
    expect(mostUrgentDesk([load('a', { open: { critical: 1, low: 5 } }), load('b', { open: { critical: 2 } })])).toBe('b');
    expect(mostUrgentDesk([load('a', { open: { high: 1 } }), load('b', { open: { critical: 1 } })])).toBe('b');
  });

  test('then unread requester activity', () => {
    expect(mostUrgentDesk([load('a', { open: { normal: 2 } }), load('b', { open: { normal: 2 }, unread: 1 })])).toBe('b');
  });

  test('a full tie keeps the order of the desk list; an empty desk never wins', () => {
    expect(mostUrgentDesk([load('a', { open: { low: 1 } }), load('b', { open: { low: 1 } })])).toBe('a');
    expect(mostUrgentDesk([load('empty'), load('b', { open: { low: 1 } })])).toBe('b');
  });
});

describe('inboxKeysQuerySchema', () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  test('a comma list of lower-case ids, at most a page, duplicates once', () => {
    expect(inboxKeysQuerySchema.parse({ ids: `${id(1)},${id(2)},${id(1)}` }).ids).toEqual([id(1), id(2)]);
    expect(inboxKeysQuerySchema.safeParse({ ids: 'AAAAAAAA-0000-4000-8000-000000000001' }).success).toBe(false);
    expect(inboxKeysQuerySchema.safeParse({ ids: '' }).success).toBe(false);
    expect(inboxKeysQuerySchema.safeParse({ ids: Array.from({ length: 101 }, (_, i) => id(i)).join(',') }).success).toBe(false);
    expect(inboxKeysQuerySchema.safeParse({ ids: id(1), extra: 'x' }).success).toBe(false);
  });
});
