import { type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { FollowUpPage, RequestPage } from './features/portal';
import { ensureNamespaces } from './i18n';
import { ReleaseGate } from './release';
import { NotFound } from './routes/not-found';
import { PortalHome } from './routes/portal-home';

/*
 * The public portal is in the entry chunk; every staff screen is loaded only when its route is
 * opened, one chunk per feature, so that the portal never carries the staff console.
 */
/** A staff chunk together with the console's words in the current language (i18n `console` namespace), so no page renders before its words. */
const withConsoleWords = <T,>(chunk: Promise<T>): Promise<T> => Promise.all([chunk, ensureNamespaces('console')]).then(([loaded]) => loaded);
const identity = () => withConsoleWords(import('./features/identity'));
const signIn = () => withConsoleWords(import('./features/sign-in'));
const setup = () => withConsoleWords(import('./features/setup'));
const enrol = () => withConsoleWords(import('./features/enrol'));
const consoleFeature = () => withConsoleWords(import('./features/console'));
const admin = () => withConsoleWords(import('./features/admin'));
const desks = () => withConsoleWords(import('./features/desks'));
const routing = () => withConsoleWords(import('./features/routing'));
const cases = () => withConsoleWords(import('./features/cases'));
const finance = () => withConsoleWords(import('./features/finance'));
const grants = () => withConsoleWords(import('./features/grants'));
const programme = () => withConsoleWords(import('./features/programme'));
/** The public call pages: a chunk of their own with their words (`calls` namespace), outside the portal's entry chunk. */
const calls = () => Promise.all([import('./features/calls'), ensureNamespaces('calls')]).then(([loaded]) => loaded);

/** What a first visit to a staff address shows while its chunk loads from the same origin: nothing, for that moment. */
function Loading() {
  return null;
}

/**
 * A staff page behind the release check: it renders (and can sign in, unlock or make keys) only
 * once the release service worker has verified this console's code (release/, docs/release.md).
 */
function gated(Page: ComponentType): ComponentType {
  return function GatedPage() {
    return (
      <ReleaseGate>
        <Page />
      </ReleaseGate>
    );
  };
}

/**
 * Public portal at /, staff sign-in at /staff and the console under it, first-run setup and
 * enrolment. Made after main.tsx has taken any token out of the URL.
 */
export function createRouter() {
  return createBrowserRouter([
    { path: '/', element: <PortalHome /> },
    { path: '/request', element: <RequestPage /> },
    { path: '/follow-up', element: <FollowUpPage /> },
    { path: '/calls/:callId', HydrateFallback: Loading, lazy: async () => ({ Component: (await calls()).CallPage }) },
    // Every staff page shares who is signed in (the identity feature's StaffShell), loaded with the first of them.
    {
      id: 'staff',
      HydrateFallback: Loading,
      lazy: async () => ({ Component: (await identity()).StaffShell }),
      children: [
        { path: '/staff', HydrateFallback: Loading, lazy: async () => ({ Component: gated((await signIn()).SignInPage) }) },
        {
          path: '/staff/console',
          HydrateFallback: Loading,
          lazy: async () => ({ Component: gated((await consoleFeature()).ConsoleLayout) }),
          children: [
            { index: true, lazy: async () => ({ Component: (await consoleFeature()).ConsoleHome }) },
            { path: 'account', lazy: async () => ({ Component: (await consoleFeature()).AccountPage }) },
            { path: 'invite', lazy: async () => ({ Component: (await admin()).InvitePage }) },
            { path: 'staff', lazy: async () => ({ Component: (await admin()).StaffPage }) },
            { path: 'desks', lazy: async () => ({ Component: (await desks()).DesksPage }) },
            { path: 'desks/:deskId', lazy: async () => ({ Component: (await desks()).DeskAdminPage }) },
            { path: 'my-desks', lazy: async () => ({ Component: (await desks()).MyDesksPage }) },
            { path: 'routing', lazy: async () => ({ Component: (await routing()).RoutingPage }) },
            { path: 'notifications', lazy: async () => ({ Component: (await cases()).NotificationsPage }) },
            { path: 'finance', lazy: async () => ({ Component: (await finance()).FinanceHome }) },
            { path: 'approvals', lazy: async () => ({ Component: (await grants()).ApprovalsPage }) },
            { path: 'grants/:grantId', lazy: async () => ({ Component: (await grants()).GrantPage }) },
            { path: 'calls', lazy: async () => ({ Component: (await programme()).ProgrammeCallsPage }) },
          ],
        },
        {
          path: '/staff/cases',
          HydrateFallback: Loading,
          lazy: async () => ({ Component: gated((await consoleFeature()).ConsoleLayout) }),
          children: [
            { index: true, lazy: async () => ({ Component: (await cases()).InboxPage }) },
            { path: ':caseId', lazy: async () => ({ Component: (await cases()).CasePage }) },
          ],
        },
        { path: '/setup', HydrateFallback: Loading, lazy: async () => ({ Component: gated((await setup()).SetupPage) }) },
        { path: '/enrol', HydrateFallback: Loading, lazy: async () => ({ Component: gated((await enrol()).EnrolPage) }) },
      ],
    },
    { path: '*', element: <NotFound /> },
  ]);
}
