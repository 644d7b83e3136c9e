import { describe, expect, it } from '@jest/globals';
import { CASE_STATUSES } from '@ashar/domain';
import { ASSIGNED_TO_ME, filterSummary, filtersFrom, filtersToParams, inboxQuery, toggled } from './inbox-filters';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('filtersFrom and filtersToParams', () => {
  it('reads an empty address as the defaults, which write no parameter at all', () => {
    const filters = filtersFrom(new URLSearchParams());
    expect(filters).toEqual({ desk: '', statuses: [], urgencies: [], types: [], due: 'any', sort: 'due', pageSize: 25 });
    expect(filtersToParams(filters).toString()).toBe('');
  });

  it('reads lists in the domain’s order and drops words it does not know', () => {
    const filters = filtersFrom(new URLSearchParams('status=triaged,bogus,new&urgency=critical&type=legal,cooking'));
    expect(filters).toMatchObject({ statuses: ['new', 'triaged'], urgencies: ['critical'], types: ['legal'] });
  });

  it('falls back to the defaults for an unknown due choice, sort or page size', () => {
    expect(filtersFrom(new URLSearchParams('due=tomorrow&sort=random&per=7'))).toMatchObject({ due: 'any', sort: 'due', pageSize: 25 });
  });

  it('writes back what it read, so the address survives going to a case and back', () => {
    const address = 'desk=d1&status=new%2Ctriaged&urgency=high&type=medical&due=24h&sort=created&per=50';
    expect(filtersToParams(filtersFrom(new URLSearchParams(address))).toString()).toBe(address);
  });
});

describe('inboxQuery', () => {
  it('asks for a desk’s cases with the due choice turned into an instant from now', () => {
    const filters = filtersFrom(new URLSearchParams('status=new&due=4h&per=10'));
    expect(inboxQuery(filters, 'd1', undefined, NOW)).toEqual({
      deskId: 'd1',
      statuses: ['new'],
      urgencies: [],
      types: [],
      dueBefore: '2026-03-01T16:00:00.000Z',
      sort: 'due',
      limit: 10,
    });
  });

  it('asks for the person’s own cases across desks, from the cursor of the page before', () => {
    const query = inboxQuery(filtersFrom(new URLSearchParams('due=overdue')), ASSIGNED_TO_ME, 'cursor-2', NOW);
    expect(query).toMatchObject({ assignee: 'me', dueBefore: '2026-03-01T12:00:00.000Z', after: 'cursor-2' });
    expect(query).not.toHaveProperty('deskId');
  });
});

describe('toggled', () => {
  it('adds or removes one word, keeping the domain’s order', () => {
    expect(toggled(['triaged'], 'new', true, CASE_STATUSES)).toEqual(['new', 'triaged']);
    expect(toggled(['new', 'triaged'], 'new', false, CASE_STATUSES)).toEqual(['triaged']);
  });
});

describe('filterSummary', () => {
  it('says there are none, or names each active filter in the domain’s order with the console’s words', () => {
    expect(filterSummary(filtersFrom(new URLSearchParams()))).toBe('none, every case shows');
    // The desk, the order and the page size are not filters of what shows.
    expect(filterSummary(filtersFrom(new URLSearchParams('desk=mine&sort=created&per=10')))).toBe('none, every case shows');
    expect(filterSummary(filtersFrom(new URLSearchParams('urgency=high,critical&status=new&type=legal&due=overdue')))).toBe(
      'Urgency: Critical, High · Status: New · Type: Legal · First response due: Already due',
    );
  });
});
