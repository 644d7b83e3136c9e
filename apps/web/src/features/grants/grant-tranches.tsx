/**
 * A grant's tranches (docs/grants.md, Disbursement): each with its method, planned amount and,
 * once sent, what was actually paid, the rate, its source and time, and the fund-currency
 * equivalent. A finance officer records a tranche, sends it — the equivalent is computed live in
 * this browser through money.ts fundEquivalent before anything is sent — and settles it.
 */
import { formatDate } from '../../ui/format-time';
import { useTranslation } from 'react-i18next';
import { type QueryKey } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type CurrencyCode, type DisbursementMethod, type GrantView, CURRENCY_CODES, DISBURSEMENT_METHODS } from '@ashar/domain';
import { type TrancheView, addTranche, sendTranche, settleTranche } from '../../api/grants';
import { usePageAction } from '../../data/use-page-action';
import { formatTime } from '../../ui/format-time';
import { StatusMessages } from '../../ui/status-messages';
import { METHOD_LABELS, TRANCHE_STATUS_LABELS } from './grant-labels';
import { money, readAmount, readEquivalent } from '../../data/money-input';

const MAY_ADD = new Set(['approved', 'disbursing']);
/** How a sent tranche ends. */
const SETTLEMENTS = ['confirmed', 'failed', 'returned'] as const;

