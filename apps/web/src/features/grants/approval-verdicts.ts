/**
 * What the grant page says of each decision on record: verified (its signature checked in this
 * browser over the grant's current terms with the approver's certified key), voided (made on
 * earlier terms, counting for nothing), or failed — loudly. A decision the api calls current but
 * that was not checked, or one it calls current on another version, is a failure, never a pass.
 */
import { type GrantView } from '@ashar/domain';
import { type GrantApprovalReading } from '../../crypto/grant-worker-api';

export type Verdict = 'verified' | 'voided' | 'failed';

export interface DecisionRow {
  readonly key: string;
  readonly approval: GrantView['approvals'][number];
  readonly verdict: Verdict;
}

export function decisionRows(view: Pick<GrantView, 'approvals' | 'version'>, readings: readonly GrantApprovalReading[]): DecisionRow[] {
  return view.approvals.map((approval) => {
    const key = `${approval.approverId}-${approval.termsVersion}`;
    if (approval.voided && approval.termsVersion < view.version) return { key, approval, verdict: 'voided' };
    if (approval.voided || approval.termsVersion !== view.version) return { key, approval, verdict: 'failed' };
    const reading = readings.find((r) => r.approverId === approval.approverId);
    return { key, approval, verdict: reading?.state === 'verified' ? 'verified' : 'failed' };
  });
}

/** How many decisions failed: the page warns when any did. */
export const failedCount = (rows: readonly DecisionRow[]): number => rows.filter((r) => r.verdict === 'failed').length;
