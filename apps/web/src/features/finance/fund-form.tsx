/**
 * Creating or editing a fund: donor, currency (from GET /currencies; fixed once made), total in
 * major units, period, status, and its approval policy as tiers (fund-form-model.ts checks them
 * with libs/domain's own rules). Errors show beside their field; the api's refusals as it words them.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type CurrencyCode, type FundView } from '@ashar/domain';
import { createFund, updateFund } from '../../api/grants';
import { isCurrencyCode } from '../../data/money-input';
import { type PageAction } from '../../data/use-page-action';
import { currenciesQuery, grantQueryKeys } from '../grants';
import { type DraftErrors, type FundDraft, type PolicyDraft, addTier, changeTier, checkFundDraft, checkFundUpdate, defaultPolicyDraft, emptyFundDraft, fundDraftOf, removeTier } from './fund-form-model';

export function FundForm({ fund, action, onDone }: { fund: FundView | null; action: PageAction; onDone: () => void }) {
  const id = useId();
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
          return `The fund ${checked.value.name} was saved.`;
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
        return `The fund ${checked.value.name} was created.`;
      }, [grantQueryKeys.funds()])
      .then((ok) => ok && onDone());
  };

  const text = (name: 'name' | 'donor' | 'total' | 'periodStart' | 'periodEnd', label: string, type = 'text', disabled = false) => (
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
      <h2 id={`${id}-title`}>{fund ? `Edit ${fund.name}` : 'New fund'}</h2>
      {text('name', 'Name')}
      {text('donor', 'Donor')}
      <div className={errors['currency'] ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-currency`}>Currency</label>
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
          <option value="">Choose a currency</option>
          {(currencies.data ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {c.name}
            </option>
          ))}
        </select>
        {fund && <p className="field__hint">A fund’s currency never changes.</p>}
      </div>
      {text('total', `Total${draft.currency ? ` (${draft.currency})` : ''}`)}
      {text('periodStart', 'Period starts', 'date', fund !== null)}
      {text('periodEnd', 'Period ends', 'date')}
      {fund && (
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={draft.status} onChange={(e) => set({ status: e.target.value === 'closed' ? 'closed' : 'active' })}>
            <option value="active">Active: grants may be proposed</option>
            <option value="closed">Closed: nothing new</option>
          </select>
        </div>
      )}
      <PolicyEditor policy={draft.policy} currency={draft.currency || 'EUR'} errors={errors} onChange={(policy) => set({ policy })} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {fund ? 'Save the fund' : 'Create the fund'}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The approval policy's tiers: up to an amount, how many approvers, whether the director must be one; the last tier covers any amount above. */
function PolicyEditor({ policy, currency, errors, onChange }: { policy: PolicyDraft; currency: CurrencyCode; errors: DraftErrors; onChange: (policy: PolicyDraft) => void }) {
  const id = useId();
  return (
    <fieldset className="field">
      <legend>Approval policy</legend>
      <p className="field__hint">Who must approve a grant, by its amount in {currency}. A higher tier never needs fewer approvers.</p>
      {errors['policy'] && <p className="field__error">{errors['policy']}</p>}
      <div className="policy-tiers">
        {policy.tiers.map((tier, i) => {
          const last = i === policy.tiers.length - 1;
          const tierError = errors[`tiers.${i}`];
          return (
            <fieldset key={i} className="policy-tier">
              <legend>{last ? 'Any amount above' : `Tier ${i + 1}`}</legend>
              {tierError && <p className="field__error">{tierError}</p>}
              {!last && (
                <div className={errors[`tiers.${i}.upTo`] ? 'field field--invalid' : 'field'}>
                  <label htmlFor={`${id}-${i}-upto`}>Up to ({currency})</label>
                  {errors[`tiers.${i}.upTo`] && <p className="field__error">{errors[`tiers.${i}.upTo`]}</p>}
                  <input id={`${id}-${i}-upto`} inputMode="decimal" size={12} value={tier.upTo} onChange={(e) => onChange(changeTier(policy, i, { upTo: e.target.value }))} />
                </div>
              )}
              <div className={errors[`tiers.${i}.approvers`] ? 'field field--invalid' : 'field'}>
                <label htmlFor={`${id}-${i}-approvers`}>Approvers</label>
                {errors[`tiers.${i}.approvers`] && <p className="field__error">{errors[`tiers.${i}.approvers`]}</p>}
                <input id={`${id}-${i}-approvers`} inputMode="numeric" size={3} value={tier.approvers} onChange={(e) => onChange(changeTier(policy, i, { approvers: e.target.value }))} />
              </div>
              <label className="field--check">
                <input type="checkbox" checked={tier.director} onChange={(e) => onChange(changeTier(policy, i, { director: e.target.checked }))} /> The director must be one
              </label>
              {!last && (
                <button type="button" className="link-button" onClick={() => onChange(removeTier(policy, i))}>
                  Remove tier {i + 1}
                </button>
              )}
            </fieldset>
          );
        })}
      </div>
      <button type="button" className="button button--secondary" onClick={() => onChange(addTier(policy))}>
        Add a tier
      </button>
      <div className={errors['reportDueDays'] ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-days`}>Report due, days after the final approval</label>
        {errors['reportDueDays'] && <p className="field__error">{errors['reportDueDays']}</p>}
        <input id={`${id}-days`} inputMode="numeric" size={4} value={policy.reportDueDays} onChange={(e) => onChange({ ...policy, reportDueDays: e.target.value })} />
      </div>
    </fieldset>
  );
}
