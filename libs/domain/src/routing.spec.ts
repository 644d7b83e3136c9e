import fc from 'fast-check';
import { languageMatches, languageTagSchema } from './languages';
import { receivingDesk, routeRequest, routingRuleMatches, routingRuleSchema, type RoutingRule } from './routing';
import { REQUEST_TYPES } from './vocabulary';

describe('routeRequest', () => {
  const rules: RoutingRule[] = [
    { priority: 50, deskSlug: 'legal-central-asia', requestType: 'legal' },
    { priority: 10, deskSlug: 'relocation-kz-ru', requestType: 'relocation', country: 'KZ', language: 'ru' },
    { priority: 20, deskSlug: 'relocation-kz', requestType: 'relocation', country: 'KZ' },
    { priority: 30, deskSlug: 'uzbek-speakers', language: 'uz' },
    { priority: 40, deskSlug: 'kyrgyzstan', country: 'KG' },
  ];

  test('with no rules the desk named after the type is chosen', () => {
    for (const type of REQUEST_TYPES) expect(routeRequest([], { type, country: 'KZ', language: 'ru' })).toEqual({ deskSlug: type, rule: null });
  });

  test('the lowest priority number among matching rules wins, whatever the order given', () => {
    const input = { type: 'relocation', country: 'KZ', language: 'ru-KZ' } as const;
    expect(routeRequest(rules, input).deskSlug).toBe('relocation-kz-ru');
    expect(routeRequest([...rules].reverse(), input).deskSlug).toBe('relocation-kz-ru');
  });

  test('a more specific rule with a worse priority loses', () => {
    const r: RoutingRule[] = [
      { priority: 1, deskSlug: 'everything-kz', country: 'KZ' },
      { priority: 2, deskSlug: 'legal-kz-ru', requestType: 'legal', country: 'KZ', language: 'ru' },
    ];
    expect(routeRequest(r, { type: 'legal', country: 'KZ', language: 'ru' }).deskSlug).toBe('everything-kz');
  });

  test('equal priorities: the earlier rule wins', () => {
    const a: RoutingRule = { priority: 5, deskSlug: 'first', country: 'TJ' };
    const b: RoutingRule = { priority: 5, deskSlug: 'second', requestType: 'medical' };
    expect(routeRequest([a, b], { type: 'medical', country: 'TJ' }).rule).toBe(a);
    expect(routeRequest([b, a], { type: 'medical', country: 'TJ' }).rule).toBe(b);
  });

  test('absent criteria are wildcards; present ones must all match', () => {
    expect(routeRequest(rules, { type: 'relocation', country: 'KZ', language: 'kk' }).deskSlug).toBe('relocation-kz');
    expect(routeRequest(rules, { type: 'medical', country: 'KZ', language: 'uz' }).deskSlug).toBe('uzbek-speakers');
    expect(routeRequest(rules, { type: 'psychological', country: 'KG', language: 'ky' }).deskSlug).toBe('kyrgyzstan');
    expect(routeRequest(rules, { type: 'legal', country: 'KG', language: 'ky' }).deskSlug).toBe('kyrgyzstan');
    expect(routeRequest(rules, { type: 'legal', country: 'TM', language: 'tk' }).deskSlug).toBe('legal-central-asia');
    expect(routeRequest(rules, { type: 'medical', country: 'TM', language: 'tk' })).toEqual({ deskSlug: 'medical', rule: null });
  });

  test('a rule with a country or language does not match a request without one', () => {
    expect(routeRequest(rules, { type: 'relocation' }).deskSlug).toBe('relocation');
    expect(routeRequest(rules, { type: 'relocation', country: 'KZ' }).deskSlug).toBe('relocation-kz');
  });

  test('language ranges follow BCP 47 basic filtering, case-insensitively', () => {
    expect(languageMatches('ru', 'ru')).toBe(true);
    expect(languageMatches('ru', 'ru-KZ')).toBe(true);
    expect(languageMatches('RU', 'ru-kz')).toBe(true);
    expect(languageMatches('uz-Cyrl', 'uz-Cyrl-UZ')).toBe(true);
    expect(languageMatches('ru-KZ', 'ru')).toBe(false);
    expect(languageMatches('r', 'ru')).toBe(false);
    expect(languageMatches('ru', 'rue')).toBe(false);
  });

  test('the chosen rule matches, and no better-priority rule does (property)', () => {
    const ruleArb = fc.record(
      {
        priority: fc.integer({ min: 0, max: 5 }),
        deskSlug: fc.constantFrom('a-desk', 'b-desk', 'c-desk'),
        requestType: fc.constantFrom(...REQUEST_TYPES),
        country: fc.constantFrom('KZ', 'KG', 'UZ'),
        language: fc.constantFrom('ru', 'kk', 'ru-KZ'),
      },
      { requiredKeys: ['priority', 'deskSlug'] },
    );
    const inputArb = fc.record(
      { type: fc.constantFrom(...REQUEST_TYPES), country: fc.constantFrom('KZ', 'KG', 'UZ'), language: fc.constantFrom('ru', 'kk', 'ru-KZ') },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), inputArb, (rs, input) => {
        const { deskSlug, rule } = routeRequest(rs, input);
        const matching = rs.filter((r) => routingRuleMatches(r, input));
        if (rule === null) return matching.length === 0 && deskSlug === input.type;
        const firstBest = matching.find((r) => r.priority === Math.min(...matching.map((m) => m.priority)));
        return rule === firstBest && deskSlug === rule.deskSlug;
      }),
    );
  });
});

