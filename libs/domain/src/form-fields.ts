/**
 * Form fields as data: a descriptor says how the web app renders a field and is the only
 * source of its validation, so the form and the schema cannot drift apart. Every field is
 * bounded: text by `maxLength` (UTF-16 code units, what `<input maxlength>` counts), selects by
 * their options, dates by the ISO format, numbers by `min`/`max`.
 *
 * Error contract: `formShape`/`fieldSchema` throw only on a malformed descriptor (a programming
 * error, e.g. a select without options); parsing with the schemas never throws with
 * `safeParse`.
 */
import { z } from 'zod';

export const FIELD_KINDS = ['text', 'textarea', 'select', 'date', 'number', 'boolean'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

interface FieldBase {
  /** Key in the form values object. */
  readonly name: string;
  /** i18n key of the label; option labels are `${labelKey}.option.${value}` (see `optionLabelKey`). */
  readonly labelKey: string;
  readonly required: boolean;
}

export interface TextFieldDescriptor extends FieldBase {
  readonly kind: 'text' | 'textarea';
  readonly maxLength: number;
}

export interface SelectFieldDescriptor extends FieldBase {
  readonly kind: 'select';
  readonly options: readonly [string, ...string[]];
}

/** A calendar date, `YYYY-MM-DD`, in the requester's own reckoning (no time zone). */
export interface DateFieldDescriptor extends FieldBase {
  readonly kind: 'date';
}

/** A whole number in [min, max]. */
export interface NumberFieldDescriptor extends FieldBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
}

export interface BooleanFieldDescriptor extends FieldBase {
  readonly kind: 'boolean';
}

export type FieldDescriptor =
  | TextFieldDescriptor
  | SelectFieldDescriptor
  | DateFieldDescriptor
  | NumberFieldDescriptor
  | BooleanFieldDescriptor;

/** Length of `YYYY-MM-DD`, for inputs that want a bound. */
export const DATE_FIELD_LENGTH = 10;

/** The value type a field produces. */
export type FieldValue<F extends FieldDescriptor> = F extends { readonly kind: 'number' }
  ? number
  : F extends { readonly kind: 'boolean' }
    ? boolean
    : F extends { readonly kind: 'select'; readonly options: readonly (infer O extends string)[] }
      ? O
      : string;

type FieldZod<F extends FieldDescriptor> = F extends { readonly required: true }
  ? z.ZodType<FieldValue<F>>
  : z.ZodOptional<z.ZodType<FieldValue<F>>>;

/** The zod shape of a list of descriptors, keyed by field name. */
export type FormShape<Fs extends readonly FieldDescriptor[]> = {
  [F in Fs[number] as F['name']]: FieldZod<F>;
};

export { optionLabelKey } from './form-field-keys';

function requiredSchema(field: FieldDescriptor): z.ZodType {
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      const text = z.string().max(field.maxLength);
      return field.required ? text.min(1).refine((s) => s.trim().length > 0, { error: 'Must not be blank' }) : text;
    }
    case 'select':
      if (field.options.length === 0) throw new TypeError(`Select field ${field.name} has no options`);
      return z.enum(field.options);
    case 'date':
      return z.iso.date();
    case 'number':
      return z.number().int().min(field.min).max(field.max);
    case 'boolean':
      return z.boolean();
  }
}

/** The schema of one field; an optional field may be absent (`undefined`), never `null`. */
export function fieldSchema(field: FieldDescriptor): z.ZodType {
  const schema = requiredSchema(field);
  return field.required ? schema : schema.optional();
}

/** Builds the zod shape for descriptors; wrap it in `z.strictObject` so unknown keys fail. */
export function formShape<const Fs extends readonly FieldDescriptor[]>(fields: Fs): FormShape<Fs> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.name in shape) throw new TypeError(`Duplicate form field ${field.name}`);
    shape[field.name] = fieldSchema(field);
  }
  // The mapped type mirrors `fieldSchema` field by field; TypeScript cannot follow the loop.
  return shape as FormShape<Fs>;
}
