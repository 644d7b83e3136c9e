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
 */
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
import { versionList } from './desk-state';
import { type MemberKeys, deskCandidatesQuery, deskQueryKeys, leadDeskQuery } from './desk-queries';
import { ResealPanel } from './reseal-panel';
import { StatusMessages } from '../../ui/status-messages';
import { RemoveMemberButton } from './remove-member-button';
import { useOwnDesks } from './use-own-desks';

export function MyDesksPage() {
  const identity = useIdentity();
  const { desks, problem } = useOwnDesks('led');

  const session = identity.session;
  if (!session || !identity.unlocked) return null;

  return (
    <>
      <h1>My desks</h1>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      {desks === null && !problem && <p className="message">Loading your desks…</p>}
      {desks?.length === 0 && (
        <p className="message" role="status">
          You do not lead any desk.
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
      return 'It is the desk’s first version, so nothing links to it.';
    case 'not-held':
      return 'You do not hold the desk’s current version, so it could not be linked from it.';
    case 'legacy':
      return 'The desk’s current version was made before versions were linked, so it cannot sign a link.';
    case 'revoked':
      return 'The desk’s current version was revoked, so a link from it would not count.';
    default:
      return 'The desk’s key history did not verify in this browser, so the version is not linked.';
  }
}

function keysLabel(keys: MemberKeys | undefined): string {
  switch (keys?.state) {
    case undefined:
      return 'Checking…';
    case 'not-enrolled':
      return 'Not enrolled yet';
    case 'uncertified':
      return 'Not certified';
    case 'certified':
      return 'Certified';
    case 'invalid':
      return 'Certificate invalid';
    case 'revoked':
      return 'Revoked';
  }
}

function LeadDesk({ deskId, session }: { deskId: string; session: Session }) {
  const id = useId();
  const identity = useIdentity();
  const queryClient = useQueryClient();
  const desk = useQuery(leadDeskQuery(deskId));
  const { run, busy, message } = usePageAction();
  // The version made in this browser: its fingerprint is the one to read to the certifying admin.
  const [created, setCreated] = useState<NewDeskKey | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
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
      <section className="panel" aria-label="Loading a desk">
        <p className="message">Loading the desk…</p>
        {desk.isError && (
          <p className="message message--error" role="alert">
            {describeFailure(desk.error)}
          </p>
        )}
      </section>
    );
  }

  const { entry, keys, versions, status, members, memberKeys, mine, toReseal } = loaded;
  const ability = abilityOf(session);
  const mayManageKeys = ability.can('seal_desk_key', asSubject('Desk', { id: entry.id, slug: entry.slug }));
  // The certified version whose chain verified here; only it is sealed and sealed to.
  const certified = status?.state === 'certified' && versions.certified?.chain ? { version: versions.certified.version, chain: versions.certified.chain } : null;
  const current = certified?.version ?? null;
  const ownCurrent = current === null ? undefined : mine.find((g) => g.version === current);
  const awaiting = versions.awaiting;

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
          throw new Refusal(`Version ${version} already exists; it was made just now or by another lead. The next version is ${next}: create that one instead.`);
        }
        throw e;
      }
      setCreated(key);
      return key.link !== null
        ? `Version ${version} of the ${entry.name} desk key was made, linked from version ${key.linkedFrom ?? ''}. An administrator must certify it before you can seal it.`
        : `Version ${version} of the ${entry.name} desk key was made. ${unlinkedReason(key)} An administrator must certify it and a second administrator approve it before you can seal it.`;
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
      if (keys.chain.length === 0) throw new Refusal(`${member.displayName}’s keys are not certified, so the desk key cannot be sealed to them. Ask an administrator to certify them first.`);
      await steppedUp();
      const { sealedKey, seen } = await cryptoWorker().sealDeskKeyForMember({ root, deskId: entry.id, version, desk, revocations, ownSealedKey, memberId: member.staffId, memberChain: keys.chain });
      rememberDesks(me, { [entry.id]: seen });
      await sealDeskKeyForMember(entry.id, { version, staffId: member.staffId, sealedKey });
      return `${member.displayName} now holds version ${version} of the ${entry.name} desk key.`;
    }, refresh);
  }

  async function remove(member: DeskMember) {
    await run(async () => {
      await steppedUp();
      await removeDeskMember(entry.id, member.staffId);
      setRemoving(null);
      return `${member.displayName} was removed: they lost their copies of the desk key, and the desk’s cases assigned to them are back in its queue. Create key version ${versions.next} so that they cannot read cases opened from now on, and seal it to the remaining members.`;
    }, refresh);
  }

  const candidates = candidatesQuery.data ?? [];
  const chosen = candidates.find((c) => c.staffId === newMember) ?? null;

  async function add(event: FormEvent) {
    event.preventDefault();
    const person = chosen;
    const lead = asLead && (person?.mayLead ?? false);
    await run(async () => {
      if (!person) throw new Refusal('Choose the person to add.');
      await steppedUp();
      await addDeskMember(entry.id, person.staffId, lead);
      setNewMember('');
      setAsLead(false);
      return `${person.displayName} was added to the ${entry.name} desk${lead ? ' as a lead' : ''}.${current === null ? '' : ` Seal key version ${current} to them once their keys are certified.`}`;
    }, refresh);
  }

  function envelopeCell(member: DeskMember) {
    if (current === null) return <span className="field__hint">No certified version to seal yet.</span>;
    if (member.keyVersions.includes(current)) return <span>Holds version {current}</span>;
    const keys = memberKeys.get(member.staffId);
    if (keys?.state === 'not-enrolled') return <span className="field__hint">Cannot be sealed the key until they enrol and an administrator certifies their keys.</span>;
    if (keys?.state === 'revoked') return <span className="refusal">Cannot be sealed the key: {member.displayName}’s keys were revoked.</span>;
    if (keys?.state !== 'certified') {
      return (
        <span className="refusal">
          Cannot be sealed the key: {member.displayName}’s keys are {keys?.state === 'invalid' ? 'not validly certified' : 'not certified'}. Ask an administrator to certify them first.
        </span>
      );
    }
    if (!ownCurrent) return <span className="field__hint">You do not hold version {current}, so you cannot seal it. Ask whoever made it.</span>;
    return (
      <button type="button" className="button button--secondary" onClick={() => void sealTo(member, current)} disabled={busy || !ROOT_PUBLIC_KEY} aria-label={`Seal key version ${current} to ${member.displayName}`}>
        Seal key version {current}
      </button>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-desk`}>
      <h2 id={`${id}-desk`}>{entry.name}</h2>
      <h3>Key</h3>
      <DeskKeyStatus status={status} versions={versions} />
      {awaiting !== null && (
        <p className="field__hint">
          Version {awaiting.version} was made by {awaiting.createdBy.id === session.staff.id ? 'you' : awaiting.createdBy.displayName} on {formatTime(awaiting.createdAt)}. An
          administrator certifies it after comparing its fingerprint with the one its maker reads out; then you can seal it to the members.
        </p>
      )}

      {created && awaiting?.version === created.version && (
        <div className="panel panel--inner" role="group" aria-labelledby={`${id}-created`}>
          <h4 id={`${id}-created`}>Version {created.version}: read this fingerprint to an administrator</h4>
          <p>
            The administrator who certifies version {created.version} sees its public key on their console. Read them this fingerprint, in person or over a channel you
            trust: they certify only if it matches the one they see. It was computed in this browser from the key you just made, so note it now: it is not shown again
            after you leave this page.
          </p>
          <dl className="facts-list">
            <dt>Fingerprint of version {created.version}</dt>
            <dd>
              <code className="fingerprint">{created.fingerprint}</code>
            </dd>
            <dt>Continuity</dt>
            <dd>
              {created.link !== null
                ? `Linked from version ${created.linkedFrom ?? ''}, which you hold: certifying it is enough.`
                : `Not linked. ${unlinkedReason(created)} A second administrator must approve it, after comparing this fingerprint too.`}
            </dd>
          </dl>
        </div>
      )}

      {mayManageKeys && (
        <div className="actions actions--spaced">
          <button type="button" className="button" onClick={() => void createKey(versions.next)} disabled={busy || !ROOT_PUBLIC_KEY}>
            Create key version {versions.next}
          </button>
          <p className="field__hint">
            {versions.next === 1
              ? 'This desk has no key yet. Make version 1 in your browser; an administrator then certifies it.'
              : 'Make a new version after someone leaves the desk, so that they cannot read cases opened from then on; then seal it to every member and re-seal the open cases.'}
          </p>
        </div>
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

      <h3>Members</h3>
      <table className="table">
        <caption className="visually-hidden">Members of the {entry.name} desk and their keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role on the desk</th>
            <th scope="col">Key versions held</th>
            <th scope="col">Their keys</th>
            <th scope="col">Desk key</th>
            <th scope="col">
              <span className="visually-hidden">Membership</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.staffId}>
              <th scope="row">{member.displayName}</th>
              <td>{member.lead ? 'Lead' : 'Member'}</td>
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
        <form className="form" onSubmit={(e) => void add(e)} noValidate aria-label={`Add a member to ${entry.name}`}>
          <h4>Add a member</h4>
          <div className="field">
            <label htmlFor={`${id}-person`}>Person</label>
            <select id={`${id}-person`} value={newMember} onChange={(e) => setNewMember(e.target.value)}>
              <option value="">Choose someone…</option>
              {candidates.map((c) => (
                <option key={c.staffId} value={c.staffId}>
                  {c.displayName} ({c.status === 'invited' ? 'not enrolled yet' : c.certified ? 'certified' : 'not certified'})
                </option>
              ))}
            </select>
          </div>
          {chosen?.mayLead && (
            <div className="field--check">
              <input id={`${id}-lead`} type="checkbox" checked={asLead} onChange={(e) => setAsLead(e.target.checked)} />
              <label htmlFor={`${id}-lead`}>Also a lead of this desk</label>
            </div>
          )}
          {candidatesQuery.isError && (
            <p className="message message--error" role="alert">
              {describeFailure(candidatesQuery.error)}
            </p>
          )}
          <p className="field__hint">You confirm with your passkey. Only caseworkers and desk leads who are not administrators can be added.</p>
          <button type="submit" className="button" disabled={busy}>
            Add to desk
          </button>
        </form>
      )}

      <StatusMessages busy={busy} message={message} />
    </section>
  );
}
