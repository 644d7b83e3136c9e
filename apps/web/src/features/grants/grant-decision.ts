/**
 * An approver's decision (docs/grants.md, Approvals): the grant's current terms signed in the
 * crypto worker with the approver's certified identity key (SPEC.md §18.3), then posted; the api
 * verifies the signature before it stores anything, and asks for a passkey step-up when it wants one.
 */
import { ct } from '../../ui/console-t';
import { type GrantView } from '@ashar/domain';
import { decideGrant, grantView } from '../../api/grants';
import { cryptoWorker } from '../../crypto/crypto-client';
import { Refusal } from '../../data/refusal';
import { type StaffDirectory, type StepUpActions } from '../identity';
import { termsOf } from './grant-opening';

export async function decide(
  grantId: string,
  decision: 'approve' | 'reject',
  ctx: { readonly root: string; readonly me: string; readonly directory: StaffDirectory; readonly stepUp: StepUpActions },
  known?: GrantView,
): Promise<GrantView> {
  // The terms as the api has them now: a signature over terms read earlier would be refused.
  const view = known ?? (await grantView(grantId));
  const may = decision === 'approve' ? view.standing.mayApprove : view.standing.mayReject;
  if (!may) throw new Refusal(view.standing.refusalText ?? ct('grantDecision.mayNot'));
  const own = await ctx.directory.keysOf(ctx.me);
  if (!own) throw new Refusal(ct('grantDecision.noKeys'));
  const signed = await cryptoWorker().signGrantTerms(own.chain, ctx.root, termsOf(view, decision));
  return ctx.stepUp.retryAfterStepUp(() => decideGrant(grantId, { decision, termsVersion: view.version, signature: signed.signature, signerKid: signed.signerKid }));
}
