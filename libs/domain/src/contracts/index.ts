/** Every endpoint of the api, by context; `API_ENDPOINTS` lists them all for the router check. */
import { applicationsContract, programmeApplicationsContract, requesterApplicationContract } from './applications';
import { auditContract } from './audit';
import { authContract } from './auth';
import { programmeReviewContract } from './call-review';
import { callsContract, programmeCallsContract } from './calls';
import { casesContract, deskResealContract, intakeContract, requesterCaseContract } from './cases';
import { desksContract } from './desks';
import { type Endpoint } from './endpoint';
import { enrolmentContract, setupContract } from './enrolment';
import { filesContract } from './files';
import { fundsContract, grantsContract, requesterGrantsContract } from './grants';
import { healthContract } from './health';
import { keysContract } from './keys';
import { notificationsContract } from './notifications';
import { powContract } from './pow';
import { programmeRefereesContract, refereeLinkContract, requesterRefereesContract } from './referees';
import { requesterAuthContract } from './requesters';
import { routingContract } from './routing';
import { staffContract } from './staff';

export * from './endpoint';
export * from './applications';
export * from './audit';
export * from './auth';
export * from './calls';
export * from './call-review';
export * from './cohorts';
export * from './cases';
export * from './desks';
export * from './enrolment';
export * from './files';
export * from './grants';
export * from './health';
export * from './keys';
export * from './notifications';
export * from './pow';
export * from './referees';
export * from './requesters';
export * from './routing';
export * from './staff';

export const API_CONTRACTS = {
  auth: authContract,
  setup: setupContract,
  enrolment: enrolmentContract,
  staff: staffContract,
  keys: keysContract,
  desks: desksContract,
  deskReseal: deskResealContract,
  routing: routingContract,
  intake: intakeContract,
  cases: casesContract,
  pow: powContract,
  requesterAuth: requesterAuthContract,
  requesterCase: requesterCaseContract,
  files: filesContract,
  notifications: notificationsContract,
  health: healthContract,
  audit: auditContract,
  funds: fundsContract,
  grants: grantsContract,
  requesterGrants: requesterGrantsContract,
  calls: callsContract,
  programmeCalls: programmeCallsContract,
  applications: applicationsContract,
  requesterApplication: requesterApplicationContract,
  programmeApplications: programmeApplicationsContract,
  programmeReview: programmeReviewContract,
  requesterReferees: requesterRefereesContract,
  refereeLink: refereeLinkContract,
  programmeReferees: programmeRefereesContract,
} as const;

/** Every endpoint, named `<context>.<name>`. */
export function apiEndpoints(): { name: string; endpoint: Endpoint }[] {
  return Object.entries(API_CONTRACTS).flatMap(([context, endpoints]) =>
    Object.entries(endpoints as Record<string, Endpoint>).map(([name, endpoint]) => ({ name: `${context}.${name}`, endpoint })),
  );
}
