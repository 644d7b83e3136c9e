/**
 * The pseudonym input, shared by enrolment and the account page (issue 16): a label, the field,
 * a hint that says where the name is shown, and the problem checkPseudonym found, if any, tied to
 * the field for screen readers.
 */
import { useTranslation } from 'react-i18next';

export interface PseudonymFieldProps {
  /** A unique prefix for the element ids (from useId). */
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly hint: string;
  readonly problem: string | null;
}

export function PseudonymField({ id, value, onChange, hint, problem }: PseudonymFieldProps) {
  const { t } = useTranslation('console');
  return (
    <div className="field">
      <label htmlFor={`${id}-pseudonym`}>{t('pseudonym.label')}</label>
      <input
        id={`${id}-pseudonym`}
        type="text"
        autoComplete="off"
        maxLength={200}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-pseudonym-hint${problem ? ` ${id}-pseudonym-problem` : ''}`}
        aria-invalid={problem !== null}
      />
      <p id={`${id}-pseudonym-hint`} className="field__hint">
        {hint}
      </p>
      {problem && (
        <p id={`${id}-pseudonym-problem`} className="message message--error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
