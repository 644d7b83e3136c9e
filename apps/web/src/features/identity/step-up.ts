import { useCallback, useEffect, useRef } from 'react';
import { AuthError } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { type Session, stepUp, stepUpOptions } from '../../api/identity';
import { useIdentity } from './identity-context';
import { authenticateWithPasskey } from './passkeys';

/** Margin so a step-up about to lapse is renewed before a request that needs it. */
const MARGIN_MS = 30_000;

/**
 * Makes sure the session holds a fresh step-up (a passkey confirmation of the last few
 * minutes), asking for one when it does not, or always with `force`. Returns the session to use
 * from then on.
 */
export async function ensureSteppedUp(session: Session, options: { force?: boolean } = {}): Promise<Session> {
  if (!options.force && session.steppedUpUntil && Date.parse(session.steppedUpUntil) - Date.now() > MARGIN_MS) return session;
  const ceremony = await stepUpOptions();
  const response = await authenticateWithPasskey(ceremony.options);
  return stepUp(ceremony.ceremonyId, response);
}

/** What a screen uses to confirm with a passkey before (or when asked during) an action that changes trust (SPEC.md §17.4). */
export interface StepUpActions {
  /** A fresh step-up, asking for the passkey only when the session has none; the identity's session is kept current. */
  ensure(): Promise<Session>;
  /**
   * Runs `action`; when the api answers step-up-required (for example past the mass-closing
   * budget, which the console cannot foresee), asks for the passkey and runs it once more.
   */
  retryAfterStepUp<T>(action: () => Promise<T>): Promise<T>;
}

/**
 * Step-up for a screen. Safe from closures of an earlier render: it remembers the newest
 * session it stepped up, so a long run (re-sealing, many changes) asks once per five minutes.
 */
export function useStepUp(): StepUpActions {
  const identity = useIdentity();
  const lastStepUp = useRef<Session | null>(null);
  const { session, updateSession } = identity;
  const sessionRef = useRef<Session | null>(session);
  useEffect(() => {
    sessionRef.current = session;
  }, [session]);

  const stepped = useCallback(
    async (force: boolean) => {
      const until = (s: Session) => (s.steppedUpUntil ? Date.parse(s.steppedUpUntil) : 0);
      const known = sessionRef.current;
      const previous = lastStepUp.current;
      const latest = previous && (!known || (previous.staff.id === known.staff.id && until(previous) > until(known))) ? previous : known;
      if (!latest) throw new Error('not signed in');
      const fresh = await ensureSteppedUp(latest, { force });
      lastStepUp.current = fresh;
      updateSession(fresh);
      return fresh;
    },
    [updateSession],
  );

  const ensure = useCallback(() => stepped(false), [stepped]);
  const retryAfterStepUp = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (!isApiError(error, AuthError.StepUpRequired)) throw error;
        await stepped(true);
        return action();
      }
    },
    [stepped],
  );
  return { ensure, retryAfterStepUp };
}
