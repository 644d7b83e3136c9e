/**
 * Finance home (`/staff/console/finance`): each fund and its budget lines with allocated,
 * committed, disbursed and remaining as amounts and as bars, the fund's approval policy in
 * words, its ledger downloads, and — for finance officers — creating and editing funds and lines.
 * Every amount is minor units formatted through money.ts; the api's refusals (over-allocated, …)
 * show as it words them.
 */
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
  const { session } = useIdentity();
  const funds = useQuery(fundsQuery());
  const action = usePageAction();
  const [editing, setEditing] = useState<'new' | string | null>(null);
  if (!session) return null;
  const ability = abilityOf(session);
  const manages = ability.can('update', 'Fund');

  return (
    <>
      <h1>Finance</h1>
      <p>
        Funds and their budget lines. <Link to="/staff/console/approvals">Grants waiting for approval</Link>
      </p>
      <StatusMessages busy={action.busy} message={action.message} />
      {manages && editing !== 'new' && (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          New fund
        </button>
      )}
      {editing === 'new' && <FundForm fund={null} action={action} onDone={() => setEditing(null)} />}
      {funds.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(funds.error)}
        </p>
      )}
      {funds.isPending && <p className="message">Loading the funds…</p>}
      {funds.data?.length === 0 && <p className="message">No fund yet.</p>}
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
  const grants = useQuery(grantListQuery());
  return (
    <section className="panel" aria-labelledby={`${id}-grants`}>
      <h2 id={`${id}-grants`}>Grants</h2>
      {grants.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(grants.error)}
        </p>
      )}
      {grants.data?.length === 0 && <p className="field__hint">No grant yet.</p>}
      {grants.data && grants.data.length > 0 && (
        <div className="table-scroll">
          <table className="money-table" aria-label="Grants">
            <thead>
              <tr>
                <th scope="col">Grant</th>
                <th scope="col">Fund and line</th>
                <th scope="col" className="money-table__amount">
                  Amount
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <Link to={`/staff/console/grants/${g.id}`}>Grant {grantHandle(g.id)}</Link>
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
  const unallocated = BigInt(fund.totalMinor) - BigInt(fund.allocatedMinor);
  const fmt = (minor: bigint) => formatMoney(minor, fund.currency);
  const usedPurposes = new Set(fund.lines.map((l) => l.purpose));
  return (
    <section className="panel" aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>{fund.name}</h2>
      <p className="field__hint">
        {fund.donor} · {fund.currency} · {fund.periodStart.slice(0, 10)} to {fund.periodEnd.slice(0, 10)} · {fund.status === 'active' ? 'Active' : 'Closed'}
      </p>
      <dl className="facts-list" aria-label={`Money of ${fund.name}`}>
        <dt>Total</dt>
        <dd>{money(fund.totalMinor, fund.currency)}</dd>
        <dt>Allocated</dt>
        <dd>{money(fund.allocatedMinor, fund.currency)}</dd>
        <dt>Committed</dt>
        <dd>{money(fund.committedMinor, fund.currency)}</dd>
        <dt>Disbursed</dt>
        <dd>{money(fund.disbursedMinor, fund.currency)}</dd>
        <dt>Remaining</dt>
        <dd>{money(fund.remainingMinor, fund.currency)}</dd>
        <dt>Not allocated</dt>
        <dd>{fmt(unallocated)}</dd>
      </dl>
      <MoneyBar label={fund.name} allocated={fund.allocatedMinor} committed={fund.committedMinor} disbursed={fund.disbursedMinor} currency={fund.currency} />
      <ul className="money-legend" aria-hidden="true">
        <li>
          <span className="money-legend__swatch money-legend__swatch--disbursed" />
          Disbursed
        </li>
        <li>
          <span className="money-legend__swatch money-legend__swatch--committed" />
          Committed
        </li>
        <li>
          <span className="money-legend__swatch money-legend__swatch--rest" />
          Remaining
        </li>
      </ul>

      <h3>Budget lines</h3>
      {fund.lines.length === 0 ? (
        <p className="field__hint">No budget line yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="money-table" aria-label={`Budget lines of ${fund.name}`}>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col" className="money-table__amount">
                  Allocated
                </th>
                <th scope="col" className="money-table__amount">
                  Committed
                </th>
                <th scope="col" className="money-table__amount">
                  Disbursed
                </th>
                <th scope="col" className="money-table__amount">
                  Remaining
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

      <h3>Approval policy</h3>
      <ul>
        {policyWords(fund.approvalPolicy, fmt).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="field__hint">Reports are due {fund.approvalPolicy.reportDueDays} days after the final approval.</p>

      <div className="actions">
        {exports && (
          <>
            <a className="button button--secondary" href={ledgerHref(fund.id, 'csv')}>
              Ledger of {fund.name} as CSV
            </a>
            <a className="button button--secondary" href={ledgerHref(fund.id, 'xlsx')}>
              Ledger of {fund.name} as a spreadsheet
            </a>
          </>
        )}
        {manages && (
          <button type="button" className="button button--secondary" onClick={onEdit}>
            Edit {fund.name}
          </button>
        )}
      </div>
    </section>
  );
}

function LineRow({ fund, line, manages, action }: { fund: FundView; line: BudgetLineView; manages: boolean; action: PageAction }) {
  const id = useId();
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
        return `${label} now has ${money(read.minor, fund.currency)} allocated.`;
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
                Change the allocation of {label}
              </button>
            ) : (
              <form className="form" onSubmit={save} noValidate>
                <div className={error ? 'field field--invalid' : 'field'}>
                  <label htmlFor={`${id}-allocated`}>
                    Allocated to {label} ({fund.currency})
                  </label>
                  {error && <p className="field__error">{error}</p>}
                  <input id={`${id}-allocated`} inputMode="decimal" value={allocated} onChange={(e) => setAllocated(e.target.value)} />
                </div>
                <div className="actions">
                  <button type="submit" className="button" disabled={action.busy}>
                    Save the allocation
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setEditing(false)}>
                    Cancel
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
  const free = BUDGET_PURPOSES.filter((p) => !used.has(p));
  const [purpose, setPurpose] = useState<BudgetPurpose | ''>('');
  const [allocated, setAllocated] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (purpose === '') return setError('Choose what the line pays for.');
    const read = readAmount(allocated, fund.currency, { allowZero: true });
    if (!read.ok) return setError(read.error);
    setError(null);
    void action
      .run(async () => {
        await addBudgetLine(fund.id, { purpose, allocatedMinor: read.minor.toString() });
        return `The line ${PURPOSE_LABELS[purpose]} was added to ${fund.name} with ${money(read.minor, fund.currency)}.`;
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
      <h4 id={`${id}-title`}>Add a budget line to {fund.name}</h4>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Pays for</label>
        <select id={`${id}-purpose`} value={purpose} onChange={(e) => setPurpose(e.target.value as BudgetPurpose | '')}>
          <option value="">Choose a purpose</option>
          {free.map((p) => (
            <option key={p} value={p}>
              {PURPOSE_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-allocated`}>Allocated ({fund.currency})</label>
        <input id={`${id}-allocated`} inputMode="decimal" value={allocated} onChange={(e) => setAllocated(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          Add the line
        </button>
      </div>
    </form>
  );
}
