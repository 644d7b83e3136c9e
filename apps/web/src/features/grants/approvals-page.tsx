/**
 * "Waiting for me" (`/staff/console/approvals`): the grants waiting for approval that the api
 * lists for the person (GET /grants?waiting=approval), each with its amount, fund and line, and
 * either Approve / Reject — signed in the crypto worker over the grant's current terms — or the
 * reason the person may not (approvalStanding's refusal, exactly what the api enforces).
 */
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
      <h1>Waiting for me</h1>
      <p>Grants waiting for approval. Each decision is signed in this browser with your identity key over the grant’s exact terms.</p>
      <StatusMessages busy={action.busy} message={action.message} />
      {waiting.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(waiting.error)}
        </p>
      )}
      {waiting.isPending && <p className="message">Loading…</p>}
      {waiting.data?.length === 0 && <p className="message">Nothing is waiting for approval.</p>}
      {waiting.data && waiting.data.length > 0 && (
        <ul className="inbox" aria-label="Grants waiting for approval">
          {waiting.data.map((grant) => {
            const standing = grant.standing;
            const label = `${grantHandle(grant.id)}: ${money(grant.amountMinor, grant.currency)}`;
            return (
              <li key={grant.id} className="inbox__row panel" aria-label={label}>
                <p>
                  <Link className="inbox__link" to={`/staff/console/grants/${grant.id}`}>
                    Grant {grantHandle(grant.id)}
                  </Link>{' '}
                  · <strong>{money(grant.amountMinor, grant.currency)}</strong> · {grant.fundName} · {PURPOSE_LABELS[grant.purpose]} · proposed by {grant.proposerName}
                </p>
                {standing && (
                  <p className="field__hint">
                    Needs {standing.requirement.approvers} approver{standing.requirement.approvers === 1 ? '' : 's'}
                    {standing.requirement.director ? ' including the director' : ''}; {standing.remaining} more needed.
                  </p>
                )}
                {!standing?.mayApprove && (
                  <p className="refusal" role="note">
                    <span className="badge badge--bad">You may not approve</span> {standing?.refusalText ?? 'You may not decide on this grant.'}
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
                            return `You approved grant ${grantHandle(grant.id)}; your signature was made in this browser.`;
                          }, refresh)
                        }
                      >
                        Approve
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
                            return `You rejected grant ${grantHandle(grant.id)}.`;
                          }, refresh)
                        }
                      >
                        Reject
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
                        return `Your conflict of interest on grant ${grantHandle(grant.id)} was recorded: you will not decide on it.`;
                      }, refresh)
                    }
                  >
                    Declare a conflict of interest
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
