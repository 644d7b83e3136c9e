/** Calls for applications (docs/calls.md): the public list of calls, a call's page, and what the page says about a call (the editor's preview). */
export { CallPage } from './call-page';
export { CallsListPage } from './calls-list-page';
export { CallDetails, type CallDetailsFacts } from './call-details';
export { ApplyPage } from './apply-page';
/** The applicant's follow-up (signed in with the receipt code), loaded by the follow-up page when the receipt has an application. */
export { ApplicationFollowUp, loadApplicationFollowUp } from './application-follow-up';
