/**
 * Admin: every desk, its newest certified key version (the chain checked in this browser
 * against the built-in root) and a newer version that waits for certification (from the desk's
 * key list), with a link to manage the desk's members and certify its keys.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type DeskDirectoryEntry, type DeskMember, deskKeys, deskMembers, listDesks } from '../../api/desks';
import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { abilityOf, useIdentity } from '../identity/identity-context';
import { useFailure } from '../identity/use-failure';
import { DeskKeyStatus } from './desk-key-status';
import { type DeskKeyVersions, checkCertified, deskKeyVersions } from './desk-state';

interface Row {
  readonly entry: DeskDirectoryEntry;
  readonly members: readonly DeskMember[];
  readonly versions: DeskKeyVersions;
  readonly status: DeskCertificateStatus | null;
}

export function DesksPage() {
  const { session, unlocked } = useIdentity();
  const failure = useFailure();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = async (): Promise<Row[]> => {
      const desks = await listDesks();
      return Promise.all(
        desks.map(async (entry) => {
          const [members, keys] = await Promise.all([deskMembers(entry.id), deskKeys(entry.id)]);
          const versions = deskKeyVersions(keys);
          return { entry, members, versions, status: await checkCertified(entry.id, versions) };
        }),
      );
    };
    load().then(
      (loaded) => {
        if (live) setRows(loaded);
      },
      (e: unknown) => {
        if (live) setProblem(failure(e));
      },
    );
    return () => {
      live = false;
    };
  }, [failure]);

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
