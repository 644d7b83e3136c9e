/**
 * Desk lead: the desks they lead, each with its key versions (the desk's key list), its members
 * and the key versions each holds. The lead makes a new key version in their browser (sealed to
 * themselves; an admin certifies its public key after comparing the fingerprint the lead reads
 * out), seals the certified version to members who lack it — their worker opens the lead's own
 * copy, checks it against the desk certificate, verifies the member's chain to the built-in
 * root, and seals the key to the member's certified key — and, after a rotation, re-seals the
 * desk's open cases to the new version (reseal-panel.tsx). Its leads alone add and remove the
 * desk's members (SPEC.md §17.2), each change confirmed with a passkey; a removal ends the
 * person's access to the desk's cases at once (§17.3).
 * The desk's key is shown as one state (desk-key-phase.ts): a version that waits for its
 * certificate leads, with the fingerprint to read out whenever it waits, not only right after it
 * was made: the one this browser remembers from making it (made-versions.ts), checked against the
 * public key the api lists; for a version made elsewhere, the listed key's, said to be so. A new
 * version is the main action only when the desk has no usable key, else behind a disclosure.
 */
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { asSubject } from '@ashar/domain';
import { type DeskMember, addDeskMember, createDeskKey, myDeskEnvelopes, sealDeskKeyForMember, nextVersionOf, removeDeskMember } from '../../api/desks';
import { type Session, keyRevocations, staffKeys } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { deskToSealTo, rememberDesks } from '../../crypto/desk-memory';
import { type NewDeskKey } from '../../crypto/worker-api';
import { describeFailure } from '../../data/describe-failure';
import { Refusal } from '../../data/refusal';
import { usePageAction } from '../../data/use-page-action';
import { abilityOf, useIdentity, ensureSteppedUp } from '../identity';
import { formatTime } from '../../ui/format-time';
import { DeskKeyStatus } from './desk-key-status';
import { deskKeyPhase, newVersionOffer } from './desk-key-phase';
import { madeVersionFingerprint, rememberMadeVersion } from './made-versions';
import { versionList } from './desk-state';
import { type MemberKeys, deskCandidatesQuery, deskQueryKeys, leadDeskQuery } from './desk-queries';
import { ResealPanel } from './reseal-panel';
import { StatusMessages } from '../../ui/status-messages';
import { RemoveMemberButton } from './remove-member-button';
import { useOwnDesks } from './use-own-desks';

export function MyDesksPage() {
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const { desks, problem } = useOwnDesks('led');

  const session = identity.session;
  if (!session || !identity.unlocked) return null;

  return (
    <>
      <h1>{t('layout.myDesks')}</h1>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {desks === null && !problem && <p className="message">{t('myDesks.loading')}</p>}
      {desks?.length === 0 && (
        <p className="message" role="status">
          {t('myDesks.none')}
        </p>
      )}
      {desks?.map((entry) => <LeadDesk key={entry.id} deskId={entry.id} session={session} />)}
    </>
  );
}

/** Why a new version carries no link, for the lead. */
function unlinkedReason(key: NewDeskKey): string {
  switch (key.unlinkedBecause) {
    case 'first':
      return ct('myDesks.unlinked.first');
    case 'not-held':
      return ct('myDesks.unlinked.notHeld');
    case 'legacy':
      return ct('myDesks.unlinked.legacy');
    case 'revoked':
      return ct('myDesks.unlinked.revoked');
    default:
      return ct('myDesks.unlinked.other');
  }
}

function keysLabel(keys: MemberKeys | undefined): string {
  switch (keys?.state) {
    case undefined:
      return ct('common.checking');
    case 'not-enrolled':
      return ct('staff.notEnrolled');
    case 'uncertified':
      return ct('home.notCertified');
    case 'certified':
      return ct('home.certified');
    case 'invalid':
      return ct('home.certificateInvalid');
    case 'revoked':
      return ct('deskKey.revoked');
  }
}

