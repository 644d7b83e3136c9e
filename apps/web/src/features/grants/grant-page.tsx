/**
 * One grant (`/staff/console/grants/:grantId`): its terms and status, the approval it needs and
 * who approved — each approval's signature checked in this browser against the approver's
 * certified key — the moves the api allows the person now, payee details decrypted in the crypto
 * worker for those who hold the grant key, tranches, grantee reports, the ledger downloads and a
 * timeline. The api enforces every rule shown here; a grant the person may not see answers 404.
 */
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
        This build of Ashar has no organisation root key, so no signature of this grant can be checked. Ask your administrator to rebuild it with ROOT_PUBLIC_KEY set.
      </p>
    );
  }
  if (loaded.isError) {
    return (
      <>
        <h1>Grant {grantHandle(grantId)}</h1>
        <p className="message message--error" role="alert">
          {describeFailure(loaded.error)}
        </p>
      </>
    );
  }
  const page = loaded.data;
  if (!page) return <p className="message">Opening the grant…</p>;
  if (page.phase === 'not-found') {
    return (
      <>
        <h1>Grant not found</h1>
        <p className="message" role="status">
          There is no such grant, or it is not one you may see.
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
      return decision === 'approve' ? 'Your approval was signed in this browser and recorded.' : 'Your rejection was signed in this browser and recorded.';
    }, refresh);

  const move = (to: string) =>
    action.run(async () => {
      await moveGrant(view.id, { to: to as never, ...(to === 'needs_information' && reason.trim() ? { reason: reason.trim() } : {}) });
      setReason('');
      return `The grant is now: ${GRANT_STATUS_LABELS[to as keyof typeof GRANT_STATUS_LABELS] ?? to}.`;
    }, refresh);

  return (
    <>
      {view.caseId && worksCases && (
        <p>
          <Link to={`/staff/cases/${view.caseId}`}>← The case</Link>
        </p>
      )}
      <h1>
        Grant {grantHandle(view.id)} <span className="field__hint">{PURPOSE_LABELS[view.purpose]}</span>
      </h1>
      <StatusMessages busy={action.busy} message={action.message} />

      {(failedApprovals > 0 || reading.keyFailure) && (
        <div className="message message--error" role="alert">
          <p>
            <strong>Warning: this grant failed verification in this browser.</strong>
          </p>
          {failedApprovals > 0 && (
            <p>
              {failedApprovals === 1 ? 'An approval’s signature' : `${failedApprovals} approvals’ signatures`} do not verify over these terms with the approver’s certified key. The server may
              have forged or replayed them. Do not pay this grant; tell your administrator.
            </p>
          )}
          {reading.keyFailure && <p>{reading.keyFailure}</p>}
        </div>
      )}

      <section className="panel" aria-labelledby={`${id}-terms`}>
        <h2 id={`${id}-terms`}>Terms</h2>
        <dl className="facts-list">
          <dt>Status</dt>
          <dd>
            <span className="badge badge--pending">{GRANT_STATUS_LABELS[view.status]}</span>
          </dd>
          <dt>Amount</dt>
          <dd>{money(view.amountMinor, view.currency)}</dd>
          <dt>Fund</dt>
          <dd>{view.fundName}</dd>
          <dt>Budget line</dt>
          <dd>{PURPOSE_LABELS[view.purpose]}</dd>
          <dt>Terms version</dt>
          <dd>{view.version}</dd>
          <dt>Proposed by</dt>
          <dd>{view.proposerName}</dd>
          <dt>Committed</dt>
          <dd>{money(view.committedMinor, view.currency)}</dd>
          <dt>Disbursed</dt>
          <dd>{money(view.disbursedMinor, view.currency)}</dd>
          <dt>Report due</dt>
          <dd>{view.reportDueOn ? formatDate(view.reportDueOn) : 'Set at the final approval'}</dd>
        </dl>
        {mayChangeTerms && !changingTerms && (
          <button type="button" className="button button--secondary" onClick={() => setChangingTerms(true)}>
            Change the terms
          </button>
        )}
        {mayChangeTerms && changingTerms && <TermsForm view={view} action={action} onDone={() => setChangingTerms(false)} />}
        {view.informationRequest !== null && (
          <p className="message" role="note">
            <strong>More information asked for:</strong> {view.informationRequest || 'no details given'}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-approval`}>
        <h2 id={`${id}-approval`}>Approval</h2>
        <p>
          Needs {standing.requirement.approvers} approver{standing.requirement.approvers === 1 ? '' : 's'}
          {standing.requirement.director ? ', the director among them' : ''}.{' '}
          {view.status === 'submitted' && (standing.remaining > 0 ? `${standing.remaining} more needed.` : 'Fully approved.')}
        </p>
        {view.approvals.length === 0 ? (
          <p className="field__hint">No decision yet.</p>
        ) : (
          <ul className="timeline" aria-label="Decisions">
            {decisions.map(({ key, approval: a, verdict }) => (
              <li key={key} className="timeline__entry" aria-label={`${a.decision === 'approve' ? 'Approved' : 'Rejected'} by ${a.approverName}`}>
                <p className="timeline__title">
                  {a.decision === 'approve' ? 'Approved' : 'Rejected'} by {a.approverName}
                  {a.byDirector ? ' (director)' : ''}
                </p>
                <p className="timeline__meta">
                  {formatTime(a.at)} · terms version {a.termsVersion}{' '}
                  {verdict === 'voided' && <span className="badge badge--pending">Voided: the terms changed</span>}
                  {verdict === 'verified' && <span className="badge badge--ok">Signature verified</span>}
                  {verdict === 'failed' && <span className="badge badge--bad">Signature NOT verified</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
        {isApprover(roles) && view.status === 'submitted' && (
          <>
            {!standing.mayApprove && (
              <p className="refusal" role="note">
                <span className="badge badge--bad">You may not approve</span> {standing.refusalText}
              </p>
            )}
            {(standing.mayApprove || standing.mayReject) && (
              <div className="actions">
                {standing.mayApprove && (
                  <button type="button" className="button" disabled={action.busy} onClick={() => void decideNow('approve')}>
                    Approve
                  </button>
                )}
                {standing.mayReject && (
                  <button type="button" className="button button--danger" disabled={action.busy} onClick={() => void decideNow('reject')}>
                    Reject
                  </button>
                )}
              </div>
            )}
            {standing.mayApprove && standing.wouldBeFinal && <p className="field__hint">Your approval would be the final one: it commits {money(view.amountMinor, view.currency)} on the budget line.</p>}
            {!view.conflictDeclared ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={action.busy}
                onClick={() =>
                  void action.run(async () => {
                    await declareConflict(view.id);
                    return 'Your conflict of interest was recorded: you will not decide on this grant.';
                  }, refresh)
                }
              >
                Declare a conflict of interest
              </button>
            ) : (
              <p className="field__hint">You declared a conflict of interest on this grant.</p>
            )}
          </>
        )}
      </section>

      {view.allowedMoves.length > 0 && (
        <section className="panel" aria-labelledby={`${id}-moves`}>
          <h2 id={`${id}-moves`}>Next steps</h2>
          {view.allowedMoves.includes('needs_information') && (
            <div className="field">
              <label htmlFor={`${id}-reason`}>What is missing (optional, no personal details)</label>
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
          <h2 id={`${id}-ledger`}>Ledger</h2>
          <p>
            The fund’s ledger: <a href={ledgerHref(view.fundId, 'csv')}>Download the ledger as CSV</a> ·{' '}
            <a href={ledgerHref(view.fundId, 'xlsx')}>Download the ledger as a spreadsheet</a>
          </p>
        </section>
      )}

      <section className="panel" aria-labelledby={`${id}-timeline`}>
        <h2 id={`${id}-timeline`}>Timeline</h2>
        <ol className="timeline" aria-label="Timeline">
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
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { dateStyle: 'medium' });
}
