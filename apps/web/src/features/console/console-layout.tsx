/**
 * The frame of the staff console: only for a signed-in person whose keys are unlocked in this
 * tab; anyone else goes to /staff. Admin entries appear when libs/domain's ability allows them
 * (the api enforces the same rules).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { isApprover } from '@ashar/domain';
import { Layout } from '../../routes/layout';
import { describeError, abilityOf, useIdentity } from '../identity';
import { ledDesks } from '../desks';
import { useUnreadCount } from '../cases';
import { LanguageSelect } from './language-select';
import { useIdleSignOut } from './use-idle-sign-out';

/** Whose console shows Finance: the roles that work the money (docs/grants.md, Roles). */
const FINANCE_ROLES = ['finance_officer', 'finance_approver', 'director'] as const;

export function ConsoleLayout() {
  const { t } = useTranslation('console');
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
    endSession(false, t('layout.idleSignedOut')).catch(() => undefined);
  }, [endSession, t]);
  useIdleSignOut(Boolean(session && unlocked), onIdle);
  const worksCases = Boolean(session && unlocked && abilityOf(session).can('read', 'AidCase'));
  const unread = useUnreadCount(worksCases);

  if (session === undefined && !error) {
    return (
      <Layout area="staff">
        <p className="message">{t('common.loading')}</p>
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
  const runsCalls = ability.can('read', 'FellowshipCall');

  // Signing out everywhere is on the account page, behind a confirmation (sign-out-everywhere.tsx).
  async function signOut() {
    setSigningOut(true);
    try {
      await identity.signOut(false);
    } catch {
      // Signed out locally regardless: the worker and its keys are gone.
    }
  }

  return (
    <Layout area="staff">
      <nav className="console-nav" aria-label={t('layout.navLabel')}>
        <ul className="console-nav__links">
          <li>
            <NavLink to="/staff/console" end>
              {t('layout.home')}
            </NavLink>
          </li>
          {worksCases && (
            <li>
              <NavLink to="/staff/cases">{t('layout.cases')}</NavLink>
            </li>
          )}
          {seesFinance && (
            <li>
              <NavLink to="/staff/console/finance">{t('layout.finance')}</NavLink>
            </li>
          )}
          {approves && (
            <li>
              <NavLink to="/staff/console/approvals">{t('layout.approvals')}</NavLink>
            </li>
          )}
          {runsCalls && (
            <li>
              <NavLink to="/staff/console/calls">{t('layout.calls')}</NavLink>
            </li>
          )}
          {worksCases && (
            <li>
              <NavLink to="/staff/console/notifications" aria-label={unread !== null && unread !== '0' ? t('layout.notificationsUnread', { count: parseInt(unread, 10), unread }) : undefined}>
                {t('layout.notifications')}
                {/* A space between word and count, so the visible text reads as the start of the name. */}
                {unread !== null && unread !== '0' && ' '}
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
              <NavLink to="/staff/console/invite">{t('layout.invite')}</NavLink>
            </li>
          )}
          {canCertify && (
            <li>
              <NavLink to="/staff/console/staff">{t('layout.staff')}</NavLink>
            </li>
          )}
          {canManageDesks && (
            <li>
              <NavLink to="/staff/console/desks">{t('layout.desks')}</NavLink>
            </li>
          )}
          {canManageRouting && (
            <li>
              <NavLink to="/staff/console/routing">{t('layout.routing')}</NavLink>
            </li>
          )}
          {leadsDesks && (
            <li>
              <NavLink to="/staff/console/my-desks">{t('layout.myDesks')}</NavLink>
            </li>
          )}
        </ul>
        <div className="console-nav__actions">
          <LanguageSelect />
          <NavLink to="/staff/console/account">{t('layout.account')}</NavLink>
          <button type="button" className="button button--secondary" onClick={() => void signOut()} disabled={signingOut}>
            {t('layout.signOut')}
          </button>
        </div>
      </nav>
      <Outlet />
    </Layout>
  );
}
