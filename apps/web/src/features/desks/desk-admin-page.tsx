/**
 * Admin, one desk: its key (certify the version the lead made, as the desk's key list gives it,
 * after comparing its fingerprint with the one the lead reads out; as a second administrator,
 * approve a version that is not linked from the one before it; revoke the current version:
 * libs/crypto SPEC.md §8.2, §8.3), and its members. An admin
 * only gives a desk with no members its first lead (with a passkey confirmation); from then on
 * its leads add and remove people (SPEC.md §17.2). The api enforces every rule again; this page
 * only offers what libs/domain allows.
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { asSubject, GeneralError, KeyError } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { addDeskMember, approveDeskKey, certifyDeskKey } from '../../api/desks';
import { postRevocation, staffKeys } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { describeFailure } from '../../data/describe-failure';
import { Refusal } from '../../data/refusal';
import { usePageAction } from '../../data/use-page-action';
import { abilityOf, roleLabel, useIdentity, ensureSteppedUp, useStepUp } from '../identity';
import { formatTime } from '../../ui/format-time';
import { DeskKeyStatus } from './desk-key-status';
import { versionList } from './desk-state';
import { adminDeskQuery, deskQueryKeys } from './desk-queries';
import { StatusMessages } from '../../ui/status-messages';

export function DeskAdminPage() {
  const { deskId = '' } = useParams();
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const desk = useQuery(adminDeskQuery(deskId));
  const { run, busy, message, clear } = usePageAction();
  const [certifying, setCertifying] = useState<{ version: number; step: 'certify' | 'approve' } | null>(null);
  const [revoking, setRevoking] = useState<number | null>(null);
  const [newMember, setNewMember] = useState('');
  const stepUp = useStepUp();
  const loaded = desk.data ?? null;
  const missing = desk.isSuccess && desk.data === null;
  const refresh = [deskQueryKeys.admin(deskId)];

  const session = identity.session;
  if (!session || !identity.unlocked) return null;
  const ability = abilityOf(session);
  if (!ability.can('certify', 'Desk')) {
    return (
      <p className="message message--error" role="alert">
        {t('desks.onlyAdmins')}
      </p>
    );
  }
  if (missing) {
    return (
      <p className="message message--error" role="alert">
        {t('desks.noSuchDesk')} <Link to="/staff/console/desks">{t('desks.backToDesks')}</Link>
      </p>
    );
  }
  if (!loaded) {
    return (
      <>
        <p className="message">{t('desks.loadingDesk')}</p>
        {desk.isError && (
          <p className="message message--error" role="alert">
            {describeFailure(desk.error)}
          </p>
        )}
      </>
    );
  }

  const { entry, members, staff, versions, status, awaitingFingerprint } = loaded;
  const awaiting = versions.awaiting;
  const mayCertify = ability.can('certify', asSubject('Desk', { id: entry.id, slug: entry.slug }));
  const leads = members.filter((m) => m.lead).map((m) => m.displayName);
  const staffed = members.length > 0;
  // Only while the desk has nobody: its first lead, someone who holds the Desk lead role and is no administrator.
  const candidates = staff.filter(
    (s) =>
      s.status !== 'suspended' &&
      s.roles.includes('desk_lead') &&
      !s.roles.includes('admin') &&
      ability.can('create', asSubject('DeskMembership', { deskId: entry.id, userId: s.id, isLead: true, deskStaffed: staffed })),
  );
  const chosen = candidates.find((s) => s.id === newMember) ?? null;

  function startCertifying(version: number, step: 'certify' | 'approve') {
    setCertifying({ version, step });
    clear();
  }

  async function certify(version: number) {
    const root = ROOT_PUBLIC_KEY;
    const current = identity.session;
    if (!root || !current || awaiting?.version !== version) return;
    const keys = { encPk: awaiting.encPk, signPk: awaiting.signPk };
    await run(async () => {
      const stepped = await ensureSteppedUp(current);
      identity.updateSession(stepped);
      // The admin's own chain is verified to the built-in root in the worker before it signs.
      const own = await staffKeys(stepped.staff.id);
      const certificate = await cryptoWorker().certifyDeskKey(own.chain, root, entry.id, version, keys);
      try {
        await certifyDeskKey(entry.id, version, certificate);
      } catch (e) {
        // The api's check that the certificate names the key it holds for this version (422 validation).
        if (isApiError(e, GeneralError.Validation)) {
          throw new Refusal(t('deskAdmin.certificateRefused', { version }));
        }
        throw e;
      }
      setCertifying(null);
      return awaiting.linked ? t('deskAdmin.certified', { version, desk: entry.name }) : t('deskAdmin.certifiedUnlinked', { version, desk: entry.name });
    }, refresh);
  }

  /** A second admin approves a certified version that is not linked (libs/crypto SPEC.md §8.2). */
  async function approve(version: number) {
    const root = ROOT_PUBLIC_KEY;
    const current = identity.session;
    if (!root || !current || awaiting?.version !== version) return;
    const keys = { encPk: awaiting.encPk, signPk: awaiting.signPk };
    await run(async () => {
      const stepped = await ensureSteppedUp(current);
      identity.updateSession(stepped);
      const own = await staffKeys(stepped.staff.id);
      const signature = await cryptoWorker().approveDeskKey(own.chain, root, entry.id, version, keys);
      try {
        await approveDeskKey(entry.id, version, signature);
      } catch (e) {
        if (isApiError(e, KeyError.SecondAdminRequired)) throw new Refusal(t('deskAdmin.selfApprove', { version }));
        throw e;
      }
      setCertifying(null);
      return t('deskAdmin.approved', { version, desk: entry.name });
    }, refresh);
  }

  /** Revokes the current version with a statement signed in this browser (SPEC.md §8.3). */
  async function revoke(version: number) {
    const root = ROOT_PUBLIC_KEY;
    const current = identity.session;
    const target = versions.certified;
    if (!root || !current || target?.version !== version) return;
    await run(async () => {
      const stepped = await ensureSteppedUp(current);
      identity.updateSession(stepped);
      const own = await staffKeys(stepped.staff.id);
      const statement = await cryptoWorker().signRevocation(own.chain, root, { kind: 'desk', deskId: entry.id, version, encPk: target.encPk });
      await postRevocation(statement);
      setRevoking(null);
      return t('deskAdmin.revoked', { version, desk: entry.name });
    }, refresh);
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const person = chosen;
    await run(async () => {
      if (!person) throw new Refusal(t('deskAdmin.choosePerson'));
      await stepUp.ensure();
      await addDeskMember(entry.id, person.id, true);
      setNewMember('');
      return t('deskAdmin.leadAdded', { name: person.displayName, desk: entry.name });
    }, refresh);
  }

  return (
    <>
      <p>
        <Link to="/staff/console/desks">{t('desks.allDesks')}</Link>
      </p>
      <h1>{t('desks.deskTitle', { desk: entry.name })}</h1>

      <section className="panel" aria-labelledby={`${id}-key`}>
        <h2 id={`${id}-key`}>{t('desks.key')}</h2>
        <DeskKeyStatus status={status} versions={versions} />
        {awaiting !== null && mayCertify && certifying === null && awaiting.chain === null && (
          <button type="button" className="button" onClick={() => startCertifying(awaiting.version, 'certify')} disabled={busy || !ROOT_PUBLIC_KEY}>
            {t('deskAdmin.certifyVersion', { version: awaiting.version })}
          </button>
        )}
        {awaiting !== null && mayCertify && certifying === null && awaiting.chain !== null && awaiting.certifiedBy?.id !== session.staff.id && (
          <button type="button" className="button" onClick={() => startCertifying(awaiting.version, 'approve')} disabled={busy || !ROOT_PUBLIC_KEY}>
            {t('deskAdmin.approveVersion', { version: awaiting.version })}
          </button>
        )}
        {awaiting !== null && awaiting.chain !== null && awaiting.certifiedBy?.id === session.staff.id && (
          <p className="field__hint">{t('deskAdmin.youCertified', { version: awaiting.version })}</p>
        )}
        {awaiting === null && <p className="field__hint">{t('deskAdmin.noneAwaiting')}</p>}
        {versions.certified !== null && mayCertify && revoking === null && certifying === null && (
          <div className="actions actions--spaced">
            <button type="button" className="button button--danger" onClick={() => setRevoking(versions.certified?.version ?? null)} disabled={busy || !ROOT_PUBLIC_KEY}>
              {t('deskAdmin.revokeVersion', { version: versions.certified.version })}
            </button>
          </div>
        )}
        {revoking !== null && versions.certified?.version === revoking && (
          <div className="confirm" role="group" aria-label={t('deskAdmin.confirmRevokeLabel', { version: revoking })}>
            <p>
              {t('deskAdmin.confirmRevoke', { version: revoking, desk: entry.name })}
            </p>
            <div className="actions">
              <button type="button" className="button button--danger" onClick={() => void revoke(revoking)} disabled={busy}>
                {t('deskAdmin.revokeShort', { version: revoking })}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setRevoking(null)} disabled={busy}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </section>

      {certifying !== null && awaiting?.version === certifying.version && (
        <section className="panel" aria-labelledby={`${id}-certify`}>
          <h2 id={`${id}-certify`}>
            {t(certifying.step === 'certify' ? 'deskAdmin.certifyVersion' : 'deskAdmin.approveVersion', { version: certifying.version })}
          </h2>
          <p>
            {t(certifying.step === 'certify' ? 'deskAdmin.compareCertify' : 'deskAdmin.compareApprove', {
              name: awaiting.createdBy.displayName,
              version: certifying.version,
              when: formatTime(awaiting.createdAt),
              leads: leads.length > 0 ? t('deskAdmin.leadsAside', { leads: leads.join(', ') }) : '',
            })}
          </p>
          <dl className="facts-list">
            <dt>{t('deskAdmin.madeBy')}</dt>
            <dd>{awaiting.createdBy.displayName}</dd>
            <dt>{t('deskAdmin.publicKey', { version: certifying.version })}</dt>
            <dd>
              <code className="key-input">{awaiting.encPk}</code>
            </dd>
            <dt>{t('deskAdmin.fingerprint', { version: certifying.version })}</dt>
            <dd>
              <code className="fingerprint">{awaitingFingerprint}</code>
            </dd>
            <dt>{t('deskAdmin.continuity')}</dt>
            <dd>
              {awaiting.linked ? t('deskAdmin.linked') : t('deskAdmin.notLinked')}
            </dd>
            {certifying.step === 'approve' && awaiting.certifiedBy && (
              <>
                <dt>{t('deskAdmin.certifiedBy')}</dt>
                <dd>{awaiting.certifiedBy.displayName}</dd>
              </>
            )}
          </dl>
          <p className="field__hint">
            {certifying.step === 'certify' ? t('deskAdmin.certifyHint') : t('deskAdmin.approveHint')}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void (certifying.step === 'certify' ? certify(certifying.version) : approve(certifying.version))}
              disabled={busy || awaitingFingerprint === null}
            >
              {t(certifying.step === 'certify' ? 'deskAdmin.matchCertify' : 'deskAdmin.matchApprove', { version: certifying.version })}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCertifying(null)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}

      <section className="panel" aria-labelledby={`${id}-members`}>
        <h2 id={`${id}-members`}>{t('desks.members')}</h2>
        {members.length === 0 ? (
          <p>{t('deskAdmin.noMembers')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('deskAdmin.membersCaption', { desk: entry.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invite.name')}</th>
                <th scope="col">{t('deskAdmin.roleOnDesk')}</th>
                <th scope="col">{t('deskAdmin.versionsHeld')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.staffId}>
                  <th scope="row">{member.displayName}</th>
                  <td>{member.lead ? t('invite.lead') : t('deskAdmin.member')}</td>
                  <td>{versionList(member.keyVersions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {staffed ? (
          <p className="field__hint">
            {t('deskAdmin.onlyLeads')}
          </p>
        ) : (
          <form className="form" onSubmit={(e) => void add(e)} noValidate aria-labelledby={`${id}-add`}>
            <h3 id={`${id}-add`}>{t('deskAdmin.firstLead')}</h3>
            <p className="field__hint">{t('deskAdmin.firstLeadHint')}</p>
            <div className="field">
              <label htmlFor={`${id}-person`}>{t('deskAdmin.person')}</label>
              <select id={`${id}-person`} value={newMember} onChange={(e) => setNewMember(e.target.value)}>
                <option value="">{t('deskAdmin.chooseSomeone')}</option>
                {candidates.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName} ({s.roles.map(roleLabel).join(', ')}; {s.status === 'invited' ? t('deskAdmin.notEnrolled') : s.certified ? t('deskAdmin.certifiedLower') : t('deskAdmin.notCertifiedLower')})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t('deskAdmin.addAsLead')}
            </button>
          </form>
        )}
      </section>

      <StatusMessages busy={busy} message={message} />
    </>
  );
}
