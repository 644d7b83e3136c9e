import fc from 'fast-check';
import { FIELD_KINDS, fieldSchema, optionLabelKey, type FieldDescriptor, type SelectFieldDescriptor } from './form-fields';
import {
  COMMON_REQUEST_FIELDS,
  DESCRIPTION_MAX,
  REQUEST_FORM_FIELDS,
  anyRequestFormSchema,
  legalRequestSchema,
  noScriptRequestSchema,
  REQUEST_FORM_SCHEMAS,
  requestFormFields,
  requestFormSchema,
  requestRoutingFacts,
  type LegalRequest,
  type RequestForm,
} from './request-forms';
import { REQUEST_TYPES, type RequestType } from './vocabulary';

/** A smallest valid value for each field: what a careful requester would type. */
function sampleValue(field: FieldDescriptor): unknown {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return 'x';
    case 'select':
      return field.options[0];
    case 'date':
      return '2025-06-01';
    case 'number':
      return field.min;
    case 'boolean':
      return false;
  }
}

function validForm(type: RequestType, { optional = true } = {}): Record<string, unknown> {
  const form: Record<string, unknown> = { type };
  for (const field of REQUEST_FORM_FIELDS[type]) if (field.required || optional) form[field.name] = sampleValue(field);
  return form;
}

const fieldsOf = (type: RequestType): readonly FieldDescriptor[] => REQUEST_FORM_FIELDS[type];
const allFields = REQUEST_TYPES.flatMap((type) => fieldsOf(type).map((field) => ({ type, field, name: `${type}.${field.name}` })));
const textFields = allFields.filter((f) => f.field.kind === 'text' || f.field.kind === 'textarea');
const requiredFields = allFields.filter((f) => f.field.required);

