/**
 * The frame of the staff console: only for a signed-in person whose keys are unlocked in this
 * tab; anyone else goes to /staff. Admin entries appear when libs/domain's ability allows them
 * (the api enforces the same rules).
 */
import { useCallback, useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { isApprover } from '@ashar/domain';
import { Layout } from '../../routes/layout';
import { describeError, abilityOf, useIdentity } from '../identity';
import { ledDesks } from '../desks';
import { useUnreadCount } from '../cases';
import { useIdleSignOut } from './use-idle-sign-out';

/** Whose console shows Finance: the roles that work the money (docs/grants.md, Roles). */
const FINANCE_ROLES = ['finance_officer', 'finance_approver', 'director'] as const;

export function ConsoleLayout() {
  const identity = useIdentity();
  const { session, unlocked, loadSession } = identity;
  const location = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (session === undefined) loadSession().catch((e: unknown) => setError(describeError(e)));
  }, [session, loadSession]);

  const { signOut: endSession } = identity;
  const onIdle = useCallback(() => {
    endSession(false, 'You were signed out after 30 minutes without activity, and your keys were locked.').catch(() => undefined);
  }, [endSession]);
  useIdleSignOut(Boolean(session && unlocked), onIdle);
  const worksCases = Boolean(session && unlocked && abilityOf(session).can('read', 'AidCase'));
  const unread = useUnreadCount(worksCases);

  if (session === undefined && !error) {
    return (
      <Layout area="staff">
        <p className="message">Loading…</p>
      </Layout>
    );
  }
  // Back to this screen after unlocking (a case link, a filtered inbox): a path, never a secret.
  if (!session || !unlocked) return <Navigate to="/staff" replace state={{ from: `${location.pathname}${location.search}` }} />;

  const ability = abilityOf(session);
  const canInvite = ability.can('create', 'Invitation');
  const canCertify = ability.can('certify', 'StaffMember');
  const canManageDesks = ability.can('certify', 'Desk');
  const canManageRouting = ability.can('create', 'RoutingRule');
  const leadsDesks = ledDesks(session).length > 0;
  // Finance officers, finance approvers and the director (never an admin: access-rules.ts keeps admin apart).
  const seesFinance = FINANCE_ROLES.some((role) => session.staff.roles.includes(role)) && ability.can('read', 'Fund');
  const approves = isApprover(session.staff.roles);

  async function signOut(everywhere: boolean) {
    setSigningOut(true);
    try {
      await identity.signOut(everywhere);
    } catch {
      // Signed out locally regardless: the worker and its keys are gone.
    }
  }

  return (
    <Layout area="staff">
      <nav className="console-nav" aria-label="Console">
        <ul className="console-nav__links">
          <li>
            <NavLink to="/staff/console" end>
              Home
            </NavLink>
          </li>
          {worksCases && (
            <li>
              <NavLink to="/staff/cases">Cases</NavLink>
            </li>
          )}
          {seesFinance && (
            <li>
              <NavLink to="/staff/console/finance">Finance</NavLink>
            </li>
          )}
          {approves && (
            <li>
              <NavLink to="/staff/console/approvals">Approvals</NavLink>
            </li>
          )}
          {worksCases && (
            <li>
              <NavLink to="/staff/console/notifications" aria-label={unread !== null && unread !== '0' ? `Notifications, ${unread} unread` : undefined}>
                Notifications
                {unread !== null && unread !== '0' && (
                  <span className="count-badge" aria-hidden="true">
                    {unread}
                  </span>
                )}
              </NavLink>
            </li>
          )}
          {canInvite && (
            <li>
              <NavLink to="/staff/console/invite">Invite staff</NavLink>
            </li>
          )}
          {canCertify && (
            <li>
              <NavLink to="/staff/console/staff">Staff</NavLink>
            </li>
          )}
          {canManageDesks && (
            <li>
              <NavLink to="/staff/console/desks">Desks</NavLink>
            </li>
          )}
          {canManageRouting && (
            <li>
              <NavLink to="/staff/console/routing">Routing</NavLink>
            </li>
          )}
          {leadsDesks && (
            <li>
              <NavLink to="/staff/console/my-desks">My desks</NavLink>
            </li>
          )}
        </ul>
        <div className="console-nav__actions">
          <button type="button" className="button button--secondary" onClick={() => void signOut(false)} disabled={signingOut}>
            Sign out
          </button>
          <button type="button" className="button button--secondary" onClick={() => void signOut(true)} disabled={signingOut}>
            Sign out everywhere
          </button>
        </div>
      </nav>
      <Outlet />
    </Layout>
  );
}
