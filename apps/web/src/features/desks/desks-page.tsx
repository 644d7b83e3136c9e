/**
 * Admin: every desk, its newest certified key version (the chain checked in this browser
 * against the built-in root) and a newer version that waits for certification (from the desk's
 * key list), with a link to manage the desk's members and certify its keys.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeFailure } from '../../data/describe-failure';
import { abilityOf, useIdentity } from '../identity';
import { DeskKeyStatus } from './desk-key-status';
import { deskOverviewQuery } from './desk-queries';

export function DesksPage() {
  const { session, unlocked } = useIdentity();
  const overview = useQuery(deskOverviewQuery());
  const rows = overview.data ?? null;
  const problem = overview.isError ? describeFailure(overview.error) : null;

  if (!session || !unlocked) return null;
  if (!abilityOf(session).can('certify', 'Desk')) {
    return (
      <p className="message message--error" role="alert">
        Only administrators manage desks.
      </p>
    );
  }

  return (
    <>
      <h1>Desks</h1>
      <p>
        Each desk has a key pair, made by its lead in their browser. You certify each new version of its public key, so that requesters and colleagues can seal
        case keys to it; you never hold the desk’s secret key.
      </p>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {rows === null && !problem && <p className="message">Loading desks…</p>}
      {rows && (
        <table className="table">
          <caption className="visually-hidden">Desks and their keys</caption>
          <thead>
            <tr>
              <th scope="col">Desk</th>
              <th scope="col">Key</th>
              <th scope="col">Members</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
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
                  <Link to={`/staff/console/desks/${entry.id}`} aria-label={`Manage the ${entry.name} desk`}>
                    Manage
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