describe('routingRuleSchema', () => {
  const valid = { priority: 10, requestType: 'legal', country: 'KZ', language: 'ru-KZ', deskSlug: 'legal' };

  test('accepts a full rule and a bare one', () => {
    expect(routingRuleSchema.parse(valid)).toEqual(valid);
    expect(routingRuleSchema.parse({ priority: 0, deskSlug: 'intake' })).toEqual({ priority: 0, deskSlug: 'intake' });
  });

  test.each([
    ['lower-case country', { country: 'kz' }],
    ['unassigned country code', { country: 'XK' }],
    ['three-letter country', { country: 'KAZ' }],
    ['language with spaces', { language: 'ru KZ' }],
    ['overlong language tag', { language: 'abc-abcdefgh-abcdefgh-abcdefgh-abcdefgh' }],
    ['one-letter language', { language: 'r' }],
    ['unknown request type', { requestType: 'financial' }],
    ['negative priority', { priority: -1 }],
    ['fractional priority', { priority: 1.5 }],
    ['huge priority', { priority: 10_000_001 }],
    ['desk slug with capitals', { deskSlug: 'Legal' }],
    ['overlong desk slug', { deskSlug: 'd'.repeat(41) }],
    ['unknown key', { desk: 'legal' }],
  ])('rejects %s', (_name, change) => {
    expect(routingRuleSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  test('language tags are bounded at 35 characters', () => {
    expect(languageTagSchema.safeParse('zh-Hant-TW').success).toBe(true);
    expect(languageTagSchema.safeParse('sgn-BE-FR').success).toBe(true);
    const long = 'abc-abcdefgh-abcdefgh-abcdefgh-abcdefgh';
    expect(long.length).toBeGreaterThan(35);
    expect(languageTagSchema.safeParse(long).success).toBe(false);
    expect(languageTagSchema.safeParse(long.slice(0, 30)).success).toBe(true);
  });
});

describe('receivingDesk', () => {
  it('keeps the routed desk when it can receive, and gives a desk that cannot (or does not exist) to intake', () => {
    const keyed = new Set(['intake', 'legal']);
    const canReceive = (slug: string) => keyed.has(slug);
    expect(receivingDesk('legal', canReceive)).toBe('legal');
    expect(receivingDesk('medical', canReceive)).toBe('intake');
    expect(receivingDesk('no-such-desk', canReceive)).toBe('intake');
    // Intake stays intake even without a key: the portal says so before any form, and the api refuses.
    expect(receivingDesk('intake', () => false)).toBe('intake');
  });
});
