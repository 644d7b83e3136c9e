import { type Session, stepUp, stepUpOptions } from '../../api/identity';
import { authenticateWithPasskey } from './passkeys';

/** Margin so a step-up about to lapse is renewed before a request that needs it. */
const MARGIN_MS = 30_000;

/**
 * Makes sure the session holds a fresh step-up (a passkey confirmation of the last few
 * minutes), asking for one when it does not. Returns the session to use from then on.
 */
export async function ensureSteppedUp(session: Session): Promise<Session> {
  if (session.steppedUpUntil && Date.parse(session.steppedUpUntil) - Date.now() > MARGIN_MS) return session;
  const ceremony = await stepUpOptions();
  const response = await authenticateWithPasskey(ceremony.options);
  return stepUp(ceremony.ceremonyId, response);
}
