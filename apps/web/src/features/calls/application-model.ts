/**
 * An application as the applicant fills it in (docs/calls.md "Applications"): who applies (a
 * person, or an organisation with its name and a contact person), the country and the language,
 * and the answers to the call's form (its field descriptors, labels in the reader's language).
 * From what was typed to what the crypto worker encrypts: the answers typed by their field kind
 * (reused from the request form: request-form-model.ts), checked with the call's answers schema
 * (callAnswersSchema), every refusal in plain words next to its field; and back, from an opened
 * version to a draft to edit. Pure.
 */
import {
  type ApplicantKind,
  type CallFormField,
  type CountryCode,
  type FieldDescriptor,
  type UiLanguage,
  CASE_RECORD_PLAINTEXT_MAX_BYTES,
  COUNTRY_CODES,
  UI_LANGUAGES,
  callAnswersSchema,
  callFieldDescriptors,
} from '@ashar/domain';
import { type ApplicationContent } from '../../crypto/requester-worker-api';
import { typedDateOf } from '../../i18n/typed-date';
import { type Words, fieldProblem, valueOf, words } from '../../request-values/field-values';

/** Raw input text by field name ('' for unanswered; booleans as 'yes' / 'no'). */
export type Draft = Readonly<Record<string, string>>;

/** Longest organisation name and contact person (they travel inside the encrypted record). */
export const ORGANISATION_TEXT_MAX = 200;

export interface ApplicationDraft {
  readonly kind: ApplicantKind | '';
  readonly organisationName: string;
  readonly contactPerson: string;
  readonly country: string;
  readonly language: string;
  /** Raw input text by the call form's field name ('' unanswered; booleans 'yes' / 'no'). */
  readonly answers: Draft;
}

/** Where a refusal belongs: one of the applicant's own fields, or an answer (`answers.<field name>`). */
export interface ApplicationFieldError {
  readonly name: string;
  readonly problem: Words;
}

export interface CheckedApplication {
  readonly applicantKind: ApplicantKind;
  readonly country: CountryCode;
  readonly language: string;
  readonly content: ApplicationContent;
}

export type ApplicationCheck = ({ readonly ok: true } & CheckedApplication) | { readonly ok: false; readonly errors: readonly ApplicationFieldError[]; readonly formError: Words | null };

/** Signature (64 bytes), the version, the call id and the JSON of the content must fit one record. */
const RECORD_OVERHEAD_BYTES = 64 + 120;

export function emptyDraft(language: UiLanguage): ApplicationDraft {
  return { kind: '', organisationName: '', contactPerson: '', country: '', language, answers: {} };
}

/** A label of the call (a field's, an option's) in `language`, else English, with the language it is in. */
export function callLabel(labels: { readonly en: string } & Partial<Record<UiLanguage, string>>, language: UiLanguage): { readonly text: string; readonly lang: UiLanguage } {
  const own = labels[language];
  return own ? { text: own, lang: language } : { text: labels.en, lang: 'en' };
}

/** The answer key of an error next to a form field. */
export const answerErrorName = (field: string) => `answers.${field}`;

const countries: ReadonlySet<string> = new Set(COUNTRY_CODES);
const languages: ReadonlySet<string> = new Set(UI_LANGUAGES);

/** The answers typed by their field kind: only answered fields. */
export function answerValues(fields: readonly FieldDescriptor[], answers: Draft, language: UiLanguage): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueOf(field, answers[field.name] ?? '', language);
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

/**
 * Checks a draft: who applies, the organisation's name and contact person for an organisation,
 * the country and the language, and the answers against the call's form. `language` is the UI
 * language dates were typed in.
 */
export function checkApplication(form: readonly CallFormField[], draft: ApplicationDraft, language: UiLanguage): ApplicationCheck {
  const errors: ApplicationFieldError[] = [];
  if (draft.kind !== 'person' && draft.kind !== 'organisation') errors.push({ name: 'kind', problem: words('calls:apply.problem.kind') });
  const organisation = draft.kind === 'organisation' ? { name: draft.organisationName.trim(), contactPerson: draft.contactPerson.trim() } : undefined;
  if (organisation) {
    for (const [name, value] of [
      ['organisationName', organisation.name],
      ['contactPerson', organisation.contactPerson],
    ] as const) {
      if (value === '') errors.push({ name, problem: words(`calls:apply.problem.${name}`) });
      else if (value.length > ORGANISATION_TEXT_MAX) errors.push({ name, problem: words('problem.tooLong', { max: ORGANISATION_TEXT_MAX, count: value.length }) });
    }
  }
  if (!countries.has(draft.country)) errors.push({ name: 'country', problem: words('calls:apply.problem.country') });
  if (!languages.has(draft.language)) errors.push({ name: 'language', problem: words('calls:apply.problem.language') });

  const fields = callFieldDescriptors(form);
  const result = callAnswersSchema(form).safeParse(answerValues(fields, draft.answers, language));
  if (!result.success) {
    const names = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')));
    const before = errors.length;
    for (const field of fields) if (names.has(field.name)) errors.push({ name: answerErrorName(field.name), problem: fieldProblem(field, draft.answers[field.name] ?? '') });
    if (errors.length === before) return { ok: false, errors, formError: words('problem.form') };
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors, formError: null };

  const content: ApplicationContent = { answers: result.data, ...(organisation ? { organisation } : {}) };
  if (new TextEncoder().encode(JSON.stringify(content)).length + RECORD_OVERHEAD_BYTES > CASE_RECORD_PLAINTEXT_MAX_BYTES) {
    return { ok: false, errors: [], formError: words('problem.formTooLong') };
  }
  return { ok: true, applicantKind: draft.kind as ApplicantKind, country: draft.country as CountryCode, language: draft.language, content };
}

/** The input text of an answer as the form holds it (a date in `language`'s order). */
function rawOf(field: FieldDescriptor, value: unknown, language: UiLanguage): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'boolean':
      return value === true ? 'yes' : value === false ? 'no' : '';
    case 'date':
      return typeof value === 'string' ? typedDateOf(value, language) : '';
    default:
      return String(value);
  }
}

/** The draft of a new version: the opened content and the facts kept in clear (which a new version cannot change). */
export function draftOf(form: readonly CallFormField[], content: ApplicationContent, facts: { readonly applicantKind: ApplicantKind; readonly country: string; readonly language: string }, language: UiLanguage): ApplicationDraft {
  const answers: Record<string, string> = {};
  for (const field of callFieldDescriptors(form)) {
    const raw = rawOf(field, content.answers[field.name], language);
    if (raw !== '') answers[field.name] = raw;
  }
  return {
    kind: facts.applicantKind,
    organisationName: content.organisation?.name ?? '',
    contactPerson: content.organisation?.contactPerson ?? '',
    country: facts.country,
    language: facts.language,
    answers,
  };
}
