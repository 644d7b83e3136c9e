/**
 * The case screens' loads, one query key each (TanStack Query): the inbox page, one case (its
 * view opened and verified in the crypto worker), its files, its assignable people, and the
 * notifications with the email settings.
 */
import { queryOptions } from '@tanstack/react-query';
import { type InboxPage as InboxPageData } from '@ashar/domain';
import { inbox } from '../../api/cases';
import { type InboxFilters, inboxQuery } from './inbox-filters';

export const caseQueryKeys = {
  all: ['cases'] as const,
  inbox: (deskId: string, filters: InboxFilters, after: string | undefined) => [...caseQueryKeys.all, 'inbox', deskId, filters, after ?? null] as const,
  one: (caseId: string) => [...caseQueryKeys.all, 'one', caseId] as const,
  view: (caseId: string) => [...caseQueryKeys.one(caseId), 'view'] as const,
  files: (caseId: string) => [...caseQueryKeys.one(caseId), 'files'] as const,
  assignees: (caseId: string) => [...caseQueryKeys.one(caseId), 'assignees'] as const,
  notifications: ['notifications'] as const,
  notificationList: (onlyUnread: boolean) => [...caseQueryKeys.notifications, 'list', onlyUnread] as const,
  unreadCount: () => [...caseQueryKeys.notifications, 'unread-count'] as const,
  emailSettings: () => [...caseQueryKeys.notifications, 'email'] as const,
};

export interface LoadedInboxPage {
  readonly data: InboxPageData;
  /** When the page was asked for: due times read relative to it. */
  readonly loadedAt: number;
}

/** One page of the inbox for a desk (or the person's own cases), its due filters read from the moment it is asked for. */
export const inboxPageQuery = (deskId: string, filters: InboxFilters, after: string | undefined) =>
  queryOptions({
    queryKey: caseQueryKeys.inbox(deskId, filters, after),
    queryFn: async ({ signal }): Promise<LoadedInboxPage> => {
      const now = Date.now();
      return { data: await inbox(inboxQuery(filters, deskId, after, now), signal), loadedAt: now };
    },
  });
