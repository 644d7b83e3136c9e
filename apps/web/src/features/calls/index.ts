/** Calls for applications (docs/calls.md): the public page of a call. */
export { CallPage } from './call-page';
