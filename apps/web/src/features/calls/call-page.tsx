/**
 * A call's public page (`/calls/:callId`): its texts in the reader's language (English when the
 * call has none in it), what it funds, the deadline in the call's zone and in the reader's, and
 * the decision and notification dates (call-details.tsx, which the call editor's preview shares).
 * Anyone may read it; a draft is "not found".
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getPublicCall } from '../../api/calls';
import { LanguageLink, useUiLanguage } from '../../i18n';
import { PortalFrame } from '../../portal-shell/portal-frame';
import { CallDetails } from './call-details';

export function CallPage() {
  const { t } = useTranslation('calls');
  const language = useUiLanguage();
  const { callId = '' } = useParams();
  const query = useQuery({ queryKey: ['calls', 'public', callId], queryFn: () => getPublicCall(callId), retry: false });

  if (query.isPending) {
    return (
      <PortalFrame>
        <p role="status">{t('call.loading')}</p>
      </PortalFrame>
    );
  }
  if (query.isError) {
    return (
      <PortalFrame>
        <h1>{t('call.notFound')}</h1>
        <p>
          <LanguageLink to="/calls">{t('list.all')}</LanguageLink>
        </p>
      </PortalFrame>
    );
  }
  return (
    <PortalFrame>
      <CallDetails call={query.data} language={language} />
      {query.data.phase === 'open' ? (
        <p>
          <LanguageLink className="button" to={`/calls/${query.data.id}/apply`}>
            {t('apply.link')}
          </LanguageLink>
        </p>
      ) : null}
      <p>
        <LanguageLink to="/calls">{t('list.all')}</LanguageLink>
      </p>
    </PortalFrame>
  );
}