function LeadDesk({ deskId, session }: { deskId: string; session: Session }) {
  const id = useId();
  const { t } = useTranslation('console');
  const identity = useIdentity();
  const queryClient = useQueryClient();
  const desk = useQuery(leadDeskQuery(deskId));
  const { run, busy, message } = usePageAction();
  // The version made in this browser: its fingerprint is the one to read to the certifying admin.
  const [created, setCreated] = useState<NewDeskKey | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  // A member was removed here: a new key version keeps them out of cases opened from now on.
  const [memberLeft, setMemberLeft] = useState(false);
  const [newMember, setNewMember] = useState('');
  const [asLead, setAsLead] = useState(false);
  const mayManageMembers = abilityOf(session).can('create', asSubject('DeskMembership', { deskId, userId: '', isLead: false, deskStaffed: true }));
  const candidatesQuery = useQuery({ ...deskCandidatesQuery(deskId), enabled: mayManageMembers });
  // The session of the last step-up made here: a re-sealing run steps up from closures of an earlier render.
  const lastStepUp = useRef<Session | null>(null);
  const loaded = desk.data ?? null;
  const refresh = [deskQueryKeys.lead(deskId), deskQueryKeys.candidates(deskId)];

  if (!loaded) {
    return (
      <section className="panel" aria-label={t('myDesks.loadingLabel')}>
        <p className="message">{t('desks.loadingDesk')}</p>
        {desk.isError && (
          <p className="message message--error" role="alert">
            {describeFailure(desk.error)}
          </p>
        )}
      </section>
    );
  }

  const { entry, keys, versions, status, members, memberKeys, mine, toReseal, awaitingFingerprint } = loaded;
  const ability = abilityOf(session);
  const mayManageKeys = ability.can('seal_desk_key', asSubject('Desk', { id: entry.id, slug: entry.slug }));
  // The certified version whose chain verified here; only it is sealed and sealed to.
  const certified = status?.state === 'certified' && versions.certified?.chain ? { version: versions.certified.version, chain: versions.certified.chain } : null;
  const current = certified?.version ?? null;
  const ownCurrent = current === null ? undefined : mine.find((g) => g.version === current);
  const madeHereFingerprint = versions.awaiting ? madeVersionFingerprint(session.staff.id, entry.id, versions.awaiting.version) : null;
  const phase = deskKeyPhase({ status, versions, awaitingFingerprint, madeHereFingerprint, members, casesToReseal: toReseal });
  const offer = newVersionOffer(phase, memberLeft);

  async function steppedUp(): Promise<Session> {
    const known = identity.session ?? session;
    const until = (s: Session) => (s.steppedUpUntil ? Date.parse(s.steppedUpUntil) : 0);
    const previous = lastStepUp.current;
    const latest = previous && previous.staff.id === known.staff.id && until(previous) > until(known) ? previous : known;
    const stepped = await ensureSteppedUp(latest);
    lastStepUp.current = stepped;
    identity.updateSession(stepped);
    return stepped;
  }

  async function createKey(version: number) {
    const root = ROOT_PUBLIC_KEY;
    if (!root) return;
    const me = session.staff.id;
    await run(async () => {
      const stepped = await steppedUp();
      const [own, desk, revocations, mineNow] = await Promise.all([staffKeys(stepped.staff.id), deskToSealTo(entry.id, me), keyRevocations(), myDeskEnvelopes(entry.id)]);
      // Made and sealed to the lead's own verified identity in the worker, and linked from the desk's
      // newest verified version when the lead holds it (SPEC.md §8.2); the secrets never leave it.
      const key = await cryptoWorker().createDeskKey({ root, ownChain: own.chain, deskId: entry.id, version, desk, revocations, own: mineNow });
      try {
        await createDeskKey(entry.id, { version: key.version, encPk: key.encPk, signPk: key.signPk, sealedKey: key.sealedKey, link: key.link });
      } catch (e) {
        const next = nextVersionOf(e);
        if (next !== null) {
          // Someone else made a version meanwhile: the key list says what exists now.
          await queryClient.invalidateQueries({ queryKey: deskQueryKeys.lead(deskId) });
          throw new Refusal(t('myDesks.versionExists', { version, next }));
        }
        throw e;
      }
      rememberMadeVersion(me, entry.id, key.version, key.fingerprint);
      setCreated(key);
      return key.link !== null
        ? t('myDesks.madeLinked', { version, desk: entry.name, from: key.linkedFrom ?? '' })
        : t('myDesks.madeUnlinked', { version, desk: entry.name, reason: unlinkedReason(key) });
    }, refresh);
  }

  async function sealTo(member: DeskMember, version: number) {
    const root = ROOT_PUBLIC_KEY;
    if (!root || !certified || !ownCurrent) return;
    const ownSealedKey = ownCurrent.sealedKey;
    const me = session.staff.id;
    await run(async () => {
      // The member's chain and the desk's history are fetched now and verified in the worker before anything is sealed.
      const [keys, desk, revocations] = await Promise.all([staffKeys(member.staffId), deskToSealTo(entry.id, me), keyRevocations()]);
      if (keys.chain.length === 0) throw new Refusal(t('myDesks.memberNotCertified', { name: member.displayName }));
      await steppedUp();
      const { sealedKey, seen } = await cryptoWorker().sealDeskKeyForMember({ root, deskId: entry.id, version, desk, revocations, ownSealedKey, memberId: member.staffId, memberChain: keys.chain });
      rememberDesks(me, { [entry.id]: seen });
      await sealDeskKeyForMember(entry.id, { version, staffId: member.staffId, sealedKey });
      return t('myDesks.sealed', { name: member.displayName, version, desk: entry.name });
    }, refresh);
  }

  async function remove(member: DeskMember) {
    await run(async () => {
      await steppedUp();
      await removeDeskMember(entry.id, member.staffId);
      setRemoving(null);
      setMemberLeft(true);
      return t('myDesks.removed', { name: member.displayName, next: versions.next });
    }, refresh);
  }

  const candidates = candidatesQuery.data ?? [];
  const chosen = candidates.find((c) => c.staffId === newMember) ?? null;

  async function add(event: FormEvent) {
    event.preventDefault();
    const person = chosen;
    const lead = asLead && (person?.mayLead ?? false);
    await run(async () => {
      if (!person) throw new Refusal(t('myDesks.choosePerson'));
      await steppedUp();
      await addDeskMember(entry.id, person.staffId, lead);
      setNewMember('');
      setAsLead(false);
      const added = t(lead ? 'myDesks.addedLead' : 'myDesks.added', { name: person.displayName, desk: entry.name });
      return current === null ? added : `${added} ${t('myDesks.sealOnceCertified', { version: current })}`;
    }, refresh);
  }

  function envelopeCell(member: DeskMember) {
    if (current === null) return <span className="field__hint">{t('myDesks.noCertifiedVersion')}</span>;
    if (member.keyVersions.includes(current)) return <span>{t('myDesks.holdsVersion', { version: current })}</span>;
    const keys = memberKeys.get(member.staffId);
    if (keys?.state === 'not-enrolled') return <span className="field__hint">{t('myDesks.cannotSealNotEnrolled')}</span>;
    if (keys?.state === 'revoked') return <span className="refusal">{t('myDesks.cannotSealRevoked', { name: member.displayName })}</span>;
    if (keys?.state !== 'certified') {
      return (
        <span className="refusal">
          {t(keys?.state === 'invalid' ? 'myDesks.cannotSealInvalid' : 'myDesks.cannotSealUncertified', { name: member.displayName })}
        </span>
      );
    }
    if (!ownCurrent) return <span className="field__hint">{t('myDesks.notHoldingCurrent', { version: current })}</span>;
    return (
      <button type="button" className="button button--secondary" onClick={() => void sealTo(member, current)} disabled={busy || !ROOT_PUBLIC_KEY} aria-label={t('myDesks.sealToLabel', { version: current, name: member.displayName })}>
        {t('myDesks.sealVersion', { version: current })}
      </button>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-desk`}>
      <h2 id={`${id}-desk`}>{entry.name}</h2>
      <h3>{t('desks.key')}</h3>
      {phase.phase === 'awaiting-certificate' || phase.phase === 'awaiting-approval' ? (
        <div className="panel panel--inner panel--lead" role="group" aria-labelledby={`${id}-awaiting`}>
          <h4 id={`${id}-awaiting`}>
            {t(phase.phase === 'awaiting-certificate' ? 'myDesks.awaitingTitle' : 'myDesks.awaitingApprovalTitle', { version: phase.version })}
          </h4>
          <DeskKeyStatus status={status} versions={versions} />
          <p>{t(phase.phase === 'awaiting-certificate' ? 'myDesks.awaitingText' : 'myDesks.awaitingApprovalText', { version: phase.version })}</p>
          <dl className="facts-list">
            <dt>{t('deskAdmin.fingerprint', { version: phase.version })}</dt>
            <dd>
              {phase.check === 'mismatch' ? (
                <span className="refusal" role="alert">
                  {t('myDesks.fingerprintMismatch', { version: phase.version })}
                </span>
              ) : phase.fingerprint === null ? (
                t('common.checking')
              ) : (
                <code className="fingerprint">{phase.fingerprint}</code>
              )}
            </dd>
            <dt>{t('myDesks.madeBy')}</dt>
            <dd>
              {t(phase.madeBy.id === session.staff.id ? 'myDesks.madeByYou' : 'myDesks.madeByOther', {
                name: phase.madeBy.displayName,
                when: formatTime(versions.awaiting?.createdAt ?? ''),
              })}
            </dd>
            <dt>{t('deskAdmin.continuity')}</dt>
            <dd>
              {created && created.version === phase.version
                ? created.link !== null
                  ? t('myDesks.createdLinked', { from: created.linkedFrom ?? '' })
                  : t('myDesks.createdUnlinked', { reason: unlinkedReason(created) })
                : versions.awaiting?.linked
                  ? t('myDesks.awaitingLinked')
                  : t('myDesks.awaitingUnlinked')}
            </dd>
          </dl>
          {phase.check !== 'mismatch' && <p className="field__hint">{t(phase.check === 'made-here' ? 'myDesks.fingerprintMadeHere' : 'myDesks.fingerprintListed')}</p>}
        </div>
      ) : (
        <DeskKeyStatus status={status} versions={versions} />
      )}

      {mayManageKeys && offer === 'primary' && (
        <div className="actions actions--spaced">
          <button type="button" className="button" onClick={() => void createKey(versions.next)} disabled={busy || !ROOT_PUBLIC_KEY}>
            {t('myDesks.createVersion', { version: versions.next })}
          </button>
          <p className="field__hint">{versions.next === 1 ? t('myDesks.firstVersionHint') : t('myDesks.newVersionHint')}</p>
        </div>
      )}
      {mayManageKeys && offer === 'suggested' && (
        <div className="actions actions--spaced">
          <p className="field__hint">{t('myDesks.memberLeftHint', { version: versions.next })}</p>
          <button type="button" className="button button--secondary" onClick={() => void createKey(versions.next)} disabled={busy || !ROOT_PUBLIC_KEY}>
            {t('myDesks.createVersion', { version: versions.next })}
          </button>
        </div>
      )}
      {mayManageKeys && offer === 'disclosure' && (
        <details className="disclosure">
          <summary>{t('myDesks.newVersionSummary')}</summary>
          <p className="field__hint">
            {phase.phase === 'awaiting-certificate' || phase.phase === 'awaiting-approval'
              ? t('myDesks.replaceAwaitingHint', { version: phase.version, next: versions.next })
              : t('myDesks.newVersionHint')}
          </p>
          <button type="button" className="button button--secondary" onClick={() => void createKey(versions.next)} disabled={busy || !ROOT_PUBLIC_KEY}>
            {t('myDesks.createVersion', { version: versions.next })}
          </button>
        </details>
      )}

      {mayManageKeys && certified && (
        <ResealPanel
          deskId={entry.id}
          deskName={entry.name}
          me={session.staff.id}
          target={certified}
          keys={keys}
          total={toReseal}
          disabled={busy}
          stepUp={async () => {
            await steppedUp();
          }}
          onFinished={() => queryClient.invalidateQueries({ queryKey: deskQueryKeys.lead(deskId) })}
        />
      )}

      <h3>{t('desks.members')}</h3>
      <table className="table">
        <caption className="visually-hidden">{t('myDesks.membersCaption', { desk: entry.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invite.name')}</th>
            <th scope="col">{t('deskAdmin.roleOnDesk')}</th>
            <th scope="col">{t('deskAdmin.versionsHeld')}</th>
            <th scope="col">{t('myDesks.theirKeys')}</th>
            <th scope="col">{t('myDesks.deskKey')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('myDesks.membership')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.staffId}>
              <th scope="row">{member.displayName}</th>
              <td>{member.lead ? t('invite.lead') : t('deskAdmin.member')}</td>
              <td>{versionList(member.keyVersions)}</td>
              <td>{keysLabel(memberKeys.get(member.staffId))}</td>
              <td>{envelopeCell(member)}</td>
              <td>
                {member.staffId !== session.staff.id &&
                  ability.can('delete', asSubject('DeskMembership', { deskId: entry.id, userId: member.staffId, isLead: member.lead, deskStaffed: true })) && (
                  <RemoveMemberButton
                    name={member.displayName}
                    confirming={removing === member.staffId}
                    busy={busy}
                    onAsk={() => setRemoving(member.staffId)}
                    onConfirm={() => void remove(member)}
                    onCancel={() => setRemoving(null)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {mayManageMembers && (
        <form className="form" onSubmit={(e) => void add(e)} noValidate aria-labelledby={`${id}-add ${id}-desk`}>
          <h4 id={`${id}-add`}>{t('myDesks.addMember')}</h4>
          <div className="field">
            <label htmlFor={`${id}-person`}>{t('deskAdmin.person')}</label>
            <select id={`${id}-person`} value={newMember} onChange={(e) => setNewMember(e.target.value)}>
              <option value="">{t('deskAdmin.chooseSomeone')}</option>
              {candidates.map((c) => (
                <option key={c.staffId} value={c.staffId}>
                  {c.displayName} ({c.status === 'invited' ? t('deskAdmin.notEnrolled') : c.certified ? t('deskAdmin.certifiedLower') : t('deskAdmin.notCertifiedLower')})
                </option>
              ))}
            </select>
          </div>
          {chosen?.mayLead && (
            <div className="field--check">
              <input id={`${id}-lead`} type="checkbox" checked={asLead} onChange={(e) => setAsLead(e.target.checked)} />
              <label htmlFor={`${id}-lead`}>{t('myDesks.alsoLead')}</label>
            </div>
          )}
          {candidatesQuery.isError && (
            <p className="message message--error" role="alert">
              {describeFailure(candidatesQuery.error)}
            </p>
          )}
          <p className="field__hint">{t('myDesks.addHint')}</p>
          <button type="submit" className="button" disabled={busy}>
            {t('myDesks.addToDesk')}
          </button>
        </form>
      )}

      <StatusMessages busy={busy} message={message} />
    </section>
  );
}
