/**
 * Admin, one desk: its key (certify the version the lead made, as the desk's key list gives it,
 * after comparing its fingerprint with the one the lead reads out; as a second administrator,
 * approve a version that is not linked from the one before it; revoke the current version:
 * libs/crypto SPEC.md §8.2, §8.3), and its members. An admin
 * only gives a desk with no members its first lead (with a passkey confirmation); from then on
 * its leads add and remove people (SPEC.md §17.2). The api enforces every rule again; this page
 * only offers what libs/domain allows.
 */
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
        Only administrators manage desks.
      </p>
    );
  }
  if (missing) {
    return (
      <p className="message message--error" role="alert">
        There is no such desk. <Link to="/staff/console/desks">Back to the desks</Link>
      </p>
    );
  }
  if (!loaded) {
    return (
      <>
        <p className="message">Loading the desk…</p>
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
          throw new Refusal(
            `The server refused the certificate: the public key it holds for version ${version} is not the one this page showed. Do not certify this version; tell the desk lead and whoever runs the server.`,
          );
        }
        throw e;
      }
      setCertifying(null);
      return awaiting.linked
        ? `Version ${version} of the ${entry.name} desk key is certified.`
        : `Version ${version} of the ${entry.name} desk key is certified. It is not linked from the version before it, so a second administrator must approve it before anything is sealed to it.`;
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
        if (isApiError(e, KeyError.SecondAdminRequired)) throw new Refusal(`You certified version ${version} yourself: another administrator must approve it.`);
        throw e;
      }
      setCertifying(null);
      return `Version ${version} of the ${entry.name} desk key is approved; browsers now seal to it.`;
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
      return `Version ${version} of the ${entry.name} desk key is revoked. Nothing is sealed to it any more; the desk lead makes a new version, which a second administrator must approve.`;
    }, refresh);
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const person = chosen;
    await run(async () => {
      if (!person) throw new Refusal('Choose the person who will lead the desk.');
      await stepUp.ensure();
      await addDeskMember(entry.id, person.id, true);
      setNewMember('');
      return `${person.displayName} was added to the ${entry.name} desk as its lead.`;
    }, refresh);
  }

  return (
    <>
      <p>
        <Link to="/staff/console/desks">All desks</Link>
      </p>
      <h1>{entry.name} desk</h1>

      <section className="panel" aria-labelledby={`${id}-key`}>
        <h2 id={`${id}-key`}>Key</h2>
        <DeskKeyStatus status={status} versions={versions} />
        {awaiting !== null && mayCertify && certifying === null && awaiting.chain === null && (
          <button type="button" className="button" onClick={() => startCertifying(awaiting.version, 'certify')} disabled={busy || !ROOT_PUBLIC_KEY}>
            Certify key version {awaiting.version}
          </button>
        )}
        {awaiting !== null && mayCertify && certifying === null && awaiting.chain !== null && awaiting.certifiedBy?.id !== session.staff.id && (
          <button type="button" className="button" onClick={() => startCertifying(awaiting.version, 'approve')} disabled={busy || !ROOT_PUBLIC_KEY}>
            Approve key version {awaiting.version}
          </button>
        )}
        {awaiting !== null && awaiting.chain !== null && awaiting.certifiedBy?.id === session.staff.id && (
          <p className="field__hint">You certified version {awaiting.version}: another administrator must approve it, after comparing its fingerprint with the lead’s.</p>
        )}
        {awaiting === null && <p className="field__hint">When the desk lead makes a new key version, it appears here for you to certify.</p>}
        {versions.certified !== null && mayCertify && revoking === null && certifying === null && (
          <div className="actions actions--spaced">
            <button type="button" className="button button--danger" onClick={() => setRevoking(versions.certified?.version ?? null)} disabled={busy || !ROOT_PUBLIC_KEY}>
              Revoke key version {versions.certified.version}
            </button>
          </div>
        )}
        {revoking !== null && versions.certified?.version === revoking && (
          <div className="confirm" role="group" aria-label={`Confirm revoking key version ${revoking}`}>
            <p>
              Revoke version {revoking} of the {entry.name} desk key? Do this when the key may be in the wrong hands. Browsers stop sealing anything to it at once,
              and the desk cannot receive requests until its lead makes a new version and a second administrator approves it. Cases already sealed to it stay
              readable to its members.
            </p>
            <div className="actions">
              <button type="button" className="button button--danger" onClick={() => void revoke(revoking)} disabled={busy}>
                Revoke version {revoking}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setRevoking(null)} disabled={busy}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </section>

      {certifying !== null && awaiting?.version === certifying.version && (
        <section className="panel" aria-labelledby={`${id}-certify`}>
          <h2 id={`${id}-certify`}>
            {certifying.step === 'certify' ? 'Certify' : 'Approve'} key version {certifying.version}
          </h2>
          <p>
            {awaiting.createdBy.displayName} made version {certifying.version} on {formatTime(awaiting.createdAt)}. Ask them{leads.length > 0 ? ` (the desk’s lead: ${leads.join(', ')})` : ''}{' '}
            to read you the fingerprint their console showed when they made it, in person or over a channel you trust, and {certifying.step} only if it matches the one
            below exactly. A different fingerprint means the server holds another key than the one they made: do not {certifying.step} it.
          </p>
          <dl className="facts-list">
            <dt>Made by</dt>
            <dd>{awaiting.createdBy.displayName}</dd>
            <dt>Public key of version {certifying.version}</dt>
            <dd>
              <code className="key-input">{awaiting.encPk}</code>
            </dd>
            <dt>Fingerprint of version {certifying.version}</dt>
            <dd>
              <code className="fingerprint">{awaitingFingerprint}</code>
            </dd>
            <dt>Continuity</dt>
            <dd>
              {awaiting.linked
                ? 'Linked from the version before it by someone who holds that version: certifying it is enough.'
                : 'Not linked from the version before it: besides a certificate, it needs the approval of a second administrator, who compares the fingerprint too.'}
            </dd>
            {certifying.step === 'approve' && awaiting.certifiedBy && (
              <>
                <dt>Certified by</dt>
                <dd>{awaiting.certifiedBy.displayName}</dd>
              </>
            )}
          </dl>
          <p className="field__hint">
            {certifying.step === 'certify'
              ? 'You confirm with your passkey; this browser then checks your own certificate and signs a certificate for this key, valid for one year.'
              : 'You confirm with your passkey; this browser then checks your own certificate and signs your approval of exactly this key.'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void (certifying.step === 'certify' ? certify(certifying.version) : approve(certifying.version))}
              disabled={busy || awaitingFingerprint === null}
            >
              The fingerprints match: {certifying.step} version {certifying.version}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCertifying(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </section>
      )}

      <section className="panel" aria-labelledby={`${id}-members`}>
        <h2 id={`${id}-members`}>Members</h2>
        {members.length === 0 ? (
          <p>Nobody is a member of this desk yet.</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">Members of the {entry.name} desk</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role on the desk</th>
                <th scope="col">Key versions held</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.staffId}>
                  <th scope="row">{member.displayName}</th>
                  <td>{member.lead ? 'Lead' : 'Member'}</td>
                  <td>{versionList(member.keyVersions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {staffed ? (
          <p className="field__hint">
            Only the desk’s leads add and remove its members, on their My desks page: an administrator cannot change who is on a desk that has members.
          </p>
        ) : (
          <form className="form" onSubmit={(e) => void add(e)} noValidate aria-labelledby={`${id}-add`}>
            <h3 id={`${id}-add`}>Give the desk its first lead</h3>
            <p className="field__hint">The lead makes the desk’s key and adds its other members. You confirm with your passkey.</p>
            <div className="field">
              <label htmlFor={`${id}-person`}>Person</label>
              <select id={`${id}-person`} value={newMember} onChange={(e) => setNewMember(e.target.value)}>
                <option value="">Choose someone…</option>
                {candidates.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName} ({s.roles.map(roleLabel).join(', ')}; {s.status === 'invited' ? 'not enrolled yet' : s.certified ? 'certified' : 'not certified'})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={busy}>
              Add as lead
            </button>
          </form>
        )}
      </section>

      <StatusMessages busy={busy} message={message} />
    </>
  );
}
