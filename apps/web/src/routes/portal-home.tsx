import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { PortalFrame } from '../portal-shell/portal-frame';
import { LanguageLink } from '../i18n';

/**
 * The public portal's landing page: what this is, that what you write stays private, and the
 * two ways in. Links replace the history entry instead of adding one, so a quick exit leaves
 * nothing of the portal to go back to.
 */
/**
 * Fetches the request page's code once the landing page is on screen and the browser is idle, so
 * that "Ask for help" opens at once, without holding up the landing page on a slow link. The
 * follow-up page starts from the same chunk.
 */
function prefetchPortal(): () => void {
  const load = () => void import('../features/portal').catch(() => undefined);
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(load, { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(load, 500);
  return () => clearTimeout(id);
}

export function PortalHome() {
  const { t } = useTranslation('portal');
  useEffect(() => prefetchPortal(), []);
  return (
    <PortalFrame>
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <ul className="facts">
        <li>{t('home.factEncrypted')}</li>
        <li>{t('home.factNoName')}</li>
        <li>{t('home.factReceipt')}</li>
      </ul>
      <div className="portal-actions">
        <LanguageLink className="button button--large" to="/request" replace>
          {t('home.ask')}
        </LanguageLink>
        <LanguageLink className="button button--large button--secondary" to="/follow-up" replace>
          {t('home.haveCode')}
        </LanguageLink>
      </div>
      <p>
        <LanguageLink to="/calls">{t('home.calls')}</LanguageLink>
      </p>
      <div className="panel">
        <h2>{t('home.safetyTitle')}</h2>
        <ul className="facts">
          <li>
            <Trans t={t} i18nKey="home.safetyExit" components={{ strong: <strong />, kbd: <kbd /> }} />
          </li>
          <li>{t('home.safetyDevice')}</li>
          <li>{t('home.safetyNoTrace')}</li>
        </ul>
      </div>
    </PortalFrame>
  );
}
