import { type ReactNode } from 'react';
import { Layout } from '../routes/layout';
import { QuickExitBar } from './quick-exit';

/** Every public page: the quick-exit bar, then the portal layout. */
export function PortalFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <QuickExitBar />
      <Layout area="portal">{children}</Layout>
    </>
  );
}
