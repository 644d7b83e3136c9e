/**
 * One question of a request form, rendered from its libs/domain descriptor: the input follows
 * the field kind, the bounds come from the descriptor (maxLength, min/max, options), and the
 * hint and the error are tied to the input for screen readers.
 */
import { type FieldDescriptor } from '@ashar/domain';
import { orderedOptions } from '../../request-values/option-order';
import { fieldHint, fieldLabel, optionLabel } from './request-labels';

export interface RequestFieldProps {
  readonly field: FieldDescriptor;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (name: string, value: string) => void;
}

/** The id of a field's input (or of its first radio button), to move the focus to it. */
export function fieldInputId(name: string): string {
  return `request-field-${name}`;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string');
  return list.length > 0 ? list.join(' ') : undefined;
}

export function RequestField({ field, value, error, onChange }: RequestFieldProps) {
  const id = fieldInputId(field.name);
  const hint = fieldHint(field);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const label = fieldLabel(field);
  const invalid = error ? true : undefined;
  const errorLine = error ? (
    <p id={errorId} className="field__error">
      {error}
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
          {(['yes', 'no'] as const).map((choice, i) => (
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
              <label htmlFor={i === 0 ? id : `${id}-${choice}`}>{choice === 'yes' ? 'Yes' : 'No'}</label>
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
          <span className="field__count">
            {value.length.toLocaleString('en')} of {field.maxLength.toLocaleString('en')} characters
          </span>
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
      input = <input {...common} className="field__short" type="date" value={value} onChange={(e) => onChange(field.name, e.target.value)} />;
      break;
    case 'select': {
      const { near, rest } = orderedOptions(field);
      const options = (values: readonly string[]) =>
        values.map((option) => (
          <option key={option} value={option}>
            {optionLabel(field, option)}
          </option>
        ));
      input = (
        <select {...common} value={value} onChange={(e) => onChange(field.name, e.target.value)}>
          <option value="">{field.required ? 'Choose…' : 'No answer'}</option>
          {near.length > 0 ? (
            <>
              <optgroup label="Central Asia and nearby">{options(near)}</optgroup>
              <optgroup label="All other countries">{options(rest)}</optgroup>
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
