/**
 * The staff side of docs/cases-api.md through libs/domain's contracts: the triage inbox, one
 * case, work on it, its files, and the in-app notifications. Record ciphertexts and sealed keys
 * are made in the crypto worker.
 */
import {
  type BodyInput,
  type CaseRecordInput,
  type CaseStatus,
  type QueryInput,
  type RequestType,
  type ResponseOf,
  type Urgency,
  casesContract,
  desksContract,
  filesContract,
  notificationsContract,
} from '@ashar/domain';
import { call } from './client';

export type { EmailSettings, NotificationPage } from '@ashar/domain';

export interface InboxQuery {
  /** A desk the caller works in; without it, `assignee` must be `me`. */
  readonly deskId?: string;
  readonly assignee?: 'me' | 'none';
  readonly statuses?: readonly CaseStatus[];
  readonly urgencies?: readonly Urgency[];
  readonly types?: readonly RequestType[];
  /** ISO instant: first response due before it. */
  readonly dueBefore?: string;
  readonly sort?: 'due' | 'created';
  /** The `next` cursor of the previous page. */
  readonly after?: string;
  readonly limit?: number;
}

/** The query of GET /cases: ids, filter words and an opaque cursor, nothing secret. */
export function inboxQuery(query: InboxQuery): QueryInput<typeof casesContract.inbox> {
  const list = (values: readonly string[] | undefined) => (values?.length ? values.join(',') : undefined);
  return {
    deskId: query.deskId,
    assignee: query.assignee,
    status: list(query.statuses),
    urgency: list(query.urgencies),
    type: list(query.types),
    dueBefore: query.dueBefore,
    sort: query.sort,
    after: query.after,
    limit: query.limit || undefined,
  };
}

const byId = (caseId: string) => ({ params: { id: caseId } });

export const inbox = (query: InboxQuery, signal?: AbortSignal) => call(casesContract.inbox, { query: inboxQuery(query), ...(signal ? { signal } : {}) });
/** The open work of each of the caller's desks (overdue, by urgency, unread): the inbox opens on the most urgent (libs/domain mostUrgentDesk). */
export const inboxDesks = () => call(casesContract.inboxDesks);
/** The caller's case key envelopes and key links of an inbox page's cases, to open their subject lines in the worker (reads no record). */
export const inboxKeys = (caseIds: readonly string[]) => call(casesContract.inboxKeys, { query: { ids: caseIds.join(',') } });
/** One case with the caller's envelopes and the records they may read (audited by the api). */
export const caseView = (caseId: string) => call(casesContract.view, byId(caseId));
export const setUrgency = (caseId: string, urgency: Urgency) => call(casesContract.setUrgency, { ...byId(caseId), body: { urgency } });
/** Whom the case may be assigned to (caseworkers and leads of the desks that hold it), by name. */
export const caseAssignees = (caseId: string) => call(casesContract.assignees, byId(caseId));
export const assignCase = (caseId: string, assigneeId: string | null) => call(casesContract.assign, { ...byId(caseId), body: { assigneeId } });
export const transitionCase = (caseId: string, to: CaseStatus) => call(casesContract.transition, { ...byId(caseId), body: { to } });
export const addNote = (caseId: string, record: CaseRecordInput) => call(casesContract.addNote, { ...byId(caseId), body: record });
export const addMessage = (caseId: string, record: CaseRecordInput) => call(casesContract.addMessage, { ...byId(caseId), body: record });

/** The case key sealed to a desk's current certified key version, signed by the caller (and the staff-only key beside it, when the case has one). */
export type ReferralEnvelope = BodyInput<typeof casesContract.refer>['envelope'] & { readonly staffEnvelope?: BodyInput<typeof casesContract.refer>['staffEnvelope'] };
export const referCase = (caseId: string, deskId: string, sealed: ReferralEnvelope) => {
  const { staffEnvelope, ...envelope } = sealed;
  return call(casesContract.refer, { ...byId(caseId), body: { deskId, envelope, ...(staffEnvelope ? { staffEnvelope } : {}) } });
};
/** A staff-only key for the case's newest epoch, made in the worker (SPEC.md §9.2). */
export const addStaffKey = (caseId: string, body: BodyInput<typeof casesContract.addStaffKey>) => call(casesContract.addStaffKey, { ...byId(caseId), body });

/** One key version of a desk as GET /desks/:id/keys lists it (members, leads, admins). */
export type DeskKeyVersionEntry = ResponseOf<typeof desksContract.keys>[number];
export const deskKeyVersions = (deskId: string) => call(desksContract.keys, { params: { deskId } });

export function notifications(options: { unread?: boolean; before?: string; limit?: number } = {}) {
  return call(notificationsContract.list, { query: { unread: options.unread ? 'true' : undefined, before: options.before, limit: options.limit || undefined } });
}
export const markNotificationRead = (id: string) => call(notificationsContract.markRead, { params: { id } });

/** GET /cases/:caseId/files (docs/files-api.md): every file of the case the caller may read, oldest first. */
export const caseFiles = (caseId: string) => call(filesContract.list, { params: { caseId } });

/** The caller's notification e-mail address, and whether this installation sends e-mail at all (SMTP_URL). */
export const emailSettings = () => call(notificationsContract.email);
/** Sets, or with null removes, the caller's own address. */
export const setNotificationEmail = (email: string | null) => call(notificationsContract.setEmail, { body: { email } });
