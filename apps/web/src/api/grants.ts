/**
 * The mini-grant endpoints (docs/grants.md) through libs/domain's contracts: currencies, funds
 * and budget lines, grants of a case and their approvals, payee details, tranches, grantee
 * reports and the ledger. Amounts travel as minor units in decimal strings; ciphertexts,
 * envelopes and signatures are made in the crypto worker.
 */
import { type BodyInput, type ResponseOf, fundsContract, grantsContract, pathOf } from '@ashar/domain';
import { call } from './client';

export type { FundView, GrantSummary, GrantView } from '@ashar/domain';
export type GrantListItem = ResponseOf<typeof grantsContract.list>[number];
export type Currency = ResponseOf<typeof fundsContract.currencies>[number];
export type BudgetLineView = ResponseOf<typeof fundsContract.addLine>;
export type TrancheView = ResponseOf<typeof grantsContract.addTranche>;
export type GrantApprovalView = ResponseOf<typeof grantsContract.view>['approvals'][number];
export type GrantReportView = ResponseOf<typeof grantsContract.view>['reports'][number];

const byId = (id: string) => ({ params: { id } });

export const currencies = () => call(fundsContract.currencies);
export const listFunds = () => call(fundsContract.list);
export const fundView = (id: string) => call(fundsContract.view, byId(id));
export const createFund = (body: BodyInput<typeof fundsContract.create>) => call(fundsContract.create, { body });
export const updateFund = (id: string, body: BodyInput<typeof fundsContract.update>) => call(fundsContract.update, { ...byId(id), body });
export const addBudgetLine = (fundId: string, body: BodyInput<typeof fundsContract.addLine>) => call(fundsContract.addLine, { ...byId(fundId), body });
export const updateBudgetLine = (fundId: string, lineId: string, allocatedMinor: string) =>
  call(fundsContract.updateLine, { params: { id: fundId, lineId }, body: { allocatedMinor } });

/** The address of a fund's ledger download (same origin, the session cookie): ids and a format, nothing secret. */
export function ledgerHref(fundId: string, format: 'csv' | 'xlsx', period: { from?: string; to?: string } = {}): string {
  const query = new URLSearchParams({ fundId, format });
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  return `${pathOf(fundsContract.ledger)}?${query.toString()}`;
}

export const grantsOfCase = (caseId: string) => call(grantsContract.ofCase, { params: { caseId } });
export const proposeGrant = (caseId: string, body: BodyInput<typeof grantsContract.propose>) => call(grantsContract.propose, { params: { caseId }, body });
export const listGrants = (query: { waiting?: 'approval' | 'disbursement' | 'report'; fundId?: string; status?: string } = {}) => call(grantsContract.list, { query });
export const grantView = (id: string) => call(grantsContract.view, byId(id));
export const updateGrantTerms = (id: string, body: BodyInput<typeof grantsContract.updateTerms>) => call(grantsContract.updateTerms, { ...byId(id), body });
export const moveGrant = (id: string, body: BodyInput<typeof grantsContract.transition>) => call(grantsContract.transition, { ...byId(id), body });
export const decideGrant = (id: string, body: BodyInput<typeof grantsContract.decide>) => call(grantsContract.decide, { ...byId(id), body });
export const declareConflict = (id: string) => call(grantsContract.declareConflict, { ...byId(id), body: {} });
export const setGrantPayee = (id: string, body: BodyInput<typeof grantsContract.setPayee>) => call(grantsContract.setPayee, { ...byId(id), body });
export const addTranche = (id: string, body: BodyInput<typeof grantsContract.addTranche>) => call(grantsContract.addTranche, { ...byId(id), body });
export const sendTranche = (id: string, trancheId: string, body: BodyInput<typeof grantsContract.sendTranche>) =>
  call(grantsContract.sendTranche, { params: { id, trancheId }, body });
export const settleTranche = (id: string, trancheId: string, outcome: 'confirmed' | 'failed' | 'returned') =>
  call(grantsContract.settleTranche, { params: { id, trancheId }, body: { outcome } });
export const decideReport = (id: string, reportId: string, body: BodyInput<typeof grantsContract.decideReport>) =>
  call(grantsContract.decideReport, { params: { id, reportId }, body });
