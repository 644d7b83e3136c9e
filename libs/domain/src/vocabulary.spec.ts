import { COUNTRY_CODES, countryCodeSchema, isCountryCode } from './countries';
import { REQUEST_LANGUAGES, languageTagSchema } from './languages';
import {
  CASE_STATUSES,
  DEFAULT_DESK_SLUGS,
  REQUEST_TYPES,
  ROLES,
  STAFF_ROLES,
  URGENCIES,
  caseStatusSchema,
  deskSlugSchema,
  requestTypeSchema,
  roleSchema,
  staffRoleSchema,
  urgencySchema,
} from './vocabulary';

describe('vocabulary', () => {
  test('the words of domain.md', () => {
    expect(ROLES).toEqual([
      'requester',
      'caseworker',
      'desk_lead',
      'finance_officer',
      'finance_approver',
      'programme_manager',
      'director',
      'admin',
      'auditor',
    ]);
    expect(DEFAULT_DESK_SLUGS).toEqual(['intake', 'psychological', 'legal', 'medical', 'relocation', 'finance', 'fellowship', 'programme']);
    expect(REQUEST_TYPES).toEqual(['psychological', 'legal', 'medical', 'relocation']);
    expect(URGENCIES).toEqual(['critical', 'high', 'normal', 'low']);
    expect(CASE_STATUSES).toEqual(['new', 'triaged', 'in_progress', 'awaiting_requester', 'resolved', 'declined', 'closed', 'purged']);
  });

  test('every request type has a default desk of the same name', () => {
    for (const type of REQUEST_TYPES) expect(DEFAULT_DESK_SLUGS).toContain(type);
  });

  test.each([
    ['role', roleSchema, ROLES, 'superuser'],
    ['staff role', staffRoleSchema, STAFF_ROLES, 'requester'],
    ['request type', requestTypeSchema, REQUEST_TYPES, 'financial'],
    ['urgency', urgencySchema, URGENCIES, 'urgent'],
    ['case status', caseStatusSchema, CASE_STATUSES, 'open'],
  ] as const)('%s schema accepts exactly its words', (_name, schema, words, stranger) => {
    for (const word of words) expect(schema.safeParse(word).success).toBe(true);
    expect(schema.safeParse(stranger).success).toBe(false);
    expect(schema.safeParse(words[0].toUpperCase()).success).toBe(false);
  });

  test('desk slugs', () => {
    for (const slug of [...DEFAULT_DESK_SLUGS, 'legal-kz', 'desk_2']) expect(deskSlugSchema.safeParse(slug).success).toBe(true);
    for (const slug of ['', 'a', '2legal', 'Legal', 'legal desk', 'légal', 'x'.repeat(41)]) expect(deskSlugSchema.safeParse(slug).success).toBe(false);
  });

  test('country codes: the 249 assigned ones, upper-case', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of ['KZ', 'KG', 'UZ', 'TJ', 'TM', 'AF', 'RU', 'CZ']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['kz', 'XK', 'EU', 'UK', 'ZZ', 'KAZ', '', 42]) expect(isCountryCode(code)).toBe(false);
    expect(countryCodeSchema.safeParse('SU').success).toBe(false);
  });

  test('request languages are valid tags, each once', () => {
    expect(new Set(REQUEST_LANGUAGES).size).toBe(REQUEST_LANGUAGES.length);
    for (const lang of REQUEST_LANGUAGES) expect(languageTagSchema.safeParse(lang).success).toBe(true);
  });
});
