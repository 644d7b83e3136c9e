import { useCallback } from 'react';
import { isApiError } from '../../api/client';
import { describeError } from './describe-error';
import { sessionEndedNotice, useIdentity } from './identity-context';

/**
 * Turns a failure into a message for the page, and a 401 (the session ended: idle, absolute
 * limit, or signed out everywhere) into a return to the sign-in page.
 */
export function useFailure(): (error: unknown) => string {
  const { sessionEnded } = useIdentity();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error, 401)) sessionEnded(sessionEndedNotice());
      return describeError(error);
    },
    [sessionEnded],
  );
}
