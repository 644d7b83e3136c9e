/**
 * One question of a request form, rendered from its libs/domain descriptor: the input follows
 * the field kind, the bounds come from the descriptor (maxLength, min/max, options), and the
 * hint and the error are tied to the input for screen readers. Words come from the `forms`
 * namespace (request-labels.ts) and the `portal` one; a date is typed in the language's order
 * with its pattern said (i18n/typed-date.ts).
 */
import { type FieldDescriptor } from '@ashar/domain';
import { TYPED_DATE_STYLE, typedDateOf, useFormat } from '../../i18n';
import { orderedOptions } from '../../request-values/option-order';
import { useRequestWords } from './request-labels';
import { type Words, usePortalWords } from './words';

export interface RequestFieldProps {
  readonly field: FieldDescriptor;
  readonly value: string;
  readonly error: Words | undefined;
  readonly onChange: (name: string, value: string) => void;
  /**
   * The words of a form that carries its own (a call's application form): its label and its
   * options' labels, already in the reader's language; no hint of the request forms then.
   */
  readonly own?: { readonly label: string; readonly lang?: string; readonly optionLabel: (option: string) => { readonly text: string; readonly lang?: string } };
}

/** The id of a field's input (or of its first radio button), to move the focus to it. */
export function fieldInputId(name: string): string {
  return `request-field-${name}`;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string');
  return list.length > 0 ? list.join(' ') : undefined;
}

/** The two answers of a yes/no question, as the draft holds them. */
const YES_NO = ['yes', 'no'] as const;

/** An example date for format hints: always the same, so that the hint reads the same on every visit. */
const EXAMPLE_DATE = '2025-03-14';

export function RequestField({ field, value, error, onChange, own }: RequestFieldProps) {
  const { t, say } = usePortalWords();
  const format = useFormat();
  const requestWords = useRequestWords();
  const id = fieldInputId(field.name);
  const ownHint = own ? undefined : requestWords.fieldHint(field);
  const dateHint =
    field.kind === 'date'
      ? t('date.hint', { pattern: t('date.pattern'), example: typedDateOf(EXAMPLE_DATE, format.language), separator: TYPED_DATE_STYLE[format.language].separator })
      : undefined;
  const hint = [ownHint, dateHint].filter(Boolean).join(' ') || undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const label = own ? <span lang={own.lang}>{own.label}</span> : requestWords.fieldLabel(field);
  const invalid = error ? true : undefined;
  const errorLine = error ? (
    <p id={errorId} className="field__error">
      {say(error)}
    </p>
  ) : null;
  const hintLine = hint ? (
    <p id={hintId} className="field__hint">
      {hint}
    </p>
  ) : null;

  if (field.kind === 'boolean') {
    return (
      <fieldset className={`field${error ? ' field--invalid' : ''}`} aria-describedby={describedBy(hintId, errorId)}>
        <legend>{label}</legend>
        {hintLine}
        {errorLine}
        <div className="choices choices--inline">
          {YES_NO.map((choice, i) => (
            <div className="choice" key={choice}>
              <input
                id={i === 0 ? id : `${id}-${choice}`}
                type="radio"
                name={field.name}
                value={choice}
                checked={value === choice}
                onChange={() => onChange(field.name, choice)}
                aria-invalid={invalid}
              />
              <label htmlFor={i === 0 ? id : `${id}-${choice}`}>{choice === 'yes' ? t('answer.yes') : t('answer.no')}</label>
            </div>
          ))}
        </div>
      </fieldset>
    );
  }

  const common = {
    id,
    name: field.name,
    'aria-describedby': describedBy(hintId, errorId),
    'aria-invalid': invalid,
    'aria-required': field.required || undefined,
  };

  let input;
  switch (field.kind) {
    case 'text':
      input = <input {...common} type="text" value={value} maxLength={field.maxLength} autoComplete="off" onChange={(e) => onChange(field.name, e.target.value)} />;
      break;
    case 'textarea':
      input = (
        <>
          <textarea {...common} rows={field.maxLength > 2_000 ? 6 : 3} value={value} maxLength={field.maxLength} onChange={(e) => onChange(field.name, e.target.value)} />
          <span className="field__count">{t('field.counter', { used: format.number(value.length), count: field.maxLength })}</span>
        </>
      );
      break;
    case 'number':
      input = (
        <input
          {...common}
          className="field__short"
          type="number"
          inputMode="numeric"
          min={field.min}
          max={field.max}
          step={1}
          value={value}
          onChange={(e) => onChange(field.name, e.target.value)}
        />
      );
      break;
    case 'date':
      // A text box, not <input type="date">: the browser's date control follows the browser's
      // locale, not the page's language, and is hard to use on cheap phones.
      input = (
        <input
          {...common}
          className="field__short"
          type="text"
          inputMode="text"
          autoComplete="off"
          maxLength={20}
          placeholder={t('date.pattern')}
          value={value}
          onChange={(e) => onChange(field.name, e.target.value)}
        />
      );
      break;
    case 'select': {
      const { near, rest } = orderedOptions(field, format.language);
      const options = (values: readonly string[]) =>
        values.map((option) => (
          <option key={option} value={option} lang={own?.optionLabel(option).lang}>
            {own ? own.optionLabel(option).text : requestWords.optionLabel(field, option)}
          </option>
        ));
      input = (
        <select {...common} value={value} onChange={(e) => onChange(field.name, e.target.value)}>
          <option value="">{field.required ? t('select.choose') : t('select.noAnswer')}</option>
          {near.length > 0 ? (
            <>
              <optgroup label={t('select.nearCountries')}>{options(near)}</optgroup>
              <optgroup label={t('select.otherCountries')}>{options(rest)}</optgroup>
            </>
          ) : (
            options(rest)
          )}
        </select>
      );
      break;
    }
  }

  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hintLine}
      {errorLine}
      {input}
    </div>
  );
}
