/**
 * From what a person typed to a request form the domain accepts: the inputs' text is turned
 * into the values of each field kind (a date typed in the UI language's order becomes ISO),
 * checked with the domain's zod schema of the type (REQUEST_FORM_SCHEMAS), and every refusal is
 * said in plain words (portal `problem.*` keys) next to its field.
 */
import {
  type RequestForm,
  type RequestType,
  CASE_RECORD_PLAINTEXT_MAX_BYTES,
  REQUEST_FORM_SCHEMAS,
  type UiLanguage,
  requestFormFields,
} from '@ashar/domain';
import { fieldProblem, valueOf } from '../../request-values/field-values';
import { type Words, words } from './words';

/** Raw input text by field name ('' for unanswered; booleans as 'yes' / 'no'). */
export type Draft = Readonly<Record<string, string>>;

export interface FieldError {
  readonly name: string;
  readonly problem: Words;
}

export type CheckedForm = { readonly ok: true; readonly form: RequestForm } | { readonly ok: false; readonly errors: readonly FieldError[]; readonly formError: Words | null };

/** Signature (64 bytes) and the JSON of the form must fit one record. */
const SIGNATURE_BYTES = 64;

/** The values object of a draft: only answered fields, typed by their kind. */
export function draftValues(type: RequestType, draft: Draft, language: UiLanguage): Record<string, unknown> {
  const values: Record<string, unknown> = { type };
  for (const field of requestFormFields(type)) {
    const value = valueOf(field, draft[field.name] ?? '', language);
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

/** Checks a draft against the domain schema of its type. */
export function checkRequestForm(type: RequestType, draft: Draft, language: UiLanguage): CheckedForm {
  const fields = requestFormFields(type);
  const result = REQUEST_FORM_SCHEMAS[type].safeParse(draftValues(type, draft, language));
  if (!result.success) {
    const names = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')));
    const errors = fields.filter((f) => names.has(f.name)).map((f) => ({ name: f.name, problem: fieldProblem(f, draft[f.name] ?? '') }));
    return { ok: false, errors, formError: errors.length === 0 ? words('problem.form') : null };
  }
  const form = result.data as RequestForm;
  if (new TextEncoder().encode(JSON.stringify(form)).length + SIGNATURE_BYTES > CASE_RECORD_PLAINTEXT_MAX_BYTES) {
    return { ok: false, errors: [], formError: words('problem.formTooLong') };
  }
  return { ok: true, form };
}
