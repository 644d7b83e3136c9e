import { type ReactNode, useEffect } from 'react';

/**
 * The frame of every page: a header naming where you are, and the content. The document title
 * is the app's name in the staff console only; public pages keep a neutral one (QuickExitBar),
 * so that a browser's history list does not name this site.
 */
export function Layout({ area, children }: { area: 'portal' | 'staff'; children: ReactNode }) {
  useEffect(() => {
    if (area === 'staff') document.title = 'Ashar';
  }, [area]);
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
