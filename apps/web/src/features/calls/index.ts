/** Calls for applications (docs/calls.md): the public list of calls, a call's page, and what the page says about a call (the editor's preview). */
export { CallPage } from './call-page';
export { CallsListPage } from './calls-list-page';
export { CallDetails, type CallDetailsFacts } from './call-details';
