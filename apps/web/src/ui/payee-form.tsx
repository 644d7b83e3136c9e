/**
 * The payee details form (data/payee-details.ts): name, how the money is paid, where it goes and
 * how to reach them. Checks on submit and hands the details to `onSave`, which encrypts them in
 * the crypto worker; used by the requester's follow-up page and the staff grant page. Words from
 * the `common` namespace (`payee.*`).
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PayeeDraft, type PayeeProblem, EMPTY_PAYEE, PAYEE_FIELD_MAX, PAYEE_METHODS, checkPayee } from '../data/payee-details';

export function PayeeForm({ initial, busy, submitLabel, onSave }: { initial?: PayeeDraft; busy: boolean; submitLabel: string; onSave: (details: Readonly<Record<string, string>>) => void }) {
  const { t } = useTranslation('common');
  const id = useId();
  const [draft, setDraft] = useState<PayeeDraft>(initial ?? EMPTY_PAYEE);
  const [errors, setErrors] = useState<Partial<Record<keyof PayeeDraft, PayeeProblem>>>({});
  const change = (field: keyof PayeeDraft, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const say = (problem: PayeeProblem | undefined) => (problem ? t(problem.key, { ...problem.values }) : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPayee(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    onSave(checked.details);
  };

  const field = (name: 'name' | 'account' | 'contact', label: string, hint?: string) => (
    <div className={errors[name] ? 'field field--invalid' : 'field'}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {hint && (
        <p className="field__hint" id={`${id}-${name}-hint`}>
          {hint}
        </p>
      )}
      {errors[name] && (
        <p className="field__error" id={`${id}-${name}-error`}>
          {say(errors[name])}
        </p>
      )}
      <input
        id={`${id}-${name}`}
        value={draft[name]}
        maxLength={PAYEE_FIELD_MAX}
        autoComplete="off"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => change(name, e.target.value)}
      />
    </div>
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      {field('name', t('payee.name'))}
      <fieldset className={errors.method ? 'field field--invalid' : 'field'}>
        <legend>{t('payee.methodQuestion')}</legend>
        {errors.method && <p className="field__error">{say(errors.method)}</p>}
        <div className="choices choices--inline">
          {PAYEE_METHODS.map((method) => (
            <label key={method} className="choice">
              <input type="radio" name={`${id}-method`} value={method} checked={draft.method === method} onChange={() => change('method', method)} />{' '}
              {t(`payee.method.${method}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {field('account', draft.method === '' ? t('payee.account') : t(`payee.account.${draft.method}`))}
      {field('contact', t('payee.contact'), t('payee.contactHint'))}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
