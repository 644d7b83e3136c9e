/**
 * "Waiting for me" (`/staff/console/approvals`): the grants waiting for approval that the api
 * lists for the person (GET /grants?waiting=approval), each with its amount, fund and line, and
 * either Approve / Reject — signed in the crypto worker over the grant's current terms — or the
 * reason the person may not (approvalStanding's refusal, exactly what the api enforces).
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { declareConflict } from '../../api/grants';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { StatusMessages } from '../../ui/status-messages';
import { createStaffDirectory, useIdentity, useStepUp } from '../identity';
import { decide } from './grant-decision';
import { PURPOSE_LABELS, grantHandle } from './grant-labels';
import { grantQueryKeys, waitingQuery } from './grant-queries';
import { money } from '../../data/money-input';

export function ApprovalsPage() {
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const directory = useMemo(() => createStaffDirectory(), []);
  const stepUp = useStepUp();
  const action = usePageAction();
  const waiting = useQuery(waitingQuery('approval'));
  if (!session || !unlocked) return null;
  const root = ROOT_PUBLIC_KEY;
  const refresh = [grantQueryKeys.all];

  return (
    <>
      <h1>{t('approvals.title')}</h1>
      <p>{t('approvals.intro')}</p>
      <StatusMessages busy={action.busy} message={action.message} />
      {waiting.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(waiting.error)}
        </p>
      )}
      {waiting.isPending && <p className="message">{t('common.loading')}</p>}
      {waiting.data?.length === 0 && <p className="message">{t('approvals.none')}</p>}
      {waiting.data && waiting.data.length > 0 && (
        <ul className="inbox" aria-label={t('finance.waiting')}>
          {waiting.data.map((grant) => {
            const standing = grant.standing;
            const label = `${grantHandle(grant.id)}: ${money(grant.amountMinor, grant.currency)}`;
            return (
              <li key={grant.id} className="inbox__row panel" aria-label={label}>
                <p>
                  <Link className="inbox__link" to={`/staff/console/grants/${grant.id}`}>
                    {t('finance.grantHandle', { handle: grantHandle(grant.id) })}
                  </Link>{' '}
                  · <strong>{money(grant.amountMinor, grant.currency)}</strong> · {grant.fundName} · {PURPOSE_LABELS[grant.purpose]} ·{' '}
                  {t('approvals.proposedBy', { name: grant.proposerName })}
                </p>
                {standing && (
                  <p className="field__hint">
                    {t(standing.requirement.director ? 'approvals.needsWithDirector' : 'approvals.needs', { count: standing.requirement.approvers, remaining: standing.remaining })}
                  </p>
                )}
                {!standing?.mayApprove && (
                  <p className="refusal" role="note">
                    <span className="badge badge--bad">{t('approvals.mayNot')}</span>{' '}
                    {standing?.refusal ? t(`approvalRefusal.${standing.refusal}`, { defaultValue: standing.refusalText ?? '' }) : t('grantDecision.mayNot')}
                  </p>
                )}
                {root && (standing?.mayApprove || standing?.mayReject) && (
                  <div className="actions">
                    {standing.mayApprove && (
                      <button
                        type="button"
                        className="button"
                        disabled={action.busy}
                        onClick={() =>
                          void action.run(async () => {
                            await decide(grant.id, 'approve', { root, me: unlocked.userId, directory, stepUp });
                            return t('approvals.approved', { handle: grantHandle(grant.id) });
                          }, refresh)
                        }
                      >
                        {t('approvals.approve')}
                      </button>
                    )}
                    {standing.mayReject && (
                      <button
                        type="button"
                        className="button button--danger"
                        disabled={action.busy}
                        onClick={() =>
                          void action.run(async () => {
                            await decide(grant.id, 'reject', { root, me: unlocked.userId, directory, stepUp });
                            return t('approvals.rejected', { handle: grantHandle(grant.id) });
                          }, refresh)
                        }
                      >
                        {t('approvals.reject')}
                      </button>
                    )}
                  </div>
                )}
                {standing?.refusal !== 'conflict' && standing?.refusal !== 'proposer' && standing?.refusal !== 'case_staff' && (
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(async () => {
                        await declareConflict(grant.id);
                        return t('approvals.conflictRecorded', { handle: grantHandle(grant.id) });
                      }, refresh)
                    }
                  >
                    {t('approvals.declareConflict')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
