import { useQuery } from '@tanstack/react-query';
import { type DeskDirectoryEntry } from '../../api/desks';
import { useIdentity } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { ledDesks, memberDesks } from './desk-state';
import { ownDesksQuery } from './desk-queries';

const PICKS = { led: ledDesks, member: memberDesks };

/**
 * The desks the person leads or belongs to, as the api sees them now: asked again each time a page
 * using them opens, and null until that answer is in (a copy cached before a lead removed the person
 * from a desk would send them to a desk that answers 404); `problem` in words when the load failed.
 */
export function useOwnDesks(which: keyof typeof PICKS): { desks: DeskDirectoryEntry[] | null; problem: string | null } {
  const { updateSession } = useIdentity();
  const query = useQuery({ ...ownDesksQuery(which, PICKS[which], updateSession), refetchOnMount: 'always' });
  return { desks: query.isFetchedAfterMount ? (query.data ?? null) : null, problem: query.isError ? describeFailure(query.error) : null };
}
