import { createBrowserRouter } from 'react-router';
import { PortalHome } from './routes/portal-home';
import { NotFound } from './routes/not-found';
import { SetupPage } from './features/setup/setup-page';
import { StaffSignIn } from './routes/staff-sign-in';

/** Public portal at /, staff console under /staff, first-run setup at /setup. */
export const router = createBrowserRouter([
  { path: '/', element: <PortalHome /> },
  { path: '/staff', element: <StaffSignIn /> },
  { path: '/setup', element: <SetupPage /> },
  { path: '*', element: <NotFound /> },
]);