export function GrantTranches({ view, mayDisburse, refresh }: { view: GrantView; mayDisburse: boolean; refresh: QueryKey[] }) {
  const id = useId();
  const { t } = useTranslation('console');
  const action = usePageAction();
  const [sending, setSending] = useState<string | null>(null);

  return (
    <section className="panel" aria-labelledby={`${id}-tranches`}>
      <h2 id={`${id}-tranches`}>{t('tranches.title')}</h2>
      <StatusMessages busy={action.busy} message={action.message} />
      {view.tranches.length === 0 ? (
        <p className="field__hint">{t('tranches.none')}</p>
      ) : (
        <ul className="desk-keys" aria-label={t('tranches.title')}>
          {view.tranches.map((tranche) => (
            <li key={tranche.id} className="desk-keys__item" aria-label={t('tranches.tranche', { seq: tranche.seq })}>
              <p>
                <strong>{t('tranches.tranche', { seq: tranche.seq })}</strong> · {METHOD_LABELS[tranche.method]} · <span className="badge badge--pending">{TRANCHE_STATUS_LABELS[tranche.status]}</span>
              </p>
              <dl className="facts-list">
                <dt>{t('tranches.planned')}</dt>
                <dd>
                  {t('tranches.plannedOn', { amount: money(tranche.plannedMinor, view.currency), date: formatDate(tranche.scheduledOn) })}
                </dd>
                {tranche.paidMinor && tranche.paidCurrency && (
                  <>
                    <dt>{t('tranches.paid')}</dt>
                    <dd>{money(tranche.paidMinor, tranche.paidCurrency)}</dd>
                    <dt>{t('tranches.rate')}</dt>
                    <dd>
                      {t('tranches.rateWords', { rate: tranche.rate, fund: view.currency, paid: tranche.paidCurrency, source: tranche.rateSource, at: tranche.rateAt ? formatTime(tranche.rateAt) : '' })}
                    </dd>
                    <dt>{t('tranches.equivalent')}</dt>
                    <dd>{tranche.fundEquivalentMinor ? money(tranche.fundEquivalentMinor, view.currency) : ''}</dd>
                    <dt>{t('tranches.sent')}</dt>
                    <dd>{tranche.sentAt ? formatTime(tranche.sentAt) : ''}</dd>
                  </>
                )}
              </dl>
              {mayDisburse && tranche.status === 'scheduled' && sending !== tranche.id && (
                <button type="button" className="button" onClick={() => setSending(tranche.id)}>
                  {t('tranches.send', { seq: tranche.seq })}
                </button>
              )}
              {mayDisburse && tranche.status === 'scheduled' && sending === tranche.id && (
                <SendForm
                  tranche={tranche}
                  fundCurrency={view.currency}
                  busy={action.busy}
                  onCancel={() => setSending(null)}
                  onSend={(body) =>
                    void action
                      .run(async () => {
                        await sendTranche(view.id, tranche.id, body);
                        return t('tranches.recordedSent', { seq: tranche.seq });
                      }, refresh)
                      .then((ok) => ok && setSending(null))
                  }
                />
              )}
              {mayDisburse && tranche.status === 'sent' && (
                <div className="actions">
                  {SETTLEMENTS.map((outcome) => (
                    <button
                      key={outcome}
                      type="button"
                      className={outcome === 'confirmed' ? 'button' : 'button button--secondary'}
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          await settleTranche(view.id, tranche.id, outcome);
                          return t('tranches.settled', { seq: tranche.seq, status: TRANCHE_STATUS_LABELS[outcome].toLowerCase() });
                        }, refresh)
                      }
                    >
                      {t(`tranches.outcome.${outcome}`, { seq: tranche.seq })}
                    </button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayDisburse && MAY_ADD.has(view.status) && (
        <NewTrancheForm
          currency={view.currency}
          busy={action.busy}
          onAdd={(body) =>
            action.run(async () => {
              const made = await addTranche(view.id, body);
              return t('tranches.recorded', { seq: made.seq });
            }, refresh)
          }
        />
      )}
    </section>
  );
}

function NewTrancheForm({ currency, busy, onAdd }: { currency: CurrencyCode; busy: boolean; onAdd: (body: { plannedMinor: string; method: DisbursementMethod; scheduledOn: string }) => Promise<boolean> }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [planned, setPlanned] = useState('');
  const [method, setMethod] = useState<DisbursementMethod>('bank_transfer');
  const [on, setOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = readAmount(planned, currency);
    if (!amount.ok) return setError(amount.error);
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(on)) return setError(t('tranches.enterDate'));
    setError(null);
    if (await onAdd({ plannedMinor: amount.minor.toString(), method, scheduledOn: on })) setPlanned('');
  };

  return (
    <form className="form panel panel--inner" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('tranches.recordTitle')}</h3>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-planned`}>{t('tranches.plannedAmount', { currency })}</label>
        {error && <p className="field__error">{error}</p>}
        <input id={`${id}-planned`} inputMode="decimal" value={planned} onChange={(e) => setPlanned(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>{t('tranches.method')}</label>
        <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as DisbursementMethod)}>
          {DISBURSEMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-on`}>{t('tranches.plannedDate')}</label>
        <input id={`${id}-on`} type="date" value={on} onChange={(e) => setOn(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('tranches.record')}
        </button>
      </div>
    </form>
  );
}

interface SendBody {
  paidMinor: string;
  paidCurrency: CurrencyCode;
  rate: string;
  rateSource: string;
  rateAt: string;
}

/** A local date-time input's value ("2026-12-07T10:30") as an instant with its offset, or null. */
function instantOf(local: string): string | null {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function nowLocal(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

function SendForm({ tranche, fundCurrency, busy, onSend, onCancel }: { tranche: TrancheView; fundCurrency: CurrencyCode; busy: boolean; onSend: (body: SendBody) => void; onCancel: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [paid, setPaid] = useState('');
  const [currency, setCurrency] = useState<CurrencyCode>(fundCurrency);
  const [rate, setRate] = useState('1');
  const [source, setSource] = useState('');
  const [at, setAt] = useState(nowLocal);
  const [error, setError] = useState<string | null>(null);
  const equivalent = paid.trim() === '' ? null : readEquivalent(paid, currency, currency === fundCurrency ? '1' : rate, fundCurrency);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!equivalent) return setError(t('tranches.enterPaid'));
    if (!equivalent.ok) return setError(equivalent.error);
    if (source.trim() === '') return setError(t('tranches.enterSource'));
    const rateAt = instantOf(at);
    if (!rateAt) return setError(t('tranches.enterRateAt'));
    const amount = readAmount(paid, currency);
    if (!amount.ok) return setError(amount.error);
    setError(null);
    onSend({ paidMinor: amount.minor.toString(), paidCurrency: currency, rate: currency === fundCurrency ? '1' : rate.trim(), rateSource: source.trim(), rateAt });
  };

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('tranches.send', { seq: tranche.seq })}</h3>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-currency`}>{t('tranches.currencyPaid')}</label>
        <select id={`${id}-currency`} value={currency} onChange={(e) => setCurrency(e.target.value as CurrencyCode)}>
          {CURRENCY_CODES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-paid`}>{t('tranches.amountPaid', { currency })}</label>
        <input id={`${id}-paid`} inputMode="decimal" value={paid} onChange={(e) => setPaid(e.target.value)} />
      </div>
      {currency !== fundCurrency && (
        <div className="field">
          <label htmlFor={`${id}-rate`}>
            {t('tranches.rateLabel', { fund: fundCurrency, paid: currency })}
          </label>
          <input id={`${id}-rate`} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-source`}>{t('tranches.rateSource')}</label>
        <input id={`${id}-source`} value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-at`}>{t('tranches.rateAt')}</label>
        <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      <p className="status-line" role="status" aria-live="polite">
        {t('tranches.equivalent')}: <output aria-label={t('tranches.equivalent')}>{equivalent?.ok ? equivalent.text : '—'}</output>
        {equivalent && !equivalent.ok && <span className="field__hint"> {equivalent.error}</span>}
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('tranches.recordAsSent', { seq: tranche.seq })}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('caseGrants.notNow')}
        </button>
      </div>
    </form>
  );
}
