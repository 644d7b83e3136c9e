import { defineAbilityFor } from './ability';
import { zonedMoment } from './call-time';
import { type CallStatus, type CallTiming, assertCallOpen, callEditable, callPhase, callTextFor, callTransition, quotaProblem, withinQuotas } from './calls';
import { CALL_DESCRIPTION_MAX, callAnswersSchema, callInputSchema, type CallInput } from './contracts/calls';
import { CallError, isDomainError } from './errors';
import { type StaffPrincipal } from './principal';
import { type StaffRole } from './vocabulary';

const closes = zonedMoment('2026-12-14T24:00', 'Asia/Almaty').instant; // 2026-12-14T19:00:00Z
const opens = zonedMoment('2026-11-20T09:00', 'Asia/Almaty').instant;
const call = (status: CallStatus): CallTiming => ({ status, opensAt: opens, closesAt: closes });
const at = (iso: string) => new Date(iso);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'none';
}

describe('the phase of a call', () => {
  it('resolves a published call by the clock: upcoming, open from its opening instant, closed from its closing instant', () => {
    expect(callPhase(call('published'), at('2026-11-20T03:59:59Z'))).toBe('upcoming');
    expect(callPhase(call('published'), at('2026-11-20T04:00:00Z'))).toBe('open');
    expect(callPhase(call('published'), at('2026-12-14T18:59:59Z'))).toBe('open');
    expect(callPhase(call('published'), at('2026-12-14T19:00:00Z'))).toBe('closed');
    for (const status of ['draft', 'closed', 'decided', 'archived'] as const) expect(callPhase(call(status), at('2026-12-01T00:00:00Z'))).toBe(status);
  });

  it('takes an application one second before the deadline and refuses one a second after', () => {
    expect(() => assertCallOpen(call('published'), at('2026-12-14T18:59:59Z'))).not.toThrow();
    expect(codeOf(() => assertCallOpen(call('published'), at('2026-12-14T19:00:00Z')))).toBe(CallError.CallClosed);
    expect(codeOf(() => assertCallOpen(call('published'), at('2026-12-14T19:00:01Z')))).toBe(CallError.CallClosed);
    expect(codeOf(() => assertCallOpen(call('published'), at('2026-11-01T00:00:00Z')))).toBe(CallError.CallNotOpen);
    expect(codeOf(() => assertCallOpen(call('draft'), at('2026-12-01T00:00:00Z')))).toBe(CallError.CallNotOpen);
    expect(codeOf(() => assertCallOpen(call('closed'), at('2026-12-01T00:00:00Z')))).toBe(CallError.CallClosed);
  });
});

describe('the call lifecycle', () => {
  const before = at('2026-12-01T00:00:00Z');
  const after = at('2026-12-15T00:00:00Z');

  it('publishes a draft whose deadline is ahead, and no other', () => {
    expect(callTransition(call('draft'), 'publish', before)).toBe('published');
    expect(codeOf(() => callTransition(call('draft'), 'publish', after))).toBe(CallError.CallState);
    expect(codeOf(() => callTransition(call('published'), 'publish', before))).toBe(CallError.CallState);
  });

  it('closes early only before the deadline; decides a closed call; archives a decided call or a draft', () => {
    expect(callTransition(call('published'), 'close', before)).toBe('closed');
    expect(codeOf(() => callTransition(call('published'), 'close', after))).toBe(CallError.CallState);
    expect(codeOf(() => callTransition(call('draft'), 'close', before))).toBe(CallError.CallState);
    expect(callTransition(call('published'), 'decide', after)).toBe('decided');
    expect(callTransition(call('closed'), 'decide', before)).toBe('decided');
    expect(codeOf(() => callTransition(call('published'), 'decide', before))).toBe(CallError.CallState);
    expect(callTransition(call('decided'), 'archive', after)).toBe('archived');
    expect(callTransition(call('draft'), 'archive', after)).toBe('archived');
    expect(codeOf(() => callTransition(call('published'), 'archive', before))).toBe(CallError.CallState);
    expect(codeOf(() => callTransition(call('archived'), 'archive', after))).toBe(CallError.CallState);
  });

  it('lets a call be edited while a draft and before its deadline, never after', () => {
    expect(callEditable(call('draft'), after)).toBe(true);
    expect(callEditable(call('published'), before)).toBe(true);
    expect(callEditable(call('published'), after)).toBe(false);
    expect(callEditable(call('decided'), before)).toBe(false);
  });
});

describe('quotas and texts', () => {
  it('keeps each country’s quota within the total', () => {
    expect(quotaProblem({ total: 12, perCountry: { KZ: 6, KG: 6 } })).toBeNull();
    expect(quotaProblem({ total: null, perCountry: { KZ: 60 } })).toBeNull();
    expect(quotaProblem({ total: 5, perCountry: { KZ: 6 } })).toContain('KZ');
  });

  it('counts a further acceptance against the total and the country', () => {
    const quotas = { total: 12, perCountry: { KZ: 6 } };
    expect(withinQuotas(quotas, { total: 11, perCountry: { KZ: 5 } }, 'KZ')).toBe(true);
    expect(withinQuotas(quotas, { total: 11, perCountry: { KZ: 6 } }, 'KZ')).toBe(false);
    expect(withinQuotas(quotas, { total: 12, perCountry: {} }, 'TJ')).toBe(false);
    expect(withinQuotas(quotas, { total: 3, perCountry: { KZ: 6 } }, 'UZ')).toBe(true);
  });

  it('shows the reader’s language when the call has it, English otherwise', () => {
    const en = { title: 'Fellowship', description: 'd', eligibility: 'e' };
    const ru = { title: 'Стажировка', description: 'д', eligibility: 'у' };
    expect(callTextFor({ en, ru }, 'ru')).toEqual({ text: ru, lang: 'ru' });
    expect(callTextFor({ en, ru }, 'kk')).toEqual({ text: en, lang: 'en' });
  });
});

