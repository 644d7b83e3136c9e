/**
 * One grant (`/staff/console/grants/:grantId`): its terms and status, the approval it needs and
 * who approved — each approval's signature checked in this browser against the approver's
 * certified key — the moves the api allows the person now, payee details decrypted in the crypto
 * worker for those who hold the grant key, tranches, grantee reports, the ledger downloads and a
 * timeline. The api enforces every rule shown here; a grant the person may not see answers 404.
 */
import { formatDate } from '../../ui/format-time';
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type GrantView, asSubject, isApprover, isEditableGrant } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { declareConflict, grantView, ledgerHref, moveGrant } from '../../api/grants';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker, cryptoWorkerRunning } from '../../crypto/crypto-client';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { formatTime } from '../../ui/format-time';
import { StatusMessages } from '../../ui/status-messages';
import { abilityOf, createStaffDirectory, useIdentity, useStepUp } from '../identity';
import { decisionRows, failedCount } from './approval-verdicts';
import { decide } from './grant-decision';
import { GRANT_STATUS_LABELS, MOVE_LABELS, PURPOSE_LABELS, grantHandle } from './grant-labels';
import { type GrantReading, readGrant } from './grant-opening';
import { grantQueryKeys } from './grant-queries';
import { GrantReports } from './grant-reports';
import { GrantTranches } from './grant-tranches';
import { money } from '../../data/money-input';
import { PayeePanel } from './payee-panel';
import { TermsForm } from './terms-form';

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Loaded = { readonly phase: 'not-found' } | { readonly phase: 'ready'; readonly view: GrantView; readonly reading: GrantReading };

export function GrantPage() {
  const { grantId = '' } = useParams();
  return <GrantScreen key={grantId} grantId={grantId} />;
}