describe('request forms', () => {
  test.each(REQUEST_TYPES)('%s: a form with every field, and one with only required fields, pass', (type) => {
    const full = validForm(type);
    expect(REQUEST_FORM_SCHEMAS[type].parse(full)).toEqual(full);
    expect(requestFormSchema.parse(full)).toEqual(full);
    expect(requestFormSchema.safeParse(validForm(type, { optional: false })).success).toBe(true);
  });

  test.each(REQUEST_TYPES)('%s: asks for country, preferred language, and optional description and contact', (type) => {
    const byName = new Map(fieldsOf(type).map((f) => [f.name, f]));
    expect(byName.get('country')).toMatchObject({ kind: 'select', required: true });
    expect(byName.get('preferredLanguage')).toMatchObject({ kind: 'select', required: true });
    expect(byName.get('description')).toMatchObject({ kind: 'textarea', required: false });
    expect(byName.get('contactDetails')).toMatchObject({ kind: 'textarea', required: false });
    expect(requestFormFields(type)).toBe(REQUEST_FORM_FIELDS[type]);
  });

  test('each type asks its own questions', () => {
    const names = (type: RequestType) => fieldsOf(type).map((f) => f.name);
    expect(names('relocation')).toEqual(expect.arrayContaining(['threat', 'currentLocationSafety', 'dependantsCount', 'travelDocuments']));
    expect(names('legal')).toEqual(expect.arrayContaining(['caseStage', 'nextCourtDate', 'hasLawyer', 'lawyerDetails']));
    expect(names('medical')).toEqual(expect.arrayContaining(['condition', 'medicalUrgency']));
    expect(names('psychological')).toEqual(expect.arrayContaining(['preferredContact', 'sessionLanguage']));
  });

  test('descriptors are well formed: known kind, unique names, bounded text, non-empty options, label keys', () => {
    for (const type of REQUEST_TYPES) {
      const fields = fieldsOf(type);
      expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
      for (const field of fields) {
        expect(FIELD_KINDS).toContain(field.kind);
        expect(field.labelKey).toMatch(/^request\.[a-zA-Z.]+$/);
        if (field.kind === 'text' || field.kind === 'textarea') expect(field.maxLength).toBeGreaterThan(0);
        if (field.kind === 'select') expect(field.options.length).toBeGreaterThan(0);
        if (field.kind === 'number') expect(field.min).toBeLessThanOrEqual(field.max);
      }
    }
  });

  test('a whole form stays under 128 KiB of JSON even if every character is escaped', () => {
    for (const type of REQUEST_TYPES) {
      const chars = fieldsOf(type).reduce((sum, f) => sum + (f.kind === 'text' || f.kind === 'textarea' ? f.maxLength : 64), 0);
      expect(chars * 6).toBeLessThan(128 * 1024);
    }
  });

  describe('size limits', () => {
    test.each(textFields)('$name: accepts maxLength characters and rejects one more', ({ type, field }) => {
      if (field.kind !== 'text' && field.kind !== 'textarea') throw new Error('text fields only');
      const form = validForm(type);
      expect(requestFormSchema.safeParse({ ...form, [field.name]: 'я'.repeat(field.maxLength) }).success).toBe(true);
      const result = requestFormSchema.safeParse({ ...form, [field.name]: 'я'.repeat(field.maxLength + 1) });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field.name]);
    });

    test('a megabyte in a text field is refused', () => {
      const result = requestFormSchema.safeParse({ ...validForm('medical'), condition: 'a'.repeat(1 << 20) });
      expect(result.success).toBe(false);
    });

    test('numbers are whole and bounded', () => {
      const form = validForm('relocation');
      for (const bad of [-1, 31, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2']) {
        expect(requestFormSchema.safeParse({ ...form, dependantsCount: bad }).success).toBe(false);
      }
      expect(requestFormSchema.safeParse({ ...form, dependantsCount: 30 }).success).toBe(true);
    });

    test('dates must be real ISO calendar dates', () => {
      const form = validForm('legal');
      for (const bad of ['2025-02-30', '01/06/2025', '2025-06-01T10:00:00Z', '2025-6-1', 'x'.repeat(1000)]) {
        expect(requestFormSchema.safeParse({ ...form, nextCourtDate: bad }).success).toBe(false);
      }
    });
  });

  describe('rejections', () => {
    test.each(REQUEST_TYPES)('%s: unknown fields are rejected, even small ones', (type) => {
      const result = requestFormSchema.safeParse({ ...validForm(type), name: 'Ivan' });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    });

    test('a field of another type is unknown here', () => {
      expect(requestFormSchema.safeParse({ ...validForm('medical'), threat: 'x' }).success).toBe(false);
    });

    test.each(requiredFields)('$name: required, and not blank when text', ({ type, field }) => {
      const form = validForm(type);
      delete form[field.name];
      expect(requestFormSchema.safeParse(form).success).toBe(false);
      if (field.kind === 'text' || field.kind === 'textarea') {
        expect(requestFormSchema.safeParse({ ...form, [field.name]: '   ' }).success).toBe(false);
      }
    });

    test('null is not a stand-in for an absent optional field', () => {
      expect(requestFormSchema.safeParse({ ...validForm('legal'), lawyerDetails: null }).success).toBe(false);
    });

    test('select values outside the options are refused', () => {
      expect(requestFormSchema.safeParse({ ...validForm('legal'), caseStage: 'arrested' }).success).toBe(false);
      expect(requestFormSchema.safeParse({ ...validForm('legal'), country: 'XK' }).success).toBe(false);
      expect(requestFormSchema.safeParse({ ...validForm('legal'), preferredLanguage: 'klingon' }).success).toBe(false);
    });

    test('an unknown or missing type is refused', () => {
      const { type: _type, ...rest } = validForm('legal');
      expect(requestFormSchema.safeParse(rest).success).toBe(false);
      expect(requestFormSchema.safeParse({ ...rest, type: 'financial' }).success).toBe(false);
    });

    test('random junk never parses as a form, and never throws (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), (junk) => {
          expect(requestFormSchema.safeParse(junk).success).toBe(false);
        }),
      );
    });
  });

  test('inferred types follow the descriptors', () => {
    const legal: LegalRequest = {
      type: 'legal',
      caseStage: 'charged',
      hasLawyer: true,
      country: 'KZ',
      preferredLanguage: 'ru',
      nextCourtDate: '2025-07-01',
    };
    // @ts-expect-error dependantsCount belongs to relocation
    const wrong: LegalRequest = { ...legal, dependantsCount: 2 };
    // @ts-expect-error hasLawyer is required
    const missing: LegalRequest = { type: 'legal', caseStage: 'charged', country: 'KZ', preferredLanguage: 'ru' };
    // @ts-expect-error caseStage is one of the options
    const offList: LegalRequest = { ...legal, caseStage: 'arrested' };
    expect([wrong, missing, offList]).toHaveLength(3);
    const form: RequestForm = legal;
    expect(requestRoutingFacts(form)).toEqual({ type: 'legal', country: 'KZ', language: 'ru' });
  });

  test('option label keys derive from the field label key', () => {
    const country = COMMON_REQUEST_FIELDS[0] as SelectFieldDescriptor;
    expect(optionLabelKey(country, 'KZ')).toBe('request.country.option.KZ');
  });

  test('a select descriptor without options is a programming error', () => {
    const broken = { name: 'x', labelKey: 'x', kind: 'select', options: [], required: true } as unknown as FieldDescriptor;
    expect(() => fieldSchema(broken)).toThrow(TypeError);
  });
});

describe('noScriptRequestSchema (the form without JavaScript)', () => {
  const sent = { type: 'legal', channel: 'no-script', country: 'KZ', preferredLanguage: 'ru', description: 'court on Monday' } as const;

  it('takes the common fields and says how it arrived; the staff console reads it as a request', () => {
    expect(noScriptRequestSchema.safeParse(sent).success).toBe(true);
    expect(noScriptRequestSchema.safeParse({ ...sent, contactDetails: 'signal' }).success).toBe(true);
    expect(anyRequestFormSchema.safeParse(sent).success).toBe(true);
  });

  it('refuses another channel, a kind’s own question, an unknown kind and a text over the limit', () => {
    expect(noScriptRequestSchema.safeParse({ ...sent, channel: 'web' }).success).toBe(false);
    expect(noScriptRequestSchema.safeParse({ ...sent, caseStage: 'charged' }).success).toBe(false);
    expect(noScriptRequestSchema.safeParse({ ...sent, type: 'housing' }).success).toBe(false);
    expect(noScriptRequestSchema.safeParse({ ...sent, description: 'x'.repeat(DESCRIPTION_MAX + 1) }).success).toBe(false);
    // A form of the normal path never carries a channel.
    expect(legalRequestSchema.safeParse({ ...sent, caseStage: 'charged', hasLawyer: false }).success).toBe(false);
  });
});
