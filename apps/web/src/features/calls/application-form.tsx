/**
 * The fields of an application (application-model.ts): who applies (a person or an organisation,
 * with its name and contact person), the country and language, and the call's own form rendered
 * with the portal's request-form field (RequestField) and the call's labels in the reader's
 * language (English where the call has none in it). In a new version, who applies, the country
 * and the language are kept as sent (the api keeps them in clear and does not change them).
 * Also the answers as read back, for the review step and the follow-up page.
 */
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CallFormField, type FieldDescriptor, type SelectFieldDescriptor, type UiLanguage, COUNTRY_CODES, UI_LANGUAGES, callFieldDescriptors } from '@ashar/domain';
import { countryDisplayName, languageDisplayName, useFormat } from '../../i18n';
import { type ApplicationContent } from '../../crypto/requester-worker-api';
import { type Words, RequestField, usePortalWords } from '../portal';
import { type ApplicationDraft, type ApplicationFieldError, type CheckedApplication, ORGANISATION_TEXT_MAX, answerErrorName, callLabel, checkApplication } from './application-model';

/** The id of an input of the applicant's own fields (the call's fields have RequestField's ids under `answers.`). */
export function applicationInputId(name: string): string {
  if (name.startsWith('answers.')) return `request-field-${name}`;
  if (name === 'country' || name === 'language') return `request-field-application-${name}`;
  return `application-${name}`;
}

const COUNTRY_FIELD: SelectFieldDescriptor = { kind: 'select', name: 'country', labelKey: 'country', required: true, options: [...COUNTRY_CODES] as [string, ...string[]] };
const LANGUAGE_FIELD: SelectFieldDescriptor = { kind: 'select', name: 'language', labelKey: 'language', required: true, options: [...UI_LANGUAGES] as [string, ...string[]] };

