import { describe, expect, it } from '@jest/globals';
import { CASE_RECORD_PLAINTEXT_MAX_BYTES } from '@ashar/domain';
import { type Draft, checkRequestForm, draftValues } from './request-form-model';

/** A legal request answered in full, as the inputs hold it. */
const LEGAL: Draft = {
  caseStage: 'charged',
  nextCourtDate: '2025-03-14',
  courtDetails: 'District court',
  hasLawyer: 'no',
  lawyerDetails: '',
  country: 'KZ',
  preferredLanguage: 'ru',
  description: 'Detained after a protest.',
  contactDetails: '',
};

/** A relocation request answered in full. */
const RELOCATION: Draft = {
  threat: 'Followed home twice this week.',
  currentLocationSafety: 'unsafe_within_weeks',
  dependantsCount: '2',
  travelDocuments: 'valid_passport',
  country: 'KG',
  preferredLanguage: 'ky',
};

const problems = (draft: Draft, type: 'legal' | 'relocation' = 'legal') => {
  const checked = checkRequestForm(type, draft, 'en');
  if (checked.ok) throw new Error('the form was accepted');
  return checked;
};

describe('draftValues', () => {
  it('keeps only answered fields, with numbers and yes/no turned into their types', () => {
    expect(draftValues('relocation', { ...RELOCATION, dependantsCount: ' 3 ', dependantsDetails: '' }, 'en')).toEqual({
      type: 'relocation',
      threat: 'Followed home twice this week.',
      currentLocationSafety: 'unsafe_within_weeks',
      dependantsCount: 3,
      travelDocuments: 'valid_passport',
      country: 'KG',
      preferredLanguage: 'ky',
    });
    expect(draftValues('legal', { ...LEGAL, hasLawyer: 'yes' }, 'en')).toMatchObject({ hasLawyer: true });
  });

  it('passes text that is not a whole number or yes/no through as it is, for the schema to refuse', () => {
    expect(draftValues('relocation', { ...RELOCATION, dependantsCount: '2.5' }, 'en')).toMatchObject({ dependantsCount: '2.5' });
    expect(draftValues('legal', { ...LEGAL, hasLawyer: 'maybe' }, 'en')).toMatchObject({ hasLawyer: 'maybe' });
  });

  it('ignores inputs that are not fields of the type', () => {
    expect(draftValues('legal', { ...LEGAL, threat: 'not a legal field' }, 'en')).not.toHaveProperty('threat');
  });
});

describe('dates typed in the language order', () => {
  it('stores a date typed day first as ISO, and one typed as ISO as it is', () => {
    expect(checkRequestForm('legal', { ...LEGAL, nextCourtDate: '14.03.2025' }, 'ru')).toMatchObject({ ok: true, form: { nextCourtDate: '2025-03-14' } });
    expect(checkRequestForm('legal', { ...LEGAL, nextCourtDate: '2025-03-14' }, 'ky')).toMatchObject({ ok: true, form: { nextCourtDate: '2025-03-14' } });
    expect(problems({ ...LEGAL, nextCourtDate: '03/14/2025' }).errors).toEqual([{ name: 'nextCourtDate', problem: { key: 'problem.date' } }]);
  });
});

describe('checkRequestForm', () => {
  it('accepts a complete legal request as the domain form, leaving unanswered optional fields out', () => {
    expect(checkRequestForm('legal', LEGAL, 'en')).toEqual({
      ok: true,
      form: {
        type: 'legal',
        caseStage: 'charged',
        nextCourtDate: '2025-03-14',
        courtDetails: 'District court',
        hasLawyer: false,
        country: 'KZ',
        preferredLanguage: 'ru',
        description: 'Detained after a protest.',
      },
    });
  });

  it('names every refused field in the order of the form, each in plain words', () => {
    const checked = problems({ ...LEGAL, caseStage: '', nextCourtDate: '31/02/2025', hasLawyer: '', country: 'XX' });
    expect(checked.errors).toEqual([
      { name: 'caseStage', problem: { key: 'problem.chooseOne' } },
      { name: 'nextCourtDate', problem: { key: 'problem.date' } },
      { name: 'hasLawyer', problem: { key: 'problem.yesOrNo' } },
      { name: 'country', problem: { key: 'problem.chooseFromList' } },
    ]);
    expect(checked.formError).toBeNull();
  });

  it('says the range of a number field, missing or not whole', () => {
    expect(problems({ ...RELOCATION, dependantsCount: '' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', problem: { key: 'problem.number', values: { min: 0, max: 30 } } }]);
    expect(problems({ ...RELOCATION, dependantsCount: '2.5' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', problem: { key: 'problem.wholeNumber', values: { min: 0, max: 30 } } }]);
    expect(problems({ ...RELOCATION, dependantsCount: '31' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', problem: { key: 'problem.wholeNumber', values: { min: 0, max: 30 } } }]);
  });

  it('refuses a required text of blanks only, and an answer over its length with both lengths', () => {
    expect(problems({ ...RELOCATION, threat: '   ' }, 'relocation').errors).toEqual([{ name: 'threat', problem: { key: 'problem.answer' } }]);
    expect(problems({ ...LEGAL, courtDetails: 'x'.repeat(2_001) }).errors).toEqual([{ name: 'courtDetails', problem: { key: 'problem.tooLong', values: { max: 2_000, count: 2_001 } } }]);
  });

  it('refuses, as a whole, answers that each fit their field but together would not fit one signed record', () => {
    // Control characters are allowed in answers and take six bytes each in the record's JSON.
    const long = (length: number) => '\u0001'.repeat(length);
    const draft = { ...RELOCATION, threat: long(5_000), dependantsDetails: long(2_000), documentsDetails: long(2_000), description: long(10_000) };
    expect(JSON.stringify(draftValues('relocation', draft, 'en')).length).toBeGreaterThan(CASE_RECORD_PLAINTEXT_MAX_BYTES);
    expect(checkRequestForm('relocation', draft, 'en')).toEqual({
      ok: false,
      errors: [],
      formError: { key: 'problem.formTooLong' },
    });
  });
});
