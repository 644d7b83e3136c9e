/**
 * From what a person typed to a request form the domain accepts: the inputs' text is turned
 * into the values of each field kind, checked with the domain's zod schema of the type
 * (REQUEST_FORM_SCHEMAS), and every refusal is said in plain words next to its field.
 */
import {
  type FieldDescriptor,
  type RequestForm,
  type RequestType,
  CASE_RECORD_PLAINTEXT_MAX_BYTES,
  REQUEST_FORM_SCHEMAS,
  requestFormFields,
} from '@ashar/domain';

/** Raw input text by field name ('' for unanswered; booleans as 'yes' / 'no'). */
export type Draft = Readonly<Record<string, string>>;

export interface FieldError {
  readonly name: string;
  readonly message: string;
}

export type CheckedForm = { readonly ok: true; readonly form: RequestForm } | { readonly ok: false; readonly errors: readonly FieldError[]; readonly formError: string | null };

/** Signature (64 bytes) and the JSON of the form must fit one record. */
const SIGNATURE_BYTES = 64;

function valueOf(field: FieldDescriptor, raw: string): unknown {
  if (raw === '') return undefined;
  switch (field.kind) {
    case 'number':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'boolean':
      return raw === 'yes' ? true : raw === 'no' ? false : raw;
    default:
      return raw;
  }
}

/** The values object of a draft: only answered fields, typed by their kind. */
export function draftValues(type: RequestType, draft: Draft): Record<string, unknown> {
  const values: Record<string, unknown> = { type };
  for (const field of requestFormFields(type)) {
    const value = valueOf(field, draft[field.name] ?? '');
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

/** Plain words for why a field's answer is refused. */
export function fieldProblem(field: FieldDescriptor, raw: string): string {
  const missing = raw.trim() === '';
  switch (field.kind) {
    case 'select':
      return missing ? 'Choose one answer.' : 'Choose one of the answers in the list.';
    case 'boolean':
      return 'Choose yes or no.';
    case 'number':
      return missing ? `Enter a number from ${field.min} to ${field.max}.` : `Enter a whole number from ${field.min} to ${field.max}.`;
    case 'date':
      return 'Enter a date as year, month and day, for example 2025-03-14.';
    case 'text':
    case 'textarea':
      if (raw.length > field.maxLength) return `Use at most ${field.maxLength.toLocaleString('en')} characters: this answer has ${raw.length.toLocaleString('en')}.`;
      return 'Answer this question.';
  }
}

/** Checks a draft against the domain schema of its type. */
export function checkRequestForm(type: RequestType, draft: Draft): CheckedForm {
  const fields = requestFormFields(type);
  const result = REQUEST_FORM_SCHEMAS[type].safeParse(draftValues(type, draft));
  if (!result.success) {
    const names = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')));
    const errors = fields.filter((f) => names.has(f.name)).map((f) => ({ name: f.name, message: fieldProblem(f, draft[f.name] ?? '') }));
    return { ok: false, errors, formError: errors.length === 0 ? 'Some answers could not be accepted. Check the form and try again.' : null };
  }
  const form = result.data as RequestForm;
  if (new TextEncoder().encode(JSON.stringify(form)).length + SIGNATURE_BYTES > CASE_RECORD_PLAINTEXT_MAX_BYTES) {
    return { ok: false, errors: [], formError: 'Your answers are too long to send together. Shorten the longest ones; you can add details later as files or messages.' };
  }
  return { ok: true, form };
}
