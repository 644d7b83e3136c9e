/**
 * Creating or editing a fund: donor, currency (from GET /currencies; fixed once made), total in
 * major units, period, status, and its approval policy as tiers (fund-form-model.ts checks them
 * with libs/domain's own rules). Errors show beside their field; the api's refusals as it words them.
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type CurrencyCode, type FundView } from '@ashar/domain';
import { createFund, updateFund } from '../../api/grants';
import { isCurrencyCode } from '../../data/money-input';
import { type PageAction } from '../../data/use-page-action';
import { currenciesQuery, grantQueryKeys } from '../grants';
import { type DraftErrors, type FundDraft, type PolicyDraft, addTier, changeTier, checkFundDraft, checkFundUpdate, defaultPolicyDraft, emptyFundDraft, fundDraftOf, removeTier } from './fund-form-model';

/** Input types of the form's text fields. */
const TEXT = 'text';
const DATE = 'date';

export function FundForm({ fund, action, onDone }: { fund: FundView | null; action: PageAction; onDone: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const currencies = useQuery(currenciesQuery());
  const [draft, setDraft] = useState<FundDraft>(() => (fund ? fundDraftOf(fund) : emptyFundDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const set = (change: Partial<FundDraft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fund) {
      const checked = checkFundUpdate(draft);
      if (!checked.ok) return setErrors(checked.errors);
      setErrors({});
      void action
        .run(async () => {
          await updateFund(fund.id, checked.value);
          return t('fundForm.saved', { fund: checked.value.name });
        }, [grantQueryKeys.funds()])
        .then((ok) => ok && onDone());
      return;
    }
    const checked = checkFundDraft(draft);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    void action
      .run(async () => {
        await createFund(checked.value);
        return t('fundForm.created', { fund: checked.value.name });
      }, [grantQueryKeys.funds()])
      .then((ok) => ok && onDone());
  };

  const text = (name: 'name' | 'donor' | 'total' | 'periodStart' | 'periodEnd', label: string, type: 'text' | 'date' = TEXT, disabled = false) => (
    <div className={errors[name] ? 'field field--invalid' : 'field'}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {errors[name] && (
        <p className="field__error" id={`${id}-${name}-error`}>
          {errors[name]}
        </p>
      )}
      <input
        id={`${id}-${name}`}
        type={type}
        value={draft[name]}
        disabled={disabled}
        inputMode={name === 'total' ? 'decimal' : undefined}
        maxLength={200}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        onChange={(e) => set({ [name]: e.target.value })}
      />
    </div>
  );

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{fund ? t('finance.edit', { fund: fund.name }) : t('finance.newFund')}</h2>
      {text('name', t('invite.name'))}
      {text('donor', t('fundForm.donor'))}
      <div className={errors['currency'] ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-currency`}>{t('fundForm.currency')}</label>
        {errors['currency'] && <p className="field__error">{errors['currency']}</p>}
        <select
          id={`${id}-currency`}
          value={draft.currency}
          disabled={fund !== null}
          onChange={(e) => {
            const code = e.target.value;
            const currency: CurrencyCode | '' = isCurrencyCode(code) ? code : '';
            // The default tiers follow the currency while they are untouched.
            set({ currency, ...(currency !== '' && !fund ? { policy: defaultPolicyDraft(currency) } : {}) });
          }}
        >
          <option value="">{t('fundForm.chooseCurrency')}</option>
          {(currencies.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {c.name}
            </option>
          ))}
        </select>
        {fund && <p className="field__hint">{t('fundForm.currencyFixed')}</p>}
      </div>
      {text('total', draft.currency ? t('fundForm.totalIn', { currency: draft.currency }) : t('finance.total'))}
      {text('periodStart', t('fundForm.periodStarts'), DATE, fund !== null)}
      {text('periodEnd', t('fundForm.periodEnds'), DATE)}
      {fund && (
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('staff.status')}</label>
          <select id={`${id}-status`} value={draft.status} onChange={(e) => set({ status: e.target.value === 'closed' ? 'closed' : 'active' })}>
            <option value="active">{t('fundForm.statusActive')}</option>
            <option value="closed">{t('fundForm.statusClosed')}</option>
          </select>
        </div>
      )}
      <PolicyEditor policy={draft.policy} currency={draft.currency || 'EUR'} errors={errors} onChange={(policy) => set({ policy })} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {fund ? t('fundForm.save') : t('fundForm.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The approval policy's tiers: up to an amount, how many approvers, whether the director must be one; the last tier covers any amount above. */
function PolicyEditor({ policy, currency, errors, onChange }: { policy: PolicyDraft; currency: CurrencyCode; errors: DraftErrors; onChange: (policy: PolicyDraft) => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  return (
    <fieldset className="field">
      <legend>{t('finance.policy')}</legend>
      <p className="field__hint">{t('fundForm.policyHint', { currency })}</p>
      {errors['policy'] && <p className="field__error">{errors['policy']}</p>}
      <div className="policy-tiers">
        {policy.tiers.map((tier, i) => {
          const last = i === policy.tiers.length - 1;
          const tierError = errors[`tiers.${i}`];
          return (
            <fieldset key={i} className="policy-tier">
              <legend>{last ? t('fundForm.anyAbove') : t('fundForm.tier', { number: i + 1 })}</legend>
              {tierError && <p className="field__error">{tierError}</p>}
              {!last && (
                <div className={errors[`tiers.${i}.upTo`] ? 'field field--invalid' : 'field'}>
                  <label htmlFor={`${id}-${i}-upto`}>{t('fundForm.upToCurrency', { currency })}</label>
                  {errors[`tiers.${i}.upTo`] && <p className="field__error">{errors[`tiers.${i}.upTo`]}</p>}
                  <input id={`${id}-${i}-upto`} inputMode="decimal" size={12} value={tier.upTo} onChange={(e) => onChange(changeTier(policy, i, { upTo: e.target.value }))} />
                </div>
              )}
              <div className={errors[`tiers.${i}.approvers`] ? 'field field--invalid' : 'field'}>
                <label htmlFor={`${id}-${i}-approvers`}>{t('fundForm.approversLabel')}</label>
                {errors[`tiers.${i}.approvers`] && <p className="field__error">{errors[`tiers.${i}.approvers`]}</p>}
                <input id={`${id}-${i}-approvers`} inputMode="numeric" size={3} value={tier.approvers} onChange={(e) => onChange(changeTier(policy, i, { approvers: e.target.value }))} />
              </div>
              <label className="field--check">
                <input type="checkbox" checked={tier.director} onChange={(e) => onChange(changeTier(policy, i, { director: e.target.checked }))} /> {t('fundForm.directorMust')}
              </label>
              {!last && (
                <button type="button" className="link-button" onClick={() => onChange(removeTier(policy, i))}>
                  {t('fundForm.removeTier', { number: i + 1 })}
                </button>
              )}
            </fieldset>
          );
        })}
      </div>
      <button type="button" className="button button--secondary" onClick={() => onChange(addTier(policy))}>
        {t('fundForm.addTier')}
      </button>
      <div className={errors['reportDueDays'] ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-days`}>{t('fundForm.reportDays')}</label>
        {errors['reportDueDays'] && <p className="field__error">{errors['reportDueDays']}</p>}
        <input id={`${id}-days`} inputMode="numeric" size={4} value={policy.reportDueDays} onChange={(e) => onChange({ ...policy, reportDueDays: e.target.value })} />
      </div>
    </fieldset>
  );
}
