/**
 * What every staff route shares (router.tsx): who is signed in and whether their vault is
 * unlocked. A layout route loaded with the first staff page, so that the requester portal's
 * entry carries none of the identity feature (passkeys, unlock, enrolment).
 */
import { Outlet } from 'react-router';
import { IdentityProvider } from './identity-context';

export function StaffShell() {
  return (
    <IdentityProvider>
      <Outlet />
    </IdentityProvider>
  );
}