export function ApplicationFields({
  form,
  draft,
  onChange,
  errors,
  revision,
}: {
  form: readonly CallFormField[];
  draft: ApplicationDraft;
  onChange: (draft: ApplicationDraft) => void;
  errors: readonly ApplicationFieldError[];
  /** A new version: who applies, the country and the language are shown, not chosen. */
  revision: boolean;
}) {
  const { t } = useTranslation('calls');
  const { say } = usePortalWords();
  const format = useFormat();
  const language = format.language;
  const errorOf = (name: string) => errors.find((e) => e.name === name)?.problem;
  const set = (patch: Partial<ApplicationDraft>) => onChange({ ...draft, ...patch });
  const kindError = errorOf('kind');

  const textField = (name: 'organisationName' | 'contactPerson') => {
    const error = errorOf(name);
    const id = applicationInputId(name);
    return (
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label htmlFor={id}>{t(`apply.${name}`)}</label>
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {say(error)}
          </p>
        ) : null}
        <input
          id={id}
          type="text"
          value={draft[name]}
          maxLength={ORGANISATION_TEXT_MAX}
          autoComplete="off"
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => set({ [name]: e.target.value })}
        />
      </div>
    );
  };

  return (
    <>
      {revision ? (
        <dl className="answers">
          <div className="answers__row">
            <dt>{t('apply.kindLegend')}</dt>
            <dd>{t(`apply.kind.${draft.kind || 'person'}`)}</dd>
          </div>
          <div className="answers__row">
            <dt>{t('apply.country')}</dt>
            <dd>{countryDisplayName(draft.country, language)}</dd>
          </div>
          <div className="answers__row">
            <dt>{t('apply.language')}</dt>
            <dd>{languageDisplayName(draft.language, language)}</dd>
          </div>
        </dl>
      ) : (
        <fieldset className={`field${kindError ? ' field--invalid' : ''}`} aria-describedby={kindError ? 'application-kind-error' : undefined}>
          <legend>{t('apply.kindLegend')}</legend>
          {kindError ? (
            <p id="application-kind-error" className="field__error">
              {say(kindError)}
            </p>
          ) : null}
          <div className="choices">
            {(['person', 'organisation'] as const).map((kind, i) => (
              <div className="choice" key={kind}>
                <input
                  id={i === 0 ? applicationInputId('kind') : `application-kind-${kind}`}
                  type="radio"
                  name="applicantKind"
                  value={kind}
                  checked={draft.kind === kind}
                  onChange={() => set({ kind })}
                  aria-invalid={kindError ? true : undefined}
                />
                <label htmlFor={i === 0 ? applicationInputId('kind') : `application-kind-${kind}`}>{t(`apply.kind.${kind}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {draft.kind === 'organisation' ? (
        <>
          {textField('organisationName')}
          {textField('contactPerson')}
        </>
      ) : null}
      {revision ? null : (
        <>
          <RequestField
            field={{ ...COUNTRY_FIELD, name: 'application-country' }}
            value={draft.country}
            error={errorOf('country')}
            onChange={(_, country) => set({ country })}
            own={{ label: t('apply.country'), optionLabel: (code) => ({ text: countryDisplayName(code, language) }) }}
          />
          <RequestField
            field={{ ...LANGUAGE_FIELD, name: 'application-language' }}
            value={draft.language}
            error={errorOf('language')}
            onChange={(_, value) => set({ language: value })}
            own={{ label: t('apply.language'), optionLabel: (tag) => ({ text: languageDisplayName(tag, language) }) }}
          />
        </>
      )}
      <h3>{t('apply.answersTitle')}</h3>
      {form.length === 0 ? <p>{t('apply.noQuestions')}</p> : null}
      {form.map((field) => {
        const descriptor = callFieldDescriptors([field])[0] as FieldDescriptor;
        const label = callLabel(field.label, language);
        return (
          <RequestField
            key={field.name}
            field={{ ...descriptor, name: answerErrorName(field.name) }}
            value={draft.answers[field.name] ?? ''}
            error={errorOf(answerErrorName(field.name))}
            onChange={(_, value) => set({ answers: { ...draft.answers, [field.name]: value } })}
            own={{
              label: label.text,
              lang: label.lang,
              optionLabel: (option) => {
                const found = field.kind === 'select' ? field.options.find((o) => o.value === option) : undefined;
                return found ? callLabel(found.label, language) : { text: option };
              },
            }}
          />
        );
      })}
    </>
  );
}

/** An answer as read back: yes/no, an option's label, a date or number in the reader's language. */
function answerText(field: CallFormField, value: unknown, language: UiLanguage, format: ReturnType<typeof useFormat>, none: string, yes: string, no: string): { text: string; lang?: string } {
  if (value === undefined || value === null || value === '') return { text: none };
  switch (field.kind) {
    case 'boolean':
      return { text: value === true ? yes : no };
    case 'select': {
      const option = field.options.find((o) => o.value === value);
      return option ? callLabel(option.label, language) : { text: String(value) };
    }
    case 'date':
      return { text: format.isoDate(String(value)) };
    case 'number':
      return { text: typeof value === 'number' ? format.number(value) : String(value) };
    default:
      return { text: String(value) };
  }
}

/** The content of an application as the applicant wrote it, with the call's labels. */
export function ApplicationAnswers({ form, content, facts }: { form: readonly CallFormField[]; content: ApplicationContent; facts?: { applicantKind: string; country: string; language: string } }) {
  const { t } = useTranslation('calls');
  const { t: portal } = usePortalWords();
  const format = useFormat();
  const language = format.language;
  return (
    <dl className="answers" data-testid="application-answers">
      {facts ? (
        <>
          <div className="answers__row">
            <dt>{t('apply.kindLegend')}</dt>
            <dd>{t(`apply.kind.${facts.applicantKind}`)}</dd>
          </div>
          <div className="answers__row">
            <dt>{t('apply.country')}</dt>
            <dd>{countryDisplayName(facts.country, language)}</dd>
          </div>
          <div className="answers__row">
            <dt>{t('apply.language')}</dt>
            <dd>{languageDisplayName(facts.language, language)}</dd>
          </div>
        </>
      ) : null}
      {content.organisation ? (
        <>
          <div className="answers__row">
            <dt>{t('apply.organisationName')}</dt>
            <dd>{content.organisation.name}</dd>
          </div>
          <div className="answers__row">
            <dt>{t('apply.contactPerson')}</dt>
            <dd>{content.organisation.contactPerson}</dd>
          </div>
        </>
      ) : null}
      {form.map((field) => {
        const label = callLabel(field.label, language);
        const answer = answerText(field, content.answers[field.name], language, format, portal('answer.none'), portal('answer.yes'), portal('answer.no'));
        return (
          <div key={field.name} className="answers__row">
            <dt lang={label.lang}>{label.text}</dt>
            <dd lang={answer.lang}>{answer.text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** The name a refusal is listed under in the summary: the field's label in the reader's language. */
function errorFieldLabel(name: string, form: readonly CallFormField[], language: UiLanguage, t: (key: string) => string): string {
  if (name.startsWith('answers.')) {
    const field = form.find((f) => answerErrorName(f.name) === name);
    return field ? callLabel(field.label, language).text : name;
  }
  return t(name === 'kind' ? 'apply.kindLegend' : `apply.${name}`);
}

/**
 * The form with its summary of refusals (focused when shown, each line moving the focus to its
 * field), checked with checkApplication; `onChecked` gets what the worker encrypts.
 */
export function ApplicationFormStep({
  form,
  draft,
  onDraft,
  revision,
  submitLabel,
  secondary,
  busy = false,
  onChecked,
}: {
  form: readonly CallFormField[];
  draft: ApplicationDraft;
  onDraft: (draft: ApplicationDraft) => void;
  revision: boolean;
  submitLabel: string;
  secondary?: { label: string; onClick: () => void };
  busy?: boolean;
  onChecked: (checked: CheckedApplication) => void;
}) {
  const { t } = useTranslation('calls');
  const { t: portal, say } = usePortalWords();
  const format = useFormat();
  const [errors, setErrors] = useState<readonly ApplicationFieldError[]>([]);
  const [formError, setFormError] = useState<Words | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const hasProblems = errors.length > 0 || formError !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkApplication(form, draft, format.language);
    if (checked.ok) {
      setErrors([]);
      setFormError(null);
      onChecked(checked);
      return;
    }
    setErrors(checked.errors);
    setFormError(checked.formError);
    // After React drew the summary: the focus goes to it, so it is read out first.
    setTimeout(() => summary.current?.focus(), 0);
  };

  return (
    <>
      <div ref={summary} tabIndex={-1} className={hasProblems ? 'error-summary' : 'visually-hidden'} role={hasProblems ? 'alert' : undefined}>
        {hasProblems ? (
          <>
            <h3>{portal('form.problems')}</h3>
            {formError ? <p>{say(formError)}</p> : null}
            <ul>
              {errors.map((e) => (
                <li key={e.name}>
                  <button type="button" className="link-button" onClick={() => document.getElementById(applicationInputId(e.name))?.focus()}>
                    {portal('form.problemLine', { field: errorFieldLabel(e.name, form, format.language, (key) => t(key)), problem: say(e.problem) })}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <form className="form" onSubmit={submit} noValidate>
        <ApplicationFields
          form={form}
          draft={draft}
          errors={errors}
          revision={revision}
          onChange={(next) => {
            onDraft(next);
            if (errors.length > 0) setErrors(errors.filter((e) => !changedField(e.name, draft, next)));
          }}
        />
        <div className="actions">
          {secondary ? (
            <button type="button" className="button button--secondary" onClick={secondary.onClick}>
              {secondary.label}
            </button>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            {busy ? portal('action.sending') : submitLabel}
          </button>
        </div>
      </form>
    </>
  );
}

/** Whether the input an error names changed between two drafts (its error then goes until the next check). */
function changedField(name: string, before: ApplicationDraft, after: ApplicationDraft): boolean {
  if (name.startsWith('answers.')) {
    const field = name.slice('answers.'.length);
    return before.answers[field] !== after.answers[field];
  }
  return before[name as keyof ApplicationDraft] !== after[name as keyof ApplicationDraft];
}
