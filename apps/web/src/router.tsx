import { createBrowserRouter } from 'react-router';
import { InvitePage } from './features/admin';
import { StaffPage } from './features/admin';
import { ConsoleHome } from './features/console';
import { CasePage } from './features/cases';
import { InboxPage } from './features/cases';
import { NotificationsPage } from './features/cases';
import { ConsoleLayout } from './features/console';
import { DeskAdminPage } from './features/desks';
import { DesksPage } from './features/desks';
import { MyDesksPage } from './features/desks';
import { EnrolPage } from './features/enrol';
import { SetupPage } from './features/setup';
import { SignInPage } from './features/sign-in';
import { NotFound } from './routes/not-found';
import { FollowUpPage } from './features/portal';
import { RequestPage } from './features/portal';
import { PortalHome } from './routes/portal-home';
import { RoutingPage } from './features/routing';

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
