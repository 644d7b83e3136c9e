/**
 * Changing a grant's terms (fund, budget line, amount) while it may still change — draft,
 * waiting for approval, or back for more information. A change makes a new version of the terms
 * and voids every approval of an earlier one (docs/grants.md); the version read is sent, so a
 * change made meanwhile by someone else is refused (`stale-terms`) rather than overwritten.
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type GrantView } from '@ashar/domain';
import { updateGrantTerms } from '../../api/grants';
import { majorText, money, readAmount } from '../../data/money-input';
import { type PageAction } from '../../data/use-page-action';
import { PURPOSE_LABELS } from './grant-labels';
import { fundsQuery, grantQueryKeys } from './grant-queries';

export function TermsForm({ view, action, onDone }: { view: GrantView; action: PageAction; onDone: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const funds = useQuery(fundsQuery());
  const [fundId, setFundId] = useState(view.fundId);
  const [lineId, setLineId] = useState(view.budgetLineId);
  const [amount, setAmount] = useState(() => majorText(view.amountMinor, view.currency));
  const [error, setError] = useState<string | null>(null);
  const choices = funds.data?.filter((f) => f.status === 'active' || f.id === view.fundId) ?? [];
  const fund = choices.find((f) => f.id === fundId) ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fund) return setError(t('grantForm.chooseFund'));
    const line = fund.lines.find((l) => l.id === lineId);
    if (!line) return setError(t('grantForm.chooseLine'));
    const read = readAmount(amount, fund.currency);
    if (!read.ok) return setError(read.error);
    setError(null);
    void action
      .run(async () => {
        const changed = await updateGrantTerms(view.id, { fundId: fund.id, budgetLineId: line.id, amountMinor: read.minor.toString(), version: view.version });
        const voided = view.approvals.some((a) => !a.voided);
        const terms = t('terms.changed', { version: changed.version, amount: money(read.minor, fund.currency), line: PURPOSE_LABELS[line.purpose] });
        return voided ? `${terms} ${t('terms.voided')}` : terms;
      }, [grantQueryKeys.all])
      .then((ok) => ok && onDone());
  };

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('terms.title')}</h3>
      <p className="field__hint">{t('terms.hint')}</p>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-fund`}>{t('grantForm.fund')}</label>
        <select
          id={`${id}-fund`}
          value={fundId}
          onChange={(e) => {
            setFundId(e.target.value);
            setLineId('');
          }}
        >
          {choices.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} ({f.currency})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-line`}>{t('grantForm.line')}</label>
        <select id={`${id}-line`} value={lineId} onChange={(e) => setLineId(e.target.value)}>
          <option value="">{t('grantForm.chooseLineOption')}</option>
          {fund?.lines.map((l) => (
            <option key={l.id} value={l.id}>
              {t('grantForm.lineOption', { line: PURPOSE_LABELS[l.purpose], amount: money(l.remainingMinor, fund.currency) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>{fund ? t('grantForm.amountIn', { currency: fund.currency }) : t('finance.amount')}</label>
        <input id={`${id}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {t('terms.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
