/**
 * The application endpoints through libs/domain's contracts (docs/calls.md "Applications"): the
 * public submission (with a proof of work `application`), the signed-in applicant's own
 * application (read, new version, withdrawal), and the programme managers' list and reader.
 * Bodies are ciphertext, public keys and signatures made in the crypto worker.
 */
import { type ApplicationRevision, type ApplicationSubmit, type QueryInput, applicationsContract, programmeApplicationsContract, requesterApplicationContract } from '@ashar/domain';
import { call } from './client';
import { withPow } from './proof-of-work';

export const submitApplication = (callId: string, body: ApplicationSubmit) =>
  withPow('application', (headers) => call(applicationsContract.submit, { params: { id: callId }, body, headers }));

export const requesterApplication = () => call(requesterApplicationContract.view);
/** 409 `call-closed` after the deadline; 409 conflict for another version number or a withdrawn application. */
export const reviseApplication = (body: ApplicationRevision) => call(requesterApplicationContract.revise, { body });
export const withdrawApplication = () => call(requesterApplicationContract.withdraw, { body: {} });

export const listCallApplications = (callId: string, query: QueryInput<typeof programmeApplicationsContract.list> = {}) =>
  call(programmeApplicationsContract.list, { params: { id: callId }, query });
export const programmeApplication = (id: string) => call(programmeApplicationsContract.view, { params: { id } });