function GrantScreen({ grantId }: { grantId: string }) {
  const id = useId();
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const directory = useMemo(() => createStaffDirectory(), []);
  const keyHeld = useRef(false);
  const stepUp = useStepUp();
  const action = usePageAction();
  const [reason, setReason] = useState('');
  const [changingTerms, setChangingTerms] = useState(false);

  const rootKey = ROOT_PUBLIC_KEY;
  const loaded = useQuery({
    queryKey: grantQueryKeys.one(grantId),
    queryFn:
      unlocked && rootKey
        ? async (): Promise<Loaded> => {
            if (!LOWER_UUID.test(grantId)) return { phase: 'not-found' };
            let view: GrantView;
            try {
              view = await grantView(grantId);
            } catch (e) {
              if (isApiError(e, 404)) return { phase: 'not-found' };
              throw e;
            }
            const reading = await readGrant(view, { root: rootKey, me: unlocked.userId, directory, revocations: await keyRevocations() }, keyHeld.current);
            keyHeld.current = reading.keyOpen;
            return { phase: 'ready', view, reading };
          }
        : skipToken,
  });

  // Leaving the grant: its key goes from the worker.
  useEffect(
    () => () => {
      if (cryptoWorkerRunning()) void cryptoWorker().forgetGrant(grantId).catch(() => undefined);
    },
    [grantId],
  );

  if (!session || !unlocked) return null;
  if (!ROOT_PUBLIC_KEY) {
    return (
      <p className="message message--error" role="alert">
        {t('grantPage.noRoot')}
      </p>
    );
  }
  if (loaded.isError) {
    return (
      <>
        <h1>{t('finance.grantHandle', { handle: grantHandle(grantId) })}</h1>
        <p className="message message--error" role="alert">
          {describeFailure(loaded.error)}
        </p>
      </>
    );
  }
  const page = loaded.data;
  if (!page) return <p className="message">{t('grantPage.opening')}</p>;
  if (page.phase === 'not-found') {
    return (
      <>
        <h1>{t('grantPage.notFoundTitle')}</h1>
        <p className="message" role="status">
          {t('grantPage.notFound')}
        </p>
      </>
    );
  }

  const { view, reading } = page;
  const root = ROOT_PUBLIC_KEY;
  const ability = abilityOf(session);
  const refresh = [grantQueryKeys.all];
  const mayDisburse = ability.can('disburse', 'Grant');
  const roles = session.staff.roles;
  const worksCases = roles.includes('caseworker') || roles.includes('desk_lead');
  const { standing } = view;
  const decisions = decisionRows(view, reading.approvals);
  const failedApprovals = failedCount(decisions);
  // The case's staff change the terms while they may still change (the api says the same).
  const mayChangeTerms = worksCases && ability.can('update', 'Grant') && isEditableGrant(view.status);

  const decideNow = (decision: 'approve' | 'reject') =>
    action.run(async () => {
      await decide(view.id, decision, { root, me: unlocked.userId, directory, stepUp }, view);
      return decision === 'approve' ? t('grantPage.approvalRecorded') : t('grantPage.rejectionRecorded');
    }, refresh);

  const move = (to: string) =>
    action.run(async () => {
      await moveGrant(view.id, { to: to as never, ...(to === 'needs_information' && reason.trim() ? { reason: reason.trim() } : {}) });
      setReason('');
      return t('grantPage.nowStatus', { status: GRANT_STATUS_LABELS[to as keyof typeof GRANT_STATUS_LABELS] ?? to });
    }, refresh);

  return (
    <>
      {view.caseId && worksCases && (
        <p>
          <Link to={`/staff/cases/${view.caseId}`}>← {t('grantPage.theCase')}</Link>
        </p>
      )}
      <h1>
        {t('finance.grantHandle', { handle: grantHandle(view.id) })} <span className="field__hint">{PURPOSE_LABELS[view.purpose]}</span>
      </h1>
      <StatusMessages busy={action.busy} message={action.message} />

      {(failedApprovals > 0 || reading.keyFailure) && (
        <div className="message message--error" role="alert">
          <p>
            <strong>{t('grantPage.failedVerification')}</strong>
          </p>
          {failedApprovals > 0 && (
            <p>
              {t('grantPage.approvalsFailed', { count: failedApprovals })}
            </p>
          )}
          {reading.keyFailure && <p>{reading.keyFailure}</p>}
        </div>
      )}

      <section className="panel" aria-labelledby={`${id}-terms`}>
        <h2 id={`${id}-terms`}>{t('grantPage.terms')}</h2>
        <dl className="facts-list">
          <dt>{t('staff.status')}</dt>
          <dd>
            <span className="badge badge--pending">{GRANT_STATUS_LABELS[view.status]}</span>
          </dd>
          <dt>{t('finance.amount')}</dt>
          <dd>{money(view.amountMinor, view.currency)}</dd>
          <dt>{t('grantForm.fund')}</dt>
          <dd>{view.fundName}</dd>
          <dt>{t('grantForm.line')}</dt>
          <dd>{PURPOSE_LABELS[view.purpose]}</dd>
          <dt>{t('grantPage.termsVersion')}</dt>
          <dd>{view.version}</dd>
          <dt>{t('grantPage.proposedBy')}</dt>
          <dd>{view.proposerName}</dd>
          <dt>{t('finance.committed')}</dt>
          <dd>{money(view.committedMinor, view.currency)}</dd>
          <dt>{t('finance.disbursed')}</dt>
          <dd>{money(view.disbursedMinor, view.currency)}</dd>
          <dt>{t('grantPage.reportDue')}</dt>
          <dd>{view.reportDueOn ? formatDate(view.reportDueOn) : t('grantPage.setAtApproval')}</dd>
        </dl>
        {mayChangeTerms && !changingTerms && (
          <button type="button" className="button button--secondary" onClick={() => setChangingTerms(true)}>
            {t('terms.title')}
          </button>
        )}
        {mayChangeTerms && changingTerms && <TermsForm view={view} action={action} onDone={() => setChangingTerms(false)} />}
        {view.informationRequest !== null && (
          <p className="message" role="note">
            <strong>{t('grantPage.moreInfo')}</strong> {view.informationRequest || t('grantPage.noDetails')}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-approval`}>
        <h2 id={`${id}-approval`}>{t('grantPage.approval')}</h2>
        <p>
          {t(standing.requirement.director ? 'grantPage.needsWithDirector' : 'grantPage.needs', { count: standing.requirement.approvers })}{' '}
          {view.status === 'submitted' && (standing.remaining > 0 ? t('grantPage.moreNeeded', { count: standing.remaining }) : t('grantPage.fullyApproved'))}
        </p>
        {view.approvals.length === 0 ? (
          <p className="field__hint">{t('grantPage.noDecision')}</p>
        ) : (
          <ul className="timeline" aria-label={t('grantPage.decisions')}>
            {decisions.map(({ key, approval: a, verdict }) => (
              <li key={key} className="timeline__entry" aria-label={t(a.decision === 'approve' ? 'grantPage.approvedBy' : 'grantPage.rejectedBy', { name: a.approverName })}>
                <p className="timeline__title">
                  {t(a.decision === 'approve' ? 'grantPage.approvedBy' : 'grantPage.rejectedBy', { name: a.approverName })}
                  {a.byDirector ? ` (${t('grantPage.director')})` : ''}
                </p>
                <p className="timeline__meta">
                  {formatTime(a.at)} · {t('grantPage.termsVersionN', { version: a.termsVersion })}{' '}
                  {verdict === 'voided' && <span className="badge badge--pending">{t('grantPage.voided')}</span>}
                  {verdict === 'verified' && <span className="badge badge--ok">{t('casePage.signatureVerified')}</span>}
                  {verdict === 'failed' && <span className="badge badge--bad">{t('grantPage.notVerified')}</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
        {isApprover(roles) && view.status === 'submitted' && (
          <>
            {!standing.mayApprove && (
              <p className="refusal" role="note">
                <span className="badge badge--bad">{t('approvals.mayNot')}</span>{' '}
                {standing.refusal ? t(`approvalRefusal.${standing.refusal}`, { defaultValue: standing.refusalText ?? '' }) : standing.refusalText}
              </p>
            )}
            {(standing.mayApprove || standing.mayReject) && (
              <div className="actions">
                {standing.mayApprove && (
                  <button type="button" className="button" disabled={action.busy} onClick={() => void decideNow('approve')}>
                    {t('approvals.approve')}
                  </button>
                )}
                {standing.mayReject && (
                  <button type="button" className="button button--danger" disabled={action.busy} onClick={() => void decideNow('reject')}>
                    {t('approvals.reject')}
                  </button>
                )}
              </div>
            )}
            {standing.mayApprove && standing.wouldBeFinal && <p className="field__hint">{t('grantPage.wouldBeFinal', { amount: money(view.amountMinor, view.currency) })}</p>}
            {!view.conflictDeclared ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await declareConflict(view.id);
                    return t('grantPage.conflictRecorded');
                  }, refresh)
                }
              >
                {t('approvals.declareConflict')}
              </button>
            ) : (
              <p className="field__hint">{t('approvalRefusal.conflict')}.</p>
            )}
          </>
        )}
      </section>

      {view.allowedMoves.length > 0 && (
        <section className="panel" aria-labelledby={`${id}-moves`}>
          <h2 id={`${id}-moves`}>{t('grantPage.nextSteps')}</h2>
          {view.allowedMoves.includes('needs_information') && (
            <div className="field">
              <label htmlFor={`${id}-reason`}>{t('grantPage.whatMissing')}</label>
              <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </div>
          )}
          <div className="actions">
            {view.allowedMoves.map((to) => (
              <button key={to} type="button" className={to === 'cancelled' || to === 'withdrawn' ? 'button button--danger' : 'button'} disabled={action.busy} onClick={() => void move(to)}>
                {MOVE_LABELS[to] ?? to}
              </button>
            ))}
          </div>
        </section>
      )}

      <PayeePanel view={view} reading={reading} mayWrite={ability.can('update', 'GrantPayee')} refresh={refresh} />

      <GrantTranches view={view} mayDisburse={mayDisburse} refresh={refresh} />

      <GrantReports view={view} reading={reading} mayDecide={worksCases} refresh={refresh} />

      {ability.can('export', asSubject('Report', { reportKind: 'ledger', deskId: null })) && (
        <section className="panel" aria-labelledby={`${id}-ledger`}>
          <h2 id={`${id}-ledger`}>{t('grantPage.ledger')}</h2>
          <p>
            {t('grantPage.fundLedger')} <a href={ledgerHref(view.fundId, 'csv')}>{t('grantPage.ledgerCsv')}</a> ·{' '}
            <a href={ledgerHref(view.fundId, 'xlsx')}>{t('grantPage.ledgerXlsx')}</a>
          </p>
        </section>
      )}

      <section className="panel" aria-labelledby={`${id}-timeline`}>
        <h2 id={`${id}-timeline`}>{t('grantPage.timeline')}</h2>
        <ol className="timeline" aria-label={t('grantPage.timeline')}>
          {view.timeline.map((entry, i) => (
            <li key={i} className="timeline__entry">
              <p className="timeline__title">{timelineWords(entry.action)}</p>
              <p className="timeline__meta">
                {formatTime(entry.at)}
                {entry.actorName ? ` · ${entry.actorName}` : ''}
              </p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** "grant.approved" → "Approved"; an audit action as a few words. */
function timelineWords(action: string): string {
  const words = action.replace(/^grant[._]/, '').replace(/[._]/g, ' ');
  const fallback = words.charAt(0).toUpperCase() + words.slice(1);
  return ct(`grantTimeline.${action.replace(/\./g, '_')}`, { defaultValue: fallback });
}
