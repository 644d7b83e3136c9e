/**
 * The staff side of docs/cases-api.md, typed with the contract of `@ashar/domain`: the triage
 * inbox, one case, work on it, and the in-app notifications. Request bodies are built against
 * the domain's schemas; record ciphertexts and sealed keys are made in the crypto worker.
 */
import {
  type CaseAssignee,
  type CaseFileView,
  type CaseRecordInput,
  type CaseStatus,
  type CaseSummary,
  type CaseView,
  type InboxPage,
  type RequestType,
  type StaffNotificationView,
  type Urgency,
} from '@ashar/domain';
import { api } from './client';

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

/** The query string of GET /cases: ids, filter words and an opaque cursor, nothing secret. */
export function inboxSearch(query: InboxQuery): string {
  const params = new URLSearchParams();
  if (query.deskId) params.set('deskId', query.deskId);
  if (query.assignee) params.set('assignee', query.assignee);
  if (query.statuses?.length) params.set('status', query.statuses.join(','));
  if (query.urgencies?.length) params.set('urgency', query.urgencies.join(','));
  if (query.types?.length) params.set('type', query.types.join(','));
  if (query.dueBefore) params.set('dueBefore', query.dueBefore);
  if (query.sort) params.set('sort', query.sort);
  if (query.after) params.set('after', query.after);
  if (query.limit) params.set('limit', String(query.limit));
  return params.toString();
}

const casepath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

export const inbox = (query: InboxQuery, signal?: AbortSignal) => api<InboxPage>('GET', `/cases?${inboxSearch(query)}`, signal ? { signal } : {});
/** One case with the caller's envelopes and the records they may read (audited by the api). */
export const caseView = (caseId: string) => api<CaseView>('GET', casepath(caseId));
export const setUrgency = (caseId: string, urgency: Urgency) => api<CaseSummary>('POST', `${casepath(caseId)}/urgency`, { body: { urgency } });
/** Whom the case may be assigned to (the lead of its owning desk), by name. */
export const caseAssignees = (caseId: string) => api<CaseAssignee[]>('GET', `${casepath(caseId)}/assignees`);
export const assignCase = (caseId: string, assigneeId: string | null) => api<CaseSummary>('POST', `${casepath(caseId)}/assign`, { body: { assigneeId } });
export const transitionCase = (caseId: string, to: CaseStatus) => api<CaseSummary>('POST', `${casepath(caseId)}/transitions`, { body: { to } });
export const addNote = (caseId: string, record: CaseRecordInput) => api<{ id: string }>('POST', `${casepath(caseId)}/notes`, { body: record });
export const addMessage = (caseId: string, record: CaseRecordInput) => api<{ id: string }>('POST', `${casepath(caseId)}/messages`, { body: record });

export interface ReferralEnvelope {
  readonly version: number;
  readonly sealedKey: string;
  readonly sealerKid: string;
  readonly signature: string;
}
export const referCase = (caseId: string, deskId: string, envelope: ReferralEnvelope) => api<CaseSummary>('POST', `${casepath(caseId)}/referrals`, { body: { deskId, envelope } });

/** One key version of a desk as GET /desks/:id/keys lists it (members, leads, admins). */
export interface DeskKeyVersionEntry {
  readonly version: number;
  readonly encPk: string;
  readonly certifiedAt: string | null;
  /** [desk, admin] once certified. */
  readonly chain: readonly unknown[] | null;
}
export const deskKeyVersions = (deskId: string) => api<DeskKeyVersionEntry[]>('GET', `/desks/${encodeURIComponent(deskId)}/keys`);

export interface NotificationPage {
  readonly items: StaffNotificationView[];
  readonly next: string | null;
}
export function notifications(options: { unread?: boolean; before?: string; limit?: number } = {}): Promise<NotificationPage> {
  const params = new URLSearchParams();
  if (options.unread) params.set('unread', 'true');
  if (options.before) params.set('before', options.before);
  if (options.limit) params.set('limit', String(options.limit));
  const search = params.toString();
  return api<NotificationPage>('GET', `/notifications${search ? `?${search}` : ''}`);
}
export const markNotificationRead = (id: string) => api<void>('POST', `/notifications/${encodeURIComponent(id)}/read`, { body: {} });

/** GET /cases/:caseId/files (docs/files-api.md): every file of the case the caller may read, oldest first. */
export const caseFiles = (caseId: string) => api<CaseFileView[]>('GET', `${casepath(caseId)}/files`);

/** The caller's notification e-mail address, and whether this installation sends e-mail at all (SMTP_URL). */
export interface EmailSettings {
  readonly email: string | null;
  readonly mailEnabled: boolean;
}
export const emailSettings = () => api<EmailSettings>('GET', '/notifications/email');
/** Sets, or with null removes, the caller's own address. */
export const setNotificationEmail = (email: string | null) => api<void>('PUT', '/notifications/email', { body: { email } });
