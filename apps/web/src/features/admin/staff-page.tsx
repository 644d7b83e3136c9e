/**
 * Staff list for admins, with certification: the admin compares the person's fingerprints
 * (read to them by the person), confirms with a passkey (step-up), and their browser signs the
 * person's keys with the admin's own identity, after checking its own chain to the root. And
 * suspension: after a confirmation in place and a passkey confirmation, the person's sessions
 * end, they cannot sign in, and their case assignments go back to their desks' queues
 * (SPEC.md §17.3); reinstating lets them sign in again.
 * An admin also revokes a person's certified keys (lost, stolen, or the person left under a cloud)
 * with a statement signed the same way (libs/crypto SPEC.md §8.3).
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { asSubject } from '@ashar/domain';
import { listStaff, postRevocation, reinstateStaff, type StaffKeys, type StaffListEntry, staffKeys, suspendStaff, uploadCertificate } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { abilityOf, roleLabel, useIdentity, ensureSteppedUp, useStepUp } from '../identity';
import { StatusMessages } from '../../ui/status-messages';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { adminQueryKeys } from './admin-queries';

const STATUS_LABELS: Record<string, string> = { active: 'Active', invited: 'Invited', suspended: 'Suspended' };

interface Candidate {
  readonly entry: StaffListEntry;
  readonly keys: StaffKeys;
  readonly signFingerprint: string;
  readonly encFingerprint: string;
}

export function StaffPage() {
  const id = useId();
  const identity = useIdentity();
  const staffQuery = useQuery({ queryKey: adminQueryKeys.staff(), queryFn: () => listStaff() });
  const staff = staffQuery.data ?? null;
  const [candidate, setCandidate] = useState<Candidate | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; change: 'suspend' | 'reinstate' } | null>(null);
  const [revoking, setRevoking] = useState<StaffListEntry | null>(null);
  const { run, busy, message } = usePageAction();
  const stepUp = useStepUp();

  const session = identity.session;
  if (!session || !identity.unlocked) return null;
  const ability = abilityOf(session);
  if (!ability.can('certify', 'StaffMember')) {
    return (
      <p className="message message--error" role="alert">
        Only administrators manage staff.
      </p>
    );
  }

  async function prepare(entry: StaffListEntry) {
    await run(async () => {
      const keys = await staffKeys(entry.id);
      const worker = cryptoWorker();
      setCandidate({ entry, keys, signFingerprint: await worker.fingerprintOf(keys.signPk), encFingerprint: await worker.encFingerprintOf(keys.encPk) });
      return null;
    });
  }

  async function certify(target: Candidate) {
    const root = ROOT_PUBLIC_KEY;
    if (!root || !session) return;
    await run(async () => {
      const stepped = await ensureSteppedUp(session);
      identity.updateSession(stepped);
      const own = await staffKeys(stepped.staff.id);
      const certificate = await cryptoWorker().certifyStaff(own.chain, root, { userId: target.keys.id, encPk: target.keys.encPk, signPk: target.keys.signPk });
      await uploadCertificate(target.keys.id, certificate);
      setCandidate(null);
      return `${target.entry.displayName} is now certified.`;
    }, [adminQueryKeys.staff()]);
  }

  async function changeStatus(entry: StaffListEntry, change: 'suspend' | 'reinstate') {
    await run(async () => {
      await stepUp.ensure();
      if (change === 'suspend') await suspendStaff(entry.id);
      else await reinstateStaff(entry.id);
      setConfirming(null);
      return change === 'suspend'
        ? `${entry.displayName} is suspended: their sessions have ended, they cannot sign in, and the cases assigned to them are back in their desks’ queues.`
        : `${entry.displayName} may sign in again. Cases assigned to them before the suspension stay unassigned.`;
    }, [adminQueryKeys.staff()]);
  }

  async function revoke(target: StaffListEntry) {
    const root = ROOT_PUBLIC_KEY;
    if (!root || !session) return;
    await run(async () => {
      const stepped = await ensureSteppedUp(session);
      identity.updateSession(stepped);
      const [own, keys] = await Promise.all([staffKeys(stepped.staff.id), staffKeys(target.id)]);
      // Signed in the worker after it checks the admin's own chain: it names the keys certified now.
      const statement = await cryptoWorker().signRevocation(own.chain, root, { kind: 'staff', staffId: keys.id, signPk: keys.signPk });
      await postRevocation(statement);
      setRevoking(null);
      return `${target.displayName}’s keys are revoked: nothing is sealed to them any more, and what the server says it stored with them from now on is refused.`;
    }, [adminQueryKeys.staff()]);
  }

  return (
    <>
      <h1>Staff</h1>
      {!ROOT_PUBLIC_KEY && (
        <p className="message message--error" role="status">
          This build of Ashar has no organisation root key, so nobody can be certified. Rebuild it with ROOT_PUBLIC_KEY set.
        </p>
      )}
      {staffQuery.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(staffQuery.error)}
        </p>
      )}
      {staff === null ? (
        <p className="message">Loading staff…</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Staff members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Keys</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((entry) => {
              const mayCertify = ability.can('certify', asSubject('StaffMember', { id: entry.id, status: entry.status as 'active' }));
              const maySuspend = ability.can('suspend', asSubject('StaffMember', { id: entry.id, status: entry.status as 'active' }));
              const change = entry.status === 'suspended' ? 'reinstate' : 'suspend';
              return (
                <tr key={entry.id}>
                  <th scope="row">{entry.displayName}</th>
                  <td>{entry.roles.map(roleLabel).join(', ')}</td>
                  <td>{STATUS_LABELS[entry.status] ?? entry.status}</td>
                  <td>{entry.status === 'invited' ? 'Not enrolled yet' : entry.certified ? 'Certified' : 'Not certified'}</td>
                  <td>
                    {mayCertify && entry.status === 'active' && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void prepare(entry)}
                        disabled={busy || !ROOT_PUBLIC_KEY}
                        aria-label={`${entry.certified ? 'Certify again' : 'Certify'} ${entry.displayName}`}
                      >
                        {entry.certified ? 'Certify again' : 'Certify'}
                      </button>
                    )}
                    {maySuspend &&
                      (confirming?.id === entry.id ? (
                        <div className="passkeys__confirm" role="group" aria-label={`Confirm: ${change} ${entry.displayName}`}>
                          <span>
                            {change === 'suspend'
                              ? `Suspend ${entry.displayName}? Their sessions end at once and their cases go back to the queue.`
                              : `Let ${entry.displayName} sign in again?`}
                          </span>
                          <button type="button" className={change === 'suspend' ? 'button button--danger' : 'button'} onClick={() => void changeStatus(entry, change)} disabled={busy}>
                            {change === 'suspend' ? 'Suspend' : 'Reinstate'}
                          </button>
                          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                            Cancel
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setConfirming({ id: entry.id, change })}
                          disabled={busy}
                          aria-label={`${change === 'suspend' ? 'Suspend' : 'Reinstate'} ${entry.displayName}`}
                        >
                          {change === 'suspend' ? 'Suspend' : 'Reinstate'}
                        </button>
                      ))}
                    {ability.can('revoke', 'Certificate') && entry.certified && entry.id !== session.staff.id && (
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => setRevoking(entry)}
                        disabled={busy || !ROOT_PUBLIC_KEY}
                        aria-label={`Revoke keys of ${entry.displayName}`}
                      >
                        Revoke keys
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {revoking && (
        <div className="confirm" role="group" aria-label={`Confirm revoking the keys of ${revoking.displayName}`}>
          <p>
            Revoke {revoking.displayName}’s certified keys? Do this when they may be in the wrong hands. Browsers stop sealing desk keys and cases to them, and
            refuse what the server says was signed with them from now on. What they already read cannot be taken back. They need new keys, certified again, to
            work.
          </p>
          <div className="actions">
            <button type="button" className="button button--danger" onClick={() => void revoke(revoking)} disabled={busy}>
              Revoke the keys
            </button>
            <button type="button" className="button button--secondary" onClick={() => setRevoking(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}

      {candidate && (
        <section className="panel" aria-labelledby={`${id}-certify`}>
          <h2 id={`${id}-certify`}>Certify {candidate.entry.displayName}</h2>
          <p>
            Ask {candidate.entry.displayName} to open their console and read you their fingerprints, in person or by a call you trust. Certify only if both
            match exactly: a mismatch means these are not their keys.
          </p>
          <dl className="facts-list">
            <dt>Identity key fingerprint</dt>
            <dd>
              <code className="fingerprint">{candidate.signFingerprint}</code>
            </dd>
            <dt>Encryption key fingerprint</dt>
            <dd>
              <code className="fingerprint">{candidate.encFingerprint}</code>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" className="button" onClick={() => void certify(candidate)} disabled={busy}>
              The fingerprints match: certify
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCandidate(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </section>
      )}
      <StatusMessages busy={busy} message={message} />
    </>
  );
}