const mediaCall: CallInput = {
  kind: 'media_grants',
  texts: {
    en: { title: 'Support for independent media', description: 'Up to 12 outlets, up to six in each country.', eligibility: 'Registered media outlets in Kazakhstan and Kyrgyzstan.' },
    ru: { title: 'Поддержка независимых СМИ', description: 'До 12 редакций, не более шести из каждой страны.', eligibility: 'Зарегистрированные СМИ Казахстана и Кыргызстана.' },
  },
  form: [
    { name: 'outlet', kind: 'text', required: true, maxLength: 200, label: { en: 'Name of the outlet', ru: 'Название издания' } },
    { name: 'motivation', kind: 'textarea', required: true, maxLength: 8000, label: { en: 'Motivation letter' } },
    { name: 'country', kind: 'select', required: true, label: { en: 'Country' }, options: [{ value: 'kz', label: { en: 'Kazakhstan' } }, { value: 'kg', label: { en: 'Kyrgyzstan' } }] },
    { name: 'staff', kind: 'number', required: false, min: 1, max: 500, label: { en: 'Staff' } },
  ],
  quotas: { total: 12, perCountry: { KZ: 6, KG: 6 } },
  timeZone: 'Asia/Almaty',
  opensLocal: '2026-11-20T09:00',
  closesLocal: '2026-12-14T24:00',
  decisionOn: '2026-12-21',
  notifyOn: '2026-12-25',
};

describe('the call contract', () => {
  it('accepts a whole call and refuses what breaks a bound or a rule', () => {
    expect(callInputSchema.safeParse(mediaCall).success).toBe(true);
    const refused = (patch: object) => callInputSchema.safeParse({ ...mediaCall, ...patch }).success;
    expect(refused({ texts: { ru: mediaCall.texts.ru } })).toBe(false); // English is required
    expect(refused({ texts: { ...mediaCall.texts, fr: mediaCall.texts.en } })).toBe(false); // not a UI language
    expect(refused({ texts: { en: { ...mediaCall.texts.en, description: 'x'.repeat(CALL_DESCRIPTION_MAX + 1) } } })).toBe(false);
    expect(refused({ texts: { en: { ...mediaCall.texts.en, title: '   ' } } })).toBe(false);
    expect(refused({ quotas: { total: 5, perCountry: { KZ: 6 } } })).toBe(false);
    expect(refused({ quotas: { total: 5, perCountry: { XX: 1 } } })).toBe(false);
    expect(refused({ notifyOn: '2026-12-20' })).toBe(false);
    expect(refused({ closesLocal: '2026-12-14T24:30' })).toBe(false);
    expect(refused({ timeZone: 'A'.repeat(65) })).toBe(false);
    expect(refused({ form: [...mediaCall.form, mediaCall.form[0]] })).toBe(false); // a name twice
    expect(refused({ form: Array.from({ length: 41 }, (_, i) => ({ name: `f${i}`, kind: 'boolean', required: false, label: { en: 'x' } })) })).toBe(false);
    expect(refused({ form: [{ name: 'cv', kind: 'text', required: true, maxLength: 20_001, label: { en: 'CV' } }] })).toBe(false);
    expect(refused({ extra: true })).toBe(false);
  });

  it('turns the form into the schema of an application’s answers', () => {
    const answers = callAnswersSchema(mediaCall.form);
    expect(answers.safeParse({ outlet: 'Vlast', motivation: 'We report.', country: 'kz' }).success).toBe(true);
    expect(answers.safeParse({ outlet: 'Vlast', motivation: 'We report.', country: 'tj' }).success).toBe(false);
    expect(answers.safeParse({ outlet: 'Vlast', country: 'kz' }).success).toBe(false);
    expect(answers.safeParse({ outlet: 'Vlast', motivation: 'x', country: 'kz', staff: 501 }).success).toBe(false);
    expect(answers.safeParse({ outlet: 'Vlast', motivation: 'x', country: 'kz', other: 1 }).success).toBe(false);
  });
});

describe('who may run calls', () => {
  const staff = (roles: StaffRole[]): StaffPrincipal => ({ kind: 'staff', userId: '11111111-1111-4111-8111-111111111111', roles, deskIds: [], leadDeskIds: [] });

  it('gives programme managers the calls and applications, never aid cases', () => {
    const pm = defineAbilityFor(staff(['programme_manager']));
    for (const action of ['create', 'read', 'update'] as const) expect(pm.can(action, 'FellowshipCall')).toBe(true);
    expect(pm.can('review', 'FellowshipApplication')).toBe(true);
    expect(pm.can('read', 'AidCase')).toBe(false);
  });

  it('gives no call and no application to an admin, a caseworker or an anonymous visitor', () => {
    for (const roles of [['admin'], ['caseworker'], ['finance_officer'], ['auditor']] as StaffRole[][]) {
      const ability = defineAbilityFor(staff(roles));
      expect({ roles, call: ability.can('update', 'FellowshipCall'), read: ability.can('read', 'FellowshipApplication') }).toEqual({ roles, call: false, read: false });
    }
    // Even an admin whose data wrongly also says programme manager (the database forbids it).
    const mixed = defineAbilityFor(staff(['admin', 'programme_manager']));
    expect([mixed.can('read', 'FellowshipApplication'), mixed.can('create', 'FellowshipCall')]).toEqual([false, false]);
    const anonymous = defineAbilityFor({ kind: 'anonymous' });
    expect([anonymous.can('read', 'FellowshipCall'), anonymous.can('read', 'FellowshipApplication')]).toEqual([false, false]);
  });
});
