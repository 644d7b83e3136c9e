import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../i18n';

/**
 * The frame of every page: a header naming where you are, and the content. The document title
 * is the app's name in the staff console only; public pages keep a neutral one (QuickExitBar),
 * so that a browser's history list does not name this site. Public pages carry the language
 * switch in their header.
 */
export function Layout({ area, children }: { area: 'portal' | 'staff'; children: ReactNode }) {
  const { t } = useTranslation('common');
  useEffect(() => {
    if (area === 'staff') document.title = t('layout.brand');
  }, [area, t]);
  return (
    <div className={`layout layout--${area}`}>
      <header className="layout__header">
        <span className="layout__brand">{t('layout.brand')}</span>
        <span className="layout__area">{area === 'portal' ? t('layout.portalArea') : t('layout.staffArea')}</span>
        {area === 'portal' ? <LanguageSwitch /> : null}
      </header>
      <main className="layout__main">{children}</main>
    </div>
  );
}
