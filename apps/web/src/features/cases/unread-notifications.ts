/**
 * The unread count shown in the console's navigation: asked again when the person moves to
 * another screen and when a notification is marked read (caseQueryKeys.unreadCount) — no
 * polling, so an unattended tab does not keep its session alive.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { notifications } from '../../api/cases';
import { caseQueryKeys } from './case-queries';

const COUNT_LIMIT = 100;

/** "3", "100+", or null while unknown (or when the api did not answer). Marking one read refreshes it (caseQueryKeys.unreadCount). */
export function useUnreadCount(enabled: boolean): string | null {
  const { pathname } = useLocation();
  const count = useQuery({
    // The screen is part of the key: a new screen asks again, showing the last count meanwhile.
    queryKey: [...caseQueryKeys.unreadCount(), pathname],
    queryFn: async () => {
      const page = await notifications({ unread: true, limit: COUNT_LIMIT });
      return page.next ? `${COUNT_LIMIT}+` : String(page.items.length);
    },
    enabled,
    placeholderData: keepPreviousData,
  });
  return enabled && !count.isError ? (count.data ?? null) : null;
}
