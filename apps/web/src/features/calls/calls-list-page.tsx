/**
 * The published calls (`/calls`): every call the public may read (published, closed or decided,
 * soonest deadline first, as the api lists them), each with its kind, its title in the reader's
 * language (English where the call has none in it, marked as such), its phase and its deadline in
 * the call's own zone, linking to the call's page.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listPublicCalls } from '../../api/calls';
import { LanguageLink, useUiLanguage } from '../../i18n';
import { PortalFrame } from '../../portal-shell/portal-frame';
import { deadlineInCallZone } from './deadline';

export function CallsListPage() {
  const { t } = useTranslation('calls');
  const language = useUiLanguage();
  const query = useQuery({ queryKey: ['calls', 'public'], queryFn: () => listPublicCalls(), retry: false });
  return (
    <PortalFrame>
      <h1>{t('list.title')}</h1>
      {query.isPending && <p role="status">{t('list.loading')}</p>}
      {query.isError && (
        <p className="message message--error" role="alert">
          {t('list.failed')}
        </p>
      )}
      {query.data && query.data.length === 0 && <p id="calls-none">{t('list.none')}</p>}
      {query.data && query.data.length > 0 && (
        <ul id="calls-list" className="call-list">
          {query.data.map((c) => {
            const own = c.titles[language];
            const lang = own ? language : 'en';
            return (
              <li key={c.id}>
                <p>{t(`call.kind.${c.kind}`)}</p>
                <h2 lang={lang}>
                  <LanguageLink to={`/calls/${c.id}`}>{own ?? c.titles.en}</LanguageLink>
                </h2>
                <p>
                  <strong>{t(`call.phase.${c.phase}`)}</strong>
                </p>
                <p>{t('list.deadline', { when: deadlineInCallZone(c.closes, language), zone: c.closes.timeZone })}</p>
              </li>
            );
          })}
        </ul>
      )}
    </PortalFrame>
  );
}
