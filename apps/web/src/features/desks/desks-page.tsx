/**
 * Admin: every desk, its newest certified key version (the chain checked in this browser
 * against the built-in root) and a newer version that waits for certification (from the desk's
 * key list), with a link to manage the desk's members and certify its keys.
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeFailure } from '../../data/describe-failure';
import { abilityOf, useIdentity } from '../identity';
import { DeskKeyStatus } from './desk-key-status';
import { deskOverviewQuery } from './desk-queries';

export function DesksPage() {
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const overview = useQuery(deskOverviewQuery());
  const rows = overview.data ?? null;
  const problem = overview.isError ? describeFailure(overview.error) : null;

  if (!session || !unlocked) return null;
  if (!abilityOf(session).can('certify', 'Desk')) {
    return (
      <p className="message message--error" role="alert">
        {t('desks.onlyAdmins')}
      </p>
    );
  }

  return (
    <>
      <h1>{t('layout.desks')}</h1>
      <p>
        {t('desks.intro')}
      </p>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {rows === null && !problem && <p className="message">{t('desks.loading')}</p>}
      {rows && (
        <table className="table">
          <caption className="visually-hidden">{t('desks.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desks.desk')}</th>
              <th scope="col">{t('desks.key')}</th>
              <th scope="col">{t('desks.members')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('staff.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ entry, members, versions, status }) => (
              <tr key={entry.id}>
                <th scope="row">{entry.name}</th>
                <td>
                  <DeskKeyStatus status={status} versions={versions} />
                </td>
                <td>{members.length}</td>
                <td>
                  <Link to={`/staff/console/desks/${entry.id}`} aria-label={t('desks.manageLabel', { desk: entry.name })}>
                    {t('desks.manage')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
