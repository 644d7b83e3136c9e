import { createBrowserRouter } from 'react-router';
import { InvitePage } from './features/admin/invite-page';
import { StaffPage } from './features/admin/staff-page';
import { ConsoleHome } from './features/console/console-home';
import { ConsoleLayout } from './features/console/console-layout';
import { DeskAdminPage } from './features/desks/desk-admin-page';
import { DesksPage } from './features/desks/desks-page';
import { MyDesksPage } from './features/desks/my-desks-page';
import { EnrolPage } from './features/enrol/enrol-page';
import { SetupPage } from './features/setup/setup-page';
import { SignInPage } from './features/sign-in/sign-in-page';
import { NotFound } from './routes/not-found';
import { PortalHome } from './routes/portal-home';

/**
 * Public portal at /, staff sign-in at /staff and the console under it, first-run setup and
 * enrolment. Made after main.tsx has taken any token out of the URL.
 */
export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <PortalHome /> },
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
      ],
    },
    { path: '/setup', element: <SetupPage /> },
    { path: '/enrol', element: <EnrolPage /> },
    { path: '*', element: <NotFound /> },
  ]);
}
