/**
 * Words for the mini-grant vocabulary (docs/grants.md), shared by the finance screens, the case
 * page's grants panel and the grant page.
 */
import {
  type BudgetPurpose,
  type DisbursementMethod,
  type GrantReportStatus,
  type GrantStatus,
  type TrancheStatus,
  BUDGET_PURPOSES,
  DISBURSEMENT_METHODS,
  GRANT_REPORT_STATUSES,
  GRANT_STATUSES,
  TRANCHE_STATUSES,
} from '@ashar/domain';
import { translatedLabels } from '../../ui/console-t';

export const PURPOSE_LABELS: Readonly<Record<BudgetPurpose, string>> = translatedLabels('purpose', BUDGET_PURPOSES);

export const GRANT_STATUS_LABELS: Readonly<Record<GrantStatus, string>> = translatedLabels('grantStatus', GRANT_STATUSES);

export const METHOD_LABELS: Readonly<Record<DisbursementMethod, string>> = translatedLabels('method', DISBURSEMENT_METHODS);

export const TRANCHE_STATUS_LABELS: Readonly<Record<TrancheStatus, string>> = translatedLabels('trancheStatus', TRANCHE_STATUSES);

export const REPORT_STATUS_LABELS: Readonly<Record<GrantReportStatus, string>> = translatedLabels('reportStatus', GRANT_REPORT_STATUSES);

/** The moves a person asks for on the grant page (grantTransitionInputSchema `to`), as buttons say them. */
export const MOVE_LABELS: Readonly<Record<string, string>> = translatedLabels('grantMove', ['submitted', 'needs_information', 'withdrawn', 'cancelled', 'disbursed', 'closed']);

/** A short handle of a grant id for people ("G-1a2b3c4d"): never a name. */
export const grantHandle = (id: string): string => `G-${id.slice(0, 8)}`;
