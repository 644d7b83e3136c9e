/**
 * The call endpoints through libs/domain's contracts (docs/calls.md): the public list and page of
 * published calls, and the programme managers' create, edit and transitions.
 */
import { type CallInput, type CallTransition, callsContract, programmeCallsContract } from '@ashar/domain';
import { call } from './client';

export const listPublicCalls = () => call(callsContract.list);
/** A published call's page; 404 (ApiError not-found) for a draft, an archived call or none. */
export const getPublicCall = (id: string) => call(callsContract.view, { params: { id } });

export const listProgrammeCalls = () => call(programmeCallsContract.list);
/** 422 with its own code for a zone that is not an IANA id or a local time the zone skips or repeats. */
export const createCall = (body: CallInput) => call(programmeCallsContract.create, { body });
export const getProgrammeCall = (id: string) => call(programmeCallsContract.view, { params: { id } });
/** A draft, or a published call before its deadline (409 call-state otherwise); 422 as createCall. */
export const updateCall = (id: string, body: CallInput) => call(programmeCallsContract.update, { params: { id }, body });
export const transitionCall = (id: string, transition: CallTransition) => call(programmeCallsContract.transition, { params: { id }, body: { transition } });
