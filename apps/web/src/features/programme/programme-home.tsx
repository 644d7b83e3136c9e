/**
 * Programme home (`/staff/console/calls`, docs/calls.md): every call with how many are in each
 * phase, and for each call its kind, phase, deadline in its own zone and the days left until it
 * (counted from the instant the api computed: call-draft.ts `daysToDeadline`). A call's title
 * opens the call editor; "New call" starts one.
 */
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { displayDeadline } from '@ashar/domain';
import { listProgrammeCalls } from '../../api/calls';
import { describeFailure } from '../../data/describe-failure';
import { useFormat, useUiLanguage } from '../../i18n';
import { countsByPhase, daysToDeadline } from './call-draft';

export const CALLS_KEY = ['programme', 'calls'] as const;

export function ProgrammeHome() {
  const { t } = useTranslation('console');
  const format = useFormat();
  const language = useUiLanguage();
  const id = useId();
  const calls = useQuery({ queryKey: CALLS_KEY, queryFn: () => listProgrammeCalls() });
  const now = new Date();

  return (
    <>
      <h1>{t('calls.title')}</h1>
      <p>
        <Link className="button" to="/staff/console/calls/new">
          {t('calls.new')}
        </Link>
      </p>
      {calls.isPending && <p role="status">{t('calls.loading')}</p>}
      {calls.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(calls.error)}
        </p>
      )}
      {calls.data && (
        <section aria-labelledby={`${id}-counts`}>
          <h2 id={`${id}-counts`}>{t('calls.countsTitle')}</h2>
          <ul className="facts" data-testid="call-counts">
            {countsByPhase(calls.data).map(({ phase, count }) => (
              <li key={phase}>{t('calls.countOf', { phase: t(`calls.phase.${phase}`), n: format.number(count) })}</li>
            ))}
          </ul>
        </section>
      )}
      {calls.data && calls.data.length === 0 && <p>{t('calls.none')}</p>}
      {calls.data && calls.data.length > 0 && (
        <table>
          <caption>{t('calls.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calls.callTitle')}</th>
              <th scope="col">{t('calls.kindLabel')}</th>
              <th scope="col">{t('calls.phaseHeader')}</th>
              <th scope="col">{t('calls.deadline')}</th>
              <th scope="col">{t('calls.daysHeader')}</th>
              <th scope="col">{t('calls.publicPage')}</th>
              <th scope="col">{t('applications.header')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.map((c) => {
              const due = displayDeadline(c.closes.local);
              const days = daysToDeadline(c.closes.instant, now);
              // The title in the console's language where the call has it, else English.
              const own = c.titles[language];
              const title = own ?? c.titles.en;
              return (
                <tr key={c.id}>
                  <td lang={own ? language : 'en'}>
                    <Link to={`/staff/console/calls/${c.id}`}>{title}</Link>
                  </td>
                  <td>{t(`calls.kind.${c.kind}`)}</td>
                  <td>{t(`calls.phase.${c.phase}`)}</td>
                  <td>{t('calls.deadlineIn', { date: format.isoDate(due.date), time: due.time, zone: c.closes.timeZone })}</td>
                  <td data-testid="days-to-deadline">{days === null ? t('calls.deadlinePassed') : t('calls.daysLeft', { count: days, n: format.number(days) })}</td>
                  <td>{c.status === 'draft' || c.status === 'archived' ? t('calls.noPublicPage') : <Link to={`/calls/${c.id}`}>{t('calls.openPublicPage', { title })}</Link>}</td>
                  <td>{c.status === 'draft' ? t('applications.noneYet') : <Link to={`/staff/console/calls/${c.id}/applications`}>{t('applications.linkOf', { title })}</Link>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
