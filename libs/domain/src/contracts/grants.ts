/**
 * The mini-grant endpoints (docs/grants.md): currencies, funds and budget lines, grants on a case
 * and their approvals, payee details, tranches, the ledger and its export, grantee reports.
 */
import { z } from 'zod';
import { idSchema } from '../case-api';
import {
  budgetLineCreateSchema,
  budgetLineUpdateSchema,
  budgetLineViewSchema,
  currencyViewSchema,
  fundCreateSchema,
  fundUpdateSchema,
  fundViewSchema,
  grantApprovalInputSchema,
  grantFileCreateSchema,
  grantCreateSchema,
  grantListItemSchema,
  grantListQuerySchema,
  grantReportCreateSchema,
  grantReportDecisionSchema,
  grantSummarySchema,
  grantTermsUpdateSchema,
  grantTransitionInputSchema,
  grantViewSchema,
  ledgerEntryViewSchema,
  ledgerQuerySchema,
  payeeInputSchema,
  requesterGrantViewSchema,
  trancheCreateSchema,
  trancheSendSchema,
  trancheSettleSchema,
  trancheViewSchema,
} from '../grant-api';
import { fileChunkIndexSchema } from '../file-api';
import { defineEndpoint, emptyBodySchema, noContent, octetStream } from './endpoint';

const fundParams = z.strictObject({ id: idSchema });
const lineParams = z.strictObject({ id: idSchema, lineId: idSchema });
const caseParams = z.strictObject({ caseId: idSchema });
const grantParams = z.strictObject({ id: idSchema });
const trancheParams = z.strictObject({ id: idSchema, trancheId: idSchema });
const reportParams = z.strictObject({ id: idSchema, reportId: idSchema });
const grantFileParams = z.strictObject({ id: idSchema, fileId: idSchema });

export const fundsContract = {
  currencies: defineEndpoint({ method: 'GET', path: '/api/v1/currencies', status: 200, response: z.array(currencyViewSchema) }),
  list: defineEndpoint({ method: 'GET', path: '/api/v1/funds', status: 200, response: z.array(fundViewSchema) }),
  create: defineEndpoint({ method: 'POST', path: '/api/v1/funds', status: 201, body: fundCreateSchema, response: fundViewSchema }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/funds/:id', status: 200, params: fundParams, response: fundViewSchema }),
  update: defineEndpoint({ method: 'PUT', path: '/api/v1/funds/:id', status: 200, params: fundParams, body: fundUpdateSchema, response: fundViewSchema }),
  addLine: defineEndpoint({ method: 'POST', path: '/api/v1/funds/:id/lines', status: 201, params: fundParams, body: budgetLineCreateSchema, response: budgetLineViewSchema }),
  updateLine: defineEndpoint({ method: 'PUT', path: '/api/v1/funds/:id/lines/:lineId', status: 200, params: lineParams, body: budgetLineUpdateSchema, response: budgetLineViewSchema }),
  /** The ledger of a fund over a period: JSON, or a download as CSV or a spreadsheet (format=csv|xlsx; audited). */
  ledger: defineEndpoint({ method: 'GET', path: '/api/v1/ledger', status: 200, query: ledgerQuerySchema, response: z.union([z.array(ledgerEntryViewSchema), octetStream]) }),
} as const;

export const grantsContract = {
  propose: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:caseId/grants', status: 201, params: caseParams, body: grantCreateSchema, response: grantViewSchema }),
  ofCase: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:caseId/grants', status: 200, params: caseParams, response: z.array(grantSummarySchema) }),
  list: defineEndpoint({ method: 'GET', path: '/api/v1/grants', status: 200, query: grantListQuerySchema, response: z.array(grantListItemSchema) }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/grants/:id', status: 200, params: grantParams, response: grantViewSchema }),
  updateTerms: defineEndpoint({ method: 'PUT', path: '/api/v1/grants/:id/terms', status: 200, params: grantParams, body: grantTermsUpdateSchema, response: grantViewSchema }),
  transition: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/transitions', status: 200, params: grantParams, body: grantTransitionInputSchema, response: grantViewSchema }),
  decide: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/approvals', status: 201, params: grantParams, body: grantApprovalInputSchema, response: grantViewSchema }),
  declareConflict: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/conflicts', status: 201, params: grantParams, body: emptyBodySchema, response: grantViewSchema }),
  setPayee: defineEndpoint({ method: 'PUT', path: '/api/v1/grants/:id/payee', status: 204, params: grantParams, body: payeeInputSchema, response: noContent }),
  addTranche: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/tranches', status: 201, params: grantParams, body: trancheCreateSchema, response: trancheViewSchema }),
  sendTranche: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/tranches/:trancheId/send', status: 200, params: trancheParams, body: trancheSendSchema, response: trancheViewSchema }),
  settleTranche: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/tranches/:trancheId/settle', status: 200, params: trancheParams, body: trancheSettleSchema, response: trancheViewSchema }),
  decideReport: defineEndpoint({ method: 'POST', path: '/api/v1/grants/:id/reports/:reportId/decision', status: 200, params: reportParams, body: grantReportDecisionSchema, response: grantViewSchema }),
  /** The ciphertext of a complete report file, streamed (audited): case staff and finance officers; the browser decrypts it with the grant key. */
  reportFile: defineEndpoint({ method: 'GET', path: '/api/v1/grants/:id/files/:fileId/content', status: 200, params: grantFileParams, response: octetStream }),
} as const;

/** The grantee's side, signed in with their receipt code (the follow-up page). */
export const requesterGrantsContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/requester/grants', status: 200, response: z.array(requesterGrantViewSchema) }),
  setPayee: defineEndpoint({ method: 'PUT', path: '/api/v1/requester/grants/:id/payee', status: 204, params: grantParams, body: payeeInputSchema, response: noContent }),
  addReport: defineEndpoint({ method: 'POST', path: '/api/v1/requester/grants/:id/reports', status: 201, params: grantParams, body: grantReportCreateSchema, response: z.object({ id: z.string() }) }),
  /** Starts a receipt or photo of one of the requester's submitted reports (SPEC §18.4; at most GRANT_REPORT_FILES_MAX per report). */
  createReportFile: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/grants/:id/reports/:reportId/files',
    status: 201,
    params: reportParams,
    body: grantFileCreateSchema,
    response: z.object({ fileId: z.string() }),
  }),
  /** One encrypted chunk, raw bytes, strictly in order (as case files). */
  putReportChunk: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/requester/grants/:id/files/:fileId/chunks/:index',
    status: 204,
    params: grantFileParams.extend({ index: fileChunkIndexSchema }),
    body: octetStream,
    response: noContent,
  }),
  completeReportFile: defineEndpoint({ method: 'POST', path: '/api/v1/requester/grants/:id/files/:fileId/complete', status: 204, params: grantFileParams, response: noContent }),
  /** The ciphertext of a complete file of the requester's grant, streamed. */
  reportFile: defineEndpoint({ method: 'GET', path: '/api/v1/requester/grants/:id/files/:fileId/content', status: 200, params: grantFileParams, response: octetStream }),
} as const;
