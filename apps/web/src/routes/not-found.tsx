import { useTranslation } from 'react-i18next';
import { PortalFrame } from '../portal-shell/portal-frame';
import { LanguageLink } from '../i18n';

export function NotFound() {
  const { t } = useTranslation('portal');
  return (
    <PortalFrame>
      <h1>{t('notFound.title')}</h1>
      <p>
        <LanguageLink to="/" replace>
          {t('notFound.home')}
        </LanguageLink>
      </p>
    </PortalFrame>
  );
}
