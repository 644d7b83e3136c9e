/**
 * The case page's Grants panel: the case's grants (status, amount) linking to each grant page,
 * and "Propose a grant": fund, budget line and amount typed in major units. The crypto worker
 * makes the grant key and seals it (SPEC.md §18.1) to the finance desk and the case's owning desk
 * (each one's newest verified key version), to the proposer and — when the case has one — to the
 * case's requester (the key its case key was checked against); then the grant is proposed and
 * submitted for approval.
 */
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { type CaseView } from '@ashar/domain';
import { listDesks } from '../../api/desks';
import { moveGrant, proposeGrant } from '../../api/grants';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { describeFailure } from '../../data/describe-failure';
import { Refusal } from '../../data/refusal';
import { type PageAction, usePageAction } from '../../data/use-page-action';
import { StatusMessages } from '../../ui/status-messages';
import { GRANT_STATUS_LABELS, PURPOSE_LABELS, grantHandle } from './grant-labels';
import { caseGrantsQuery, fundsQuery, grantQueryKeys } from './grant-queries';
import { money, readAmount } from '../../data/money-input';

/** The desk whose members pay grants (DEFAULT_DESK_SLUGS). */
const FINANCE_DESK_SLUG = 'finance';

export function CaseGrantsPanel({ view, me, keyOpen, mayPropose }: { view: CaseView; me: string; keyOpen: boolean; mayPropose: boolean }) {
  const id = useId();
  const { t } = useTranslation('console');
  const caseId = view.case.id;
  const grants = useQuery(caseGrantsQuery(caseId));
  const [proposing, setProposing] = useState(false);
  const action = usePageAction();

  return (
    <section className="panel" aria-labelledby={`${id}-grants`}>
      <h2 id={`${id}-grants`}>{t('finance.grants')}</h2>
      <StatusMessages busy={action.busy} message={action.message} />
      {grants.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(grants.error)}
        </p>
      )}
      {grants.data?.length === 0 && <p className="field__hint">{t('caseGrants.none')}</p>}
      {grants.data && grants.data.length > 0 && (
        <ul className="inbox" aria-label={t('caseGrants.listLabel')}>
          {grants.data.map((g) => (
            <li key={g.id} className="inbox__row">
              <Link className="inbox__link" to={`/staff/console/grants/${g.id}`}>
                {t('finance.grantHandle', { handle: grantHandle(g.id) })}
              </Link>{' '}
              · {money(g.amountMinor, g.currency)} · {PURPOSE_LABELS[g.purpose]} · <span className="badge badge--pending">{GRANT_STATUS_LABELS[g.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {mayPropose && keyOpen && !proposing && (
        <button type="button" className="button button--secondary" onClick={() => setProposing(true)}>
          {t('caseGrants.propose')}
        </button>
      )}
      {mayPropose && keyOpen && proposing && <ProposeForm view={view} me={me} action={action} onDone={() => setProposing(false)} />}
    </section>
  );
}

function ProposeForm({ view, me, action, onDone }: { view: CaseView; me: string; action: PageAction; onDone: () => void }) {
  const id = useId();
  const { t } = useTranslation('console');
  const queryClient = useQueryClient();
  const funds = useQuery(fundsQuery());
  const [fundId, setFundId] = useState('');
  const [lineId, setLineId] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const active = funds.data?.filter((f) => f.status === 'active') ?? [];
  const fund = active.find((f) => f.id === fundId) ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fund) return setError(t('grantForm.chooseFund'));
    const line = fund.lines.find((l) => l.id === lineId);
    if (!line) return setError(t('grantForm.chooseLine'));
    const read = readAmount(amount, fund.currency);
    if (!read.ok) return setError(read.error);
    if (read.minor > BigInt(line.remainingMinor)) return setError(t('grantForm.lineLeft', { amount: money(line.remainingMinor, fund.currency) }));
    setError(null);
    void action
      .run(async () => {
        const root = ROOT_PUBLIC_KEY;
        if (!root) throw new Refusal(t('caseGrants.noRoot'));
        const finance = (await listDesks()).find((d) => d.slug === FINANCE_DESK_SLUG);
        if (!finance) throw new Refusal(t('caseGrants.noFinanceDesk'));
        const deskIds = [...new Set([finance.id, view.case.ownerDeskId])];
        const [desks, revocations] = await Promise.all([Promise.all(deskIds.map((deskId) => deskToSealTo(deskId, me))), keyRevocations()]);
        const grantId = crypto.randomUUID();
        const made = await cryptoWorker().createGrantKey({ root, grantId, caseId: view.case.id, desks, revocations, sealToRequester: view.requester !== null });
        rememberDesks(me, made.seen);
        await proposeGrant(view.case.id, { id: grantId, fundId: fund.id, budgetLineId: line.id, amountMinor: read.minor.toString(), envelopes: made.envelopes.map((e) => ({ ...e })) });
        await moveGrant(grantId, { to: 'submitted' });
        setAmount('');
        onDone();
        return t('caseGrants.proposed', { handle: grantHandle(grantId), amount: money(read.minor, fund.currency) });
      }, [grantQueryKeys.ofCase(view.case.id)])
      .then(() => queryClient.invalidateQueries({ queryKey: grantQueryKeys.all }));
  };

  return (
    <form className="form panel panel--inner" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('caseGrants.propose')}</h3>
      {error && (
        <p className="message message--error" role="alert">
          {error}
        </p>
      )}
      {funds.isError && <p className="message message--error">{describeFailure(funds.error)}</p>}
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
          <option value="">{t('grantForm.chooseFundOption')}</option>
          {active.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name} ({f.currency}, {f.donor})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-line`}>{t('grantForm.line')}</label>
        <select id={`${id}-line`} value={lineId} onChange={(e) => setLineId(e.target.value)} disabled={!fund}>
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
      <p className="field__hint">{view.requester ? t('caseGrants.sealedWithRequester') : t('caseGrants.sealed')}</p>
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {t('caseGrants.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('caseGrants.notNow')}
        </button>
      </div>
    </form>
  );
}
