import { useEffect, useState } from 'react';
import { type DeskDirectoryEntry, listDesks } from '../../api/desks';
import { type Session } from '../../api/identity';
import { useIdentity } from '../identity/identity-context';
import { useFailure } from '../identity/use-failure';
import { freshSession } from './desk-state';

/**
 * The desks `pick` chooses from the person's session as the api sees it now (memberships change
 * while one is signed in), from the desk directory; null while loading. A failure goes to
 * `onProblem` in words. `pick` and `onProblem` must be stable (module functions, state setters).
 */
export function useOwnDesks(pick: (session: Session) => string[], onProblem: (text: string) => void): DeskDirectoryEntry[] | null {
  const { updateSession } = useIdentity();
  const failure = useFailure();
  const [desks, setDesks] = useState<DeskDirectoryEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<DeskDirectoryEntry[]> => {
      const session = await freshSession(updateSession);
      if (!session) return [];
      const chosen = new Set(pick(session));
      return (await listDesks()).filter((d) => chosen.has(d.id));
    };
    load().then(
      (found) => {
        if (live) setDesks(found);
      },
      (e: unknown) => {
        if (live) onProblem(failure(e));
      },
    );
    return () => {
      live = false;
    };
  }, [updateSession, failure, pick, onProblem]);
  return desks;
}
