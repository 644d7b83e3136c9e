/**
 * Who is signed in, and whether their vault is unlocked. The session comes from the api; the
 * unlocked identity lives in the crypto worker and this context holds only its public half.
 */
import { ct } from '../../ui/console-t';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { defineAbilityFor, STAFF_ROLES, type AppAbility, type StaffPrincipal, type StaffRole } from '@ashar/domain';
import { holdRequestsForSignOut, isApiError, releaseRequestsAfterSignOut, setCsrfToken } from '../../api/client';
import { currentSession, type Session, signOut as apiSignOut } from '../../api/identity';
import { endCryptoWorker } from '../../crypto/crypto-client';
import { type PublicIdentity } from '../../crypto/worker-api';
import { preferStaffLanguage } from '../../i18n';

export interface IdentityState {
  /** undefined until asked; null when nobody is signed in. */
  readonly session: Session | null | undefined;
  readonly unlocked: PublicIdentity | null;
  /** The passkey this page signed in with, when it did (to unlock the vault with its PRF). */
  readonly signInCredentialId: string | null;
  /** Why the person was signed out, shown on the sign-in page. */
  readonly notice: string | null;
}

export interface IdentityActions {
  loadSession(): Promise<Session | null>;
  signedIn(session: Session, credentialId: string | null): void;
  updateSession(session: Session): void;
  unlockedAs(identity: PublicIdentity): void;
  /** Signs out (here or everywhere) and ends the crypto worker with every key it held. */
  signOut(everywhere: boolean, notice?: string): Promise<void>;
  /** The session ended on the server: forget it locally, with a notice for the sign-in page. */
  sessionEnded(notice: string): void;
}

/** The notice on the sign-in page after the api ended the session. */
export const sessionEndedNotice = (): string => ct('session.ended');

const IdentityContext = createContext<(IdentityState & IdentityActions) | null>(null);

export function IdentityProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<IdentityState>({ session: undefined, unlocked: null, signInCredentialId: null, notice: null });

  const forget = useCallback(
    (notice: string | null) => {
      endCryptoWorker();
      setCsrfToken(null);
      // What the pages loaded and decrypted goes with the session.
      queryClient.clear();
      setState({ session: null, unlocked: null, signInCredentialId: null, notice });
    },
    [queryClient],
  );

  // A load or change the api answered 401 means the session ended (idle, absolute limit, signed out everywhere).
  useEffect(() => {
    const ended = (error: unknown) => {
      if (isApiError(error, 401)) forget(sessionEndedNotice());
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') ended(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') ended(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient, forget]);

  const loadSession = useCallback(async () => {
    const session = await currentSession();
    setState((s) => (session ? { ...s, session } : { ...s, session: null, unlocked: null, signInCredentialId: null }));
    return session;
  }, []);

  const signedIn = useCallback((session: Session, credentialId: string | null) => {
    setState({ session, unlocked: null, signInCredentialId: credentialId, notice: null });
  }, []);

  const updateSession = useCallback((session: Session) => setState((s) => ({ ...s, session })), []);
  const unlockedAs = useCallback((identity: PublicIdentity) => setState((s) => ({ ...s, unlocked: identity, notice: null })), []);

  const signOut = useCallback(
    async (everywhere: boolean, notice?: string) => {
      // What the pages were still loading is abandoned first: its answers would come after the session ended.
      // Cancelled queries go back to what they held (no error shown); their requests are aborted.
      void queryClient.cancelQueries();
      holdRequestsForSignOut();
      try {
        await apiSignOut(everywhere);
      } finally {
        forget(notice ?? (everywhere ? ct('session.signedOutEverywhere') : ct('session.signedOut')));
        releaseRequestsAfterSignOut();
      }
    },
    [forget, queryClient],
  );

  const sessionEnded = useCallback((notice: string) => forget(notice), [forget]);

  // Signed in, the staff pages speak the person's own language; signed out, the address's or the browser's.
  const language = state.session === undefined ? undefined : (state.session?.staff.language ?? null);
  useEffect(() => {
    if (language !== undefined) preferStaffLanguage(language);
  }, [language]);

  const value = useMemo(
    () => ({ ...state, loadSession, signedIn, updateSession, unlockedAs, signOut, sessionEnded }),
    [state, loadSession, signedIn, updateSession, unlockedAs, signOut, sessionEnded],
  );
  return <IdentityContext.Provider value={value}>{children}</IdentityContext.Provider>;
}

export function useIdentity(): IdentityState & IdentityActions {
  const value = useContext(IdentityContext);
  if (!value) throw new Error('useIdentity outside IdentityProvider');
  return value;
}

/** The signed-in person as libs/domain sees them: roles and desk memberships from the session. */
export function principalOf(session: Session): StaffPrincipal {
  const roles = session.staff.roles.filter((role): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role));
  return { kind: 'staff', userId: session.staff.id, roles, deskIds: session.staff.deskIds, leadDeskIds: session.staff.leadDeskIds };
}

/** What the signed-in person may do, by the same rules the api enforces (libs/domain). */
export function abilityOf(session: Session): AppAbility {
  return defineAbilityFor(principalOf(session));
}

/** A role as the console names it (console namespace `roles.*`); an unknown role as it is. */
export function roleLabel(role: string): string {
  return (STAFF_ROLES as readonly string[]).includes(role) ? ct(`roles.${role}`) : role;
}
