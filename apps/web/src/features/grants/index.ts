/**
 * The grants feature's surface (docs/grants.md): the grant page, the approvers' queue, the case
 * page's Grants panel, and the words and money helpers the finance screens share.
 */
export { ApprovalsPage } from './approvals-page';
export { CaseGrantsPanel } from './case-grants-panel';
export { GRANT_STATUS_LABELS, PURPOSE_LABELS, grantHandle } from './grant-labels';
export { GrantPage } from './grant-page';
export { currenciesQuery, fundsQuery, grantListQuery, grantQueryKeys } from './grant-queries';

