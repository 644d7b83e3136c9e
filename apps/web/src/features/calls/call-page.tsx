/**
 * A call's public page (`/calls/:callId`): its texts in the reader's language (English when the
 * call has none in it), what it funds, the deadline in the call's zone and in the reader's, and
 * the decision and notification dates. Anyone may read it; a draft is "not found".
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { callTextFor } from '@ashar/domain';
import { getPublicCall } from '../../api/calls';
import { formatIsoDate, formatNumber, useUiLanguage } from '../../i18n';
import { PortalFrame } from '../../portal-shell/portal-frame';
import { deadlineForReader, deadlineInCallZone, readerTimeZone } from './deadline';

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
      </PortalFrame>
    );
  }
  const c = query.data;
  const { text, lang } = callTextFor(c.texts, language);
  return (
    <PortalFrame>
      <article lang={lang}>
        <p>{t(`call.kind.${c.kind}`)}</p>
        <h1>{text.title}</h1>
        {lang !== language && <p lang={language}>{t('call.inEnglish')}</p>}
        <p lang={language}>
          <strong>{t(`call.phase.${c.phase}`)}</strong>
        </p>
        <section lang={language} aria-labelledby="call-deadline">
          <h2 id="call-deadline">{t('call.deadline')}</h2>
          <p data-testid="deadline-call-zone">{t('call.deadlineInZone', { when: deadlineInCallZone(c.closes, language), zone: c.closes.timeZone })}</p>
          <p data-testid="deadline-reader-zone">{t('call.deadlineForYou', { when: deadlineForReader(c.closes, language), zone: readerTimeZone() })}</p>
          {c.decisionOn && <p>{t('call.decision', { date: formatIsoDate(c.decisionOn, language) })}</p>}
          {c.notifyOn && <p>{t('call.notify', { date: formatIsoDate(c.notifyOn, language) })}</p>}
          {c.quotas.total !== null && <p>{t('call.places', { n: formatNumber(c.quotas.total, language) })}</p>}
        </section>
        <h2>{t('call.about')}</h2>
        <p className="call-text">{text.description}</p>
        <h2>{t('call.eligibility')}</h2>
        <p className="call-text">{text.eligibility}</p>
      </article>
    </PortalFrame>
  );
}
