import { createBrowserRouter } from 'react-router';
import { InvitePage } from './features/admin/invite-page';
import { StaffPage } from './features/admin/staff-page';
import { ConsoleHome } from './features/console/console-home';
import { CasePage } from './features/cases/case-page';
import { InboxPage } from './features/cases/inbox-page';
import { NotificationsPage } from './features/cases/notifications-page';
import { ConsoleLayout } from './features/console/console-layout';
import { DeskAdminPage } from './features/desks/desk-admin-page';
import { DesksPage } from './features/desks/desks-page';
import { MyDesksPage } from './features/desks/my-desks-page';
import { EnrolPage } from './features/enrol/enrol-page';
import { SetupPage } from './features/setup/setup-page';
import { SignInPage } from './features/sign-in/sign-in-page';
import { NotFound } from './routes/not-found';
import { FollowUpPage } from './features/portal/follow-up-page';
import { RequestPage } from './features/portal/request-page';
import { PortalHome } from './routes/portal-home';
import { RoutingPage } from './features/routing/routing-page';

/**
 * Public portal at /, staff sign-in at /staff and the console under it, first-run setup and
 * enrolment. Made after main.tsx has taken any token out of the URL.
 */
export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <PortalHome /> },
    { path: '/request', element: <RequestPage /> },
    { path: '/follow-up', element: <FollowUpPage /> },
    { path: '/staff', element: <SignInPage /> },
    {
      path: '/staff/console',
      element: <ConsoleLayout />,
      children: [
        { index: true, element: <ConsoleHome /> },
        { path: 'invite', element: <InvitePage /> },
        { path: 'staff', element: <StaffPage /> },
        { path: 'desks', element: <DesksPage /> },
        { path: 'desks/:deskId', element: <DeskAdminPage /> },
        { path: 'my-desks', element: <MyDesksPage /> },
        { path: 'routing', element: <RoutingPage /> },
        { path: 'notifications', element: <NotificationsPage /> },
      ],
    },
    {
      path: '/staff/cases',
      element: <ConsoleLayout />,
      children: [
        { index: true, element: <InboxPage /> },
        { path: ':caseId', element: <CasePage /> },
      ],
    },
    { path: '/setup', element: <SetupPage /> },
    { path: '/enrol', element: <EnrolPage /> },
    { path: '*', element: <NotFound /> },
  ]);
}
