/**
 * Finance home (`/staff/console/finance`): each fund and its budget lines with allocated,
 * committed, disbursed and remaining as amounts and as bars, the fund's approval policy in
 * words, its ledger downloads, and — for finance officers — creating and editing funds and lines.
 * Every amount is minor units formatted through money.ts; the api's refusals (over-allocated, …)
 * show as it words them.
 */
import { formatDate } from '../../ui/format-time';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { type BudgetPurpose, type FundView, BUDGET_PURPOSES, asSubject, formatMoney } from '@ashar/domain';
import { type BudgetLineView, addBudgetLine, ledgerHref, updateBudgetLine } from '../../api/grants';
import { describeFailure } from '../../data/describe-failure';
import { majorText, money, readAmount } from '../../data/money-input';
import { type PageAction, usePageAction } from '../../data/use-page-action';
import { StatusMessages } from '../../ui/status-messages';
import { GRANT_STATUS_LABELS, PURPOSE_LABELS, fundsQuery, grantHandle, grantListQuery, grantQueryKeys } from '../grants';
import { abilityOf, useIdentity } from '../identity';
import { FundForm } from './fund-form';
import { policyWords } from './fund-form-model';
import { MoneyBar } from './money-bar';

export function FinanceHome() {
  const { t } = useTranslation('console');
  const { session } = useIdentity();
  const funds = useQuery(fundsQuery());
  const action = usePageAction();
  const [editing, setEditing] = useState<'new' | string | null>(null);
  if (!session) return null;
  const ability = abilityOf(session);
  const manages = ability.can('update', 'Fund');

  return (
    <>
      <h1>{t('layout.finance')}</h1>
      <p>
        {t('finance.intro')} <Link to="/staff/console/approvals">{t('finance.waiting')}</Link>
      </p>
      <StatusMessages busy={action.busy} message={action.message} />
      {manages && editing !== 'new' && (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {t('finance.newFund')}
        </button>
      )}
      {editing === 'new' && <FundForm fund={null} action={action} onDone={() => setEditing(null)} />}
      {funds.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(funds.error)}
        </p>
      )}
      {funds.isPending && <p className="message">{t('finance.loading')}</p>}
      {funds.data?.length === 0 && <p className="message">{t('finance.noFund')}</p>}
      {funds.data?.map((fund) =>
        editing === fund.id ? (
          <FundForm key={fund.id} fund={fund} action={action} onDone={() => setEditing(null)} />
        ) : (
          <FundPanel key={fund.id} fund={fund} manages={manages} exports={ability.can('export', asSubject('Report', { reportKind: 'ledger', deskId: null }))} action={action} onEdit={() => setEditing(fund.id)} />
        ),
      )}
      <GrantsPanel />
    </>
  );
}

