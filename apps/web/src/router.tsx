import { type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { PORTAL_PAGE_NAMESPACES, ensureNamespaces } from './i18n';
import { ReleaseGate } from './release';
import { NotFound } from './routes/not-found';
import { PortalHome } from './routes/portal-home';

/*
 * The landing page (/) is in the entry chunk, and nothing else of the portal: the request and
 * follow-up pages are loaded with their routes (the landing page fetches the request page's chunk
 * once it is on screen); every staff screen is loaded only when its route is opened, one chunk per
 * feature, so that the portal never carries the staff console (apps/web/build/portal-entry.ts).
 */
/** A staff chunk together with the console's words in the current language (i18n `console` namespace), so no page renders before its words. */
const withConsoleWords = <T,>(chunk: Promise<T>): Promise<T> => Promise.all([chunk, ensureNamespaces('console', ...PORTAL_PAGE_NAMESPACES)]).then(([loaded]) => loaded);
const portal = () => import('./features/portal');
/**
 * A page that loads with its route, inside the page's one QueryClientProvider (data/query-root.tsx;
 * not in the landing page's script), with the request forms' words and the names of countries and
 * languages in the current language (which the landing page does not load).
 */
const withQueries = async (page: Promise<ComponentType>): Promise<ComponentType> => {
  const [Page, { withQueryClient }] = await Promise.all([page, import('./data/query-root'), ensureNamespaces(...PORTAL_PAGE_NAMESPACES)]);
  return withQueryClient(Page);
};
/** The request page: the same words, and no TanStack Query (it loads before Send, on the slowest links). */
const withPortalWords = async (page: Promise<ComponentType>): Promise<ComponentType> => (await Promise.all([page, ensureNamespaces(...PORTAL_PAGE_NAMESPACES)]))[0];
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
/** The programme console, with the public call page's words for the call editor's preview. */
const programme = () => withConsoleWords(Promise.all([import('./features/programme'), ensureNamespaces('calls')]).then(([loaded]) => loaded));
/** The public call pages: a chunk of their own with their words (`calls` namespace), outside the portal's entry chunk. */
const calls = () => Promise.all([import('./features/calls'), ensureNamespaces('calls')]).then(([loaded]) => loaded);

/** The applicant's follow-up for the follow-up page (a receipt of an application): the call pages' chunk, asked for only then. */
const applicationFollowUp = () => calls().then((m) => ({ load: m.loadApplicationFollowUp, Page: m.ApplicationFollowUp as ComponentType<{ kid: string; loaded: never; onLeave: () => void }> }));

/** What a first visit to a staff address (or a portal page other than /) shows while its chunk loads from the same origin: nothing, for that moment. */
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
    { path: '/request', HydrateFallback: Loading, lazy: async () => ({ Component: await withPortalWords(portal().then((m) => m.RequestPage)) }) },
    { path: '/follow-up', HydrateFallback: Loading, lazy: async () => ({ Component: await withQueries(portal().then((m) => m.loadFollowUpPage(applicationFollowUp))) }) },
    { path: '/calls', HydrateFallback: Loading, lazy: async () => ({ Component: await withQueries(calls().then((m) => m.CallsListPage)) }) },
    { path: '/calls/:callId', HydrateFallback: Loading, lazy: async () => ({ Component: await withQueries(calls().then((m) => m.CallPage)) }) },
    { path: '/calls/:callId/apply', HydrateFallback: Loading, lazy: async () => ({ Component: await withQueries(calls().then((m) => m.ApplyPage)) }) },
    // Every staff page shares who is signed in (the identity feature's StaffShell), loaded with the first of them.
    {
      id: 'staff',
      HydrateFallback: Loading,
      lazy: async () => ({ Component: await withQueries(identity().then((m) => m.StaffShell)) }),
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
            { path: 'calls', lazy: async () => ({ Component: (await programme()).ProgrammeHome }) },
            { path: 'calls/new', lazy: async () => ({ Component: (await programme()).CallEditorPage }) },
            { path: 'calls/:callId', lazy: async () => ({ Component: (await programme()).CallEditorPage }) },
            { path: 'calls/:callId/applications', lazy: async () => ({ Component: (await programme()).ApplicationsPage }) },
            { path: 'applications/:applicationId', lazy: async () => ({ Component: (await programme()).ApplicationReaderPage }) },
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
