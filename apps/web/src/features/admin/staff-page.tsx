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
import { useTranslation } from 'react-i18next';
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


interface Candidate {
  readonly entry: StaffListEntry;
  readonly keys: StaffKeys;
  readonly signFingerprint: string;
  readonly encFingerprint: string;
}

/** The status change an admin can make to someone: reinstate the suspended, suspend the others. */
const changeFor = (status: StaffListEntry['status']): 'suspend' | 'reinstate' => (status === 'suspended' ? 'reinstate' : 'suspend');

export function StaffPage() {
  const id = useId();
  const { t } = useTranslation('console');
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
        {t('staff.onlyAdmins')}
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
      return t('staff.certifiedDone', { name: target.entry.displayName });
    }, [adminQueryKeys.staff()]);
  }

  async function changeStatus(entry: StaffListEntry, change: 'suspend' | 'reinstate') {
    await run(async () => {
      await stepUp.ensure();
      if (change === 'suspend') await suspendStaff(entry.id);
      else await reinstateStaff(entry.id);
      setConfirming(null);
      return change === 'suspend' ? t('staff.suspendedDone', { name: entry.displayName }) : t('staff.reinstatedDone', { name: entry.displayName });
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
      return t('staff.revokedDone', { name: target.displayName });
    }, [adminQueryKeys.staff()]);
  }

  return (
    <>
      <h1>{t('layout.staff')}</h1>
      {!ROOT_PUBLIC_KEY && (
        <p className="message message--error" role="status">
          {t('staff.noRoot')}
        </p>
      )}
      {staffQuery.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(staffQuery.error)}
        </p>
      )}
      {staff === null ? (
        <p className="message">{t('staff.loading')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('staff.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invite.name')}</th>
              <th scope="col">{t('home.roles')}</th>
              <th scope="col">{t('staff.status')}</th>
              <th scope="col">{t('staff.keys')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('staff.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((entry) => {
              const mayCertify = ability.can('certify', asSubject('StaffMember', { id: entry.id, status: entry.status as 'active' }));
              const maySuspend = ability.can('suspend', asSubject('StaffMember', { id: entry.id, status: entry.status as 'active' }));
              const change = changeFor(entry.status);
              return (
                <tr key={entry.id}>
                  <th scope="row">{entry.displayName}</th>
                  <td>{entry.roles.map(roleLabel).join(', ')}</td>
                  <td>{t(`staff.statuses.${entry.status}`, { defaultValue: entry.status })}</td>
                  <td>{entry.status === 'invited' ? t('staff.notEnrolled') : entry.certified ? t('home.certified') : t('home.notCertified')}</td>
                  <td>
                    {mayCertify && entry.status === 'active' && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void prepare(entry)}
                        disabled={busy || !ROOT_PUBLIC_KEY}
                        aria-label={t(entry.certified ? 'staff.certifyAgainLabel' : 'staff.certifyLabel', { name: entry.displayName })}
                      >
                        {entry.certified ? t('staff.certifyAgain') : t('staff.certify')}
                      </button>
                    )}
                    {maySuspend &&
                      (confirming?.id === entry.id ? (
                        <div className="passkeys__confirm" role="group" aria-label={t(change === 'suspend' ? 'staff.confirmSuspendLabel' : 'staff.confirmReinstateLabel', { name: entry.displayName })}>
                          <span>
                            {change === 'suspend' ? t('staff.confirmSuspend', { name: entry.displayName }) : t('staff.confirmReinstate', { name: entry.displayName })}
                          </span>
                          <button type="button" className={change === 'suspend' ? 'button button--danger' : 'button'} onClick={() => void changeStatus(entry, change)} disabled={busy}>
                            {change === 'suspend' ? t('staff.suspend') : t('staff.reinstate')}
                          </button>
                          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)} disabled={busy}>
                            {t('common.cancel')}
                          </button>
                        </div>
                      ) : (
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setConfirming({ id: entry.id, change })}
                          disabled={busy}
                          aria-label={t(change === 'suspend' ? 'staff.suspendLabel' : 'staff.reinstateLabel', { name: entry.displayName })}
                        >
                          {change === 'suspend' ? t('staff.suspend') : t('staff.reinstate')}
                        </button>
                      ))}
                    {ability.can('revoke', 'Certificate') && entry.certified && entry.id !== session.staff.id && (
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => setRevoking(entry)}
                        disabled={busy || !ROOT_PUBLIC_KEY}
                        aria-label={t('staff.revokeLabel', { name: entry.displayName })}
                      >
                        {t('staff.revokeKeys')}
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
        <div className="confirm" role="group" aria-label={t('staff.confirmRevokeLabel', { name: revoking.displayName })}>
          <p>
            {t('staff.confirmRevoke', { name: revoking.displayName })}
          </p>
          <div className="actions">
            <button type="button" className="button button--danger" onClick={() => void revoke(revoking)} disabled={busy}>
              {t('staff.revokeTheKeys')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setRevoking(null)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}

      {candidate && (
        <section className="panel" aria-labelledby={`${id}-certify`}>
          <h2 id={`${id}-certify`}>{t('staff.certifyLabel', { name: candidate.entry.displayName })}</h2>
          <p>
            {t('staff.certifyIntro', { name: candidate.entry.displayName })}
          </p>
          <dl className="facts-list">
            <dt>{t('home.identityFingerprint')}</dt>
            <dd>
              <code className="fingerprint">{candidate.signFingerprint}</code>
            </dd>
            <dt>{t('home.encryptionFingerprint')}</dt>
            <dd>
              <code className="fingerprint">{candidate.encFingerprint}</code>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" className="button" onClick={() => void certify(candidate)} disabled={busy}>
              {t('staff.fingerprintsMatch')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCandidate(null)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}
      <StatusMessages busy={busy} message={message} />
    </>
  );
}
