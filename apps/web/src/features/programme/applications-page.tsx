/**
 * A call's applications (`/staff/console/calls/:callId/applications`, docs/calls.md
 * "Applications"): the facts the api keeps in clear, oldest first — status, country, whether a
 * person or an organisation applies, the latest version and when it was last sent — filtered by
 * status in SQL, a page at a time. Each opens the application reader.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ApplicationStatus, APPLICATION_STATUSES } from '@ashar/domain';
import { listCallApplications } from '../../api/applications';
import { getProgrammeCall } from '../../api/calls';
import { describeFailure } from '../../data/describe-failure';
import { countryDisplayName, useFormat, useUiLanguage } from '../../i18n';

const PAGE = 50;

export function ApplicationsPage() {
  const { callId = '' } = useParams();
  const { t } = useTranslation('console');
  const format = useFormat();
  const language = useUiLanguage();
  const id = useId();
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const call = useQuery({ queryKey: ['programme', 'calls', callId], queryFn: () => getProgrammeCall(callId) });
  const list = useInfiniteQuery({
    queryKey: ['programme', 'calls', callId, 'applications', status],
    queryFn: ({ pageParam }) => listCallApplications(callId, { limit: PAGE, ...(status ? { status } : {}), ...(pageParam ? { after: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const title = call.data ? (call.data.texts[language]?.title ?? call.data.texts.en.title) : '';

  return (
    <>
      <p>
        <Link to={`/staff/console/calls/${callId}`}>{t('applications.backToCall')}</Link>
      </p>
      <h1>{call.data ? t('applications.title', { title }) : t('applications.titlePlain')}</h1>
      {(call.isError || list.isError) && (
        <p className="message message--error" role="alert">
          {describeFailure(call.error ?? list.error)}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-status`}>{t('applications.statusFilter')}</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as ApplicationStatus | '')}>
          <option value="">{t('applications.statusAll')}</option>
          {APPLICATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`applications.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {list.isPending && <p role="status">{t('applications.loading')}</p>}
      {list.data && items.length === 0 && <p>{t('applications.none')}</p>}
      {items.length > 0 && (
        <table data-testid="applications-table">
          <caption>{t('applications.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('applications.sent')}</th>
              <th scope="col">{t('applications.statusHeader')}</th>
              <th scope="col">{t('applications.country')}</th>
              <th scope="col">{t('applications.kindHeader')}</th>
              <th scope="col">{t('applications.version')}</th>
              <th scope="col">{t('applications.open')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{format.dateTime(a.updatedAt)}</td>
                <td>{t(`applications.status.${a.status}`)}</td>
                <td>{countryDisplayName(a.country, language)}</td>
                <td>{t(`applications.kind.${a.applicantKind}`)}</td>
                <td>{format.number(a.version)}</td>
                <td>
                  <Link to={`/staff/console/applications/${a.id}`}>{t('applications.read', { country: countryDisplayName(a.country, language), when: format.dateTime(a.createdAt) })}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" className="button button--secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('applications.more')}
        </button>
      )}
    </>
  );
}
