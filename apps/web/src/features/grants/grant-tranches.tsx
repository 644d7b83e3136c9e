/**
 * A grant's tranches (docs/grants.md, Disbursement): each with its method, planned amount and,
 * once sent, what was actually paid, the rate, its source and time, and the fund-currency
 * equivalent. A finance officer records a tranche, sends it — the equivalent is computed live in
 * this browser through money.ts fundEquivalent before anything is sent — and settles it.
 */
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

export function GrantTranches({ view, mayDisburse, refresh }: { view: GrantView; mayDisburse: boolean; refresh: QueryKey[] }) {
  const id = useId();
  const action = usePageAction();
  const [sending, setSending] = useState<string | null>(null);

  return (
    <section className="panel" aria-labelledby={`${id}-tranches`}>
      <h2 id={`${id}-tranches`}>Tranches</h2>
      <StatusMessages busy={action.busy} message={action.message} />
      {view.tranches.length === 0 ? (
        <p className="field__hint">No tranche yet.</p>
      ) : (
        <ul className="desk-keys" aria-label="Tranches">
          {view.tranches.map((t) => (
            <li key={t.id} className="desk-keys__item" aria-label={`Tranche ${t.seq}`}>
              <p>
                <strong>Tranche {t.seq}</strong> · {METHOD_LABELS[t.method]} · <span className="badge badge--pending">{TRANCHE_STATUS_LABELS[t.status]}</span>
              </p>
              <dl className="facts-list">
                <dt>Planned</dt>
                <dd>
                  {money(t.plannedMinor, view.currency)} on {t.scheduledOn.slice(0, 10)}
                </dd>
                {t.paidMinor && t.paidCurrency && (
                  <>
                    <dt>Paid</dt>
                    <dd>{money(t.paidMinor, t.paidCurrency)}</dd>
                    <dt>Rate</dt>
                    <dd>
                      {t.rate} {view.currency} per {t.paidCurrency} ({t.rateSource}, {t.rateAt ? formatTime(t.rateAt) : ''})
                    </dd>
                    <dt>Fund equivalent</dt>
                    <dd>{t.fundEquivalentMinor ? money(t.fundEquivalentMinor, view.currency) : ''}</dd>
                    <dt>Sent</dt>
                    <dd>{t.sentAt ? formatTime(t.sentAt) : ''}</dd>
                  </>
                )}
              </dl>
              {mayDisburse && t.status === 'scheduled' && sending !== t.id && (
                <button type="button" className="button" onClick={() => setSending(t.id)}>
                  Send tranche {t.seq}
                </button>
              )}
              {mayDisburse && t.status === 'scheduled' && sending === t.id && (
                <SendForm
                  tranche={t}
                  fundCurrency={view.currency}
                  busy={action.busy}
                  onCancel={() => setSending(null)}
                  onSend={(body) =>
                    void action
                      .run(async () => {
                        await sendTranche(view.id, t.id, body);
                        return `Tranche ${t.seq} was recorded as sent.`;
                      }, refresh)
                      .then((ok) => ok && setSending(null))
                  }
                />
              )}
              {mayDisburse && t.status === 'sent' && (
                <div className="actions">
                  {(['confirmed', 'failed', 'returned'] as const).map((outcome) => (
                    <button
                      key={outcome}
                      type="button"
                      className={outcome === 'confirmed' ? 'button' : 'button button--secondary'}
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          await settleTranche(view.id, t.id, outcome);
                          return `Tranche ${t.seq}: ${TRANCHE_STATUS_LABELS[outcome].toLowerCase()}.`;
                        }, refresh)
                      }
                    >
                      {outcome === 'confirmed' ? `Confirm tranche ${t.seq} arrived` : outcome === 'failed' ? `Tranche ${t.seq} failed` : `Tranche ${t.seq} came back`}
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
              return `Tranche ${made.seq} was recorded.`;
            }, refresh)
          }
        />
      )}
    </section>
  );
}

function NewTrancheForm({ currency, busy, onAdd }: { currency: CurrencyCode; busy: boolean; onAdd: (body: { plannedMinor: string; method: DisbursementMethod; scheduledOn: string }) => Promise<boolean> }) {
  const id = useId();
  const [planned, setPlanned] = useState('');
  const [method, setMethod] = useState<DisbursementMethod>('bank_transfer');
  const [on, setOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = readAmount(planned, currency);
    if (!amount.ok) return setError(amount.error);
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(on)) return setError('Enter the planned date.');
    setError(null);
    if (await onAdd({ plannedMinor: amount.minor.toString(), method, scheduledOn: on })) setPlanned('');
  };

  return (
    <form className="form panel panel--inner" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Record a tranche</h3>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-planned`}>Planned amount ({currency})</label>
        {error && <p className="field__error">{error}</p>}
        <input id={`${id}-planned`} inputMode="decimal" value={planned} onChange={(e) => setPlanned(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as DisbursementMethod)}>
          {DISBURSEMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-on`}>Planned date</label>
        <input id={`${id}-on`} type="date" value={on} onChange={(e) => setOn(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Record the tranche
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
  const [paid, setPaid] = useState('');
  const [currency, setCurrency] = useState<CurrencyCode>(fundCurrency);
  const [rate, setRate] = useState('1');
  const [source, setSource] = useState('');
  const [at, setAt] = useState(nowLocal);
  const [error, setError] = useState<string | null>(null);
  const equivalent = paid.trim() === '' ? null : readEquivalent(paid, currency, currency === fundCurrency ? '1' : rate, fundCurrency);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!equivalent) return setError('Enter the amount paid.');
    if (!equivalent.ok) return setError(equivalent.error);
    if (source.trim() === '') return setError('Enter where the rate comes from (a bank, the national bank, an exchange office).');
    const rateAt = instantOf(at);
    if (!rateAt) return setError('Enter when the rate was read.');
    const amount = readAmount(paid, currency);
    if (!amount.ok) return setError(amount.error);
    setError(null);
    onSend({ paidMinor: amount.minor.toString(), paidCurrency: currency, rate: currency === fundCurrency ? '1' : rate.trim(), rateSource: source.trim(), rateAt });
  };

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Send tranche {tranche.seq}</h3>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-currency`}>Currency paid</label>
        <select id={`${id}-currency`} value={currency} onChange={(e) => setCurrency(e.target.value as CurrencyCode)}>
          {CURRENCY_CODES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-paid`}>Amount paid ({currency})</label>
        <input id={`${id}-paid`} inputMode="decimal" value={paid} onChange={(e) => setPaid(e.target.value)} />
      </div>
      {currency !== fundCurrency && (
        <div className="field">
          <label htmlFor={`${id}-rate`}>
            Rate ({fundCurrency} for one {currency})
          </label>
          <input id={`${id}-rate`} inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-source`}>Rate source</label>
        <input id={`${id}-source`} value={source} maxLength={200} onChange={(e) => setSource(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-at`}>Rate read at</label>
        <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      <p className="status-line" role="status" aria-live="polite">
        Fund equivalent: <output aria-label="Fund equivalent">{equivalent?.ok ? equivalent.text : '—'}</output>
        {equivalent && !equivalent.ok && <span className="field__hint"> {equivalent.error}</span>}
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Record tranche {tranche.seq} as sent
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Not now
        </button>
      </div>
    </form>
  );
}
