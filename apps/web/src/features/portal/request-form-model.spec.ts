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
  const checked = checkRequestForm(type, draft);
  if (checked.ok) throw new Error('the form was accepted');
  return checked;
};

describe('draftValues', () => {
  it('keeps only answered fields, with numbers and yes/no turned into their types', () => {
    expect(draftValues('relocation', { ...RELOCATION, dependantsCount: ' 3 ', dependantsDetails: '' })).toEqual({
      type: 'relocation',
      threat: 'Followed home twice this week.',
      currentLocationSafety: 'unsafe_within_weeks',
      dependantsCount: 3,
      travelDocuments: 'valid_passport',
      country: 'KG',
      preferredLanguage: 'ky',
    });
    expect(draftValues('legal', { ...LEGAL, hasLawyer: 'yes' })).toMatchObject({ hasLawyer: true });
  });

  it('passes text that is not a whole number or yes/no through as it is, for the schema to refuse', () => {
    expect(draftValues('relocation', { ...RELOCATION, dependantsCount: '2.5' })).toMatchObject({ dependantsCount: '2.5' });
    expect(draftValues('legal', { ...LEGAL, hasLawyer: 'maybe' })).toMatchObject({ hasLawyer: 'maybe' });
  });

  it('ignores inputs that are not fields of the type', () => {
    expect(draftValues('legal', { ...LEGAL, threat: 'not a legal field' })).not.toHaveProperty('threat');
  });
});

describe('checkRequestForm', () => {
  it('accepts a complete legal request as the domain form, leaving unanswered optional fields out', () => {
    expect(checkRequestForm('legal', LEGAL)).toEqual({
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
    const checked = problems({ ...LEGAL, caseStage: '', nextCourtDate: '14/03/2025', hasLawyer: '', country: 'XX' });
    expect(checked.errors).toEqual([
      { name: 'caseStage', message: 'Choose one answer.' },
      { name: 'nextCourtDate', message: 'Enter a date as year, month and day, for example 2025-03-14.' },
      { name: 'hasLawyer', message: 'Choose yes or no.' },
      { name: 'country', message: 'Choose one of the answers in the list.' },
    ]);
    expect(checked.formError).toBeNull();
  });

  it('says the range of a number field, missing or not whole', () => {
    expect(problems({ ...RELOCATION, dependantsCount: '' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', message: 'Enter a number from 0 to 30.' }]);
    expect(problems({ ...RELOCATION, dependantsCount: '2.5' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', message: 'Enter a whole number from 0 to 30.' }]);
    expect(problems({ ...RELOCATION, dependantsCount: '31' }, 'relocation').errors).toEqual([{ name: 'dependantsCount', message: 'Enter a whole number from 0 to 30.' }]);
  });

  it('refuses a required text of blanks only, and an answer over its length with both lengths', () => {
    expect(problems({ ...RELOCATION, threat: '   ' }, 'relocation').errors).toEqual([{ name: 'threat', message: 'Answer this question.' }]);
    expect(problems({ ...LEGAL, courtDetails: 'x'.repeat(2_001) }).errors).toEqual([{ name: 'courtDetails', message: 'Use at most 2,000 characters: this answer has 2,001.' }]);
  });

  it('refuses, as a whole, answers that each fit their field but together would not fit one signed record', () => {
    // Control characters are allowed in answers and take six bytes each in the record's JSON.
    const long = (length: number) => '\u0001'.repeat(length);
    const draft = { ...RELOCATION, threat: long(5_000), dependantsDetails: long(2_000), documentsDetails: long(2_000), description: long(10_000) };
    expect(JSON.stringify(draftValues('relocation', draft)).length).toBeGreaterThan(CASE_RECORD_PLAINTEXT_MAX_BYTES);
    expect(checkRequestForm('relocation', draft)).toEqual({
      ok: false,
      errors: [],
      formError: 'Your answers are too long to send together. Shorten the longest ones; you can add details later as files or messages.',
    });
  });
});
