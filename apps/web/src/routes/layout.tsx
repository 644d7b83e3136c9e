import { type ReactNode } from 'react';

/** The frame of every page: a header naming where you are, and the content. */
export function Layout({ area, children }: { area: 'portal' | 'staff'; children: ReactNode }) {
  return (
    <div className={`layout layout--${area}`}>
      <header className="layout__header">
        <span className="layout__brand">Ashar</span>
        <span className="layout__area">{area === 'portal' ? 'Request support' : 'Staff console'}</span>
      </header>
      <main className="layout__main">{children}</main>
    </div>
  );
}
