/** The programme managers' console (docs/calls.md): calls for applications. */
export { ProgrammeCallsPage } from './programme-calls-page';
