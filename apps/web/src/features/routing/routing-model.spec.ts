import { describe, expect, it } from '@jest/globals';
import { ROUTING_PRIORITY_MAX, type RoutingRuleView } from '@ashar/domain';
import { type DeskDirectoryEntry } from '../../api/desks';
import { type RuleDraft, deskName, draftOf, emptyDraft, routeFor, ruleOf, ruleWords, shadowedBy } from './routing-model';

const rule = (id: string, fields: Omit<RoutingRuleView, 'id'>): RoutingRuleView => ({ id, ...fields });

/** In the server's order: lowest priority first, equal priorities in the order they were added. */
const RULES: readonly RoutingRuleView[] = [
  rule('r1', { priority: 10, requestType: 'medical', country: 'KG', deskSlug: 'legal' }),
  rule('r2', { priority: 20, language: 'uz', deskSlug: 'relocation' }),
  rule('r3', { priority: 20, country: 'TJ', deskSlug: 'medical' }),
];

const DESKS = [
  { id: 'd1', slug: 'legal', name: 'Legal aid' },
  { id: 'd2', slug: 'medical', name: 'Medical help' },
] as unknown as DeskDirectoryEntry[];

const draft = (fields: Partial<RuleDraft>): RuleDraft => ({ priority: '10', requestType: '', country: '', language: '', deskSlug: 'legal', ...fields });

describe('emptyDraft', () => {
  it('suggests a priority one step after the last rule, with every criterion on any and no desk chosen', () => {
    expect(emptyDraft(RULES)).toEqual({ priority: '30', requestType: '', country: '', language: '', deskSlug: '' });
    expect(emptyDraft([])).toMatchObject({ priority: '10' });
  });

  it('never suggests a priority above the highest allowed', () => {
    expect(emptyDraft([rule('last', { priority: ROUTING_PRIORITY_MAX - 1, deskSlug: 'legal' })]).priority).toBe(String(ROUTING_PRIORITY_MAX));
  });
});

describe('ruleOf', () => {
  it('turns a draft into the rule it stands for, criteria left on any left out', () => {
    expect(ruleOf(draft({ priority: ' 15 ', requestType: 'legal', language: 'ru' }))).toEqual({ rule: { priority: 15, requestType: 'legal', language: 'ru', deskSlug: 'legal' } });
  });

  it('gives back the same rule for the draft of a saved rule', () => {
    const saved = RULES[0] as RoutingRuleView;
    const { id: _id, ...fields } = saved;
    expect(ruleOf(draftOf(saved))).toEqual({ rule: fields });
  });

  it.each(['', 'ten', '-1', '1.5', '1e3', String(ROUTING_PRIORITY_MAX + 1)])('refuses the priority %j in words', (priority) => {
    expect(ruleOf(draft({ priority }))).toEqual({ errors: { priority: 'Enter a whole number from 0 to 1,000,000.' } });
  });

  it('names each refused field at once: an unknown country and no desk', () => {
    expect(ruleOf(draft({ country: 'XX', deskSlug: '' }))).toEqual({
      errors: { country: 'Choose a country from the list, or any.', deskSlug: 'Choose the desk these requests go to.' },
    });
  });
});

describe('routeFor', () => {
  it('follows the first matching rule in the list and gives its 1-based number', () => {
    expect(routeFor(RULES, { type: 'medical', country: 'KG', language: 'ky' })).toEqual({ deskSlug: 'legal', ruleNumber: 1 });
  });

  it('takes, of two matching rules of equal priority, the one listed first', () => {
    expect(routeFor(RULES, { type: 'legal', country: 'TJ', language: 'uz' })).toEqual({ deskSlug: 'relocation', ruleNumber: 2 });
  });

  it('matches a language rule on regional variants of the language', () => {
    expect(routeFor(RULES, { type: 'legal', country: 'KZ', language: 'uz-Cyrl' })).toEqual({ deskSlug: 'relocation', ruleNumber: 2 });
  });

  it('sends a request no rule matches to the desk of its type', () => {
    expect(routeFor(RULES, { type: 'psychological', country: 'KZ', language: 'ru' })).toEqual({ deskSlug: 'psychological', ruleNumber: null });
  });

  it('leaves out a rule the portal could not have written, numbering the others by their place in the list', () => {
    const withBroken = [rule('bad', { priority: 1, deskSlug: 'NOT A SLUG' }), ...RULES];
    expect(routeFor(withBroken, { type: 'medical', country: 'KG', language: 'ru' })).toEqual({ deskSlug: 'legal', ruleNumber: 2 });
  });
});

describe('shadowedBy', () => {
  it('names the earlier rule that matches everything a later one does', () => {
    const rules = [rule('a', { priority: 5, country: 'KG', deskSlug: 'legal' }), rule('b', { priority: 6, requestType: 'medical', country: 'KG', deskSlug: 'medical' })];
    expect(shadowedBy(rules, 1)).toBe(1);
    expect(shadowedBy(rules, 0)).toBeNull();
  });

  it('counts a language rule as covering its regional variants, not the other way round', () => {
    const general = [rule('a', { priority: 5, language: 'uz', deskSlug: 'legal' }), rule('b', { priority: 6, language: 'uz-Cyrl', deskSlug: 'medical' })];
    expect(shadowedBy(general, 1)).toBe(1);
    const specific = [rule('a', { priority: 5, language: 'uz-Cyrl', deskSlug: 'legal' }), rule('b', { priority: 6, language: 'uz', deskSlug: 'medical' })];
    expect(shadowedBy(specific, 1)).toBeNull();
  });

  it('does not count an earlier rule narrower on any criterion', () => {
    expect(shadowedBy(RULES, 2)).toBeNull();
    expect(shadowedBy(RULES, 1)).toBeNull();
  });
});

describe('ruleWords and deskName', () => {
  it('reads a rule as a sentence, with the desk by its name', () => {
    expect(ruleWords({ priority: 10, requestType: 'medical', country: 'KG', deskSlug: 'legal' }, DESKS)).toBe('Medical requests about Kyrgyzstan (KG) in any language, to Legal aid');
    expect(ruleWords({ priority: 10, language: 'ru', deskSlug: 'medical' }, DESKS)).toBe('Requests of any type about any country in Russian (ru), to Medical help');
  });

  it('falls back to the slug for a desk the directory does not have', () => {
    expect(deskName(DESKS, 'intake')).toBe('intake');
  });
});