/** The grants the person may see, newest first, each linking to its page. */
function GrantsPanel() {
  const id = useId();
  const { t } = useTranslation('console');
  const grants = useQuery(grantListQuery());
  return (
    <section className="panel" aria-labelledby={`${id}-grants`}>
      <h2 id={`${id}-grants`}>{t('finance.grants')}</h2>
      {grants.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(grants.error)}
        </p>
      )}
      {grants.data?.length === 0 && <p className="field__hint">{t('finance.noGrant')}</p>}
      {grants.data && grants.data.length > 0 && (
        <div className="table-scroll">
          <table className="money-table" aria-label={t('finance.grants')}>
            <thead>
              <tr>
                <th scope="col">{t('finance.grant')}</th>
                <th scope="col">{t('finance.fundAndLine')}</th>
                <th scope="col" className="money-table__amount">
                  {t('finance.amount')}
                </th>
                <th scope="col">{t('staff.status')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <Link to={`/staff/console/grants/${g.id}`}>{t('finance.grantHandle', { handle: grantHandle(g.id) })}</Link>
                  </th>
                  <td>
                    {g.fundName} · {PURPOSE_LABELS[g.purpose]}
                  </td>
                  <td className="money-table__amount">{money(g.amountMinor, g.currency)}</td>
                  <td>{GRANT_STATUS_LABELS[g.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FundPanel({ fund, manages, exports, action, onEdit }: { fund: FundView; manages: boolean; exports: boolean; action: PageAction; onEdit: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const unallocated = BigInt(fund.totalMinor) - BigInt(fund.allocatedMinor);
  const fmt = (minor: bigint) => formatMoney(minor, fund.currency);
  const usedPurposes = new Set(fund.lines.map((l) => l.purpose));
  return (
    <section className="panel" aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>{fund.name}</h2>
      <p className="field__hint">
        {fund.donor} · {fund.currency} · {t('finance.period', { from: formatDate(fund.periodStart), to: formatDate(fund.periodEnd) })} ·{' '}
        {fund.status === 'active' ? t('finance.active') : t('finance.closed')}
      </p>
      <dl className="facts-list" aria-label={t('finance.moneyOf', { fund: fund.name })}>
        <dt>{t('finance.total')}</dt>
        <dd>{money(fund.totalMinor, fund.currency)}</dd>
        <dt>{t('finance.allocated')}</dt>
        <dd>{money(fund.allocatedMinor, fund.currency)}</dd>
        <dt>{t('finance.committed')}</dt>
        <dd>{money(fund.committedMinor, fund.currency)}</dd>
        <dt>{t('finance.disbursed')}</dt>
        <dd>{money(fund.disbursedMinor, fund.currency)}</dd>
        <dt>{t('finance.remaining')}</dt>
        <dd>{money(fund.remainingMinor, fund.currency)}</dd>
        <dt>{t('finance.notAllocated')}</dt>
        <dd>{fmt(unallocated)}</dd>
      </dl>
      <MoneyBar label={fund.name} allocated={fund.allocatedMinor} committed={fund.committedMinor} disbursed={fund.disbursedMinor} currency={fund.currency} />
      <ul className="money-legend" aria-hidden="true">
        <li>
          <span className="money-legend__swatch money-legend__swatch--disbursed" />
          {t('finance.disbursed')}
        </li>
        <li>
          <span className="money-legend__swatch money-legend__swatch--committed" />
          {t('finance.committed')}
        </li>
        <li>
          <span className="money-legend__swatch money-legend__swatch--rest" />
          {t('finance.remaining')}
        </li>
      </ul>

      <h3>{t('finance.lines')}</h3>
      {fund.lines.length === 0 ? (
        <p className="field__hint">{t('finance.noLine')}</p>
      ) : (
        <div className="table-scroll">
          <table className="money-table" aria-label={t('finance.linesOf', { fund: fund.name })}>
            <thead>
              <tr>
                <th scope="col">{t('finance.line')}</th>
                <th scope="col" className="money-table__amount">
                  {t('finance.allocated')}
                </th>
                <th scope="col" className="money-table__amount">
                  {t('finance.committed')}
                </th>
                <th scope="col" className="money-table__amount">
                  {t('finance.disbursed')}
                </th>
                <th scope="col" className="money-table__amount">
                  {t('finance.remaining')}
                </th>
              </tr>
            </thead>
            <tbody>
              {fund.lines.map((line) => (
                <LineRow key={line.id} fund={fund} line={line} manages={manages} action={action} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manages && fund.status === 'active' && usedPurposes.size < BUDGET_PURPOSES.length && <NewLineForm fund={fund} used={usedPurposes} action={action} />}

      <h3>{t('finance.policy')}</h3>
      <ul>
        {policyWords(fund.approvalPolicy, fmt).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="field__hint">{t('finance.reportDue', { count: fund.approvalPolicy.reportDueDays })}</p>

      <div className="actions">
        {exports && (
          <>
            <a className="button button--secondary" href={ledgerHref(fund.id, 'csv')}>
              {t('finance.ledgerCsv', { fund: fund.name })}
            </a>
            <a className="button button--secondary" href={ledgerHref(fund.id, 'xlsx')}>
              {t('finance.ledgerXlsx', { fund: fund.name })}
            </a>
          </>
        )}
        {manages && (
          <button type="button" className="button button--secondary" onClick={onEdit}>
            {t('finance.edit', { fund: fund.name })}
          </button>
        )}
      </div>
    </section>
  );
}

function LineRow({ fund, line, manages, action }: { fund: FundView; line: BudgetLineView; manages: boolean; action: PageAction }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [editing, setEditing] = useState(false);
  const [allocated, setAllocated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const label = PURPOSE_LABELS[line.purpose];

  const save = (event: FormEvent) => {
    event.preventDefault();
    const read = readAmount(allocated, fund.currency, { allowZero: true });
    if (!read.ok) return setError(read.error);
    setError(null);
    void action
      .run(async () => {
        await updateBudgetLine(fund.id, line.id, read.minor.toString());
        return t('finance.lineAllocated', { line: label, amount: money(read.minor, fund.currency) });
      }, [grantQueryKeys.funds()])
      .then((ok) => ok && setEditing(false));
  };

  return (
    <>
      <tr>
        <th scope="row">
          {label}
          <MoneyBar label={label} allocated={line.allocatedMinor} committed={line.committedMinor} disbursed={line.disbursedMinor} currency={fund.currency} />
        </th>
        <td className="money-table__amount">{money(line.allocatedMinor, fund.currency)}</td>
        <td className="money-table__amount">{money(line.committedMinor, fund.currency)}</td>
        <td className="money-table__amount">{money(line.disbursedMinor, fund.currency)}</td>
        <td className="money-table__amount">{money(line.remainingMinor, fund.currency)}</td>
      </tr>
      {manages && (
        <tr>
          <td colSpan={5}>
            {!editing ? (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setAllocated(majorText(line.allocatedMinor, fund.currency));
                  setEditing(true);
                }}
              >
                {t('finance.changeAllocation', { line: label })}
              </button>
            ) : (
              <form className="form" onSubmit={save} noValidate>
                <div className={error ? 'field field--invalid' : 'field'}>
                  <label htmlFor={`${id}-allocated`}>
                    {t('finance.allocatedTo', { line: label, currency: fund.currency })}
                  </label>
                  {error && <p className="field__error">{error}</p>}
                  <input id={`${id}-allocated`} inputMode="decimal" value={allocated} onChange={(e) => setAllocated(e.target.value)} />
                </div>
                <div className="actions">
                  <button type="submit" className="button" disabled={action.busy}>
                    {t('finance.saveAllocation')}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setEditing(false)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </form>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function NewLineForm({ fund, used, action }: { fund: FundView; used: ReadonlySet<BudgetPurpose>; action: PageAction }) {
  const id = useId();
  const { t } = useTranslation('console');
  const free = BUDGET_PURPOSES.filter((p) => !used.has(p));
  const [purpose, setPurpose] = useState<BudgetPurpose | ''>('');
  const [allocated, setAllocated] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (purpose === '') return setError(t('finance.choosePurpose'));
    const read = readAmount(allocated, fund.currency, { allowZero: true });
    if (!read.ok) return setError(read.error);
    setError(null);
    void action
      .run(async () => {
        await addBudgetLine(fund.id, { purpose, allocatedMinor: read.minor.toString() });
        return t('finance.lineAdded', { line: PURPOSE_LABELS[purpose], fund: fund.name, amount: money(read.minor, fund.currency) });
      }, [grantQueryKeys.funds()])
      .then((ok) => {
        if (ok) {
          setPurpose('');
          setAllocated('');
        }
      });
  };

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('finance.addLineTitle', { fund: fund.name })}</h4>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t('finance.paysFor')}</label>
        <select id={`${id}-purpose`} value={purpose} onChange={(e) => setPurpose(e.target.value as BudgetPurpose | '')}>
          <option value="">{t('finance.choosePurposeOption')}</option>
          {free.map((p) => (
            <option key={p} value={p}>
              {PURPOSE_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-allocated`}>{t('finance.allocatedCurrency', { currency: fund.currency })}</label>
        <input id={`${id}-allocated`} inputMode="decimal" value={allocated} onChange={(e) => setAllocated(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {t('finance.addLine')}
        </button>
      </div>
    </form>
  );
}
