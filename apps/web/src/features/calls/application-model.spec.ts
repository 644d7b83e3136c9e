import { describe, expect, it } from '@jest/globals';
import { type CallFormField, CASE_RECORD_PLAINTEXT_MAX_BYTES } from '@ashar/domain';
import { type ApplicationDraft, answerErrorName, callLabel, checkApplication, draftOf, emptyDraft } from './application-model';

/** A call's form with one field of each kind. */
const FORM: CallFormField[] = [
  { name: 'outlet', kind: 'text', required: true, maxLength: 20, label: { en: 'Name of the outlet', ru: 'Название издания' } },
  { name: 'motivation', kind: 'textarea', required: false, maxLength: 8000, label: { en: 'Motivation letter' } },
  {
    name: 'reach',
    kind: 'select',
    required: true,
    label: { en: 'Audience' },
    options: [
      { value: 'national', label: { en: 'The whole country', ru: 'Вся страна' } },
      { value: 'regional', label: { en: 'One region' } },
    ],
  },
  { name: 'founded', kind: 'date', required: false, label: { en: 'Founded on' } },
  { name: 'staff', kind: 'number', required: true, min: 1, max: 500, label: { en: 'Staff' } },
  { name: 'registered', kind: 'boolean', required: true, label: { en: 'Registered' } },
];

const ANSWERED: ApplicationDraft = {
  kind: 'organisation',
  organisationName: '  Vlast.kz ',
  contactPerson: 'Aigerim, +7 701 555 0101',
  country: 'KZ',
  language: 'ru',
  answers: { outlet: 'Vlast', motivation: '', reach: 'regional', founded: '14.03.2012', staff: '12', registered: 'yes' },
};

const problems = (draft: ApplicationDraft) => {
  const checked = checkApplication(FORM, draft, 'ru');
  if (checked.ok) throw new Error('the application was accepted');
  return Object.fromEntries(checked.errors.map((e) => [e.name, e.problem.key]));
};

describe('an application as the applicant fills it in', () => {
  it('turns a complete draft into what the worker encrypts: typed answers, the organisation trimmed, the facts in clear', () => {
    const checked = checkApplication(FORM, ANSWERED, 'ru');
    expect(checked).toEqual({
      ok: true,
      applicantKind: 'organisation',
      country: 'KZ',
      language: 'ru',
      content: {
        answers: { outlet: 'Vlast', reach: 'regional', founded: '2012-03-14', staff: 12, registered: true },
        organisation: { name: 'Vlast.kz', contactPerson: 'Aigerim, +7 701 555 0101' },
      },
    });
  });

  it('keeps no organisation for a person, even when its fields were typed before switching', () => {
    const checked = checkApplication(FORM, { ...ANSWERED, kind: 'person' }, 'ru');
    expect(checked.ok && checked.content).toEqual({ answers: expect.any(Object) });
  });

  it('refuses every missing or wrong answer at its field, in plain words', () => {
    expect(problems({ ...emptyDraft('ru'), country: '', language: 'xx' })).toEqual({
      kind: 'calls:apply.problem.kind',
      country: 'calls:apply.problem.country',
      language: 'calls:apply.problem.language',
      [answerErrorName('outlet')]: 'problem.answer',
      [answerErrorName('reach')]: 'problem.chooseOne',
      [answerErrorName('staff')]: 'problem.number',
      [answerErrorName('registered')]: 'problem.yesOrNo',
    });
    expect(problems({ ...ANSWERED, organisationName: '   ', contactPerson: '' })).toEqual({
      organisationName: 'calls:apply.problem.organisationName',
      contactPerson: 'calls:apply.problem.contactPerson',
    });
    expect(problems({ ...ANSWERED, answers: { ...ANSWERED.answers, outlet: 'x'.repeat(21), reach: 'global', founded: '14.13.2012', staff: '2.5' } })).toEqual({
      [answerErrorName('outlet')]: 'problem.tooLong',
      [answerErrorName('reach')]: 'problem.chooseFromList',
      [answerErrorName('founded')]: 'problem.date',
      [answerErrorName('staff')]: 'problem.wholeNumber',
    });
    expect(problems({ ...ANSWERED, organisationName: 'x'.repeat(201) })).toEqual({ organisationName: 'problem.tooLong' });
    expect(problems({ ...ANSWERED, country: 'XK' })).toEqual({ country: 'calls:apply.problem.country' });
  });

  it('refuses answers too long for one record as a whole', () => {
    const long: CallFormField[] = Array.from({ length: 8 }, (_, i) => ({ name: `part${i}`, kind: 'textarea' as const, required: true, maxLength: 20_000, label: { en: `Part ${i}` } }));
    const answers = Object.fromEntries(long.map((f) => [f.name, 'ж'.repeat(Math.ceil(CASE_RECORD_PLAINTEXT_MAX_BYTES / 2 / long.length) + 10)]));
    const checked = checkApplication(long, { ...ANSWERED, answers }, 'en');
    expect(checked).toEqual({ ok: false, errors: [], formError: { key: 'problem.formTooLong' } });
  });

  it('gives back the draft of an opened version to edit, dates in the language’s order', () => {
    const checked = checkApplication(FORM, ANSWERED, 'ru');
    if (!checked.ok) throw new Error('refused');
    const draft = draftOf(FORM, checked.content, { applicantKind: 'organisation', country: 'KZ', language: 'ru' }, 'en');
    expect(draft).toEqual({
      kind: 'organisation',
      organisationName: 'Vlast.kz',
      contactPerson: 'Aigerim, +7 701 555 0101',
      country: 'KZ',
      language: 'ru',
      answers: { outlet: 'Vlast', reach: 'regional', founded: '14/03/2012', staff: '12', registered: 'yes' },
    });
    // And that draft checks to the same content again (a new version that changes nothing).
    const again = checkApplication(FORM, draft, 'en');
    expect(again.ok && again.content).toEqual(checked.content);
  });

  it('shows the call’s labels in the reader’s language, English where the call has none in it', () => {
    expect(callLabel(FORM[0]!.label, 'ru')).toEqual({ text: 'Название издания', lang: 'ru' });
    expect(callLabel(FORM[0]!.label, 'kk')).toEqual({ text: 'Name of the outlet', lang: 'en' });
  });
});
